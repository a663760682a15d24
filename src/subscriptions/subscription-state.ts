/**
 * Where a subscription stands for its reader, in words the account page can say: pure, the
 * clock an argument. Access follows the same dates as the entitlement rules (entitlements.ts):
 * the paid period, the trial, or the grace after a failed payment.
 */
import type { SubscriptionRecord } from './subscription.js';

export type SubscriptionState =
  | { kind: 'active'; renewsAt: Date | null }
  | { kind: 'trial'; until: Date }
  | { kind: 'payment-problem'; until: Date }
  | { kind: 'cancelled'; until: Date }
  | { kind: 'ended'; endedAt: Date | null };

export function subscriptionState(s: SubscriptionRecord, now: Date): SubscriptionState {
  const future = (d: Date | null): d is Date => d !== null && d > now;
  switch (s.status) {
    case 'past_due':
      return future(s.graceUntil) ? { kind: 'payment-problem', until: s.graceUntil } : { kind: 'ended', endedAt: s.graceUntil };
    case 'trialing':
    case 'active': {
      const end = s.status === 'trialing' && future(s.trialEnd) ? s.trialEnd : s.currentPeriodEnd;
      if (s.cancelAtPeriodEnd) return future(end) ? { kind: 'cancelled', until: end } : { kind: 'ended', endedAt: end };
      if (s.status === 'trialing' && future(s.trialEnd)) return { kind: 'trial', until: s.trialEnd };
      return { kind: 'active', renewsAt: s.currentPeriodEnd };
    }
    case 'canceled':
      return { kind: 'ended', endedAt: s.currentPeriodEnd };
    case 'incomplete':
      return { kind: 'ended', endedAt: null };
  }
}

/** Whether the reader can still change it (cancel, update the card). */
export function isLive(state: SubscriptionState): boolean {
  return state.kind === 'active' || state.kind === 'trial' || state.kind === 'payment-problem';
}

/**
 * The one to show, from a reader's subscriptions newest first: the newest that still gives
 * access, else the newest that ever did. Never-paid checkouts (incomplete) are not shown.
 */
export function currentSubscription<S extends SubscriptionRecord>(subs: readonly S[], now: Date): S | undefined {
  const shown = subs.filter((s) => s.status !== 'incomplete');
  return shown.find((s) => subscriptionState(s, now).kind !== 'ended') ?? shown[0];
}
