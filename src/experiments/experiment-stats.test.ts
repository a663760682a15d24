import { describe, expect, it } from 'vitest';
import { differenceInterval, verdictOf, verdictSentence, wilsonInterval } from './experiment-stats.js';

// Worked examples from R. G. Newcombe, Statistics in Medicine 17 (1998): "Two-sided confidence
// intervals for the single proportion" (Wilson score, no continuity correction, Table I) and
// "Interval estimation for the difference between independent proportions" (method 10, Table II).
describe('wilsonInterval', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → %f to %f', (x, n, lower, upper) => {
    const w = wilsonInterval(x, n);
    expect(w.lower).toBeCloseTo(lower, 4);
    expect(w.upper).toBeCloseTo(upper, 4);
  });

  it('is 0 to 1 without trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });
});

describe('differenceInterval (B − A), Newcombe method 10', () => {
  it.each([
    // [B successes, B trials, A successes, A trials, lower, upper]
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
  ])('%i/%i − %i/%i → %f to %f', (bx, bn, ax, an, lower, upper) => {
    const d = differenceInterval({ successes: ax, trials: an }, { successes: bx, trials: bn });
    expect(d.estimate).toBeCloseTo(bx / bn - ax / an, 10);
    expect(d.lower).toBeCloseTo(lower, 4);
    expect(d.upper).toBeCloseTo(upper, 4);
  });
});

describe('verdictOf', () => {
  const arm = (paywallViews: number, subscriptions: number) => ({ paywallViews, checkouts: subscriptions, subscriptions });

  it('has no result until both arms have paywall views', () => {
    expect(verdictOf(arm(0, 0), arm(100, 3), 50)).toEqual({ kind: 'no-data' });
    expect(verdictSentence({ kind: 'no-data' })).toMatch(/No result yet/);
  });

  it('calls a clear difference significant, either way', () => {
    expect(verdictOf(arm(2000, 40), arm(2000, 90), 50)).toEqual({ kind: 'significant', better: 'B' });
    expect(verdictOf(arm(2000, 90), arm(2000, 40), 50)).toEqual({ kind: 'significant', better: 'A' });
    expect(verdictSentence({ kind: 'significant', better: 'B' })).toBe('Arm B converts better: significant at 95 %.');
  });

  it('says how many more paywall views a small difference needs at this rate', () => {
    // 2 % against 3 %, 1,000 views: z²(0.02·0.98/0.5 + 0.03·0.97/0.5)/0.01² = 3,741.6 views in all.
    const v = verdictOf(arm(500, 10), arm(500, 15), 50);
    expect(v).toEqual({ kind: 'not-yet', moreViews: 3742 - 1000 });
    expect(verdictSentence(v)).toBe('Not significant yet (about 2,742 more paywall views needed at this rate).');
  });

  it('does not guess a number when the arms convert alike', () => {
    const v = verdictOf(arm(500, 10), arm(400, 8), 50);
    expect(v).toEqual({ kind: 'not-yet', moreViews: null });
    expect(verdictSentence(v)).toMatch(/alike/);
  });

  it('and the needed views follow an uneven split', () => {
    const even = verdictOf(arm(500, 10), arm(500, 15), 50);
    const uneven = verdictOf(arm(500, 10), arm(500, 15), 10);
    expect(even.kind === 'not-yet' && uneven.kind === 'not-yet' && (uneven.moreViews ?? 0) > (even.moreViews ?? 0)).toBe(true);
  });
});
