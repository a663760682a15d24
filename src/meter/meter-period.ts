/**
 * Meter periods in the paper's time zone (`MASTHEAD_TIMEZONE` decides what "this month"
 * means). A calendar-month period is the same for everyone (`2026-12`); a rolling period
 * of N days starts with a reader's first counted article (`r30-20790`: 30 days from local day
 * 20790). Pure: the instant is an argument.
 */
import { dayToMidnight, localDayNumber, monthWindow } from '../time/local-time.js';
import type { MeterPeriod } from './meter-policy.js';

export interface PeriodWindow {
  key: string;
  /** The first instant after the period. */
  end: Date;
}

export function monthPeriod(at: Date, timeZone: string): PeriodWindow {
  const m = monthWindow(at, timeZone);
  return { key: m.key, end: m.end };
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
