/**
 * The funnel's words and pure functions: the events the meter and checkout record, the
 * paper's local day of an instant, and the calendar arithmetic of a report's date range. No
 * database, no HTTP.
 */
import { dayToMidnight } from '../time/local-time.js';

/** Every decision the meter takes on an article page, and the start of a checkout. */
export const FUNNEL_EVENTS = [
  'article_counted',
  'last_free_shown',
  'registration_wall_shown',
  'paywall_shown',
  'gift_read',
  'crawler_served',
  'checkout_started',
  // The weekly magazine's QR codes (src/magazine): a story's code scanned, a story read through
  // one, the back page's subscription code scanned, and a checkout begun by a browser that had
  // scanned a code of the magazine (src/subscriptions PRINT_VISITOR_COOKIE).
  'print_scan',
  'print_read',
  'print_subscribe_scan',
  'print_checkout_started',
] as const;
export type FunnelEventType = (typeof FUNNEL_EVENTS)[number];

/** One recorded decision. Nothing about the reader: no id, no session, no address. */
export interface FunnelEvent {
  type: FunnelEventType;
  articleId: string | null;
  sectionId: string | null;
  /** the meter period key, e.g. '2026-12' */
  period: string;
  at: Date;
  /** The experiment arm the reader was in (src/experiments), when one was running and they were in it. */
  arm?: ArmTag | undefined;
}

/** An experiment's id and one of its two arms: all an event says of the reader's part in an experiment. */
export interface ArmTag {
  experimentId: string;
  arm: 'A' | 'B';
}

/** One experiment counter row: events of one type in one arm. */
export interface ArmCount {
  experimentId: string;
  arm: string;
  type: string;
  count: number;
}

/** The armed events of a batch summed per experiment, arm and type (events without an arm are left out). Pure. */
export function aggregateArmEvents(events: readonly FunnelEvent[]): ArmCount[] {
  const sums = new Map<string, ArmCount>();
  for (const e of events) {
    if (!e.arm) continue;
    const key = `${e.arm.experimentId}\u0000${e.arm.arm}\u0000${e.type}`;
    const row = sums.get(key);
    if (row) row.count++;
    else sums.set(key, { experimentId: e.arm.experimentId, arm: e.arm.arm, type: e.type, count: 1 });
  }
  return [...sums.values()];
}

/** One counter row as stored: '' stands for "no article" / "no section" (see the migration). */
export interface FunnelCount {
  day: string;
  type: string;
  period: string;
  sectionId: string;
  articleId: string;
  count: number;
}

/** The longest range one report covers, in days (a leap year). */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The paper's local date (yyyy-mm-dd) of an instant, as a function of one time zone. Every zone
 * in use today is offset from UTC by whole quarter hours and changes offset on a quarter hour, so
 * all instants of one UTC quarter hour share a local date: the last answer is kept for the next
 * call, and a batch of events (in time order) formats a date about once per quarter hour.
 */
export function localDayFn(timeZone: string): (at: Date) => string {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  let lastQuarter = Number.NaN;
  let lastDay = '';
  return (at) => {
    const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS);
    if (quarter === lastQuarter) return lastDay;
    let y = '';
    let m = '';
    let d = '';
    for (const p of f.formatToParts(at)) {
      if (p.type === 'year') y = p.value;
      else if (p.type === 'month') m = p.value;
      else if (p.type === 'day') d = p.value;
    }
    lastQuarter = quarter;
    lastDay = `${y.padStart(4, '0')}-${m}-${d}`;
    return lastDay;
  };
}

/** The instant the local date `day` (yyyy-mm-dd) begins in a time zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return dayToMidnight(dayNumber(day), timeZone);
}

/** Whether `s` is a real calendar date written yyyy-mm-dd (no 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Days since 1970-01-01 of a yyyy-mm-dd date (calendar arithmetic, no time zone). */
export function dayNumber(day: string): number {
  const m = DATE_RE.exec(day);
  return m ? Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS) : Number.NaN;
}

export function addDays(day: string, n: number): string {
  return new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let n = dayNumber(from), last = dayNumber(to); n <= last; n++) out.push(new Date(n * DAY_MS).toISOString().slice(0, 10));
  return out;
}

/** What is wrong with a report's range, one problem per field; empty when it is sound. */
export function rangeProblems(from: string, to: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!isCalendarDate(from)) problems.push({ field: 'querystring.from', message: 'must be a calendar date, YYYY-MM-DD' });
  if (!isCalendarDate(to)) problems.push({ field: 'querystring.to', message: 'must be a calendar date, YYYY-MM-DD' });
  if (problems.length > 0) return problems;
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) problems.push({ field: 'querystring.to', message: `must not be before from (${from})` });
  else if (days > MAX_REPORT_DAYS)
    problems.push({ field: 'querystring.to', message: `the range may cover at most ${MAX_REPORT_DAYS} days` });
  return problems;
}

/** Events summed into counter rows: one per (day, type, period, section, article). */
export function aggregateEvents(events: readonly FunnelEvent[], dayOf: (at: Date) => string): FunnelCount[] {
  const rows = new Map<string, FunnelCount>();
  for (const e of events) {
    const day = dayOf(e.at);
    const sectionId = e.sectionId ?? '';
    const articleId = e.articleId ?? '';
    const key = `${day}\n${e.type}\n${e.period}\n${sectionId}\n${articleId}`;
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { day, type: e.type, period: e.period, sectionId, articleId, count: 1 });
  }
  return [...rows.values()];
}

/** One row of the daily rollup (`funnel_daily`): a day's count of one type in one section, every story and period summed. */
export interface FunnelDailyCount {
  day: string;
  type: string;
  sectionId: string;
  count: number;
}

/**
 * Counter rows summed per (day, type, section): what the same write adds to the daily rollup.
 * In key order, so concurrent writers on PostgreSQL take the rollup's row locks in one order.
 */
export function rollUpDaily(rows: readonly FunnelCount[]): FunnelDailyCount[] {
  const out = new Map<string, FunnelDailyCount>();
  for (const r of rows) {
    const key = `${r.day}\n${r.type}\n${r.sectionId}`;
    const had = out.get(key);
    if (had) had.count += r.count;
    else out.set(key, { day: r.day, type: r.type, sectionId: r.sectionId, count: r.count });
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** A ratio, or null when nothing was shown (no division by zero passed off as 0 %). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
