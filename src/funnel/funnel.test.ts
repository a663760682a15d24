/** The funnel's pure parts: local days, the report's range, and summing events into counters. */
import { describe, expect, it } from 'vitest';
import {
  aggregateEvents,
  datesBetween,
  type FunnelEvent,
  isCalendarDate,
  localDayFn,
  rangeProblems,
  rate,
  rollUpDaily,
  startOfLocalDay,
} from './funnel.js';

const NY = 'America/New_York';

describe('local days', () => {
  it("names the paper's date, not UTC's, on both sides of local midnight", () => {
    const dayOf = localDayFn(NY);
    expect(dayOf(new Date('2026-12-06T04:59:59.999Z'))).toBe('2026-12-05');
    expect(dayOf(new Date('2026-12-06T05:00:00Z'))).toBe('2026-12-06');
    // Summer time: midnight is 04:00Z.
    expect(dayOf(new Date('2026-07-01T03:59:59Z'))).toBe('2026-06-30');
    expect(dayOf(new Date('2026-07-01T04:00:00Z'))).toBe('2026-07-01');
    expect(localDayFn('Asia/Kathmandu')(new Date('2026-12-05T18:14:59Z'))).toBe('2026-12-05');
    expect(localDayFn('Asia/Kathmandu')(new Date('2026-12-05T18:15:00Z'))).toBe('2026-12-06');
    expect(localDayFn('UTC')(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
  });

  it('keeps the last answer only within one quarter hour', () => {
    const dayOf = localDayFn(NY);
    expect(dayOf(new Date('2026-12-06T04:50:00Z'))).toBe('2026-12-05');
    expect(dayOf(new Date('2026-12-06T05:00:00Z'))).toBe('2026-12-06');
    expect(dayOf(new Date('2026-12-06T04:59:00Z'))).toBe('2026-12-05');
  });

  it('finds the instant a local day starts, across DST changes', () => {
    expect(startOfLocalDay('2026-12-06', NY).toISOString()).toBe('2026-12-06T05:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', NY).toISOString()).toBe('2026-07-01T04:00:00.000Z');
    // The days after the clocks change (8 March and 1 November 2026).
    expect(startOfLocalDay('2026-03-09', NY).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfLocalDay('2026-11-02', NY).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(startOfLocalDay('2026-12-06', 'UTC').toISOString()).toBe('2026-12-06T00:00:00.000Z');
  });
});

describe("a report's range", () => {
  it('lists every date, both ends included, across months and a leap day', () => {
    expect(datesBetween('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(datesBetween('2026-12-31', '2026-12-31')).toEqual(['2026-12-31']);
  });

  it('accepts only calendar dates', () => {
    expect(isCalendarDate('2026-12-06')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });

  it.each([
    ['2026-12-01', '2026-12-31', []],
    ['2026-01-01', '2027-01-01', []],
    ['2026-01-01', '2027-01-02', [{ field: 'querystring.to', message: 'the range may cover at most 366 days' }]],
    ['2026-12-02', '2026-12-01', [{ field: 'querystring.to', message: 'must not be before from (2026-12-02)' }]],
    ['2026-02-30', '2026-12-01', [{ field: 'querystring.from', message: 'must be a calendar date, YYYY-MM-DD' }]],
  ])('from %s to %s', (from, to, problems) => {
    expect(rangeProblems(from, to)).toEqual(problems);
  });
});

describe('summing events', () => {
  it('makes one counter per day, type, period, section and article; null is ""', () => {
    const e = (at: string, over: Partial<FunnelEvent> = {}): FunnelEvent => ({
      type: 'paywall_shown',
      articleId: 'a1',
      sectionId: 's1',
      period: '2026-12',
      at: new Date(at),
      ...over,
    });
    const rows = aggregateEvents(
      [
        e('2026-12-06T04:00:00Z'),
        e('2026-12-06T04:30:00Z'),
        e('2026-12-06T05:30:00Z'),
        e('2026-12-06T05:31:00Z', { type: 'article_counted' }),
        e('2026-12-06T05:32:00Z', { articleId: null, sectionId: null }),
      ],
      localDayFn(NY),
    );
    expect(rows).toEqual([
      { day: '2026-12-05', type: 'paywall_shown', period: '2026-12', sectionId: 's1', articleId: 'a1', count: 2 },
      { day: '2026-12-06', type: 'paywall_shown', period: '2026-12', sectionId: 's1', articleId: 'a1', count: 1 },
      { day: '2026-12-06', type: 'article_counted', period: '2026-12', sectionId: 's1', articleId: 'a1', count: 1 },
      { day: '2026-12-06', type: 'paywall_shown', period: '2026-12', sectionId: '', articleId: '', count: 1 },
    ]);
  });

  it('gives no rate when nothing was shown', () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
  });
});

describe('the daily rollup', () => {
  it('sums counter rows per day, type and section, every story and period together, in key order', () => {
    const row = (day: string, type: string, period: string, sectionId: string, articleId: string, count: number) => ({
      day,
      type,
      period,
      sectionId,
      articleId,
      count,
    });
    expect(
      rollUpDaily([
        row('2026-12-02', 'paywall_shown', '2026-12', 'news', 'a', 2),
        row('2026-12-01', 'article_counted', '2026-12', 'news', 'a', 5),
        row('2026-12-01', 'article_counted', '2026-11', 'news', 'b', 1),
        row('2026-12-01', 'article_counted', '2026-12', '', '', 4),
      ]),
    ).toEqual([
      { day: '2026-12-01', type: 'article_counted', sectionId: '', count: 4 },
      { day: '2026-12-01', type: 'article_counted', sectionId: 'news', count: 6 },
      { day: '2026-12-02', type: 'paywall_shown', sectionId: 'news', count: 2 },
    ]);
  });
});
