// Fronts: how editors lay out the front page and each section front. One row per front that
// someone has laid out (`home`, or a section's id) with its rule for new stories, and its placed
// stories in order, each with a tier and an optional pin. A story's deletion takes it off every
// front. Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = db.getExecutor().adapter instanceof PostgresAdapter ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('front_layouts')
    .addColumn('front_key', 'text', (c) => c.primaryKey())
    .addColumn('new_stories', 'text', (c) => c.notNull().defaultTo('top'))
    .addColumn('laid_out_at', ts)
    .execute();
  await db.schema
    .createTable('front_entries')
    .addColumn('front_key', 'text', (c) => c.notNull().references('front_layouts.front_key').onDelete('cascade'))
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('pin_ends_at', ts)
    .addPrimaryKeyConstraint('front_entries_pk', ['front_key', 'article_id'])
    .execute();
  await db.schema.createIndex('front_entries_by_article').on('front_entries').column('article_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('front_entries').execute();
  await db.schema.dropTable('front_layouts').execute();
}
