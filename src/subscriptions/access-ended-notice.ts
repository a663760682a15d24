/**
 * When a reader's paid access has ended, and whether to tell them: pure, the clock an argument.
 * Access follows the entitlement rules (entitlements.ts): it has ended when the subscription no
 * longer grants anything. Two endings are told: a grace period after a failed payment that ran
 * out (or the provider canceling for not paying), and a canceled subscription reaching the end
 * of what was paid for. A renewal that simply never arrived is not an ending we announce.
 */
import { type SubscriptionFacts, subscriptionGrant } from './entitlements.js';
import type { SubscriptionRecord } from './subscription.js';

export interface AccessEnd {
  reason: 'grace' | 'canceled';
  endedAt: Date;
}

/** An ending older than this is not announced (a deployment meeting old data, or mail down for days). */
export const ACCESS_END_NOTICE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

const facts = (s: SubscriptionRecord): SubscriptionFacts => ({ ...s, planName: '', entitlements: ['web'] });
const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

/** How and when this subscription's paid access ended; null while it lasts (or if it never began). */
export function accessEnd(s: SubscriptionRecord, now: Date): AccessEnd | null {
  if (subscriptionGrant(facts(s), now) !== null) return null;
  const past = (d: Date | null): d is Date => d !== null && d.getTime() <= now.getTime();
  switch (s.status) {
    case 'past_due':
      return past(s.graceUntil) ? { reason: 'grace', endedAt: s.graceUntil } : null;
    case 'canceled':
      // Canceled for not paying: access stopped at the cancellation, or when the grace ran out.
      if (s.graceUntil !== null) return { reason: 'grace', endedAt: earlier(s.graceUntil, s.updatedAt) };
      return { reason: 'canceled', endedAt: past(s.currentPeriodEnd) ? s.currentPeriodEnd : earlier(s.updatedAt, now) };
    case 'active':
    case 'trialing': {
      if (!s.cancelAtPeriodEnd) return null;
      const end = s.status === 'trialing' ? (s.trialEnd ?? s.currentPeriodEnd) : s.currentPeriodEnd;
      return past(end) ? { reason: 'canceled', endedAt: end } : null;
    }
    case 'incomplete':
      return null;
  }
}

export type NoticeDecision =
  | { send: true; end: AccessEnd }
  /** Not sent, and never will be: the subscription is marked as told. */
  | { send: false; why: 'too-late' | 'still-subscribed' | 'no-reader' }
  /** Nothing to tell (yet). */
  | { send: false; why: 'not-ended' };

/**
 * Whether to email the reader that `subscription`'s access ended. Not when another of their
 * subscriptions still grants access (they changed plans), nor when the account is closed, nor
 * about an ending more than a week old.
 */
export function decideAccessEndNotice(input: {
  subscription: SubscriptionRecord;
  others: readonly SubscriptionRecord[];
  readerOpen: boolean;
  now: Date;
}): NoticeDecision {
  const { subscription, now } = input;
  const end = accessEnd(subscription, now);
  if (!end) return { send: false, why: 'not-ended' };
  if (!input.readerOpen) return { send: false, why: 'no-reader' };
  if (input.others.some((o) => o.id !== subscription.id && subscriptionGrant(facts(o), now) !== null))
    return { send: false, why: 'still-subscribed' };
  if (now.getTime() - end.endedAt.getTime() > ACCESS_END_NOTICE_WINDOW_MS) return { send: false, why: 'too-late' };
  return { send: true, end };
}

/** A subscription whose reader was told, that gives access again (a late payment): the next end is told too. */
export function accessIsBack(s: SubscriptionRecord, now: Date): boolean {
  return subscriptionGrant(facts(s), now) !== null;
}
