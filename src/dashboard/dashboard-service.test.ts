/**
 * The dashboard's aggregates on SQLite and PostgreSQL, over seeded rows whose every number is
 * worked out by hand below: subscribers by plan, started/cancelled/lapsed per day, revenue with a
 * running offer (a subscription refunded to its period's end counted as a subscriber, not as
 * revenue), trial conversion, and the funnel by day, section and story. The subscriptions go
 * in through the subscriptions feature's own insert, so `canceled_at` is set as the app sets it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { addFunnelCounts } from '../funnel/funnel-repository.js';
import type { SubscriptionRecord } from '../subscriptions/index.js';
import { saveRefund } from '../subscriptions/refund-repository.js';
import { insertSubscription, updateSubscriptionState } from '../subscriptions/subscription-repository.js';
import { createDashboardService, type Dashboard } from './dashboard-service.js';
import { insertPlans, refundRecord, subscriptionRecord } from './dashboard-test-support.js';

const NOW = new Date('2026-12-08T12:00:00Z');
const d = (s: string) => new Date(s);

let seq = 0;
function sub(over: Partial<SubscriptionRecord> & Pick<SubscriptionRecord, 'planId' | 'status' | 'createdAt'>): SubscriptionRecord {
  seq++;
  return subscriptionRecord({ id: `sub-${seq}`, readerId: `reader-${seq}`, providerSubscriptionId: `demo-${seq}`, ...over });
}

async function seed(h: DbHandle): Promise<void> {
  const db = h.db;
  await insertPlans(db, NOW, [
    { id: 'p-month', name: 'Digital monthly', priceCents: 900, currency: 'usd', interval: 'month' },
    { id: 'p-year', name: 'Digital yearly', priceCents: 9600, currency: 'usd', interval: 'year' },
    { id: 'p-print', name: 'Print', priceCents: 2000, currency: 'gbp', interval: 'month' },
    { id: 'p-none', name: 'Nobody', priceCents: 100, currency: 'usd', interval: 'month' },
  ]);
  await db
    .insertInto('offers')
    .values({
      id: 'o-half',
      code: 'HALF',
      kind: 'percent',
      value: 50,
      months: 3,
      plan_id: null,
      active: true,
      expires_at: null,
      created_at: NOW,
    })
    .execute();

  const subs = [
    // a: paying, started before the window. Same reader as j.
    sub({
      planId: 'p-month',
      status: 'active',
      createdAt: d('2026-12-01T10:00:00Z'),
      currentPeriodEnd: d('2026-12-20T00:00:00Z'),
      readerId: 'r-aj',
    }),
    // b: paying, cancelled at the period's end on 12-03 (still live).
    sub({
      planId: 'p-month',
      status: 'active',
      createdAt: d('2026-11-01T00:00:00Z'),
      currentPeriodEnd: d('2026-12-15T00:00:00Z'),
      cancelAtPeriodEnd: true,
      updatedAt: d('2026-12-03T09:00:00Z'),
    }),
    // c: in a trial, started 12-05.
    sub({
      planId: 'p-month',
      status: 'trialing',
      createdAt: d('2026-12-05T08:00:00Z'),
      trialEnd: d('2026-12-10T00:00:00Z'),
      currentPeriodEnd: d('2026-12-10T00:00:00Z'),
    }),
    // d: yearly with 50 % off for 3 months: 1,200 off the first year's invoice (offer.ts), 100 a month.
    sub({
      planId: 'p-year',
      status: 'active',
      createdAt: d('2026-06-01T00:00:00Z'),
      currentPeriodEnd: d('2027-06-01T00:00:00Z'),
      offerId: 'o-half',
      priceCents: 9600,
      currency: 'usd',
    }),
    // e: a failed payment in its grace: still live and paying, in GBP.
    sub({
      planId: 'p-print',
      status: 'past_due',
      createdAt: d('2026-10-01T00:00:00Z'),
      currentPeriodEnd: d('2026-12-01T00:00:00Z'),
      graceUntil: d('2026-12-10T00:00:00Z'),
    }),
    // f: cancelled on 11-20, lapsed 12-04.
    sub({
      planId: 'p-month',
      status: 'canceled',
      createdAt: d('2026-11-04T00:00:00Z'),
      currentPeriodEnd: d('2026-12-04T00:00:00Z'),
      updatedAt: d('2026-11-20T00:00:00Z'),
    }),
    // g: started 12-02, its grace ended 12-06: lapsed.
    sub({
      planId: 'p-month',
      status: 'past_due',
      createdAt: d('2026-12-02T05:00:00Z'),
      currentPeriodEnd: d('2026-12-03T05:00:00Z'),
      graceUntil: d('2026-12-06T08:00:00Z'),
    }),
    // h: complimentary, started 12-08.
    sub({ planId: 'p-month', status: 'active', createdAt: d('2026-12-08T01:00:00Z'), provider: 'comp' }),
    // i: a checkout never paid: nothing.
    sub({ planId: 'p-month', status: 'incomplete', createdAt: d('2026-12-07T00:00:00Z') }),
    // j: a trial that ended 12-04 and went on to pay.
    sub({
      planId: 'p-month',
      status: 'active',
      createdAt: d('2026-11-20T00:00:00Z'),
      trialEnd: d('2026-12-04T00:00:00Z'),
      currentPeriodEnd: d('2027-01-04T00:00:00Z'),
      readerId: 'r-aj',
    }),
    // k: a trial cancelled on 12-02 that ended 12-03 without paying: cancelled, lapsed, not converted.
    sub({
      planId: 'p-month',
      status: 'canceled',
      createdAt: d('2026-11-19T00:00:00Z'),
      trialEnd: d('2026-12-03T00:00:00Z'),
      currentPeriodEnd: d('2026-12-03T00:00:00Z'),
      updatedAt: d('2026-12-02T10:00:00Z'),
    }),
  ];
  for (const s of subs) await insertSubscription(db, s);

  const counts: [string, string, string, string, number][] = [
    ['2026-12-02', 'article_counted', 'sec-a', 'art-1', 10],
    ['2026-12-02', 'article_counted', 'sec-b', 'art-2', 5],
    ['2026-12-02', 'paywall_shown', 'sec-a', 'art-1', 3],
    ['2026-12-02', 'registration_wall_shown', 'sec-b', 'art-2', 2],
    ['2026-12-02', 'checkout_started', '', '', 1],
    ['2026-12-08', 'article_counted', 'sec-a', 'art-1', 4],
    ['2026-12-08', 'paywall_shown', 'sec-b', 'art-2', 6],
    ['2026-12-08', 'gift_read', 'sec-a', 'art-1', 7],
    ['2026-11-30', 'article_counted', 'sec-a', 'art-1', 100],
  ];
  // Through the funnel's own writer, which keeps the daily rollup beside the counters.
  await db.transaction().execute((tx) =>
    addFunnelCounts(
      tx,
      counts.map(([day, type, sectionId, articleId, count]) => ({ day, type, period: day.slice(0, 7), sectionId, articleId, count })),
    ),
  );
}

describe.each(DIALECTS)('the dashboard on %s', (dialect) => {
  let h: DbHandle;
  let week: Dashboard;
  let again: () => Promise<Dashboard>;

  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    await seed(h);
    const service = createDashboardService({
      db: h.db,
      clock: () => NOW,
      timeZone: 'UTC',
      sections: async () => [
        { id: 'sec-b', name: 'Business', position: 2 },
        { id: 'sec-a', name: 'News', position: 1 },
      ],
      articleSummaries: async (ids) =>
        [
          { id: 'art-1', slug: 'harbour', headline: 'The harbour reopens' },
          { id: 'art-2', slug: 'ferry', headline: 'Ferry fares rise' },
        ].filter((a) => ids.includes(a.id)),
    });
    week = await service.load(7);
    again = async () => service.load(7);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('counts the subscribers giving access now, per plan and in all', () => {
    expect(week.subscribers.plans).toEqual([
      { planId: 'p-month', planName: 'Digital monthly, monthly', paying: 3, trial: 1, comp: 1, total: 5 },
      { planId: 'p-year', planName: 'Digital yearly, yearly', paying: 1, trial: 0, comp: 0, total: 1 },
      { planId: 'p-print', planName: 'Print, monthly', paying: 1, trial: 0, comp: 0, total: 1 },
    ]);
    // Seven live subscriptions, two of them one reader's.
    expect(week.subscribers.readers).toBe(6);
  });

  it('counts subscriptions started, cancelled and lapsed on each day of the period', () => {
    expect(week.from).toBe('2026-12-02');
    expect(week.to).toBe('2026-12-08');
    const row = (date: string) => week.changes.find((c) => c.date === date);
    expect(week.changes).toHaveLength(7);
    expect(row('2026-12-02')).toEqual({ date: '2026-12-02', started: 1, cancelled: 1, lapsed: 0 });
    expect(row('2026-12-03')).toEqual({ date: '2026-12-03', started: 0, cancelled: 1, lapsed: 1 });
    expect(row('2026-12-04')).toEqual({ date: '2026-12-04', started: 0, cancelled: 0, lapsed: 1 });
    expect(row('2026-12-05')).toEqual({ date: '2026-12-05', started: 1, cancelled: 0, lapsed: 0 });
    expect(row('2026-12-06')).toEqual({ date: '2026-12-06', started: 0, cancelled: 0, lapsed: 1 });
    expect(row('2026-12-08')).toEqual({ date: '2026-12-08', started: 1, cancelled: 0, lapsed: 0 });
  });

  it('sums monthly recurring revenue per currency, yearly over 12, less a running offer', () => {
    expect(week.revenue).toEqual([
      { currency: 'gbp', mrrCents: 2000, listCents: 2000, subscriptions: 1 },
      // 900 × 3 + 9,600 / 12 = 3,500 at full price; the offer takes 1,200 / 12 = 100 off.
      { currency: 'usd', mrrCents: 3400, listCents: 3500, subscriptions: 4 },
    ]);
  });

  it('tells trials that went on to pay from those that did not', () => {
    expect(week.trials).toEqual({ ended: 2, converted: 1, rate: 0.5 });
  });

  it('gives the funnel per day, in totals with the rate of each step, by section and by story', () => {
    const day = (date: string) => week.funnel.days.find((x) => x.date === date);
    expect(day('2026-12-02')).toEqual({
      date: '2026-12-02',
      reads: 15,
      registrationWalls: 2,
      paywalls: 3,
      checkouts: 1,
      subscriptions: 1,
      paywallToSubscription: 1 / 3,
    });
    expect(day('2026-12-08')).toMatchObject({ reads: 4, paywalls: 6, subscriptions: 1 });
    expect(week.funnel.totals).toEqual({ reads: 19, registrationWalls: 2, paywalls: 9, checkouts: 1, subscriptions: 3 });
    expect(week.funnel.rates.map((r) => r.rate)).toEqual([null, 2 / 19, 9 / 19, 1 / 9, 3]);
    expect(week.funnel.sections.map((s) => [s.name, s.reads, s.registrationWalls, s.paywalls])).toEqual([
      ['News', 14, 0, 3],
      ['Business', 5, 2, 6],
    ]);
    expect(week.funnel.stories.map((s) => [s.headline, s.paywalls, s.reads, s.paywallRate])).toEqual([
      ['Ferry fares rise', 6, 5, 6 / 5],
      ['The harbour reopens', 3, 14, 3 / 14],
    ]);
  });

  it('reads today and late events of earlier days on the next load: nothing is kept between loads', async () => {
    await h.db.transaction().execute((tx) =>
      addFunnelCounts(tx, [
        { day: '2026-12-08', type: 'paywall_shown', period: '2026-12', sectionId: 'sec-a', articleId: 'art-1', count: 100 },
        // An event of the 3rd written on the 8th (buffered over a midnight, or a process that was away).
        { day: '2026-12-03', type: 'paywall_shown', period: '2026-12', sectionId: 'sec-a', articleId: 'art-1', count: 1000 },
      ]),
    );
    const later = await again();
    expect(later.funnel.totals.paywalls).toBe(9 + 100 + 1000);
    expect(later.funnel.days.find((x) => x.date === '2026-12-03')?.paywalls).toBe(1000);
    expect(later.funnel.sections.find((x) => x.sectionId === 'sec-a')?.paywalls).toBe(3 + 1100);
    expect(later.funnel.stories[0]).toMatchObject({ headline: 'The harbour reopens', paywalls: 1103 });
  });

  it('keeps the moment a cancellation was asked for, and forgets it when the reader resumes', async () => {
    const s = sub({
      planId: 'p-month',
      status: 'active',
      createdAt: d('2026-12-01T00:00:00Z'),
      currentPeriodEnd: d('2027-01-01T00:00:00Z'),
    });
    await insertSubscription(h.db, s);
    const canceledAt = async () =>
      (await h.db.selectFrom('subscriptions').select('canceled_at').where('id', '=', s.id).executeTakeFirstOrThrow()).canceled_at;
    expect(await canceledAt()).toBeNull();
    await updateSubscriptionState(h.db, { ...s, cancelAtPeriodEnd: true, updatedAt: d('2026-12-05T00:00:00Z') });
    // A later change (the period's end reached) keeps the first moment.
    await updateSubscriptionState(h.db, { ...s, status: 'canceled', cancelAtPeriodEnd: true, updatedAt: d('2026-12-06T00:00:00Z') });
    expect((await canceledAt())?.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    await updateSubscriptionState(h.db, { ...s, cancelAtPeriodEnd: false, updatedAt: d('2026-12-07T00:00:00Z') });
    expect(await canceledAt()).toBeNull();
  });

  it('counts a subscription refunded with access to its period end as a subscriber, not as recurring revenue', async () => {
    const before = await again();
    const usd = (x: Dashboard) => x.revenue.find((r) => r.currency === 'usd');
    const monthly = (x: Dashboard) => x.subscribers.plans.find((p) => p.planId === 'p-month');
    const s = sub({
      planId: 'p-month',
      status: 'active',
      createdAt: d('2026-12-01T00:00:00Z'),
      currentPeriodEnd: d('2026-12-31T00:00:00Z'),
      readerId: 'r-refunded',
    });
    await insertSubscription(h.db, s);
    expect(usd(await again())?.mrrCents).toBe((usd(before)?.mrrCents ?? 0) + 900);
    // The office's refund: the refund recorded, then the subscription set to end with its period.
    await saveRefund(
      h.db,
      refundRecord({
        id: 'refund-1',
        subscriptionId: s.id,
        readerId: s.readerId,
        reason: 'Charged twice',
        staffId: 'staff-1',
        createdAt: NOW,
      }),
    );
    await updateSubscriptionState(h.db, { ...s, cancelAtPeriodEnd: true, updatedAt: NOW });
    const after = await again();
    expect(usd(after)).toEqual(usd(before));
    expect(monthly(after)).toEqual({
      ...monthly(before),
      paying: (monthly(before)?.paying ?? 0) + 1,
      total: (monthly(before)?.total ?? 0) + 1,
    });
    expect(after.subscribers.readers).toBe(before.subscribers.readers + 1);
  });
});
