// After the daily email is sent (issue 15): what comes back.
// - `newsletter_bounces`: one row per delivery (edition × reader) and kind ('hard', 'soft',
//   'complaint') of report that came back for it (a DSN, RFC 3464; a complaint, RFC 5965), with the
//   receiver's status and words. Unique per delivery and kind, so feeding the same mailbox twice
//   counts nothing twice. Soft bounces of an address over several days escalate to a hard one.
// - `newsletter_bounce_intake`: how many reports of each outcome arrived per UTC day, including
//   the ones we could not match to a delivery (counted, never stored: they may carry anyone's
//   address).
// - `newsletter_clicks`: clicks through the first-party redirect links, per edition and link,
//   counted only when the paper turns click counting on (no reader is stored).
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = db.getExecutor().adapter instanceof PostgresAdapter ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('newsletter_bounces')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('reader_id', 'text', (c) => c.notNull())
    // The address the edition was sent to (lower-cased), as the ledger has it.
    .addColumn('email', 'text', (c) => c.notNull())
    // 'hard' | 'soft' | 'complaint'.
    .addColumn('kind', 'text', (c) => c.notNull())
    // The enhanced status code (RFC 3463, e.g. 5.1.1), or the complaint's feedback type.
    .addColumn('status', 'text', (c) => c.notNull())
    // The receiver's words (Diagnostic-Code), cut to 300 characters.
    .addColumn('diagnostic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('received_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('newsletter_bounces_pk', ['edition_id', 'reader_id', 'kind'])
    .execute();
  // Soft bounces of one address over the last days.
  await db.schema.createIndex('newsletter_bounces_by_email').on('newsletter_bounces').columns(['email', 'received_at']).execute();
  await db.schema
    .createTable('newsletter_bounce_intake')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('newsletter_bounce_intake_pk', ['day', 'outcome'])
    .execute();
  await db.schema
    .createTable('newsletter_clicks')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('newsletter_clicks_pk', ['edition_id', 'url'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_clicks').execute();
  await db.schema.dropTable('newsletter_bounce_intake').execute();
  await db.schema.dropTable('newsletter_bounces').execute();
}
