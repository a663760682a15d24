import { Migrator, sql } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

const NEWEST = Object.keys(migrations).sort().at(-1);
const COUNT = Object.keys(migrations).length;

/**
 * Whether the database already holds exactly our migrations: as many rows in Kysely's table as we
 * have migrations, the newest of them ours. Kysely's Migrator answers the same question only after
 * introspecting every table and column and taking its lock (~50 ms of a cold start on
 * PostgreSQL); anything else (a new database, a pending, missing or unknown migration) goes to it.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const r = await sql<{ n: number | string; newest: string | null }>`
      select count(*) as n, max(name) as newest from kysely_migration`.execute(db);
    const row = r.rows[0];
    return row !== undefined && Number(row.n) === COUNT && row.newest === NEWEST;
  } catch {
    return false;
  }
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${detail}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
