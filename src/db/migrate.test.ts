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
});
