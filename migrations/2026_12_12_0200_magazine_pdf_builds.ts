// A magazine PDF's build says it is alive while it runs, so a build that died (its worker killed
// mid-build: graphile-worker keeps such a job locked for four hours) is told apart from one that is
// slow, and a stalled request is asked for again by the worker itself. `build_seen_at`: when the
// build under way last wrote that it is running (null: none has begun since it was asked for);
// `auto_retries`: how many times the worker asked again by itself for a build that began and went
// silent (it gives up after a few, and a person's request starts the count again).
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema.alterTable('magazine_pdfs').addColumn('build_seen_at', ts).execute();
  await db.schema
    .alterTable('magazine_pdfs')
    .addColumn('auto_retries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['auto_retries', 'build_seen_at']) {
    await db.schema.alterTable('magazine_pdfs').dropColumn(c).execute();
  }
}
