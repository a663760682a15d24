import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './database.js';
import { DIALECTS, openTestDatabase } from './test-databases.js';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates every table and round-trips timestamps as Dates', async () => {
    const now = new Date('2026-11-25T09:30:00.123Z');
    await h.db.insertInto('sections').values({ id: 's1', slug: 'news', name: 'News', created_at: now, updated_at: now }).execute();
    const row = await h.db.selectFrom('sections').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.created_at.toISOString()).toBe(now.toISOString());
    const later = await h.db.selectFrom('sections').select('id').where('created_at', '<', new Date('2026-11-25T09:30:00.124Z')).execute();
    expect(later).toHaveLength(1);
  });

  it('is idempotent when run again', async () => {
    const { migrateToLatest } = await import('./migrate.js');
    expect(await migrateToLatest(h.db)).toEqual([]);
    const r = await sql<{ n: number }>`select count(*) as n from sections`.execute(h.db);
    expect(Number(r.rows[0]?.n)).toBe(1);
  });

  it('leaves an up-to-date database alone: the Migrator (its introspection and lock) is not run', async () => {
    const { migrateToLatest } = await import('./migrate.js');
    // The Migrator makes its lock table whenever it runs: without it, a run would show.
    await sql`drop table kysely_migration_lock`.execute(h.db);
    expect(await migrateToLatest(h.db)).toEqual([]);
    await expect(sql`select count(*) from kysely_migration_lock`.execute(h.db)).rejects.toThrow();
  });
});

describe.each(DIALECTS)('a start on %s when one migration is missing from the record', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('goes to the Migrator (which refuses a record that does not match) rather than skipping it', async () => {
    const { migrateToLatest } = await import('./migrate.js');
    const { migrations } = await import('../../migrations/index.js');
    const names = Object.keys(migrations).sort();
    // An older migration's row gone: the newest is still ours, but the count is short.
    await sql`delete from kysely_migration where name = ${names[1]}`.execute(h.db);
    await expect(migrateToLatest(h.db)).rejects.toThrow();
  });
});
