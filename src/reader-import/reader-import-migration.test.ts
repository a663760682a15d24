/**
 * The reader-import migration on both dialects, with a subscription already in the table: on
 * SQLite it rebuilds `subscriptions` (to let the provider be `comp`) from the table's own
 * definition, so the row and every later column must come through whole, the indexes too, and
 * down must bring the old check back.
 */
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { DIALECTS, openEmptyTestDatabase } from '../db/test-databases.js';

// biome-ignore lint/suspicious/noExplicitAny: a past schema has no type here (Kysely's migration docs use `Kysely<any>`)
type PastDb = Kysely<any>;

const THIS = '2026_12_07_1150_reader_import';
const names = Object.keys(migrations).filter((n) => n <= THIS);
const BEFORE = names[names.indexOf(THIS) - 1] as string;
const upToThis: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= THIS));

describe.each(DIALECTS)('the reader import migration on %s', (dialect) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('keeps existing subscriptions, allows a comp, and goes down again', async () => {
    const h = await openEmptyTestDatabase(dialect);
    close = h.close;
    const db = h.db as unknown as PastDb;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upToThis } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const at = new Date('2026-11-25T09:00:00Z');
    await db
      .insertInto('plans')
      .values({
        id: 'p1',
        slug: 'digital',
        name: 'Digital',
        description: '',
        price_cents: 800,
        currency: 'usd',
        interval: 'month',
        trial_days: 0,
        entitlements: '["web"]',
        active: true,
        position: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const sub = (id: string, provider: string) => ({
      id,
      reader_id: 'r1',
      plan_id: 'p1',
      status: 'active',
      provider,
      provider_subscription_id: `x-${id}`,
      provider_version: 3,
      price_cents: 800,
      currency: 'usd',
      created_at: at,
      updated_at: at,
    });
    await db.insertInto('subscriptions').values(sub('s1', 'stripe')).execute();
    await expect(db.insertInto('subscriptions').values(sub('s0', 'comp')).execute()).rejects.toThrow();

    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    expect(
      (await db.selectFrom('subscriptions').select(['id', 'provider', 'price_cents', 'currency', 'provider_version']).execute()).map(
        (r) => ({ ...r, provider_version: Number(r.provider_version) }),
      ),
    ).toEqual([{ id: 's1', provider: 'stripe', price_cents: 800, currency: 'usd', provider_version: 3 }]);
    await db.insertInto('subscriptions').values(sub('s2', 'comp')).execute();
    await expect(db.insertInto('subscriptions').values(sub('s3', 'paypal')).execute()).rejects.toThrow();
    // The unique key and the index came through the rebuild.
    await expect(
      db
        .insertInto('subscriptions')
        .values({ ...sub('s4', 'comp'), provider_subscription_id: 'x-s2' })
        .execute(),
    ).rejects.toThrow();
    if (dialect === 'sqlite') {
      const idx = await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'index' and tbl_name = 'subscriptions' and sql is not null`.execute(db);
      expect(idx.rows.map((r) => r.name)).toContain('subscriptions_reader_idx');
    }

    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect((await db.selectFrom('subscriptions').select('id').execute()).map((r) => r.id)).toEqual(['s1']);
    await expect(db.insertInto('subscriptions').values(sub('s5', 'comp')).execute()).rejects.toThrow();
  });
});
