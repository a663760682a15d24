/** The subscription section of /account: plan, where it stands, and what the reader can do. Pure. */
import { formatDate } from '../../views/format.js';
import { formatPlanPrice, type Plan } from '../plan.js';
import type { SubscriptionPause, SubscriptionRecord } from '../subscription.js';
import { isLive, type SubscriptionState } from '../subscription-state.js';

export interface SubscriptionPanelProps {
  /** Undefined: the reader has never subscribed. */
  current:
    | {
        subscription: SubscriptionRecord;
        plan: Plan;
        state: SubscriptionState;
        /** Payment collection paused now (Stripe's `pause_collection`); null or absent: not paused. */
        pause?: SubscriptionPause | null | undefined;
      }
    | undefined;
  timeZone: string;
  csrf: string;
}

/**
 * A paused subscription (still active at the provider) says so, and until when when the provider
 * gave a date; the printed magazine is named only for a plan that has it. Any other state (a
 * cancellation at the period's end, a failed payment) says its own line: it decides what happens next.
 */
function pausedLine(pause: SubscriptionPause, plan: Plan, date: (d: Date) => string): { status: string; when: string } {
  const print = plan.entitlements.includes('weekly_print') ? ' and the printed magazine is not mailed to you' : '';
  return pause.resumesAt
    ? {
        status: `Paused until ${date(pause.resumesAt)}`,
        when: `No payment is taken while it is paused${print}. It carries on by itself on ${date(pause.resumesAt)}; you keep reading meanwhile.`,
      }
    : {
        status: 'Paused',
        when: `No payment is taken while it is paused${print}, until it is resumed; you keep reading meanwhile.`,
      };
}

function statusLine(state: SubscriptionState, date: (d: Date) => string): { status: string; when: string | null } {
  switch (state.kind) {
    case 'active':
      return { status: 'Active', when: state.renewsAt ? `Renews on ${date(state.renewsAt)}.` : null };
    case 'trial':
      return { status: `Free trial until ${date(state.until)}`, when: `Your first payment is taken on ${date(state.until)}.` };
    case 'payment-problem':
      return {
        status: `Payment problem — access continues until ${date(state.until)}`,
        when: 'Your last payment did not go through. Please update your card so that your subscription carries on.',
      };
    case 'cancelled':
      return { status: `Cancelled — access until ${date(state.until)}`, when: `Ends on ${date(state.until)}; it will not renew.` };
    case 'ended':
      return { status: 'Ended', when: state.endedAt ? `Ended on ${date(state.endedAt)}.` : null };
  }
}

export function SubscriptionPanel({ current, timeZone, csrf }: SubscriptionPanelProps) {
  if (!current) {
    return (
      <div class="subscription-panel">
        <p>
          You have no subscription. <a href="/subscribe">See the plans and subscribe</a>.
        </p>
      </div>
    );
  }
  const { subscription, plan, state } = current;
  const date = (d: Date) => formatDate(d, timeZone);
  const { status, when } = current.pause && state.kind === 'active' ? pausedLine(current.pause, plan, date) : statusLine(state, date);
  return (
    <div class="subscription-panel">
      <p>
        <strong>{plan.name}</strong>, {formatPlanPrice(plan)}
      </p>
      <p class="subscription-status">Status: {status}</p>
      {when ? <p>{when}</p> : null}
      {isLive(state) ? (
        <>
          <form method="post" action="/account/subscription/card" aria-label="Update your card">
            <input type="hidden" name="_csrf" value={csrf} />
            <p>
              <button type="submit" class="button">
                Update your card
              </button>
            </p>
          </form>
          <p>
            <a class="button" href={`/account/subscription/cancel?subscription=${encodeURIComponent(subscription.id)}`}>
              Cancel your subscription
            </a>
          </p>
        </>
      ) : null}
      {state.kind === 'cancelled' ? (
        <form method="post" action="/account/subscription/resume" aria-label="Resume your subscription">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="subscription" value={subscription.id} />
          <p>Changed your mind? Resume it before {formatDate(state.until, timeZone)} and it renews as before.</p>
          <p>
            <button type="submit" class="button">
              Resume your subscription
            </button>
          </p>
        </form>
      ) : null}
      {state.kind === 'ended' ? (
        <p>
          It can no longer be resumed. <a href="/subscribe">Subscribe again</a>
        </p>
      ) : null}
    </div>
  );
}
