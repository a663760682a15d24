// The daily email's editions: one per local date of the paper (the unique date makes assembling
// twice for one date harmless), with its subject, intro line, status (draft, scheduled, sending,
// sent, held), the time it is to go out, and who changed it last; its stories in order; and the
// count of test sends per edition and hour (a limit that holds across processes). A story's
// deletion takes it out of every edition. Frozen in time: imports nothing from src/. The same
// statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = db.getExecutor().adapter instanceof PostgresAdapter ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('newsletter_editions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // YYYY-MM-DD in the paper's time zone.
    .addColumn('edition_date', 'text', (c) => c.notNull().unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('send_at', ts)
    .addColumn('sent_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    // `staff:<id>`, `api-key:<id>`, or `system` for the morning's assembly.
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  // The sender looks for due editions: scheduled ones by send time.
  await db.schema.createIndex('newsletter_editions_due').on('newsletter_editions').columns(['status', 'send_at']).execute();
  await db.schema
    .createTable('newsletter_edition_stories')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('newsletter_edition_stories_pk', ['edition_id', 'article_id'])
    .execute();
  await db.schema.createIndex('newsletter_edition_stories_by_article').on('newsletter_edition_stories').column('article_id').execute();
  await db.schema
    .createTable('newsletter_test_sends')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('window_key', 'text', (c) => c.notNull())
    .addColumn('sends', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('newsletter_test_sends_pk', ['edition_id', 'window_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_test_sends').execute();
  await db.schema.dropTable('newsletter_edition_stories').execute();
  await db.schema.dropTable('newsletter_editions').execute();
}
