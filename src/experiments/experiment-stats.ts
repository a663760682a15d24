/**
 * The statistics of an experiment's result: each arm's conversion (subscriptions started per
 * paywall shown) with a 95 % Wilson score interval, the difference between the arms with
 * Newcombe's hybrid score interval (his method 10, built from the two Wilson intervals), and the
 * plain sentence the screen shows. Pure functions.
 *
 * Sources: E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
 * JASA 22 (1927); R. G. Newcombe, "Interval estimation for the difference between independent
 * proportions: comparison of eleven methods", Statistics in Medicine 17 (1998) 873–890, whose
 * worked examples the tests check.
 */

/** The normal quantile for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson's score interval for `successes` out of `trials` (0 to 1 when there are no trials). */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export interface Difference extends Interval {
  /** pB − pA */
  estimate: number;
}

/**
 * The difference of two proportions (B − A) with Newcombe's hybrid score interval: it stays
 * inside −1…1 and behaves at small counts and at 0 % where the textbook (Wald) interval fails.
 */
export function differenceInterval(
  a: { successes: number; trials: number },
  b: { successes: number; trials: number },
  z = Z95,
): Difference {
  const pA = a.trials > 0 ? a.successes / a.trials : 0;
  const pB = b.trials > 0 ? b.successes / b.trials : 0;
  const wA = wilsonInterval(a.successes, a.trials, z);
  const wB = wilsonInterval(b.successes, b.trials, z);
  const estimate = pB - pA;
  return {
    estimate,
    lower: estimate - Math.sqrt((pB - wB.lower) ** 2 + (wA.upper - pA) ** 2),
    upper: estimate + Math.sqrt((wB.upper - pB) ** 2 + (pA - wA.lower) ** 2),
  };
}

export interface ArmResult {
  paywallViews: number;
  checkouts: number;
  subscriptions: number;
}

export type Verdict =
  | { kind: 'no-data' }
  | { kind: 'significant'; better: 'A' | 'B' }
  /** `moreViews`: paywall views still needed at the rates seen so far; null when the arms convert alike so far. */
  | { kind: 'not-yet'; moreViews: number | null };

/**
 * Whether the difference is significant at 95 % (its interval leaves out 0), and if not, about
 * how many more paywall views (both arms together, split as the experiment splits them) the
 * interval needs to leave 0 out if both rates stay as they are: the n at which z·SE(n) = |pB − pA|,
 * with SE² = pA(1−pA)/(n·sA) + pB(1−pB)/(n·sB).
 */
export function verdictOf(a: ArmResult, b: ArmResult, shareB: number): Verdict {
  if (a.paywallViews === 0 || b.paywallViews === 0) return { kind: 'no-data' };
  const d = differenceInterval(
    { successes: a.subscriptions, trials: a.paywallViews },
    { successes: b.subscriptions, trials: b.paywallViews },
  );
  if (d.lower > 0) return { kind: 'significant', better: 'B' };
  if (d.upper < 0) return { kind: 'significant', better: 'A' };
  const pA = a.subscriptions / a.paywallViews;
  const pB = b.subscriptions / b.paywallViews;
  if (pA === pB) return { kind: 'not-yet', moreViews: null };
  const sB = shareB / 100;
  const sA = 1 - sB;
  const needed = (Z95 * Z95 * ((pA * (1 - pA)) / sA + (pB * (1 - pB)) / sB)) / (pB - pA) ** 2;
  const more = Math.ceil(needed) - (a.paywallViews + b.paywallViews);
  return { kind: 'not-yet', moreViews: Math.max(1, more) };
}

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** The verdict as the screen says it. */
export function verdictSentence(v: Verdict): string {
  switch (v.kind) {
    case 'no-data':
      return 'No result yet: each arm needs paywall views first.';
    case 'significant':
      return v.better === 'B'
        ? 'Arm B converts better: significant at 95 %.'
        : 'Arm A (the current one) converts better: significant at 95 %.';
    case 'not-yet':
      return v.moreViews === null
        ? 'Not significant yet (the arms convert alike so far).'
        : `Not significant yet (about ${whole.format(v.moreViews)} more paywall views needed at this rate).`;
  }
}

/** A share as a percentage for people: "3.1 %". */
export function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)} %`;
}
