/**
 * Migration 2026_12_07_0300 on both dialects, with offers already in the table: an offer made for
 * a yearly plan meant years, so its length becomes the same span in months; an offer for any plan
 * (or a monthly one) keeps its count, now read as months. Subscriptions gain what was agreed at
 * their start; the emails' ledger refuses a second claim; down brings the old shape back.
 */
import { type Kysely, type Migration, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { DIALECTS, openEmptyTestDatabase } from '../db/test-databases.js';

/** A database at a past migration: its schema is not `Database`, so untyped, as in migrations. */
// biome-ignore lint/suspicious/noExplicitAny: a past schema has no type here (Kysely's migration docs use `Kysely<any>`)
type PastDb = Kysely<any>;

const THIS = '2026_12_07_0300_money_months_and_notices';
const names = Object.keys(migrations).filter((name) => name <= THIS);
const BEFORE = names[names.indexOf(THIS) - 1] ?? '';
const upToThis: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= THIS));

describe.each(DIALECTS)('the money migration on %s', (dialect) => {
  let handle: { db: PastDb; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await handle?.close();
  });

  it('turns yearly offers into months, adds the agreed terms and the ledger, and goes down again', async () => {
    const h = await openEmptyTestDatabase(dialect);
    handle = { db: h.db as unknown as PastDb, close: h.close };
    const { db } = handle;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upToThis } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const at = new Date('2026-11-25T09:00:00Z');
    for (const [id, interval] of [
      ['monthly', 'month'],
      ['yearly', 'year'],
    ])
      await db
        .insertInto('plans')
        .values({
          id,
          slug: id,
          name: id,
          price_cents: 800,
          currency: 'usd',
          interval,
          entitlements: '["web"]',
          created_at: at,
          updated_at: at,
        })
        .execute();
    const offer = (id: string, planId: string | null, periods: number) => ({
      id,
      code: id.toUpperCase(),
      kind: 'percent',
      value: 20,
      periods,
      plan_id: planId,
      active: true,
      created_at: at,
    });
    await db
      .insertInto('offers')
      .values([offer('any', null, 3), offer('onmonthly', 'monthly', 3), offer('onyearly', 'yearly', 2)])
      .execute();

    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    const months = await db.selectFrom('offers').select(['id', 'months']).orderBy('id').execute();
    expect(months.map((o) => [o.id, Number(o.months)])).toEqual([
      ['any', 3],
      ['onmonthly', 3],
      ['onyearly', 24],
    ]);
    await db
      .insertInto('subscriptions')
      .values({
        id: 's1',
        reader_id: 'r1',
        plan_id: 'yearly',
        status: 'active',
        provider: 'demo',
        provider_subscription_id: 'sub_1',
        provider_version: 1,
        created_at: at,
        updated_at: at,
        offer_id: 'onyearly',
        price_cents: 800,
        first_payment_cents: 640,
        currency: 'usd',
      })
      .execute();
    const sub = await db.selectFrom('subscriptions').select(['offer_id', 'first_payment_cents']).executeTakeFirstOrThrow();
    expect({ ...sub, first_payment_cents: Number(sub.first_payment_cents) }).toEqual({ offer_id: 'onyearly', first_payment_cents: 640 });
    const claim = { subject_id: 's1', kind: 'welcome', occasion: '', claimed_at: at };
    await db.insertInto('subscriber_emails').values(claim).execute();
    await expect(db.insertInto('subscriber_emails').values(claim).execute()).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const back = await db.selectFrom('offers').select(['id', 'periods']).orderBy('id').execute();
    expect(back.map((o) => [o.id, Number(o.periods)])).toEqual([
      ['any', 3],
      ['onmonthly', 3],
      ['onyearly', 2],
    ]);
    expect(await db.selectFrom('subscriptions').selectAll().executeTakeFirstOrThrow()).not.toHaveProperty('offer_id');
  });
});
