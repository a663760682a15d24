/**
 * Migration 2026_12_11_0100 on both dialects, with subscriptions (and a refund) already kept: each
 * row's key and the counts it fills equal what the app's own recount (`recountLive`, over
 * live-count.ts) makes of the same rows, and down takes them away again.
 */
import { type Kysely, type Migration, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { Db } from '../db/database.js';
import { DIALECTS, openEmptyTestDatabase } from '../db/test-databases.js';
import { recountLive } from './live-count-repository.js';

/** A database at a past migration: its schema is not `Database`, so untyped, as in migrations. */
// biome-ignore lint/suspicious/noExplicitAny: a past schema has no type here (Kysely's migration docs use `Kysely<any>`)
type PastDb = Kysely<any>;

const THIS = '2026_12_11_0100_subscription_live_counts';
const names = Object.keys(migrations).filter((name) => name <= THIS);
const BEFORE = names[names.indexOf(THIS) - 1] ?? '';
const upToThis: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= THIS));
const DAY = 86_400_000;
const NOW = Date.now();

async function tables(db: PastDb) {
  const subs = await db.selectFrom('subscriptions').select(['id', 'live_until_at', 'live_kind', 'live_plan_id']).orderBy('id').execute();
  const counts = await db
    .selectFrom('subscription_live_counts')
    .selectAll()
    .orderBy('until_day')
    .orderBy('plan_id')
    .orderBy('kind')
    .orderBy('currency')
    .orderBy('price_cents')
    .execute();
  const readers = await db.selectFrom('subscriber_live_counts').selectAll().orderBy('until_day').execute();
  const text = (rows: Record<string, unknown>[]) =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)])));
  return { subs: text(subs), counts: text(counts), readers: text(readers) };
}

describe.each(DIALECTS)('the live counts migration on %s', (dialect) => {
  let handle: { db: PastDb; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await handle?.close();
  });

  it('keys and counts the subscriptions already kept as the app would, and goes down again', async () => {
    const h = await openEmptyTestDatabase(dialect);
    handle = { db: h.db as unknown as PastDb, close: h.close };
    const { db } = handle;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upToThis } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const at = new Date(NOW);
    await db
      .insertInto('plans')
      .values({
        id: 'p',
        slug: 'p',
        name: 'P',
        description: '',
        price_cents: 900,
        currency: 'usd',
        interval: 'month',
        trial_days: 0,
        entitlements: '["web"]',
        active: true,
        position: 1,
        stripe_price_id: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const sub = (id: string, readerId: string, over: Record<string, unknown>) => ({
      id,
      reader_id: readerId,
      plan_id: 'p',
      status: 'active',
      current_period_end_at: new Date(NOW + 10 * DAY),
      cancel_at_period_end: false,
      trial_end_at: null,
      grace_until_at: null,
      provider: 'demo',
      provider_subscription_id: `x-${id}`,
      provider_customer_id: null,
      provider_version: 0,
      created_at: at,
      updated_at: at,
      ...over,
    });
    await db
      .insertInto('subscriptions')
      .values([
        sub('a', 'r1', {}),
        sub('b', 'r1', { cancel_at_period_end: true, current_period_end_at: new Date(NOW + 20 * DAY) }),
        sub('c', 'r2', { status: 'trialing', trial_end_at: new Date(NOW + 3 * DAY) }),
        sub('d', 'r3', { provider: 'comp', current_period_end_at: null }),
        sub('e', 'r4', { status: 'canceled', current_period_end_at: new Date(NOW - DAY) }),
        sub('f', 'r5', { status: 'past_due', grace_until_at: new Date(NOW + 2 * DAY), currency: 'gbp', price_cents: 700 }),
        sub('g', 'r6', { cancel_at_period_end: true }),
      ])
      .execute();
    await db
      .insertInto('subscription_refunds')
      .values({
        id: 'ref',
        subscription_id: 'g',
        reader_id: 'r6',
        provider: 'demo',
        provider_refund_id: 're',
        payment_id: 'pay',
        amount_cents: 900,
        currency: 'usd',
        status: 'succeeded',
        reason: 'asked',
        access: 'period-end',
        staff_id: 's',
        staff_name: 'S',
        idempotency_key: null,
        created_at: at,
        updated_at: at,
      })
      .execute();

    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    const migrated = await tables(db);
    expect(migrated.subs.map((s) => [s.id, s.live_kind])).toEqual([
      ['a', 'paying'],
      ['b', 'paying'],
      ['c', 'trial'],
      ['d', 'comp'],
      // Ended yesterday: counted under a day gone by, so in no count of "now".
      ['e', 'paying'],
      ['f', 'paying'],
      ['g', 'refunded'],
    ]);
    expect(migrated.subs.find((s) => s.id === 'd')?.live_until_at).toBe('9999-12-31T00:00:00.000Z');
    // Readers r1 to r6 but r4 (ended) have access after today.
    const today = new Date(NOW).toISOString().slice(0, 10);
    expect(migrated.readers.filter((r) => String(r.until_day) > today).reduce((n, r) => n + Number(r.n), 0)).toBe(5);
    await recountLive(db as unknown as Db);
    expect(await tables(db)).toEqual(migrated);

    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    await expect(db.selectFrom('subscription_live_counts').selectAll().execute()).rejects.toThrow();
    expect(await db.selectFrom('subscriptions').select('id').execute()).toHaveLength(7);
  });
});
