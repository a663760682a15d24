/**
 * The dashboard's words and pure functions: the periods it shows, and the series, totals and
 * rates it computes from the rows its repository returns. No database, no HTTP; the clock is an
 * argument.
 */
import { offerOnPlan } from '../subscriptions/index.js';

/** The periods the dashboard offers, in days ending today (the paper's date). */
export const PERIOD_DAYS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];
export const DEFAULT_PERIOD: PeriodDays = 30;

/** The period asked for in the query string: absent means the default; anything else not offered is a problem. */
export function parsePeriod(raw: string | undefined): { days: PeriodDays } | { problem: string } {
  if (raw === undefined || raw === '') return { days: DEFAULT_PERIOD };
  const found = PERIOD_DAYS.find((d) => String(d) === raw);
  return found === undefined ? { problem: `Choose 7, 30 or 90 days (got "${raw.slice(0, 20)}").` } : { days: found };
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayOfNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The dates of a period ending `today` (both ends included), oldest first. */
export function periodDates(today: string, days: number): string[] {
  const last = dayNumber(today);
  return Array.from({ length: days }, (_, i) => dayOfNumber(last - days + 1 + i));
}

/** A ratio, or null when there was nothing to divide by (never a 0 % passed off as a rate). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

// ---------------------------------------------------------------------------------------------
// Subscribers now

/** Live subscriptions of one plan, as the repository counts them. */
export interface PlanCountRow {
  planId: string;
  planName: string;
  interval: 'month' | 'year';
  position: number;
  /** In a trial (no payment yet), complimentary (given by the paper), or paying (or in a failed payment's grace). */
  kind: 'trial' | 'comp' | 'paying';
  n: number;
}

export interface PlanSubscribers {
  planId: string;
  /** The plan's name and how often it bills ("All Access, yearly"): papers often name a plan's monthly and yearly prices alike. */
  planName: string;
  paying: number;
  trial: number;
  comp: number;
  total: number;
}

/** A plan as the dashboard needs it. */
export interface PlanRow {
  id: string;
  name: string;
  interval: 'month' | 'year';
  position: number;
  priceCents: number;
  currency: string;
}

/**
 * Subscriptions giving access now, grouped by plan, kind and the price agreed at the start (null:
 * the plan's). "refunded": paying for a period whose payment went back with access left to its
 * end; a subscriber (paying) until then, but no recurring revenue, since it will not renew.
 */
export interface LiveRow {
  planId: string;
  kind: 'trial' | 'comp' | 'paying' | 'refunded';
  currency: string | null;
  priceCents: number | null;
  n: number;
}

/** The live rows per plan and kind, with the plan's name and order (rows of an unknown plan left out). */
export function planCountsOf(live: readonly LiveRow[], plans: readonly PlanRow[]): PlanCountRow[] {
  const byId = new Map(plans.map((p) => [p.id, p]));
  return live.flatMap((r) => {
    const p = byId.get(r.planId);
    const kind = r.kind === 'refunded' ? 'paying' : r.kind;
    return p ? [{ planId: p.id, planName: p.name, interval: p.interval, position: p.position, kind, n: r.n }] : [];
  });
}

/**
 * The paying live rows (not in a trial, not complimentary, not refunded to the period's end) by
 * currency, interval and what each pays a period: the agreed price and currency, else the plan's.
 */
export function revenueRowsOf(live: readonly LiveRow[], plans: readonly PlanRow[]): RevenueRow[] {
  const byId = new Map(plans.map((p) => [p.id, p]));
  return live.flatMap((r) => {
    const p = byId.get(r.planId);
    if (!p || r.kind !== 'paying') return [];
    return [{ currency: (r.currency ?? p.currency).toLowerCase(), interval: p.interval, priceCents: r.priceCents ?? p.priceCents, n: r.n }];
  });
}

/** Subscribers per plan, the paper's order of plans, plans with none left out. */
export function subscribersByPlan(rows: readonly PlanCountRow[]): PlanSubscribers[] {
  const byPlan = new Map<string, PlanSubscribers & { position: number }>();
  for (const r of rows) {
    let p = byPlan.get(r.planId);
    if (!p) {
      const planName = `${r.planName}, ${r.interval === 'year' ? 'yearly' : 'monthly'}`;
      p = { planId: r.planId, planName, position: r.position, paying: 0, trial: 0, comp: 0, total: 0 };
      byPlan.set(r.planId, p);
    }
    p[r.kind] += r.n;
    p.total += r.n;
  }
  return [...byPlan.values()]
    .filter((p) => p.total > 0)
    .sort((a, b) => a.position - b.position || a.planName.localeCompare(b.planName))
    .map(({ position: _, ...p }) => p);
}

// ---------------------------------------------------------------------------------------------
// New, cancelled and lapsed per day

export interface ChangeDay {
  date: string;
  started: number;
  cancelled: number;
  lapsed: number;
}

/** One row per date of the period, from the counts per day the repository returns (index i is dates[i]). */
export function changesPerDay(
  dates: readonly string[],
  counts: { started: readonly number[]; cancelled: readonly number[]; lapsed: readonly number[] },
): ChangeDay[] {
  return dates.map((date, i) => ({
    date,
    started: counts.started[i] ?? 0,
    cancelled: counts.cancelled[i] ?? 0,
    lapsed: counts.lapsed[i] ?? 0,
  }));
}

// ---------------------------------------------------------------------------------------------
// Monthly recurring revenue

/** Paying subscriptions grouped by what each pays a period (the agreed price, else the plan's). */
export interface RevenueRow {
  currency: string;
  interval: 'month' | 'year';
  priceCents: number;
  n: number;
}

/** A paying subscription that began with an offer (the offer may still be running). */
export interface OfferedRow {
  currency: string;
  interval: 'month' | 'year';
  priceCents: number;
  startedAt: Date;
  offer: { kind: 'percent' | 'amount'; value: number; months: number };
}

export interface CurrencyRevenue {
  currency: string;
  /** Monthly recurring revenue in the currency's minor unit (cents), offers honoured. */
  mrrCents: number;
  /** What it would be at full price. */
  listCents: number;
  subscriptions: number;
}

/** Whole months from `from` to `to` (calendar months, UTC; a month not yet complete does not count). */
export function monthsBetween(from: Date, to: Date): number {
  let m = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  const earlierInMonth =
    to.getUTCDate() < from.getUTCDate() || (to.getUTCDate() === from.getUTCDate() && to.getTime() % DAY_MS < from.getTime() % DAY_MS);
  if (earlierInMonth) m--;
  return Math.max(0, m);
}

/**
 * What an offer takes off the invoice now in force, per period, by the offer's own billing rules
 * (`offerOnPlan`, src/subscriptions/offer.ts: a monthly plan's first `months` invoices; a yearly
 * plan's first invoice once for an offer under a year, or each of its whole years).
 */
export function offerDiscountCents(row: OfferedRow, now: Date): number {
  const terms = offerOnPlan(row.offer, { interval: row.interval, priceCents: row.priceCents });
  if ('problem' in terms) return 0;
  const periodMonths = row.interval === 'year' ? 12 : 1;
  const invoice = Math.floor(monthsBetween(row.startedAt, now) / periodMonths);
  return invoice < terms.invoices ? terms.offCents : 0;
}

/**
 * Monthly recurring revenue per currency: every paying subscription's price a month (a yearly
 * price over 12), less what a running offer takes off. Currencies in alphabetical order.
 */
export function monthlyRevenue(rows: readonly RevenueRow[], offered: readonly OfferedRow[], now: Date): CurrencyRevenue[] {
  const monthly = (cents: number, interval: 'month' | 'year') => (interval === 'year' ? cents / 12 : cents);
  const out = new Map<string, CurrencyRevenue>();
  const of = (currency: string) => {
    let c = out.get(currency);
    if (!c) {
      c = { currency, mrrCents: 0, listCents: 0, subscriptions: 0 };
      out.set(currency, c);
    }
    return c;
  };
  for (const r of rows) {
    const c = of(r.currency);
    c.listCents += monthly(r.priceCents, r.interval) * r.n;
    c.subscriptions += r.n;
  }
  for (const c of out.values()) c.mrrCents = c.listCents;
  for (const r of offered) of(r.currency).mrrCents -= monthly(offerDiscountCents(r, now), r.interval);
  return [...out.values()]
    .map((c) => ({ ...c, mrrCents: Math.round(c.mrrCents), listCents: Math.round(c.listCents) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

// ---------------------------------------------------------------------------------------------
// Trials

/** A subscription whose trial ended within the period, as it stands now. */
export interface TrialRow {
  status: string;
  trialEnd: Date;
  currentPeriodEnd: Date | null;
}

/**
 * Whether a trial turned into a paid subscription: it went on past the trial's end — active or
 * late with a payment (past due), or ended later than the trial did (paid at least one period,
 * cancelled since). Still `trialing` past its end, cancelled within the trial, or never paid:
 * not converted.
 */
export function trialConverted(r: TrialRow): boolean {
  if (r.status === 'active' || r.status === 'past_due') return true;
  if (r.status === 'canceled') return r.currentPeriodEnd !== null && r.currentPeriodEnd.getTime() > r.trialEnd.getTime();
  return false;
}

export function trialConversion(rows: readonly TrialRow[]): { ended: number; converted: number; rate: number | null } {
  const converted = rows.filter(trialConverted).length;
  return { ended: rows.length, converted, rate: rate(converted, rows.length) };
}

// ---------------------------------------------------------------------------------------------
// The funnel

/** The funnel's steps in order: the meter's events, then subscriptions started (their own feature's rows). */
export const FUNNEL_STEPS = ['reads', 'registrationWalls', 'paywalls', 'checkouts', 'subscriptions'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const STEP_LABELS: Record<FunnelStep, string> = {
  reads: 'Counted reads',
  registrationWalls: 'Registration walls',
  paywalls: 'Paywalls shown',
  checkouts: 'Checkouts started',
  subscriptions: 'Subscriptions started',
};

/** The funnel's event type (funnel_counts.type) behind each step it counts. */
export const STEP_EVENT: Record<Exclude<FunnelStep, 'subscriptions'>, string> = {
  reads: 'article_counted',
  registrationWalls: 'registration_wall_shown',
  paywalls: 'paywall_shown',
  checkouts: 'checkout_started',
};

export type StepCounts = Record<FunnelStep, number>;

const zeroSteps = (): StepCounts => ({ reads: 0, registrationWalls: 0, paywalls: 0, checkouts: 0, subscriptions: 0 });

function stepOf(type: string): Exclude<FunnelStep, 'subscriptions'> | undefined {
  for (const [step, event] of Object.entries(STEP_EVENT)) if (event === type) return step as Exclude<FunnelStep, 'subscriptions'>;
  return undefined;
}

export interface FunnelDay extends StepCounts {
  date: string;
  /** Subscriptions started over paywalls shown that day. */
  paywallToSubscription: number | null;
}

/** The funnel per date of the period (zeros included), from counter rows and the subscriptions started per date. */
export function funnelPerDay(
  dates: readonly string[],
  rows: readonly { day: string; type: string; n: number }[],
  subscriptionsPerDay: ReadonlyMap<string, number>,
): FunnelDay[] {
  const byDay = new Map(dates.map((date) => [date, { date, ...zeroSteps(), subscriptions: subscriptionsPerDay.get(date) ?? 0 }]));
  for (const r of rows) {
    const step = stepOf(r.type);
    const day = byDay.get(r.day);
    if (step && day) day[step] += r.n;
  }
  return [...byDay.values()].map((d) => ({ ...d, paywallToSubscription: rate(d.subscriptions, d.paywalls) }));
}

export function funnelTotals(days: readonly StepCounts[]): StepCounts {
  const t = zeroSteps();
  for (const d of days) for (const s of FUNNEL_STEPS) t[s] += d[s];
  return t;
}

/**
 * The step each rate is taken of. Registration walls and paywalls are two gates a counted read can
 * meet (anonymous readers meet the first, registered ones the second), so both are shares of
 * counted reads; a checkout follows a paywall, a subscription a checkout.
 */
export const RATE_OF: Record<FunnelStep, FunnelStep | null> = {
  reads: null,
  registrationWalls: 'reads',
  paywalls: 'reads',
  checkouts: 'paywalls',
  subscriptions: 'checkouts',
};

/** Each step with its rate of the step it follows (RATE_OF). */
export function funnelRates(t: StepCounts): { step: FunnelStep; count: number; of: FunnelStep | null; rate: number | null }[] {
  return FUNNEL_STEPS.map((step) => {
    const of = RATE_OF[step];
    return { step, count: t[step], of, rate: of === null ? null : rate(t[step], t[of]) };
  });
}

/** What the meter recorded of one section or story: the steps the funnel records with their article. */
export interface ReaderSteps {
  reads: number;
  registrationWalls: number;
  paywalls: number;
  /** Paywalls shown over counted reads. */
  paywallRate: number | null;
  /** Registration walls over counted reads. */
  registrationRate: number | null;
}

function readerSteps(rows: readonly { type: string; n: number }[]): ReaderSteps {
  const c = zeroSteps();
  for (const r of rows) {
    const step = stepOf(r.type);
    if (step) c[step] += r.n;
  }
  return {
    reads: c.reads,
    registrationWalls: c.registrationWalls,
    paywalls: c.paywalls,
    paywallRate: rate(c.paywalls, c.reads),
    registrationRate: rate(c.registrationWalls, c.reads),
  };
}

function groupBy<R, K>(rows: readonly R[], key: (r: R) => K): Map<K, R[]> {
  const out = new Map<K, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export interface SectionFunnel extends ReaderSteps {
  sectionId: string | null;
  name: string;
}

/** The funnel per section, the paper's order; events without a section last ("No section"). */
export function funnelBySection(
  rows: readonly { sectionId: string; type: string; n: number }[],
  sections: readonly { id: string; name: string; position: number }[],
): SectionFunnel[] {
  const known = new Map(sections.map((s) => [s.id, s]));
  return [...groupBy(rows, (r) => r.sectionId)]
    .map(([id, rs]) => ({
      sectionId: id === '' ? null : id,
      name: known.get(id)?.name ?? (id === '' ? 'No section' : 'A removed section'),
      ...readerSteps(rs),
    }))
    .filter((s) => s.reads + s.registrationWalls + s.paywalls > 0)
    .sort((a, b) => {
      const pos = (s: SectionFunnel) =>
        s.sectionId === null ? Number.MAX_SAFE_INTEGER : (known.get(s.sectionId)?.position ?? Number.MAX_SAFE_INTEGER - 1);
      return pos(a) - pos(b);
    });
}

export interface StoryFunnel extends ReaderSteps {
  articleId: string;
  headline: string | null;
  slug: string | null;
}

/**
 * The stories that brought most readers to the paywall (then most registration walls, then most
 * counted reads): the funnel records the wall with its story, not yet the checkout or the
 * subscription that followed it.
 */
export function topStories(
  rows: readonly { articleId: string; type: string; n: number }[],
  summaries: readonly { id: string; slug: string; headline: string }[],
  limit: number,
): StoryFunnel[] {
  const known = new Map(summaries.map((s) => [s.id, s]));
  return [...groupBy(rows, (r) => r.articleId)]
    .map(([id, rs]) => ({
      articleId: id,
      headline: known.get(id)?.headline ?? null,
      slug: known.get(id)?.slug ?? null,
      ...readerSteps(rs),
    }))
    .sort(
      (a, b) =>
        b.paywalls - a.paywalls || b.registrationWalls - a.registrationWalls || b.reads - a.reads || (a.articleId < b.articleId ? -1 : 1),
    )
    .slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Print to web

/** What the magazine's codes brought in on one day (src/magazine: the print_* funnel events). */
export interface PrintDay {
  date: string;
  /** A story's code scanned. */
  storyScans: number;
  /** Stories read through a scanned code. */
  reads: number;
  /** The back page's subscription code scanned. */
  subscribeScans: number;
  /** Checkouts begun in a browser that had scanned one of the magazine's codes. */
  checkouts: number;
}

export const PRINT_COLUMNS = ['storyScans', 'reads', 'subscribeScans', 'checkouts'] as const;
export type PrintColumn = (typeof PRINT_COLUMNS)[number];

export const PRINT_LABELS: Record<PrintColumn, string> = {
  storyScans: 'Story codes scanned',
  reads: 'Stories read from print',
  subscribeScans: 'Subscription codes scanned',
  checkouts: 'Checkouts after a scan',
};

const PRINT_EVENT: Record<PrintColumn, string> = {
  storyScans: 'print_scan',
  reads: 'print_read',
  subscribeScans: 'print_subscribe_scan',
  checkouts: 'print_checkout_started',
};

export interface PrintToWeb {
  days: PrintDay[];
  totals: Omit<PrintDay, 'date'>;
  /** Every code scanned, story or subscription. */
  scans: number;
  /** Checkouts after a scan over every scan: print-to-subscription conversion (the checkout begun; payment is not traced to print). */
  conversion: number | null;
}

/** The magazine's codes per date of the period (zeros included) and in total, from the counter rows. */
export function printToWeb(dates: readonly string[], rows: readonly { day: string; type: string; n: number }[]): PrintToWeb {
  const byDay = new Map(dates.map((date) => [date, { date, storyScans: 0, reads: 0, subscribeScans: 0, checkouts: 0 }]));
  for (const r of rows) {
    const day = byDay.get(r.day);
    const col = PRINT_COLUMNS.find((c) => PRINT_EVENT[c] === r.type);
    if (day && col) day[col] += r.n;
  }
  const days = [...byDay.values()];
  const totals = { storyScans: 0, reads: 0, subscribeScans: 0, checkouts: 0 };
  for (const d of days) for (const c of PRINT_COLUMNS) totals[c] += d[c];
  const scans = totals.storyScans + totals.subscribeScans;
  return { days, totals, scans, conversion: rate(totals.checkouts, scans) };
}
