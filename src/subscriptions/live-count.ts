/**
 * Live subscriptions counted on write (pure). A subscription's access ends by the clock alone
 * (a trial or a paid period runs out) unless a write changes it first, so "gives access at `now`"
 * is exactly `now < liveUntil(row)` for the instant `liveUntil` computes from the row. Each write
 * stores that instant, the subscription's kind and plan on the row, and moves one count in
 * `subscription_live_counts`, keyed by the UTC day the access ends (live-count-repository.ts). The
 * subscribers "now" are then the counts of the days after today, plus today's few rows read one
 * by one: a few thousand rows at a million readers, never a pass over every subscription.
 *
 * `liveUntil` mirrors the entitlement rules (entitlements.ts: a paid period with the renewal's
 * leeway unless cancelled, a trial, a failed payment's grace, the paid period left after a
 * cancellation) and the dashboard's reference scan (dashboard-repository.ts `liveRowsByScan`);
 * live-count.test.ts holds them equal.
 */
import { RENEWAL_LEEWAY_MS } from './entitlements.js';
import { COMPLIMENTARY } from './subscription.js';

/** The instant standing for "no end": a subscription with no period end gives access until a write ends it. */
export const OPEN_END = new Date(Date.UTC(9999, 11, 31));

/**
 * How a live subscription counts: in a trial, complimentary, paying, or paying for a period whose
 * payment was refunded with access left to its end (it will not renew: no recurring revenue).
 */
export type LiveKind = 'trial' | 'comp' | 'paying' | 'refunded';

/** What of a subscription decides whether and how it counts. */
export interface LiveFacts {
  status: string;
  provider: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  graceUntil: Date | null;
  /** A refund (not failed) was made with access left to the period's end. */
  refundedToPeriodEnd: boolean;
}

/** The instant the subscription stops giving access if nothing is written before; null: it gives none now or later. */
export function liveUntil(s: LiveFacts): Date | null {
  switch (s.status) {
    case 'active':
      if (s.currentPeriodEnd === null) return OPEN_END;
      return s.cancelAtPeriodEnd ? s.currentPeriodEnd : new Date(s.currentPeriodEnd.getTime() + RENEWAL_LEEWAY_MS);
    case 'trialing':
      return s.trialEnd ?? s.currentPeriodEnd ?? OPEN_END;
    case 'past_due':
      return s.graceUntil;
    case 'canceled':
      return s.graceUntil === null ? s.currentPeriodEnd : null;
    default:
      return null;
  }
}

/**
 * How it counts while live. A refund with access to the period's end counts as "refunded" only
 * while the subscription is set not to renew (the refund cancels it; a reader who resumes pays
 * again, and counts as paying).
 */
export function liveKind(s: LiveFacts): LiveKind {
  if (s.status === 'trialing') return 'trial';
  if (s.provider === COMPLIMENTARY) return 'comp';
  if (s.refundedToPeriodEnd && (s.cancelAtPeriodEnd || s.status === 'canceled')) return 'refunded';
  return 'paying';
}

/** The UTC day (YYYY-MM-DD) an access ends on: the count's key. */
export const untilDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The instant the UTC day after `now`'s begins: rows ending before it (and after `now`) are today's, read one by one. */
export function nextUtcDay(now: Date): Date {
  const day = 86_400_000;
  return new Date((Math.floor(now.getTime() / day) + 1) * day);
}

/** A count's key: the day the access ends and how it counts. */
export interface LiveKey {
  until: Date;
  planId: string;
  kind: LiveKind;
}

/** The key a subscription counts under now, or null when it gives no access (now or later). */
export function liveKeyOf(s: LiveFacts & { planId: string }): LiveKey | null {
  const until = liveUntil(s);
  return until === null ? null : { until, planId: s.planId, kind: liveKind(s) };
}

export const sameLiveKey = (a: LiveKey | null, b: LiveKey | null): boolean =>
  a === null || b === null ? a === b : a.until.getTime() === b.until.getTime() && a.planId === b.planId && a.kind === b.kind;
