// The daily email's ledger (issue 15): its index by status gains the reader
// (`newsletter_deliveries_claimable`: edition, status, reader), so a claim walks an edition's
// pending rows in reader order and stops at its page, instead of sorting every claimable row on
// each claim (a million-recipient send was quadratic). It replaces `newsletter_deliveries_by_status`
// (edition, status), of which it is an extension: counts by status use it as they did.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('newsletter_deliveries_claimable')
    .on('newsletter_deliveries')
    .columns(['edition_id', 'status', 'reader_id'])
    .execute();
  await db.schema.dropIndex('newsletter_deliveries_by_status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('newsletter_deliveries_by_status').on('newsletter_deliveries').columns(['edition_id', 'status']).execute();
  await db.schema.dropIndex('newsletter_deliveries_claimable').execute();
}
