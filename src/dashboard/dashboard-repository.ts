/**
 * All SQL of the dashboard: read-only aggregates over the money's tables (`subscriptions`,
 * `plans`, `offers`) and the funnel's counters (`funnel_counts`). Nothing here writes; those
 * tables' own features stay their only writers. Each query returns grouped counts or the few
 * instants of a period, never a row per reader, so a million readers cost index range scans and
 * one pass over the live subscriptions.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, Db } from '../db/database.js';
import type { OfferedRow, PlanCountRow, RevenueRow, TrialRow } from './dashboard.js';

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

/** Subscriptions giving access now, per plan, in a trial or not. Complimentary ones count: they are subscribers. */
export async function livePlanCounts(db: Db, now: Date): Promise<PlanCountRow[]> {
  const kind = sql<string>`case when ${sql.ref('subscriptions.status')} = 'trialing' then 'trial' when ${sql.ref('subscriptions.provider')} = 'comp' then 'comp' else 'paying' end`;
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .select([
      'plans.id as plan_id',
      'plans.name as plan_name',
      'plans.interval as interval',
      'plans.position as position',
      kind.as('kind'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
    ])
    .where((eb) => live(eb, now))
    .groupBy(['plans.id', 'plans.name', 'plans.interval', 'plans.position', kind])
    .execute();
  return rows.map((r) => ({
    planId: r.plan_id,
    planName: r.plan_name,
    interval: r.interval === 'year' ? 'year' : 'month',
    position: Number(r.position),
    kind: r.kind === 'trial' || r.kind === 'comp' ? r.kind : 'paying',
    n: Number(r.n),
  }));
}

/** Readers with at least one subscription giving access now. */
export async function liveSubscriberCount(db: Db, now: Date): Promise<number> {
  const r = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.count<number | string>('reader_id').distinct().as('n'))
    .where((eb) => live(eb, now))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Paying subscriptions giving access now (not in a trial, not complimentary), grouped by currency,
 * interval and the price agreed at the start (the plan's price for rows made before that was kept).
 */
export async function revenueRows(db: Db, now: Date): Promise<RevenueRow[]> {
  const price = sql<number>`coalesce(${sql.ref('subscriptions.price_cents')}, ${sql.ref('plans.price_cents')})`;
  const currency = sql<string>`lower(coalesce(${sql.ref('subscriptions.currency')}, ${sql.ref('plans.currency')}))`;
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .select([
      currency.as('currency'),
      'plans.interval as interval',
      price.as('price_cents'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
    ])
    .where((eb) => live(eb, now))
    .where('subscriptions.status', '<>', 'trialing')
    .where('subscriptions.provider', '<>', 'comp')
    .groupBy([currency, 'plans.interval', price])
    .execute();
  return rows.map((r) => ({
    currency: r.currency,
    interval: r.interval === 'year' ? 'year' : 'month',
    priceCents: Number(r.price_cents),
    n: Number(r.n),
  }));
}

/** The paying subscriptions of `revenueRows` that began with an offer, with the offer's terms. */
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
    .where((eb) => live(eb, now))
    .where('subscriptions.status', '<>', 'trialing')
    .where('subscriptions.provider', '<>', 'comp')
    .execute();
  return rows.map((r) => ({
    currency: (r.currency ?? r.plan_currency).toLowerCase(),
    interval: r.interval === 'year' ? 'year' : 'month',
    priceCents: Number(r.price_cents ?? r.plan_price_cents),
    startedAt: r.created_at,
    offer: { kind: r.kind === 'amount' ? 'amount' : 'percent', value: Number(r.value), months: Number(r.months) },
  }));
}

/** The instants of [from, to): subscriptions started, cancellations asked for, and accesses that ended (up to `now`). */
export async function changeInstants(
  db: Db,
  q: { from: Date; to: Date; now: Date },
): Promise<{ started: Date[]; cancelled: Date[]; lapsed: Date[] }> {
  const until = new Date(Math.min(q.to.getTime(), q.now.getTime()));
  const [started, cancelled, lapsed] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .select('created_at')
      .where('created_at', '>=', q.from)
      .where('created_at', '<', q.to)
      .where('status', '<>', 'incomplete')
      .execute(),
    db.selectFrom('subscriptions').select('canceled_at').where('canceled_at', '>=', q.from).where('canceled_at', '<', q.to).execute(),
    lapsedInstants(db, q.from, until),
  ]);
  return {
    started: started.map((r) => r.created_at),
    cancelled: cancelled.flatMap((r) => (r.canceled_at ? [r.canceled_at] : [])),
    lapsed,
  };
}

