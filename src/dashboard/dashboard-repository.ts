/**
 * All SQL of the dashboard: read-only aggregates over the money's tables (`subscriptions`,
 * `plans`, `offers`) and the funnel's counters (`funnel_counts`) and their daily rollup
 * (`funnel_daily`). Nothing here writes; those tables' own features stay their only writers.
 * Every query returns grouped counts, never a row per reader or per event: changes are counted
 * per local day in SQL (an index range, bucketed by the day's bounds), the funnel per day and
 * section is read from the rollup, and the state "now" from the live counts the subscriptions
 * keep on write (src/subscriptions/live-count.ts), never a pass over the subscriptions' rows.
 * Migrations 2026_12_10_0300 and 2026_12_11_0100 made the indexes these match.
 */
import { type Expression, type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Database, Db } from '../db/database.js';
import { liveCountsAt, liveReadersAt } from '../subscriptions/index.js';
import type { LiveRow, OfferedRow, PlanRow, TrialRow } from './dashboard.js';

/** A paid period that ended this recently still gives access while the renewal is told (as entitlements.ts, RENEWAL_LEEWAY_MS). */
export const RENEWAL_LEEWAY_MS = 3 * 24 * 60 * 60 * 1000;

type SubsEb = ExpressionBuilder<Database, 'subscriptions'>;

/**
 * The subscription gives access at `now`, by the entitlement rules (src/subscriptions/entitlements.ts):
 * a paid period (with the renewal's leeway when not cancelled), a trial, a grace period after a
 * failed payment, or the paid period left after cancelling.
 */
function live(eb: SubsEb, now: Date) {
  const leeway = new Date(now.getTime() - RENEWAL_LEEWAY_MS);
  const s = (c: 'status' | 'current_period_end_at' | 'trial_end_at' | 'grace_until_at' | 'cancel_at_period_end') =>
    eb.ref(`subscriptions.${c}`);
  return eb.or([
    eb.and([
      eb(s('status'), '=', 'active'),
      eb.or([
        eb(s('current_period_end_at'), 'is', null),
        eb.and([eb(s('cancel_at_period_end'), '=', true), eb(s('current_period_end_at'), '>', now)]),
        eb.and([eb(s('cancel_at_period_end'), '=', false), eb(s('current_period_end_at'), '>', leeway)]),
      ]),
    ]),
    eb.and([
      eb(s('status'), '=', 'trialing'),
      eb.or([
        eb(eb.fn.coalesce(s('trial_end_at'), s('current_period_end_at')), 'is', null),
        eb(eb.fn.coalesce(s('trial_end_at'), s('current_period_end_at')), '>', now),
      ]),
    ]),
    eb.and([eb(s('status'), '=', 'past_due'), eb(s('grace_until_at'), '>', now)]),
    eb.and([eb(s('status'), '=', 'canceled'), eb(s('grace_until_at'), 'is', null), eb(s('current_period_end_at'), '>', now)]),
  ]);
}

/** Every plan (a handful): names, intervals and prices for the grouped live rows. */
export async function allPlans(db: Db): Promise<PlanRow[]> {
  const rows = await db.selectFrom('plans').select(['id', 'name', 'interval', 'position', 'price_cents', 'currency']).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    interval: r.interval === 'year' ? 'year' : 'month',
    position: Number(r.position),
    priceCents: Number(r.price_cents),
    currency: r.currency,
  }));
}

/**
 * Subscriptions giving access now, grouped by plan, kind (trial, complimentary, paying — a failed
 * payment's grace counts as paying —, or refunded with access to the period's end) and the price
 * and currency agreed at the start (null: the plan's). Read from the counts kept on write: the
 * days after today's summed, today's rows one by one. One read serves the subscribers per plan
 * and the revenue (dashboard.ts folds them).
 */
export const liveRows = (db: Db, now: Date): Promise<LiveRow[]> => liveCountsAt(db, now);

/** Readers with at least one subscription giving access now (the counts kept on write). */
export const liveSubscriberCount = (db: Db, now: Date): Promise<number> => liveReadersAt(db, now);

/**
 * `liveRows` by a pass over every subscription, by the entitlement rules themselves (no refund
 * known: a refunded one is "paying"). The reference the counts kept on write are tested against;
 * not for pages (O(subscriptions)).
 */
