/**
 * The SQLite driver edge keeps statements prepared per connection: the same SQL run again sees
 * the data as it is now, and a streamed query (prepared apart: better-sqlite3 holds the connection
 * while it iterates) leaves the same query runnable after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './database.js';
import { openTestDatabase } from './test-databases.js';

describe('the SQLite connection', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await h.close();
  });

  const at = new Date('2026-12-07T10:00:00Z');
  const keys = () => h.db.selectFrom('settings').select(['key', 'updated_at']).where('key', 'like', 'prepared-%').orderBy('key').execute();

  it('answers a prepared statement run again from the data as it is now, timestamps as Dates', async () => {
    expect(await keys()).toEqual([]);
    await h.db.insertInto('settings').values({ key: 'prepared-a', value: '1', updated_at: at }).execute();
    await h.db.insertInto('settings').values({ key: 'prepared-b', value: '2', updated_at: at }).execute();
    expect(await keys()).toEqual([
      { key: 'prepared-a', updated_at: at },
      { key: 'prepared-b', updated_at: at },
    ]);
  });

  it('streams a query, and runs the same query after the stream', async () => {
    const query = h.db.selectFrom('settings').select('key').where('key', 'like', 'prepared-%').orderBy('key');
    const seen: string[] = [];
    for await (const row of query.stream()) seen.push(row.key);
    expect(seen).toEqual(['prepared-a', 'prepared-b']);
    expect(await query.execute()).toEqual([{ key: 'prepared-a' }, { key: 'prepared-b' }]);
  });
});
