/** The subscription section of /account: plan, where it stands, and what the reader can do. Pure. */
import { formatDate } from '../../views/format.js';
import { formatPlanPrice, type Plan } from '../plan.js';
import type { SubscriptionRecord } from '../subscription.js';
import { isLive, type SubscriptionState } from '../subscription-state.js';

export interface SubscriptionPanelProps {
  /** Undefined: the reader has never subscribed. */
  current: { subscription: SubscriptionRecord; plan: Plan; state: SubscriptionState } | undefined;
  timeZone: string;
  csrf: string;
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
  const { status, when } = statusLine(state, (d) => formatDate(d, timeZone));
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
