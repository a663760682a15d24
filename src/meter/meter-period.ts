/**
 * Meter periods in the paper's time zone (decisions.md: `MASTHEAD_TIMEZONE` decides what "this
 * month" means). A calendar-month period is the same for everyone (`2026-12`); a rolling period
 * of N days starts with a reader's first counted article (`r30-20790`: 30 days from local day
 * 20790). Pure: the instant is an argument.
 */
import type { MeterPeriod } from './meter-policy.js';

export interface PeriodWindow {
  key: string;
  /** The first instant after the period. */
  end: Date;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
function localFields(at: Date, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const out = { y: 0, m: 0, d: 0, h: 0, min: 0, s: 0 };
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type === 'year') out.y = Number(p.value);
    else if (p.type === 'month') out.m = Number(p.value);
    else if (p.type === 'day') out.d = Number(p.value);
    else if (p.type === 'hour') out.h = Number(p.value);
    else if (p.type === 'minute') out.min = Number(p.value);
    else if (p.type === 'second') out.s = Number(p.value);
  }
  return out;
}

/** The instant of local midnight starting the day y-m-d (m 1–12, may overflow) in a time zone. */
export function localMidnight(y: number, m: number, d: number, timeZone: string): Date {
  const wanted = Date.UTC(y, m - 1, d);
  let guess = wanted;
  // Two corrections settle any offset, including a day that starts inside a DST change.
  for (let i = 0; i < 2; i++) {
    const f = localFields(new Date(guess), timeZone);
    const shown = Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s);
    guess += wanted - shown;
  }
  return new Date(guess);
}

/**
 * Every metered request asks which month or day it is, and Intl's formatting costs ~10 µs:
 * remember the current month and day per time zone with the instants they start and end.
 */
const months = new Map<string, { start: number; window: PeriodWindow }>();
const days = new Map<string, { start: number; end: number; day: number }>();

/** Days since 1970-01-01 of the local calendar date. */
export function localDayNumber(at: Date, timeZone: string): number {
  const t = at.getTime();
  const known = days.get(timeZone);
  if (known && known.start <= t && t < known.end) return known.day;
  const f = localFields(at, timeZone);
  const day = Math.floor(Date.UTC(f.y, f.m - 1, f.d) / DAY_MS);
  days.set(timeZone, { start: dayToMidnight(day, timeZone).getTime(), end: dayToMidnight(day + 1, timeZone).getTime(), day });
  return day;
}

function dayToMidnight(day: number, timeZone: string): Date {
  const d = new Date(day * DAY_MS);
  return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
}

export function monthPeriod(at: Date, timeZone: string): PeriodWindow {
  const t = at.getTime();
  const known = months.get(timeZone);
  if (known && known.start <= t && t < known.window.end.getTime()) return known.window;
  const f = localFields(at, timeZone);
  const window = { key: `${f.y}-${String(f.m).padStart(2, '0')}`, end: localMidnight(f.y, f.m + 1, 1, timeZone) };
  months.set(timeZone, { start: localMidnight(f.y, f.m, 1, timeZone).getTime(), window });
  return window;
}

export function rollingPeriod(startDay: number, days: number, timeZone: string): PeriodWindow {
  return { key: `r${days}-${startDay}`, end: dayToMidnight(startDay + days, timeZone) };
}

/** The period a meter started now belongs to. */
export function newPeriod(period: MeterPeriod, at: Date, timeZone: string): PeriodWindow {
  return period.kind === 'month' ? monthPeriod(at, timeZone) : rollingPeriod(localDayNumber(at, timeZone), period.days, timeZone);
}

const ROLLING_KEY = /^r(\d{1,3})-(\d{1,6})$/;

/**
 * The window a stored period key stands for, when it is a period of this policy that is still
 * running at `at`; null for another policy's key, a finished period, or one not yet begun.
 */
export function currentWindowOf(key: string, period: MeterPeriod, at: Date, timeZone: string): PeriodWindow | null {
  if (period.kind === 'month') {
    const current = monthPeriod(at, timeZone);
    return key === current.key ? current : null;
  }
  const m = ROLLING_KEY.exec(key);
  if (!m || Number(m[1]) !== period.days) return null;
  const start = Number(m[2]);
  const today = localDayNumber(at, timeZone);
  if (start > today || today >= start + period.days) return null;
  return rollingPeriod(start, period.days, timeZone);
}

/**
 * The period of the network budget. Everyone shares it, so a rolling policy uses fixed windows
 * of its length (`w30-693`) rather than per-reader ones.
 */
export function budgetPeriod(period: MeterPeriod, at: Date, timeZone: string): PeriodWindow {
  if (period.kind === 'month') return monthPeriod(at, timeZone);
  const index = Math.floor(localDayNumber(at, timeZone) / period.days);
  return { key: `w${period.days}-${index}`, end: dayToMidnight((index + 1) * period.days, timeZone) };
}
