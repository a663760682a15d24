/** The dashboard's pure functions, table-driven: periods, days, offers on revenue, trials, the funnel's steps and rates. */
import { describe, expect, it } from 'vitest';
import {
  changesPerDay,
  funnelBySection,
  funnelPerDay,
  funnelRates,
  type LiveRow,
  monthlyRevenue,
  monthsBetween,
  type OfferedRow,
  offerDiscountCents,
  type PlanRow,
  parsePeriod,
  periodDates,
  planCountsOf,
  printToWeb,
  rate,
  revenueRowsOf,
  subscribersByPlan,
  topStories,
  trialConverted,
} from './dashboard.js';

const d = (s: string) => new Date(s);

describe('the period', () => {
  it.each([
    [undefined, { days: 30 }],
    ['', { days: 30 }],
    ['7', { days: 7 }],
    ['90', { days: 90 }],
  ])('reads %j as %j', (raw, want) => {
    expect(parsePeriod(raw)).toEqual(want);
  });

  it.each(['8', '07', '7.0', 'week', '-30', ' 30'])('refuses %j', (raw) => {
    expect(parsePeriod(raw)).toHaveProperty('problem');
  });

  it('lists the dates ending today, across a month and a year', () => {
    expect(periodDates('2027-01-02', 7)).toEqual([
      '2026-12-27',
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(periodDates('2026-03-01', 90)).toHaveLength(90);
    expect(periodDates('2026-03-01', 90)[0]).toBe('2025-12-02');
  });
});

describe('changes per day', () => {
  it('gives one row a date from the counts per day index, zeros where none was counted', () => {
    const rows = changesPerDay(['2026-12-01', '2026-12-02'], { started: [2, 0], cancelled: [0, 1], lapsed: [] });
    expect(rows).toEqual([
      { date: '2026-12-01', started: 2, cancelled: 0, lapsed: 0 },
      { date: '2026-12-02', started: 0, cancelled: 1, lapsed: 0 },
    ]);
  });
});

describe('subscribers and revenue from the live rows', () => {
  const plans: PlanRow[] = [
    { id: 'm', name: 'Digital', interval: 'month', position: 1, priceCents: 900, currency: 'USD' },
    { id: 'y', name: 'Digital', interval: 'year', position: 2, priceCents: 9600, currency: 'usd' },
  ];
  const live: LiveRow[] = [
    { planId: 'm', kind: 'paying', currency: null, priceCents: null, n: 3 },
    { planId: 'm', kind: 'paying', currency: 'eur', priceCents: 800, n: 2 },
    { planId: 'm', kind: 'trial', currency: null, priceCents: null, n: 4 },
    { planId: 'y', kind: 'comp', currency: null, priceCents: null, n: 1 },
    { planId: 'gone', kind: 'paying', currency: null, priceCents: null, n: 9 },
  ];

  it('counts per plan and kind, leaving out a plan that no longer exists', () => {
    expect(subscribersByPlan(planCountsOf(live, plans))).toEqual([
      { planId: 'm', planName: 'Digital, monthly', paying: 5, trial: 4, comp: 0, total: 9 },
      { planId: 'y', planName: 'Digital, yearly', paying: 0, trial: 0, comp: 1, total: 1 },
    ]);
  });

  it('takes the agreed price and currency, else the plan’s, and only what pays', () => {
    expect(revenueRowsOf(live, plans)).toEqual([
      { currency: 'usd', interval: 'month', priceCents: 900, n: 3 },
      { currency: 'eur', interval: 'month', priceCents: 800, n: 2 },
    ]);
  });
});

describe('print to web', () => {
  it('counts each code per date, zeros included, and checkouts over every scan', () => {
    const p = printToWeb(
      ['2026-12-01', '2026-12-02'],
      [
        { day: '2026-12-01', type: 'print_scan', n: 6 },
        { day: '2026-12-01', type: 'print_read', n: 5 },
        { day: '2026-12-02', type: 'print_subscribe_scan', n: 2 },
        { day: '2026-12-02', type: 'print_checkout_started', n: 2 },
        { day: '2026-12-02', type: 'paywall_shown', n: 50 },
        { day: '2026-11-30', type: 'print_scan', n: 99 },
      ],
    );
    expect(p.days).toEqual([
      { date: '2026-12-01', storyScans: 6, reads: 5, subscribeScans: 0, checkouts: 0 },
      { date: '2026-12-02', storyScans: 0, reads: 0, subscribeScans: 2, checkouts: 2 },
    ]);
    expect(p.totals).toEqual({ storyScans: 6, reads: 5, subscribeScans: 2, checkouts: 2 });
    expect(p.scans).toBe(8);
    expect(p.conversion).toBe(0.25);
    expect(printToWeb(['2026-12-01'], []).conversion).toBeNull();
  });
});

describe('revenue', () => {
  const offered = (interval: 'month' | 'year', price: number, startedAt: string, offer: OfferedRow['offer']): OfferedRow => ({
    currency: 'usd',
    interval,
    priceCents: price,
    startedAt: d(startedAt),
    offer,
  });

  it.each([
    ['2026-01-31T10:00:00Z', '2026-02-28T10:00:00Z', 0],
    ['2026-01-31T10:00:00Z', '2026-03-31T10:00:00Z', 2],
    ['2026-01-15T10:00:00Z', '2026-04-15T09:59:59Z', 2],
    ['2026-01-15T10:00:00Z', '2026-04-15T10:00:00Z', 3],
    ['2026-01-15T10:00:00Z', '2025-12-01T00:00:00Z', 0],
  ])('counts whole months from %s to %s as %d', (from, to, n) => {
    expect(monthsBetween(d(from), d(to))).toBe(n);
  });

  it.each([
    // A monthly plan: 20 % off the first 3 invoices.
    ['month', 1000, '2026-01-10T00:00:00Z', '2026-03-09T00:00:00Z', { kind: 'percent', value: 20, months: 3 }, 200],
    ['month', 1000, '2026-01-10T00:00:00Z', '2026-04-10T00:00:00Z', { kind: 'percent', value: 20, months: 3 }, 0],
    // An amount never takes more than the price.
    ['month', 300, '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z', { kind: 'amount', value: 500, months: 1 }, 300],
    // A yearly plan, an offer under a year: the first year's invoice, reduced once by the offer's months (offer.ts).
    ['year', 15000, '2026-01-10T00:00:00Z', '2026-12-01T00:00:00Z', { kind: 'percent', value: 20, months: 3 }, 750],
    ['year', 15000, '2026-01-10T00:00:00Z', '2027-01-10T00:00:00Z', { kind: 'percent', value: 20, months: 3 }, 0],
    // Whole years: each of them.
    ['year', 15000, '2026-01-10T00:00:00Z', '2027-06-01T00:00:00Z', { kind: 'percent', value: 10, months: 24 }, 1500],
    ['year', 15000, '2026-01-10T00:00:00Z', '2028-01-10T00:00:00Z', { kind: 'percent', value: 10, months: 24 }, 0],
    // 18 months cannot be billed on a yearly plan: nothing is taken off.
    ['year', 15000, '2026-01-10T00:00:00Z', '2026-02-01T00:00:00Z', { kind: 'percent', value: 10, months: 18 }, 0],
  ] as const)('a %s plan at %d started %s: on %s the offer %j takes %d off', (interval, price, start, now, offer, off) => {
    expect(offerDiscountCents(offered(interval, price, start, offer), d(now))).toBe(off);
  });

  it('sums per currency, a yearly price over 12, less running offers', () => {
    const now = d('2026-12-08T00:00:00Z');
    expect(
      monthlyRevenue(
        [
          { currency: 'usd', interval: 'month', priceCents: 900, n: 10 },
          { currency: 'usd', interval: 'year', priceCents: 9600, n: 3 },
          { currency: 'eur', interval: 'month', priceCents: 500, n: 1 },
        ],
        [offered('month', 900, '2026-11-20T00:00:00Z', { kind: 'percent', value: 50, months: 2 })],
        now,
      ),
    ).toEqual([
      { currency: 'eur', mrrCents: 500, listCents: 500, subscriptions: 1 },
      { currency: 'usd', mrrCents: 9000 + 2400 - 450, listCents: 11400, subscriptions: 13 },
    ]);
  });
});

describe('trials', () => {
  it.each([
    ['active', '2027-01-04T00:00:00Z', true],
    ['past_due', '2027-01-04T00:00:00Z', true],
    ['canceled', '2027-01-04T00:00:00Z', true],
    ['canceled', '2026-12-04T00:00:00Z', false],
    ['canceled', null, false],
    ['trialing', '2026-12-04T00:00:00Z', false],
    ['incomplete', null, false],
  ])('a trial ended 12-04, now %s with its period ending %s: converted %s', (status, end, want) => {
    expect(trialConverted({ status, trialEnd: d('2026-12-04T00:00:00Z'), currentPeriodEnd: end === null ? null : d(end) })).toBe(want);
  });
});

describe('the funnel', () => {
  it('fills every date, maps event types to steps, ignores the rest, and rates paywall to subscription', () => {
    const days = funnelPerDay(
      ['2026-12-01', '2026-12-02'],
      [
        { day: '2026-12-01', type: 'article_counted', n: 10 },
        { day: '2026-12-01', type: 'paywall_shown', n: 4 },
        { day: '2026-12-01', type: 'gift_read', n: 99 },
        { day: '2026-11-30', type: 'paywall_shown', n: 99 },
      ],
      new Map([['2026-12-01', 1]]),
    );
    expect(days).toEqual([
      { date: '2026-12-01', reads: 10, registrationWalls: 0, paywalls: 4, checkouts: 0, subscriptions: 1, paywallToSubscription: 0.25 },
      { date: '2026-12-02', reads: 0, registrationWalls: 0, paywalls: 0, checkouts: 0, subscriptions: 0, paywallToSubscription: null },
    ]);
  });

  it('rates both walls of counted reads, checkouts of paywalls, subscriptions of checkouts; no rate of nothing', () => {
    expect(
      funnelRates({ reads: 100, registrationWalls: 0, paywalls: 10, checkouts: 2, subscriptions: 1 }).map((r) => [r.of, r.rate]),
    ).toEqual([
      [null, null],
      ['reads', 0],
      ['reads', 0.1],
      ['paywalls', 0.2],
      ['checkouts', 0.5],
    ]);
    expect(funnelRates({ reads: 0, registrationWalls: 0, paywalls: 0, checkouts: 0, subscriptions: 0 }).map((r) => r.rate)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(rate(1, 0)).toBeNull();
  });

  it('orders sections as the paper does, unknown and missing ones last', () => {
    const rows = [
      { sectionId: '', type: 'paywall_shown', n: 1 },
      { sectionId: 's2', type: 'article_counted', n: 4 },
      { sectionId: 'gone', type: 'article_counted', n: 2 },
      { sectionId: 's1', type: 'article_counted', n: 8 },
      { sectionId: 's1', type: 'paywall_shown', n: 2 },
    ];
    const sections = funnelBySection(rows, [
      { id: 's1', name: 'News', position: 0 },
      { id: 's2', name: 'Sport', position: 1 },
    ]);
    expect(sections.map((s) => [s.name, s.reads, s.paywalls, s.paywallRate])).toEqual([
      ['News', 8, 2, 0.25],
      ['Sport', 4, 0, 0],
      ['A removed section', 2, 0, 0],
      ['No section', 0, 1, null],
    ]);
  });

  it('ranks stories by paywalls, then registration walls, then reads, and keeps the top ones', () => {
    const rows = [
      { articleId: 'a', type: 'article_counted', n: 50 },
      { articleId: 'b', type: 'paywall_shown', n: 3 },
      { articleId: 'c', type: 'paywall_shown', n: 3 },
      { articleId: 'c', type: 'registration_wall_shown', n: 1 },
    ];
    expect(topStories(rows, [{ id: 'c', slug: 'c', headline: 'C' }], 2).map((s) => [s.articleId, s.headline])).toEqual([
      ['c', 'C'],
      ['b', null],
    ]);
  });

  it('counts subscribers by plan in the paper’s order, leaving out plans with none', () => {
    expect(
      subscribersByPlan([
        { planId: 'y', planName: 'Digital', interval: 'year', position: 2, kind: 'paying', n: 2 },
        { planId: 'm', planName: 'Digital', interval: 'month', position: 1, kind: 'trial', n: 1 },
        { planId: 'm', planName: 'Digital', interval: 'month', position: 1, kind: 'comp', n: 1 },
        { planId: 'm', planName: 'Digital', interval: 'month', position: 1, kind: 'paying', n: 5 },
        { planId: 'z', planName: 'Empty', interval: 'month', position: 0, kind: 'paying', n: 0 },
      ]),
    ).toEqual([
      { planId: 'm', planName: 'Digital, monthly', paying: 5, trial: 1, comp: 1, total: 7 },
      { planId: 'y', planName: 'Digital, yearly', paying: 2, trial: 0, comp: 0, total: 2 },
    ]);
  });
});
