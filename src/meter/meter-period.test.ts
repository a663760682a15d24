import { describe, expect, it } from 'vitest';
import { localDayNumber, localMidnight, monthWindow } from '../time/local-time.js';
import { budgetPeriod, currentWindowOf, monthPeriod, newPeriod } from './meter-period.js';

describe('meter periods', () => {
  it('names the calendar month in the paper’s time zone', () => {
    const at = new Date('2026-12-01T03:00:00Z');
    expect(monthPeriod(at, 'UTC').key).toBe('2026-12');
    // Still 30 November in New York.
    expect(monthPeriod(at, 'America/New_York').key).toBe('2026-11');
    expect(monthPeriod(at, 'America/New_York').end.toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(monthPeriod(new Date('2026-12-31T23:59:59Z'), 'UTC').end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('finds local midnight across daylight-saving changes', () => {
    expect(localMidnight(2026, 3, 8, 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(localMidnight(2026, 3, 9, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(localMidnight(2026, 10, 25, 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(localMidnight(2026, 13, 1, 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('remembers the current month and day per zone, and moves on at their ends', () => {
    const ny = 'America/New_York';
    const a = monthWindow(new Date('2026-11-30T12:00:00Z'), ny);
    expect(monthWindow(new Date('2026-12-01T04:59:59Z'), ny)).toBe(a);
    expect(monthWindow(new Date('2026-12-01T05:00:00Z'), ny).key).toBe('2026-12');
    expect(monthWindow(new Date('2026-11-01T03:59:59Z'), ny).key).toBe('2026-10');
    const d = localDayNumber(new Date('2026-12-06T04:59:59Z'), ny);
    expect(localDayNumber(new Date('2026-12-06T05:00:00Z'), ny)).toBe(d + 1);
    expect(localDayNumber(new Date('2026-12-06T04:00:00Z'), ny)).toBe(d);
  });

  it('accepts only a running period of the same policy', () => {
    const at = new Date('2026-12-06T10:00:00Z');
    const month = { kind: 'month' } as const;
    expect(currentWindowOf('2026-12', month, at, 'UTC')?.key).toBe('2026-12');
    expect(currentWindowOf('2026-11', month, at, 'UTC')).toBeNull();
    expect(currentWindowOf('r30-1', month, at, 'UTC')).toBeNull();
    const rolling = { kind: 'rolling', days: 30 } as const;
    const today = localDayNumber(at, 'UTC');
    expect(newPeriod(rolling, at, 'UTC').key).toBe(`r30-${today}`);
    expect(currentWindowOf(`r30-${today - 29}`, rolling, at, 'UTC')?.key).toBe(`r30-${today - 29}`);
    expect(currentWindowOf(`r30-${today - 30}`, rolling, at, 'UTC')).toBeNull();
    expect(currentWindowOf(`r30-${today + 1}`, rolling, at, 'UTC')).toBeNull();
    expect(currentWindowOf(`r7-${today}`, rolling, at, 'UTC')).toBeNull();
    expect(currentWindowOf('2026-12', rolling, at, 'UTC')).toBeNull();
    expect(currentWindowOf(`r30-${today - 3}`, rolling, at, 'UTC')?.end.getTime()).toBe((today + 27) * 86_400_000);
  });

  it('shares fixed budget windows for rolling policies', () => {
    const at = new Date('2026-12-06T10:00:00Z');
    expect(budgetPeriod({ kind: 'month' }, at, 'UTC').key).toBe('2026-12');
    const w = budgetPeriod({ kind: 'rolling', days: 30 }, at, 'UTC');
    expect(w.key).toMatch(/^w30-\d+$/);
    expect(w.end.getTime()).toBeGreaterThan(at.getTime());
    expect(w.end.getTime() - at.getTime()).toBeLessThanOrEqual(30 * 86_400_000);
  });
});
