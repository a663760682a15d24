/**
 * Wall-clock time in the paper's time zone (`MASTHEAD_TIMEZONE` decides what "this
 * month" and "today" mean): the local fields of an instant, the instant a local day or month
 * begins, day numbers. Pure, on Intl only. The meter asks which month and day it is on every
 * metered request and Intl's formatting costs ~10 µs, so the current month and day are kept per
 * time zone with the instants they start and end.
 */

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

export interface LocalFields {
  y: number;
  /** 1–12. */
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

/** The wall-clock fields of an instant in a time zone. */
export function localFields(at: Date, timeZone: string): LocalFields {
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

/** The instant local midnight starts the day y-m-d (m 1–12; month and day may overflow). */
export function localMidnight(y: number, m: number, d: number, timeZone: string): Date {
  const wanted = Date.UTC(y, m - 1, d);
  let guess = wanted;
  // Two corrections settle any offset, including a day that starts inside a DST change.
  for (let i = 0; i < 2; i++) {
    const f = localFields(new Date(guess), timeZone);
    guess += wanted - Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s);
  }
  return new Date(guess);
}

/** The instant local midnight starts day number `day` (days since 1970-01-01). */
export function dayToMidnight(day: number, timeZone: string): Date {
  const d = new Date(day * DAY_MS);
  return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
}

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

export interface MonthWindow {
  /** `2026-12`. */
  key: string;
  start: Date;
  /** The first instant of the next month. */
  end: Date;
}

const months = new Map<string, MonthWindow>();

/** The calendar month holding `at` in the time zone: [start, end). */
export function monthWindow(at: Date, timeZone: string): MonthWindow {
  const t = at.getTime();
  const known = months.get(timeZone);
  if (known && known.start.getTime() <= t && t < known.end.getTime()) return known;
  const f = localFields(at, timeZone);
  const window = Object.freeze({
    key: `${f.y}-${String(f.m).padStart(2, '0')}`,
    start: localMidnight(f.y, f.m, 1, timeZone),
    end: localMidnight(f.y, f.m + 1, 1, timeZone),
  });
  months.set(timeZone, window);
  return window;
}

/** How many of `instants` fall on each local day, as `dayOf` names it; days with none are absent. */
export function tallyByDay(instants: Iterable<Date>, dayOf: (at: Date) => string): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const at of instants) {
    const day = dayOf(at);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  return byDay;
}
