/**
 * graphile-worker's schema at start-up on the real PostgreSQL server: migrated on a new database,
 * then left alone (the library is not even loaded) while it is at the revision we ship, and
 * migrated again when it is behind.
 */
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { openEmptyServerPostgres } from '../db/test-databases.js';
import { GRAPHILE_WORKER_SCHEMA_REVISION, migrateGraphileWorkerIfBehind } from './graphile-queue.js';

const log = pino({ level: 'silent' });
const open: DbHandle[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function newestRevision(h: DbHandle): Promise<number | null> {
  const r = await sql<{ id: number | null }>`select max(id) as id from graphile_worker.migrations`.execute(h.db);
  return r.rows[0]?.id ?? null;
}

describe('graphile-worker schema at start-up', { timeout: 60_000 }, () => {
  it('migrates a new database to the revision the shipped library writes, then leaves it alone', async () => {
    const h = await openEmptyServerPostgres();
    open.push(h);
    await migrateToLatest(h.db);
    expect(await migrateGraphileWorkerIfBehind(h.db, h.databaseUrl, log)).toBe(true);
    // The library's own newest migration: the constant must follow the library.
    expect(await newestRevision(h)).toBe(GRAPHILE_WORKER_SCHEMA_REVISION);
    expect(await migrateGraphileWorkerIfBehind(h.db, h.databaseUrl, log)).toBe(false);
  });

  it('migrates again when the schema is behind, and ends at the same revision', async () => {
    const h = await openEmptyServerPostgres();
    open.push(h);
    await migrateToLatest(h.db);
    await migrateGraphileWorkerIfBehind(h.db, h.databaseUrl, log);
    // As a database left by an older version would be: its newest migration not recorded.
    await sql`delete from graphile_worker.migrations where id = ${GRAPHILE_WORKER_SCHEMA_REVISION}`.execute(h.db);
    expect(await migrateGraphileWorkerIfBehind(h.db, h.databaseUrl, log)).toBe(true);
    expect(await newestRevision(h)).toBe(GRAPHILE_WORKER_SCHEMA_REVISION);
  });
});
