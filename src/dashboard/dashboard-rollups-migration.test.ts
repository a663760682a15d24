/**
 * Migration 2026_12_10_0300 on both dialects, with funnel counters already kept: the daily rollup
 * starts equal to their sums per (day, type, section), and down takes it and the indexes away.
 */
import { type Kysely, type Migration, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { DIALECTS, openEmptyTestDatabase } from '../db/test-databases.js';

/** A database at a past migration: its schema is not `Database`, so untyped, as in migrations. */
// biome-ignore lint/suspicious/noExplicitAny: a past schema has no type here (Kysely's migration docs use `Kysely<any>`)
type PastDb = Kysely<any>;

const THIS = '2026_12_10_0300_dashboard_rollups';
const names = Object.keys(migrations).filter((name) => name <= THIS);
const BEFORE = names[names.indexOf(THIS) - 1] ?? '';
const upToThis: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= THIS));

describe.each(DIALECTS)('the dashboard rollups migration on %s', (dialect) => {
  let handle: { db: PastDb; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await handle?.close();
  });

  it('fills the daily rollup from the counters already kept, and goes down again', async () => {
    const h = await openEmptyTestDatabase(dialect);
    handle = { db: h.db as unknown as PastDb, close: h.close };
    const { db } = handle;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upToThis } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const row = (day: string, type: string, period: string, section_id: string, article_id: string, count: number) => ({
      day,
      type,
      period,
      section_id,
      article_id,
      count,
    });
    await db
      .insertInto('funnel_counts')
      .values([
        row('2026-12-01', 'article_counted', '2026-12', 'news', 'a', 5),
        row('2026-12-01', 'article_counted', '2026-12', 'news', 'b', 7),
        // The same day counted under last month's meter period (a reader's period began before the 1st).
        row('2026-12-01', 'article_counted', '2026-11', 'news', 'a', 1),
        row('2026-12-01', 'article_counted', '2026-12', 'sport', 'c', 2),
        row('2026-12-01', 'checkout_started', '2026-12', '', '', 3),
        row('2026-12-02', 'print_scan', '2026-12', 'news', 'a', 4),
      ])
      .execute();
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    const rolled = await db.selectFrom('funnel_daily').selectAll().orderBy('day').orderBy('type').orderBy('section_id').execute();
    expect(rolled.map((r) => [r.day, r.type, r.section_id, Number(r.count)])).toEqual([
      ['2026-12-01', 'article_counted', 'news', 13],
      ['2026-12-01', 'article_counted', 'sport', 2],
      ['2026-12-01', 'checkout_started', '', 3],
      ['2026-12-02', 'print_scan', 'news', 4],
    ]);
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    await expect(db.selectFrom('funnel_daily').selectAll().execute()).rejects.toThrow();
    expect(await db.selectFrom('funnel_counts').select('day').execute()).toHaveLength(6);
  });
});
