/**
 * /subscribe: the active plans, what each includes, and a button to check out. With an offer
 * code, the plans it applies to show the price before and after; a code that cannot be used says
 * why. Pure.
 */
import { Layout, type PageChrome } from '../../views/layout.js';
import { describeOffer, type OfferOnPage, offerOnPlan, offerPriceText } from '../offer.js';
import { ENTITLEMENT_LABELS, formatPlanPrice, formatPrice, type Plan } from '../plan.js';

export interface SubscribePageProps {
  chrome: PageChrome;
  plans: Plan[];
  /** The offer code typed or carried by a link (`/subscribe?offer=CODE`), checked; null without one. */
  offer: OfferOnPage | null;
  /** Shown above the plans when checkout runs on the demo gateway. */
  demoLabel: string | null;
  /** The form token; this page is never cached, so it may carry one. */
  csrf: string;
  /** Where the reader came from (a same-site path), carried through checkout and back; null: none. */
  returnTo: string | null;
  /** The plan the signed-in reader already subscribes to, if any. */
  current: string | null;
}

function PlanPrice({ plan, offer }: { plan: Plan; offer: OfferOnPage | null }) {
  const money = (cents: number) => formatPrice(cents, plan.currency);
  const trial = plan.trialDays > 0 ? `, first ${plan.trialDays} days free` : '';
  if (!offer?.offer || !offer.planIds.has(plan.id)) {
    return (
      <p class="plan-price">
        <strong>{formatPlanPrice(plan)}</strong>
        {trial}
      </p>
    );
  }
  const o = offer.offer;
  const terms = offerOnPlan(o, plan);
  const first = 'problem' in terms ? plan.priceCents : terms.firstPaymentCents;
  return (
    <>
      <p class="plan-price">
        <span class="visually-hidden">Was </span>
        <s>{money(plan.priceCents)}</s> <span class="visually-hidden">, now </span>
        <strong>{money(first)}</strong> {plan.interval === 'year' ? 'for the first year' : 'a month'}
        {trial}
      </p>
      <p class="plan-offer">
        <strong>
          Offer {o.code}: {describeOffer(o, money)}
        </strong>{' '}
        — {offerPriceText(o, plan, money)}.
      </p>
    </>
  );
}

function OfferNotice({ offer }: { offer: OfferOnPage }) {
  if (offer.problem !== null) {
    return (
      <div class="error-summary" role="alert" id="offer-problem">
        <p>{offer.problem}</p>
      </div>
    );
  }
  const n = offer.planIds.size;
  return (
    <p class="notice" role="status">
      Offer {offer.code} is applied to {n === 1 ? 'the plan' : `the ${n} plans`} marked below.
    </p>
  );
}

/** `/subscribe` with the same offer and way back, for links that must keep both (sign in, apply a code). */
export function subscribePath(p: { offer?: string | null | undefined; returnTo?: string | null | undefined }): string {
  const q = new URLSearchParams();
  if (p.offer) q.set('offer', p.offer);
  if (p.returnTo) q.set('return', p.returnTo);
  const qs = q.toString();
  return qs ? `/subscribe?${qs}` : '/subscribe';
}

export function SubscribePage({ chrome, plans, offer, demoLabel, csrf, returnTo, current }: SubscribePageProps) {
  const typed = offer?.code ?? '';
  const here = subscribePath({ offer: offer?.offer ? offer.code : null, returnTo });
  return (
    <Layout chrome={chrome} title={`Subscribe | ${chrome.site.name}`} canonicalPath="/subscribe" returnPath={here}>
      <h1 class="page-title">Subscribe to {chrome.site.name}</h1>
      <p class="page-intro">Choose a plan. You can cancel at any time; you keep access until the end of the period you paid for.</p>
      {demoLabel ? (
        <p class="demo-notice" role="note">
          <strong>{demoLabel}.</strong> This paper runs a demonstration: no money moves and no card is asked for.
        </p>
      ) : null}
      {current ? (
        <p class="notice" role="status">
          You already subscribe to {current}. <a href="/account#subscription">Manage your subscription on your account page</a>
          {returnTo ? (
            <>
              {' '}
              or <a href={returnTo}>go back to what you were reading</a>
            </>
          ) : null}
          .
        </p>
      ) : null}
      {chrome.signedIn ? null : (
        <p>
          Already have an account? <a href={`/signin?return=${encodeURIComponent(here)}`}>Sign in</a> first, and you come back here.
        </p>
      )}
      {offer ? <OfferNotice offer={offer} /> : null}
      {plans.length === 0 ? <p>No plans are on offer just now.</p> : null}
      <ul class="plans">
        {plans.map((p) => {
          const withOffer = offer?.offer && offer.planIds.has(p.id) ? offer.code : null;
          const notOn = offer?.offer ? offer.notOn.get(p.id) : undefined;
          return (
            <li key={p.id} class="plan">
              <h2>
                {p.name} <span class="plan-interval">({p.interval === 'month' ? 'monthly' : 'yearly'})</span>
              </h2>
              <PlanPrice plan={p} offer={offer} />
              {notOn ? (
                <p class="plan-offer">
                  Offer {offer?.code} does not apply to this plan: {notOn}
                </p>
              ) : null}
              {p.description ? <p>{p.description}</p> : null}
              <p id={`includes-${p.slug}`}>Includes:</p>
              <ul aria-labelledby={`includes-${p.slug}`}>
                {p.entitlements.map((e) => (
                  <li key={e}>{ENTITLEMENT_LABELS[e]}</li>
                ))}
              </ul>
              {p.entitlements.includes('weekly_print') ? <p>We ask where to send the magazine at the next step.</p> : null}
              <form method="post" action="/checkout">
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="plan" value={p.id} />
                {withOffer ? <input type="hidden" name="offer" value={withOffer} /> : null}
                {returnTo ? <input type="hidden" name="return" value={returnTo} /> : null}
                <button type="submit" class="button">
                  Choose {p.name} {p.interval === 'month' ? 'monthly' : 'yearly'}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
      {plans.length > 0 ? (
        <>
          <p>
            <label for="offer-code">Have an offer code?</label>
          </p>
          <form class="search-form" method="get" action="/subscribe">
            <input
              id="offer-code"
              name="offer"
              value={typed}
              maxLength={40}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={offer?.problem ? 'true' : undefined}
              aria-describedby={offer?.problem ? 'offer-problem' : undefined}
            />
            {returnTo ? <input type="hidden" name="return" value={returnTo} /> : null}
            <button type="submit">Apply the code</button>
          </form>
        </>
      ) : null}
      {returnTo ? (
        <p>
          <a href={returnTo}>Back to what you were reading</a>
        </p>
      ) : null}
    </Layout>
  );
}
