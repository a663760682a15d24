import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './database.js';
import { hasRows } from './table-repository.js';
import { DIALECTS, openTestDatabase } from './test-databases.js';

describe.each(DIALECTS)('hasRows on %s', (dialect) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('says whether a table holds a row', async () => {
    expect(await hasRows(handle.db, 'sections')).toBe(false);
    const at = new Date('2026-12-07T00:00:00Z');
    await handle.db.insertInto('sections').values({ id: 's1', slug: 'news', name: 'News', created_at: at, updated_at: at }).execute();
    await handle.db.insertInto('sections').values({ id: 's2', slug: 'sport', name: 'Sport', created_at: at, updated_at: at }).execute();
    expect(await hasRows(handle.db, 'sections')).toBe(true);
    expect(await hasRows(handle.db, 'articles')).toBe(false);
  });
});
