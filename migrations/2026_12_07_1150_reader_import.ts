// Readers moved in from a list (`masthead readers import`): the reader's company (beside the
// postal address), when an import created the reader and from what (`csv:<file>` or
// `ghost:<file>`), so the business office can tell imported readers apart; and the addresses
// seen by an import run so far, so a second row with the same address in one file is refused
// by line without holding a million addresses in memory. A run deletes its own rows at the
// end; rows left by a run that crashed are deleted by the next run (`seen_at`). Frozen in time:
// imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
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
  await db.schema.dropTable('reader_import_lines').execute();
  await db.schema.dropIndex('readers_imported_at_idx').execute();
  await db.schema.alterTable('readers').dropColumn('import_source').execute();
  await db.schema.alterTable('readers').dropColumn('imported_at').execute();
  await db.schema.alterTable('readers').dropColumn('company').execute();
}
