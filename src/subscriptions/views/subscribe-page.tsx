/**
 * /subscribe: the active plans, what each includes, and a button to check out. Pure.
 */
import { Layout, type PageChrome } from '../../views/layout.js';
import { ENTITLEMENT_LABELS, formatPlanPrice, type Plan } from '../plan.js';

export interface SubscribePageProps {
  chrome: PageChrome;
  plans: Plan[];
  /** The offer code carried by a link (`/subscribe?offer=CODE`), sent on with each form. */
  offerCode: string | null;
  /** Shown above the plans when checkout runs on the demo gateway. */
  demoLabel: string | null;
  /** The form token; this page is never cached, so it may carry one. */
  csrf: string;
}

export function SubscribePage({ chrome, plans, offerCode, demoLabel, csrf }: SubscribePageProps) {
  return (
    <Layout chrome={chrome} title={`Subscribe | ${chrome.site.name}`} canonicalPath="/subscribe">
      <h1 class="page-title">Subscribe to {chrome.site.name}</h1>
      <p class="page-intro">Choose a plan. You can cancel at any time; you keep access until the end of the period you paid for.</p>
      {demoLabel ? (
        <p class="demo-notice" role="note">
          <strong>{demoLabel}.</strong>
        </p>
      ) : null}
      {plans.length === 0 ? <p>No plans are on offer just now.</p> : null}
      <ul class="plans">
        {plans.map((p) => (
          <li key={p.id} class="plan">
            <h2>
              {p.name} <span class="plan-interval">({p.interval === 'month' ? 'monthly' : 'yearly'})</span>
            </h2>
            <p class="plan-price">
              <strong>{formatPlanPrice(p)}</strong>
              {p.trialDays > 0 ? `, first ${p.trialDays} days free` : ''}
            </p>
            {p.description ? <p>{p.description}</p> : null}
            <p id={`includes-${p.slug}`}>Includes:</p>
            <ul aria-labelledby={`includes-${p.slug}`}>
              {p.entitlements.map((e) => (
                <li key={e}>{ENTITLEMENT_LABELS[e]}</li>
              ))}
            </ul>
            <form method="post" action="/checkout">
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="plan" value={p.id} />
              {offerCode ? <input type="hidden" name="offer" value={offerCode} /> : null}
              <button type="submit" class="button">
                Choose {p.name} {p.interval === 'month' ? 'monthly' : 'yearly'}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
