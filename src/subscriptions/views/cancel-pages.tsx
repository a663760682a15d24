/** The page that asks before a subscription is cancelled: what it means, and one button to confirm. Pure. */
import { formatDate } from '../../views/format.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import type { SubscriptionState } from '../subscription-state.js';
import { DemoNotice } from './checkout-pages.js';

export interface CancelConfirmProps {
  chrome: PageChrome;
  csrf: string;
  subscriptionId: string;
  planName: string;
  state: SubscriptionState;
  timeZone: string;
  demoLabel: string | null;
}

/** Until when a live subscription gives access, if it were cancelled now. */
function accessUntil(state: SubscriptionState): Date | null {
  switch (state.kind) {
    case 'active':
      return state.renewsAt;
    case 'trial':
    case 'payment-problem':
    case 'cancelled':
      return state.until;
    case 'ended':
      return null;
  }
}

export function CancelConfirmPage({ chrome, csrf, subscriptionId, planName, state, timeZone, demoLabel }: CancelConfirmProps) {
  const until = accessUntil(state);
  const date = until ? formatDate(until, timeZone) : null;
  const title =
    state.kind === 'ended' ? 'This subscription has ended' : state.kind === 'cancelled' ? 'Already cancelled' : 'Cancel your subscription?';
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <h1 class="page-title">{title}</h1>
      <DemoNotice label={demoLabel} />
      {state.kind === 'ended' ? (
        <p>
          Your {planName} subscription has ended; there is nothing to cancel. <a href="/subscribe">Subscribe again</a> or go back to{' '}
          <a href="/account#subscription">your account</a>.
        </p>
      ) : state.kind === 'cancelled' ? (
        <p>
          Your {planName} subscription is already cancelled. You keep access until {date}. You can resume it on{' '}
          <a href="/account#subscription">your account page</a> until then.
        </p>
      ) : (
        <>
          <p>
            {date ? `You keep access until ${date}. ` : ''}After that, your {planName} subscription ends and nothing more is charged. You
            can change your mind and resume it until then.
          </p>
          <form method="post" action="/account/subscription/cancel" aria-label="Confirm the cancellation">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="subscription" value={subscriptionId} />
            <p>
              <button type="submit" class="button">
                Yes, cancel my subscription
              </button>
            </p>
          </form>
          <p>
            <a href="/account#subscription">No, keep my subscription</a>
          </p>
        </>
      )}
    </Layout>
  );
}
