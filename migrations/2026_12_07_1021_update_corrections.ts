// An update note may be a correction (`article_updates.correction`): corrections are listed on
// /corrections and in the story's structured data. Existing notes are plain updates.
// Frozen in time: imports nothing from src/. Boolean on PostgreSQL, 0/1 integer on SQLite.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('article_updates')
    .addColumn('correction', pg ? sql`boolean` : sql`integer`, (c) => c.notNull().defaultTo(pg ? sql`false` : sql`0`))
    .execute();
  // The /corrections page lists corrections newest first.
  await db.schema.createIndex('article_updates_corrections').on('article_updates').columns(['correction', 'noted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('article_updates_corrections').execute();
  await db.schema.alterTable('article_updates').dropColumn('correction').execute();
}
