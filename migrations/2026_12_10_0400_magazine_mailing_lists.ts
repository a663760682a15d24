// The print edition's mailing list. `magazine_address_requests` is the ledger of the emails that
// ask a reader entitled to the printed magazine to complete their postal address: one row per
// edition and reader, claimed before the email is sent (and given back if the send fails), so
// running the list again never emails anyone twice for the same edition.
// `magazine_mailing_rows` is where one run of the list is sorted (country, then postcode) without
// holding the audience in memory: a run writes its rows under its own id, reads them back in
// order, and deletes them when it is done (rows of a run that died are deleted by the next run
// after an hour). PostgreSQL sorts the keys byte-wise (`COLLATE "C"`), as SQLite does, so both
// give the same order. Frozen in time: imports nothing from src/.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('magazine_address_requests')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('magazine_editions.id').onDelete('cascade'))
    .addColumn('reader_id', 'text', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('claimed_at', ts, (c) => c.notNull())
    // Null while the email is on its way; set when the relay took it.
    .addColumn('sent_at', ts)
    .addPrimaryKeyConstraint('magazine_address_requests_pk', ['edition_id', 'reader_id'])
    .execute();
  const byteWise = (c: any) => (pg ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull());
  await db.schema
    .createTable('magazine_mailing_rows')
    .addColumn('run_id', 'text', (c) => c.notNull())
    // 'copy' (the mail house's list) or 'incomplete' (readers whose address will not do).
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('country', 'text', byteWise)
    .addColumn('postcode', 'text', byteWise)
    .addColumn('reader_id', 'text', byteWise)
    // The CSV cells of the row, as a JSON array of strings.
    .addColumn('cells', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('magazine_mailing_rows_pk', ['run_id', 'list', 'country', 'postcode', 'reader_id'])
    .execute();
  await db.schema.createIndex('magazine_mailing_rows_by_time').on('magazine_mailing_rows').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('magazine_mailing_rows').execute();
  await db.schema.dropTable('magazine_address_requests').execute();
}
