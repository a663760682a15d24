// The print-ready PDFs of frozen magazine editions, made on the job runner when a member of staff
// asks for one in the admin: one row per edition and trim (a4, letter) saying whether it is being
// made, made (the file's storage key under the data directory, its size) or failed (why). A
// frozen edition's PDF never changes, so a made one is served again, never made twice. Frozen in
// time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('magazine_pdfs')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('magazine_editions.id').onDelete('cascade'))
    .addColumn('trim_size', 'text', (c) => c.notNull())
    // pending | ready | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('error', 'text')
    // Warnings of the engine (pictures below 200 ppi), one per line.
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('requested_at', ts, (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('made_at', ts)
    .addPrimaryKeyConstraint('magazine_pdfs_pk', ['edition_id', 'trim_size'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('magazine_pdfs').execute();
}
