// Emails anyone can trigger (sign-in links, resets, confirmations, change of address), counted
// per recipient address and fixed window so that every process shares the limit.
// The row holds a keyed hash of the normalised address, never the address: it may belong to no
// account. Also: an emailed link can carry a second address (`target_email`), for the link an
// email-only reader confirms a change of address with, sent to the current address.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL;
// timestamp columns end in `_at` (the SQLite driver edge turns exactly those back into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('email_sends')
    .addColumn('recipient_hash', 'text', (c) => c.notNull())
    .addColumn('window_key', 'text', (c) => c.notNull())
    .addColumn('sends', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('email_sends_pk', ['recipient_hash', 'window_key'])
    .execute();
  await db.schema.createIndex('email_sends_window_ends_at_idx').on('email_sends').column('window_ends_at').execute();
  await db.schema.alterTable('email_tokens').addColumn('target_email', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_tokens').dropColumn('target_email').execute();
  await db.schema.dropTable('email_sends').execute();
}
