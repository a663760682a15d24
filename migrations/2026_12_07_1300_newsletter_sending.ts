// Sending the daily email (issue 15): who is left out, and the per-recipient ledger.
// - `newsletter_opt_outs`: readers who stopped the daily email (an unsubscribe link, or /account).
//   A subscriber whose plan includes the email is out while a row names them.
// - `undeliverable_addresses`: addresses that must get no more mail (a hard bounce, a complaint),
//   keyed by the normalised address, because a bounce or a complaint names an address, not a
//   reader; a later bounce parser writes here.
// - `newsletter_deliveries`: one row per edition and reader: pending → claimed → sent → accepted
//   or failed (src/newsletter/delivery.ts), the Message-ID that every attempt carries, the lease
//   of the sender that holds it, and the SMTP server's last reply.
// - `newsletter_editions.audience_ready_at`: when the edition's audience was written to the
//   ledger in full (a sender writes it once; others wait for it or write it again, idempotently).
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = db.getExecutor().adapter instanceof PostgresAdapter ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('newsletter_opt_outs')
    .addColumn('reader_id', 'text', (c) => c.primaryKey().references('readers.id').onDelete('cascade'))
    // 'link' (the unsubscribe link or one-click), 'account' (/account).
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('opted_out_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('undeliverable_addresses')
    // Lower-cased and trimmed.
    .addColumn('email', 'text', (c) => c.primaryKey())
    // 'hard_bounce' | 'complaint'.
    .addColumn('reason', 'text', (c) => c.notNull())
    // The receiver's words (a DSN's diagnostic code, a complaint's feedback type), for people.
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('marked_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('newsletter_deliveries')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('lease_expires_at', ts)
    // A deferred message (a 4xx reply, a cut connection) is not claimed again before this.
    .addColumn('retry_at', ts)
    .addColumn('first_tried_at', ts)
    .addColumn('finished_at', ts)
    .addColumn('reply', 'text')
    .addPrimaryKeyConstraint('newsletter_deliveries_pk', ['edition_id', 'reader_id'])
    .execute();
  // Claims look for an edition's claimable rows by status.
  await db.schema.createIndex('newsletter_deliveries_by_status').on('newsletter_deliveries').columns(['edition_id', 'status']).execute();
  await db.schema.alterTable('newsletter_editions').addColumn('audience_ready_at', ts).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('newsletter_editions').dropColumn('audience_ready_at').execute();
  await db.schema.dropTable('newsletter_deliveries').execute();
  await db.schema.dropTable('undeliverable_addresses').execute();
  await db.schema.dropTable('newsletter_opt_outs').execute();
}
