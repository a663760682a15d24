// The weekly magazine's editions: a running number (the one `masthead magazine pdf --edition N`
// takes) with its volume and number within the volume as printed (Vol. 2, No. 14), the week it
// covers (Monday, in the paper's time zone; one edition a week), the cover date, the cover story
// and picture, the editor's note, and the status: draft while editors choose, frozen when it goes
// to the printer. A frozen edition keeps a snapshot of everything it prints (stories with their
// update notes, in order), so a later correction on the web changes the website only. Its stories
// in order while a draft. Frozen in time: imports nothing from src/. The same statements run on
// SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  await db.schema
    .createTable('magazine_editions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('volume', 'integer', (c) => c.notNull())
    .addColumn('issue', 'integer', (c) => c.notNull())
    // YYYY-MM-DD, the Monday that starts the week the edition covers (paper's time zone).
    .addColumn('week_of', 'text', (c) => c.notNull().unique())
    .addColumn('cover_date', 'text', (c) => c.notNull())
    .addColumn('cover_article_id', 'text', (c) => c.references('articles.id').onDelete('set null'))
    // An image of its own for the cover; null: the cover story's picture.
    .addColumn('cover_image_id', 'text', (c) => c.references('images.id').onDelete('set null'))
    .addColumn('editor_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('frozen_at', ts)
    // What a frozen edition prints, as it was when frozen (null while a draft).
    .addColumn('snapshot', json)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    // `staff:<id>`, `api-key:<id>`, or `cli` for the command line.
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('magazine_edition_stories')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('magazine_editions.id').onDelete('cascade'))
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('magazine_edition_stories_pk', ['edition_id', 'article_id'])
    .execute();
  await db.schema.createIndex('magazine_edition_stories_by_article').on('magazine_edition_stories').column('article_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('magazine_edition_stories').execute();
  await db.schema.dropTable('magazine_editions').execute();
}
