// Readers moved in from a list (`masthead readers import`): the reader's company (beside the
// postal address), when an import created the reader and from what (`csv:<file>` or
// `ghost:<file>`), so the business office can tell imported readers apart; and the addresses
// seen by an import run so far, so a second row with the same address in one file is refused
// by line without holding a million addresses in memory. A run deletes its own rows at the
// end; rows left by a run that crashed are deleted by the next run (`seen_at`). Frozen in time:
// imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
//
// A list may give complimentary subscriptions: billed by nobody, their provider is `comp`,
// which the subscriptions' CHECK did not allow. PostgreSQL replaces the constraint; SQLite
// cannot alter one, so there the table is rebuilt as its documentation describes
// (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
// from its own stored definition with only the check changed, so every column added since
// stays as it is, in one transaction, its indexes made again. Nothing references `subscriptions`.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

const OLD_CHECK = "provider in ('stripe', 'demo')";
const NEW_CHECK = "provider in ('stripe', 'demo', 'comp')";

async function allowProvider(db: Kysely<any>, pg: boolean, from: string, to: string): Promise<void> {
  if (pg) {
    await sql`alter table subscriptions drop constraint subscriptions_provider_check`.execute(db);
    await sql`alter table subscriptions add constraint subscriptions_provider_check check (${sql.raw(to)})`.execute(db);
    return;
  }
  await db.transaction().execute(async (tx) => {
    const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'subscriptions'`.execute(tx);
    const indexes = await sql<{
      sql: string;
    }>`select sql from sqlite_master where type = 'index' and tbl_name = 'subscriptions' and sql is not null`.execute(tx);
    const definition = table.rows[0]?.sql ?? '';
    if (!definition.includes(from)) throw new Error(`subscriptions: the provider check is not "${from}"`);
    const rebuilt = definition.replace(from, to).replace(/^create table "?subscriptions"?/i, 'create table "subscriptions_new"');
    await sql.raw(rebuilt).execute(tx);
    await sql`insert into subscriptions_new select * from subscriptions`.execute(tx);
    await sql`drop table subscriptions`.execute(tx);
    await sql`alter table subscriptions_new rename to subscriptions`.execute(tx);
    for (const index of indexes.rows) await sql.raw(index.sql).execute(tx);
  });
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await allowProvider(db, pg, OLD_CHECK, NEW_CHECK);
  await db.schema.alterTable('readers').addColumn('company', 'text').execute();
  await db.schema.alterTable('readers').addColumn('imported_at', ts).execute();
  await db.schema.alterTable('readers').addColumn('import_source', 'text').execute();
  await db.schema.createIndex('readers_imported_at_idx').on('readers').column('imported_at').execute();
  await db.schema
    .createTable('reader_import_lines')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('seen_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('reader_import_lines_pk', ['run_id', 'email'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('subscriptions').where('provider', '=', 'comp').execute();
  await allowProvider(db, db.getExecutor().adapter instanceof PostgresAdapter, NEW_CHECK, OLD_CHECK);
  await db.schema.dropTable('reader_import_lines').execute();
  await db.schema.dropIndex('readers_imported_at_idx').execute();
  await db.schema.alterTable('readers').dropColumn('import_source').execute();
  await db.schema.alterTable('readers').dropColumn('imported_at').execute();
  await db.schema.alterTable('readers').dropColumn('company').execute();
}
