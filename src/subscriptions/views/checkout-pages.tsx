/**
 * The pages around checkout: success, cancel, and the demo gateway's own checkout, result and
 * portal pages, each of which says plainly that it is a demo. Pure.
 */
import type { ComponentChildren } from 'preact';
import { Layout, type PageChrome } from '../../views/layout.js';
import { formatPlanPrice, type Plan } from '../plan.js';

function Notice({ label }: { label: string }) {
  return (
    <p class="demo-notice" role="note">
      <strong>{label}.</strong>
    </p>
  );
}

function Simple({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <h1 class="page-title">{title}</h1>
      {children}
    </Layout>
  );
}

export function CheckoutSuccessPage({ chrome }: { chrome: PageChrome }) {
  return (
    <Simple chrome={chrome} title="Thank you for subscribing">
      <p>Your payment went through. Your subscription starts now; it can take a minute to show on your account page.</p>
      <p>
        <a href="/account">Go to your account</a> or <a href="/">read today’s paper</a>.
      </p>
    </Simple>
  );
}

export function CheckoutCancelPage({ chrome }: { chrome: PageChrome }) {
  return (
    <Simple chrome={chrome} title="Checkout canceled">
      <p>Nothing was charged. You can choose a plan again whenever you like.</p>
      <p>
        <a href="/subscribe">Back to the plans</a>
      </p>
    </Simple>
  );
}

export interface DemoCheckoutProps {
  chrome: PageChrome;
  label: string;
  sessionId: string;
  plan: Plan;
  email: string;
  /** "SPRING: 20% off for 3 months". */
  offerText: string | null;
  /** What the reader pays with the offer: "$12.00 a month for 3 months, then $15.00 a month". */
  offerPrice: string | null;
  csrf: string;
}

export function DemoCheckoutPage({ chrome, label, sessionId, plan, email, offerText, offerPrice, csrf }: DemoCheckoutProps) {
  return (
    <Simple chrome={chrome} title="Demo checkout">
      <Notice label={label} />
      <p>
        This paper has no payment provider configured, so this page stands in for one. Choose what the payment should do; the rest of the
        paper treats the result exactly as it would a real one.
      </p>
      <dl>
        <dt>Plan</dt>
        <dd>
          {plan.name}, {formatPlanPrice(plan)}
          {plan.trialDays > 0 ? `, first ${plan.trialDays} days free` : ''}
        </dd>
        {offerText ? (
          <>
            <dt>Offer</dt>
            <dd>{offerText}</dd>
            {offerPrice ? (
              <>
                <dt>You pay</dt>
                <dd>{offerPrice}</dd>
              </>
            ) : null}
          </>
        ) : null}
        <dt>Account</dt>
        <dd>{email}</dd>
      </dl>
      <form method="post" action={`/checkout/demo/${sessionId}/complete`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit" class="button">
          Complete the payment (demo)
        </button>
      </form>
      <form method="post" action={`/checkout/demo/${sessionId}/fail`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit" class="button">
          Decline the payment (demo)
        </button>
      </form>
      <p>
        <a href="/checkout/cancel">Cancel and go back</a>
      </p>
    </Simple>
  );
}

export function DemoDeclinedPage({ chrome, label }: { chrome: PageChrome; label: string }) {
  return (
    <Simple chrome={chrome} title="Payment declined">
      <Notice label={label} />
      <p>The demo payment was declined, as you asked. Nothing was charged and no subscription was started.</p>
      <p>
        <a href="/subscribe">Back to the plans</a>
      </p>
    </Simple>
  );
}

export function DemoPortalPage({ chrome, label }: { chrome: PageChrome; label: string }) {
  return (
    <Simple chrome={chrome} title="Billing (demo)">
      <Notice label={label} />
      <p>
        With a real payment provider, this is where you would change your card and see your invoices. In the demo there is no card on file.
      </p>
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </Simple>
  );
}
