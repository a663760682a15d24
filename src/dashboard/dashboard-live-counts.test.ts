/**
 * The live counts kept on write (src/subscriptions/live-count.ts) against a full recount, on
 * SQLite and PostgreSQL: a few hundred subscriptions put through every kind of write the app
 * makes (insert, state changes, a plan change, resuming, ending a comp, refunds), in a seeded
 * random order, then "subscribers now" per plan, kind and agreed price and the readers with
 * access compared with the entitlement rules' pass over every row (`liveRowsByScan`), at instants
 * on both sides of each access's end and of UTC midnights. The tables kept on write also equal
 * the ones `recountLive` rebuilds from the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { OPEN_END, recountLive, type SubscriptionRecord } from '../subscriptions/index.js';
import { saveRefund } from '../subscriptions/refund-repository.js';
import { endComplimentarySubscription, insertSubscription, updateSubscriptionState } from '../subscriptions/subscription-repository.js';
import type { LiveRow } from './dashboard.js';
import { liveRows, liveRowsByScan, liveSubscriberCount, liveSubscriberCountByScan } from './dashboard-repository.js';
import { insertPlans, refundRecord, subscriptionRecord } from './dashboard-test-support.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = new Date('2026-12-08T12:00:00Z').getTime();
const PLANS = ['p-month', 'p-year', 'p-print'] as const;

/** mulberry32: the same sequence on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows by plan, kind and price, a refunded one counted as paying (the scan knows no refunds), zeros left out. */
function normal(rows: readonly LiveRow[]): string[] {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = JSON.stringify([r.planId, r.kind === 'refunded' ? 'paying' : r.kind, r.currency, r.priceCents]);
    m.set(k, (m.get(k) ?? 0) + r.n);
  }
  return [...m]
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k} ${n}`)
    .sort();
}

async function tables(db: Db) {
  const counts = await db
    .selectFrom('subscription_live_counts')
    .select(['until_day', 'plan_id', 'kind', 'currency', 'price_cents', 'n'])
    .where('n', '<>', 0)
    .orderBy('until_day')
    .orderBy('plan_id')
    .orderBy('kind')
    .orderBy('currency')
    .orderBy('price_cents')
    .execute();
  const readers = await db
    .selectFrom('subscriber_live_counts')
    .select(['until_day', 'n'])
    .where('n', '<>', 0)
    .orderBy('until_day')
    .execute();
  const subs = await db.selectFrom('subscriptions').select(['id', 'live_until_at', 'live_kind', 'live_plan_id']).orderBy('id').execute();
  const norm = <T extends Record<string, unknown>>(rows: T[]) =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)])));
  return { counts: norm(counts), readers: norm(readers), subs: norm(subs) };
}

describe.each(DIALECTS)('live subscriptions counted on write on %s', (dialect) => {
  let h: DbHandle;
  const written: SubscriptionRecord[] = [];
  /** The instants each access ends at, to compare on both sides of. */
  const edges = new Set<number>();

  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    await insertPlans(h.db, new Date(T0), [
      { id: 'p-month', priceCents: 900, currency: 'usd', interval: 'month' },
      { id: 'p-year', priceCents: 9600, currency: 'usd', interval: 'year' },
      { id: 'p-print', priceCents: 2000, currency: 'gbp', interval: 'month' },
    ]);

    const rnd = seeded(16);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    // Instants around T0: some exactly on a UTC midnight, some within today, some long past or ahead.
    const at = () =>
      pick([
        () => T0 + Math.floor(rnd() * 40 - 20) * DAY,
        () => T0 + Math.floor(rnd() * 24 - 12) * HOUR,
        () => Math.floor(T0 / DAY) * DAY + Math.floor(rnd() * 4 - 1) * DAY,
        () => T0 + Math.floor(rnd() * 400) * DAY,
      ])();
    const states: Partial<SubscriptionRecord>[] = [
      { status: 'active', cancelAtPeriodEnd: false },
      { status: 'active', cancelAtPeriodEnd: true },
      { status: 'active', currentPeriodEnd: null },
      { status: 'trialing' },
      { status: 'trialing', trialEnd: null },
      { status: 'past_due' },
      { status: 'past_due', graceUntil: null },
      { status: 'canceled', graceUntil: null },
      { status: 'canceled' },
      { status: 'incomplete' },
    ];
    const state = (): Partial<SubscriptionRecord> => ({
      currentPeriodEnd: new Date(at()),
      trialEnd: rnd() < 0.5 ? new Date(at()) : null,
      graceUntil: rnd() < 0.5 ? new Date(at()) : null,
      ...pick(states),
    });

    let refunds = 0;
    for (let i = 0; i < 240; i++) {
      const roll = rnd();
      const old = written.length > 0 && roll < 0.55 ? pick(written) : undefined;
      if (!old) {
        const s = subscriptionRecord({
          id: `s-${String(i).padStart(4, '0')}`,
          // Some readers hold several subscriptions.
          readerId: `r-${Math.floor(rnd() * 150)}`,
          planId: pick(PLANS),
          provider: rnd() < 0.15 ? 'comp' : 'demo',
          providerSubscriptionId: `x-${i}`,
          createdAt: new Date(T0 - 30 * DAY),
          ...(rnd() < 0.5 ? { priceCents: pick([900, 700, 9600]), currency: pick(['usd', 'gbp']) } : {}),
          ...state(),
        });
        await insertSubscription(h.db, s);
        written.push(s);
      } else if (roll < 0.4) {
        const next = { ...old, ...state(), ...(rnd() < 0.2 ? { planId: pick(PLANS) } : {}), updatedAt: new Date(T0) };
        await updateSubscriptionState(h.db, next);
        written[written.indexOf(old)] = next;
      } else if (roll < 0.45) {
        await endComplimentarySubscription(h.db, old.id, new Date(at()));
      } else {
        refunds++;
        await saveRefund(
          h.db,
          refundRecord({
            id: `ref-${refunds}`,
            subscriptionId: old.id,
            readerId: old.readerId,
            providerRefundId: `re-${refunds}`,
            amountCents: 100,
            status: pick(['succeeded', 'pending', 'failed', 'canceled'] as const),
            access: pick(['period-end', 'now', null] as const),
            createdAt: new Date(T0),
          }),
        );
      }
    }
    const ends = await h.db.selectFrom('subscriptions').select('live_until_at').where('live_until_at', 'is not', null).execute();
    // OPEN_END (year 9999) stands for "no end": not an instant to compare at.
    for (const r of ends) if (r.live_until_at && r.live_until_at < OPEN_END) edges.add(r.live_until_at.getTime());
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('equals the pass over every row at each instant around the accesses’ ends and UTC midnights', async () => {
    const instants = new Set<number>([T0, Math.floor(T0 / DAY) * DAY, Math.floor(T0 / DAY + 1) * DAY - 1, T0 + 400 * DAY]);
    for (const e of [...edges].sort((a, b) => a - b).filter((_, i) => i % 3 === 0)) {
      instants.add(e - 1);
      instants.add(e);
    }
    let live = 0;
    for (const ms of instants) {
      const now = new Date(ms);
      const [kept, scanned] = await Promise.all([liveRows(h.db, now), liveRowsByScan(h.db, now)]);
      expect(normal(kept), now.toISOString()).toEqual(normal(scanned));
      expect(await liveSubscriberCount(h.db, now), now.toISOString()).toBe(await liveSubscriberCountByScan(h.db, now));
      live += kept.length;
    }
    // The comparison saw live subscriptions of every kind (a test of nothing proves nothing).
    expect(live).toBeGreaterThan(0);
    const kinds = new Set((await liveRows(h.db, new Date(T0))).map((r) => r.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['comp', 'paying', 'trial']));
  }, 120_000);

  it('keeps the same tables the full recount builds from the rows', async () => {
    const kept = await tables(h.db);
    expect(kept.counts.length).toBeGreaterThan(10);
    await recountLive(h.db);
    expect(await tables(h.db)).toEqual(kept);
  }, 60_000);

  it('moves a refunded subscription out of revenue only while it will not renew', async () => {
    const s = written.find((x) => x.provider === 'demo');
    if (!s) throw new Error('no paid subscription written');
    const kindOf = async () =>
      (await h.db.selectFrom('subscriptions').select('live_kind').where('id', '=', s.id).executeTakeFirstOrThrow()).live_kind;
    const paying = { ...s, status: 'active' as const, currentPeriodEnd: new Date(T0 + 10 * DAY), graceUntil: null, trialEnd: null };
    await updateSubscriptionState(h.db, { ...paying, cancelAtPeriodEnd: false });
    await h.db.deleteFrom('subscription_refunds').where('subscription_id', '=', s.id).execute();
    await updateSubscriptionState(h.db, { ...paying, cancelAtPeriodEnd: true });
    expect(await kindOf()).toBe('paying');
    const refund = refundRecord({
      id: 'ref-last',
      subscriptionId: s.id,
      readerId: s.readerId,
      paymentId: 'pay-last',
      createdAt: new Date(T0),
    });
    await saveRefund(h.db, refund);
    expect(await kindOf()).toBe('refunded');
    // The reader resumes: it renews, and is revenue again.
    await updateSubscriptionState(h.db, { ...paying, cancelAtPeriodEnd: false });
    expect(await kindOf()).toBe('paying');
    await updateSubscriptionState(h.db, { ...paying, cancelAtPeriodEnd: true });
    expect(await kindOf()).toBe('refunded');
    // The provider reports the refund failed: the money stayed, so does the revenue.
    await saveRefund(h.db, { ...refund, id: 'ref-last-webhook', status: 'failed', staffId: null });
    expect(await kindOf()).toBe('paying');
    const kept = await tables(h.db);
    await recountLive(h.db);
    expect(await tables(h.db)).toEqual(kept);
  });
});