export async function liveRowsByScan(db: Db, now: Date): Promise<LiveRow[]> {
  const kind = sql<string>`case when ${sql.ref('status')} = 'trialing' then 'trial' when ${sql.ref('provider')} = 'comp' then 'comp' else 'paying' end`;
  const rows = await db
    .selectFrom('subscriptions')
    .select(['plan_id', kind.as('kind'), 'currency', 'price_cents', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => live(eb, now))
    .groupBy(['plan_id', kind, 'currency', 'price_cents'])
    .execute();
  return rows.map((r) => ({
    planId: r.plan_id,
    kind: r.kind === 'trial' || r.kind === 'comp' ? r.kind : 'paying',
    currency: r.currency,
    priceCents: r.price_cents === null ? null : Number(r.price_cents),
    n: Number(r.n),
  }));
}

/** `liveSubscriberCount` by a pass over every subscription (the tests' reference). */
export async function liveSubscriberCountByScan(db: Db, now: Date): Promise<number> {
  const r = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.count<number | string>('reader_id').distinct().as('n'))
    .where((eb) => live(eb, now))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The paying subscriptions giving access now that began with an offer, with the offer's terms
 * (refunded ones bring no revenue, so no discount either). `live_until_at` and `live_kind` are
 * the keys kept on write (live-count.ts), in the partial index of subscriptions with an offer
 * (`subscriptions_offered_live_idx`, migration 2026_12_11_0100, covering the columns read here):
 * the index alone, never the table (the entitlement rules' OR sent SQLite to the table).
 */
export async function offeredRows(db: Db, now: Date): Promise<OfferedRow[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .innerJoin('offers', 'offers.id', 'subscriptions.offer_id')
    .select([
      'subscriptions.price_cents',
      'subscriptions.currency',
      'subscriptions.created_at',
      'plans.price_cents as plan_price_cents',
      'plans.currency as plan_currency',
      'plans.interval',
      'offers.kind',
      'offers.value',
      'offers.months',
    ])
    .where('subscriptions.offer_id', 'is not', null)
    .where('subscriptions.live_until_at', '>', now)
    .where('subscriptions.live_kind', '=', 'paying')
    .execute();
  return rows.map((r) => ({
    currency: (r.currency ?? r.plan_currency).toLowerCase(),
    interval: r.interval === 'year' ? 'year' : 'month',
    priceCents: Number(r.price_cents ?? r.plan_price_cents),
    startedAt: r.created_at,
    offer: { kind: r.kind === 'amount' ? 'amount' : 'percent', value: Number(r.value), months: Number(r.months) },
  }));
}

/**
 * The index of the local day an instant falls in: `bounds[i] <= x < bounds[i + 1]` is day i. A
 * CASE halving the bounds at each step (about 7 comparisons for 90 days), with literal indexes,
 * so each dialect groups by it and returns one row per day with a count.
 */
function dayIndex(x: Expression<unknown>, bounds: readonly Date[], lo: number, hi: number): RawBuilder<number> {
  if (hi - lo <= 1) return sql<number>`${sql.lit(lo)}`;
  const mid = (lo + hi) >> 1;
  return sql<number>`case when ${x} < ${bounds[mid]} then ${dayIndex(x, bounds, lo, mid)} else ${dayIndex(x, bounds, mid, hi)} end`;
}

/** Counts per day index into an array of the period's length. */
function perDay(days: number, rows: readonly { day_index: number | string; n: number | string }[]): number[] {
  const out = new Array<number>(days).fill(0);
  for (const r of rows) {
    const i = Number(r.day_index);
    if (i >= 0 && i < days) out[i] = (out[i] ?? 0) + Number(r.n);
  }
  return out;
}

/**
 * Subscriptions started, cancellations asked for, and accesses that ended (up to `now`), counted
 * per local day of the period. `bounds` are the instants the period's days begin, and the one
 * after its last day (`bounds.length` = days + 1).
 */
export async function changeCounts(
  db: Db,
  q: { bounds: readonly Date[]; now: Date },
): Promise<{ started: number[]; cancelled: number[]; lapsed: number[] }> {
  const days = q.bounds.length - 1;
  const from = q.bounds[0];
  const to = q.bounds[days];
  if (!from || !to || days < 1) return { started: [], cancelled: [], lapsed: [] };
  const bucket = (x: Expression<unknown>) => dayIndex(x, q.bounds, 0, days).as('day_index');
  const count = (eb: ExpressionBuilder<Database, 'subscriptions'>) => eb.fn.countAll<number | string>().as('n');
  const [started, cancelled, lapsed] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .select([bucket(sql.ref('created_at')), count])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where('status', '<>', 'incomplete')
      .groupBy(sql.ref('day_index'))
      .execute(),
    db
      .selectFrom('subscriptions')
      .select([bucket(sql.ref('canceled_at')), count])
      .where('canceled_at', '>=', from)
      .where('canceled_at', '<', to)
      .groupBy(sql.ref('day_index'))
      .execute(),
    lapsedCounts(db, q.bounds, new Date(Math.min(to.getTime(), q.now.getTime()))),
  ]);
  return { started: perDay(days, started), cancelled: perDay(days, cancelled), lapsed };
}

/**
 * Per local day, the subscriptions whose access ended in [from, until) and did not go on: a
 * cancelled one (a cancellation asked for before `until`) at its paid period's end, or its
 * trial's; a failed payment at its grace's end (a subscription cancelled for not paying ended
 * with its grace, not its period). Three index ranges (migration 2026_12_10_0300), one per way.
 */