/**
 * When access ended, for the subscriptions whose access ended in [from, until) and did not go on:
 * a cancelled one at its paid period's end (or its trial's), a failed payment at its grace's end.
 * A cancellation is in force on each (`canceled_at`) but the failed payment's, so the index on
 * `canceled_at` finds all but those; the grace's end is looked up by status.
 */
async function lapsedInstants(db: Db, from: Date, until: Date): Promise<Date[]> {
  if (until <= from) return [];
  const ends = await db
    .selectFrom('subscriptions')
    .select(['status', 'current_period_end_at', 'trial_end_at', 'grace_until_at'])
    .where('canceled_at', 'is not', null)
    .where('canceled_at', '<', until)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', 'in', ['active', 'canceled']),
          eb('current_period_end_at', '>=', from),
          eb('current_period_end_at', '<', until),
        ]),
        eb.and([
          eb('status', '=', 'trialing'),
          eb(eb.fn.coalesce('trial_end_at', 'current_period_end_at'), '>=', from),
          eb(eb.fn.coalesce('trial_end_at', 'current_period_end_at'), '<', until),
        ]),
      ]),
    )
    .execute();
  const graces = await db
    .selectFrom('subscriptions')
    .select('grace_until_at')
    .where('status', '=', 'past_due')
    .where('grace_until_at', '>=', from)
    .where('grace_until_at', '<', until)
    .execute();
  const out: Date[] = [];
  for (const r of ends) {
    // Canceled for not paying: access ended when the grace did (or at once), not at a paid period's end.
    if (r.status === 'canceled' && r.grace_until_at !== null) continue;
    const end = r.status === 'trialing' ? (r.trial_end_at ?? r.current_period_end_at) : r.current_period_end_at;
    if (end) out.push(end);
  }
  for (const r of graces) if (r.grace_until_at) out.push(r.grace_until_at);
  return out;
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

const STEP_TYPES = ['article_counted', 'registration_wall_shown', 'paywall_shown', 'checkout_started'];

/** The funnel's counts per local date and event type, for the steps the dashboard shows. */
export async function funnelByDay(db: Db, from: string, to: string): Promise<{ day: string; type: string; n: number }[]> {
  const rows = await db
    .selectFrom('funnel_counts')
    .select(['day', 'type', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('type', 'in', STEP_TYPES)
    .groupBy(['day', 'type'])
    .execute();
  return rows.map((r) => ({ day: r.day, type: r.type, n: Number(r.n) }));
}

/**
 * The funnel's counts per story and event type over the dates (the steps recorded with a story),
 * with each story's section. Sections' totals are these rows summed, so one pass serves both.
 */
export async function funnelByStory(
  db: Db,
  from: string,
  to: string,
): Promise<{ articleId: string; sectionId: string; type: string; n: number }[]> {
  const rows = await db
    .selectFrom('funnel_counts')
    .select(['article_id', 'section_id', 'type', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('type', 'in', ['article_counted', 'registration_wall_shown', 'paywall_shown'])
    .groupBy(['article_id', 'section_id', 'type'])
    .execute();
  return rows.map((r) => ({ articleId: r.article_id, sectionId: r.section_id, type: r.type, n: Number(r.n) }));
}