async function lapsedCounts(db: Db, bounds: readonly Date[], until: Date): Promise<number[]> {
  const days = bounds.length - 1;
  const from = bounds[0];
  if (!from || until <= from) return new Array<number>(days).fill(0);
  const bucket = (x: Expression<unknown>) => dayIndex(x, bounds, 0, days).as('day_index');
  const count = (eb: ExpressionBuilder<Database, 'subscriptions'>) => eb.fn.countAll<number | string>().as('n');
  const trialEnd = sql<Date>`coalesce(${sql.ref('trial_end_at')}, ${sql.ref('current_period_end_at')})`;
  const [ends, trials, graces] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .select([bucket(sql.ref('current_period_end_at')), count])
      .where('status', 'in', ['active', 'canceled'])
      .where('current_period_end_at', '>=', from)
      .where('current_period_end_at', '<', until)
      .where('canceled_at', '<', until)
      .where((eb) => eb.or([eb('status', '=', 'active'), eb('grace_until_at', 'is', null)]))
      .groupBy(sql.ref('day_index'))
      .execute(),
    db
      .selectFrom('subscriptions')
      .select([bucket(trialEnd), count])
      .where('status', '=', 'trialing')
      .where('canceled_at', '<', until)
      .where(trialEnd, '>=', from)
      .where(trialEnd, '<', until)
      .groupBy(sql.ref('day_index'))
      .execute(),
    db
      .selectFrom('subscriptions')
      .select([bucket(sql.ref('grace_until_at')), count])
      .where('status', '=', 'past_due')
      .where('grace_until_at', '>=', from)
      .where('grace_until_at', '<', until)
      .groupBy(sql.ref('day_index'))
      .execute(),
  ]);
  const a = perDay(days, ends);
  const b = perDay(days, trials);
  const c = perDay(days, graces);
  return a.map((n, i) => n + (b[i] ?? 0) + (c[i] ?? 0));
}

/** Subscriptions whose trial ended in [from, until), as they stand now. */
export async function trialsEnded(db: Db, from: Date, until: Date): Promise<TrialRow[]> {
  if (until <= from) return [];
  const rows = await db
    .selectFrom('subscriptions')
    .select(['status', 'trial_end_at', 'current_period_end_at'])
    .where('trial_end_at', '>=', from)
    .where('trial_end_at', '<', until)
    .where('status', '<>', 'incomplete')
    .execute();
  return rows.flatMap((r) =>
    r.trial_end_at ? [{ status: r.status, trialEnd: r.trial_end_at, currentPeriodEnd: r.current_period_end_at }] : [],
  );
}

/** The funnel's event types the dashboard reads: the meter's steps, the checkout, and the magazine's codes. */
const DAY_TYPES = [
  'article_counted',
  'registration_wall_shown',
  'paywall_shown',
  'checkout_started',
  'print_scan',
  'print_read',
  'print_subscribe_scan',
  'print_checkout_started',
];
/** The steps recorded with a story (and so a section). */
const STORY_TYPES = ['article_counted', 'registration_wall_shown', 'paywall_shown'];

/** The funnel's counts per local date and event type, from the daily rollup. */
export async function funnelByDay(db: Db, from: string, to: string): Promise<{ day: string; type: string; n: number }[]> {
  const rows = await db
    .selectFrom('funnel_daily')
    .select(['day', 'type', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('type', 'in', DAY_TYPES)
    .groupBy(['day', 'type'])
    .execute();
  return rows.map((r) => ({ day: r.day, type: r.type, n: Number(r.n) }));
}

/** The funnel's counts per section and event type over the dates, from the daily rollup. */
export async function funnelBySectionRows(db: Db, from: string, to: string): Promise<{ sectionId: string; type: string; n: number }[]> {
  const rows = await db
    .selectFrom('funnel_daily')
    .select(['section_id', 'type', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('type', 'in', STORY_TYPES)
    .groupBy(['section_id', 'type'])
    .execute();
  return rows.map((r) => ({ sectionId: r.section_id, type: r.type, n: Number(r.n) }));
}

/**
 * The `limit` stories that met the paywall most over the dates (then registration walls, then
 * counted reads, then id), with their counts of each step. Reads the three steps' entries of the
 * counters' index (type, day, article_id, count) for the dates: stories × days, never the table.
 */
export async function topStoryRows(
  db: Db,
  q: { from: string; to: string; limit: number },
): Promise<{ articleId: string; type: string; n: number }[]> {
  const sumOf = (type: string) => sql<number | string>`sum(case when ${sql.ref('type')} = ${type} then ${sql.ref('count')} else 0 end)`;
  const rows = await db
    .selectFrom('funnel_counts')
    .select([
      'article_id',
      sumOf('paywall_shown').as('paywalls'),
      sumOf('registration_wall_shown').as('walls'),
      sumOf('article_counted').as('reads'),
    ])
    .where('type', 'in', STORY_TYPES)
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .where('article_id', '<>', '')
    .groupBy('article_id')
    .orderBy(sumOf('paywall_shown'), 'desc')
    .orderBy(sumOf('registration_wall_shown'), 'desc')
    .orderBy(sumOf('article_counted'), 'desc')
    .orderBy('article_id')
    .limit(q.limit)
    .execute();
  return rows.flatMap((r) => [
    { articleId: r.article_id, type: 'paywall_shown', n: Number(r.paywalls) },
    { articleId: r.article_id, type: 'registration_wall_shown', n: Number(r.walls) },
    { articleId: r.article_id, type: 'article_counted', n: Number(r.reads) },
  ]);
}
