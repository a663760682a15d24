/**
 * The pages around checkout: the postal-address step of a print plan, success, cancel, every
 * "do this first" on the way (each links to where it is done and keeps the way back), and the
 * demo gateway's own checkout, result and portal pages, each of which says plainly that no money
 * moves. Pure.
 */
import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../http/app-error.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import { ADDRESS_FIELDS, ADDRESS_LABELS, type CheckoutAddress } from '../checkout-address.js';
import { formatPlanPrice, type Plan } from '../plan.js';

/** The demo gateway's notice: on every page it shows. */
export function DemoNotice({ label }: { label: string | null }) {
  return label ? (
    <p class="demo-notice" role="note">
      <strong>{label}.</strong> This site is a demonstration: no money moves.
    </p>
  ) : null;
}

function Simple({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <h1 class="page-title">{title}</h1>
      {children}
    </Layout>
  );
}

export interface PageLink {
  href: string;
  text: string;
}

/** A "do this first" or "this cannot be done" page: what happened, and where to go from here. */
export function MoneyProblemPage(p: { chrome: PageChrome; title: string; message: string; links: PageLink[]; demoLabel: string | null }) {
  return (
    <Simple chrome={p.chrome} title={p.title}>
      <DemoNotice label={p.demoLabel} />
      <p>{p.message}</p>
      <ul class="next-steps">
        {p.links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{l.text}</a>
          </li>
        ))}
      </ul>
    </Simple>
  );
}

export interface AddressStepProps {
  chrome: PageChrome;
  plan: Plan;
  offer: string | null;
  returnTo: string | null;
  values: CheckoutAddress;
  problems: readonly FieldProblem[];
  csrf: string;
  demoLabel: string | null;
  backHref: string;
}

/** The postal address fields, each with its problem (the checkout step and the gift redemption share them). */
export function AddressFields({ values, problems }: { values: CheckoutAddress; problems: readonly FieldProblem[] }) {
  const problemOf = (f: string) => problems.find((p) => p.field === f)?.message;
  return (
    <>
      {ADDRESS_FIELDS.map((f) => {
        const message = problemOf(f);
        return (
          <p key={f} class={message ? 'field field-error' : 'field'}>
            <label for={f}>{ADDRESS_LABELS[f]}</label>
            {message ? (
              <span class="error-message" id={`${f}-error`}>
                {message}
              </span>
            ) : null}
            <input
              id={f}
              name={f}
              value={values[f]}
              maxLength={f === 'postcode' ? 20 : 200}
              autocomplete={AUTOCOMPLETE[f]}
              aria-invalid={message ? 'true' : undefined}
              aria-describedby={message ? `${f}-error` : undefined}
            />
          </p>
        );
      })}
    </>
  );
}

/** Checkout, step one for a plan with the printed magazine: where to send it. */
export function AddressStepPage({ chrome, plan, offer, returnTo, values, problems, csrf, demoLabel, backHref }: AddressStepProps) {
  return (
    <Simple chrome={chrome} title="Where should we send the magazine?">
      <DemoNotice label={demoLabel} />
      <p>
        {plan.name} ({formatPlanPrice(plan)}) includes the weekly magazine in print. We save this address to your account; you can change it
        there at any time.
      </p>
      {problems.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">There is a problem</h2>
          <ul>
            {problems.map((p) => (
              <li key={p.field}>
                <a href={`#${p.field}`}>
                  {ADDRESS_LABELS[p.field as keyof CheckoutAddress] ?? p.field}: {p.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/checkout" aria-label="Postal address">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="plan" value={plan.id} />
        <input type="hidden" name="step" value="address" />
        {offer ? <input type="hidden" name="offer" value={offer} /> : null}
        {returnTo ? <input type="hidden" name="return" value={returnTo} /> : null}
        <AddressFields values={values} problems={problems} />
        <p>
          <button type="submit" class="button">
            Save the address and continue to payment
          </button>
        </p>
      </form>
      <p>
        <a href={backHref}>Back to the plans</a>
      </p>
    </Simple>
  );
}

const AUTOCOMPLETE: Record<keyof CheckoutAddress, string> = {
  line1: 'address-line1',
  line2: 'address-line2',
  city: 'address-level2',
  region: 'address-level1',
  postcode: 'postal-code',
  country: 'country-name',
};

export function CheckoutSuccessPage({
  chrome,
  returnTo,
  demoLabel,
}: {
  chrome: PageChrome;
  returnTo: string | null;
  demoLabel: string | null;
}) {
  return (
    <Simple chrome={chrome} title="Thank you for subscribing">
      <DemoNotice label={demoLabel} />
      <p>
        Your subscription starts now: every story is open to you. We are emailing you a receipt. If your account page does not show it yet,
        give it a minute.
      </p>
      {returnTo ? (
        <p>
          <a class="button" href={returnTo}>
            Back to the story
          </a>
        </p>
      ) : (
        <p>
          <a class="button" href="/">
            Start reading
          </a>
        </p>
      )}
      <p>
        <a href="/account#subscription">Your subscription on your account page</a>
      </p>
    </Simple>
  );
}

export function CheckoutCancelPage({ chrome, again, returnTo }: { chrome: PageChrome; again: string; returnTo: string | null }) {
  return (
    <Simple chrome={chrome} title="Checkout canceled">
      <p>Nothing was charged. You can choose a plan again whenever you like.</p>
      <ul class="next-steps">
        <li>
          <a href={again}>Back to the plans</a>
        </li>
        {returnTo ? (
          <li>
            <a href={returnTo}>Back to what you were reading</a>
          </li>
        ) : null}
      </ul>
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
  cancelHref: string;
}

export function DemoCheckoutPage({ chrome, label, sessionId, plan, email, offerText, offerPrice, csrf, cancelHref }: DemoCheckoutProps) {
  return (
    <Simple chrome={chrome} title="Demo checkout">
      <DemoNotice label={label} />
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
        <a href={cancelHref}>Cancel and go back</a>
      </p>
    </Simple>
  );
}

export function DemoDeclinedPage({
  chrome,
  label,
  again,
  returnTo,
}: {
  chrome: PageChrome;
  label: string;
  again: string;
  returnTo: string | null;
}) {
  return (
    <Simple chrome={chrome} title="Payment declined">
      <DemoNotice label={label} />
      <p>The demo payment was declined, as you asked. Nothing was charged and no subscription was started.</p>
      <ul class="next-steps">
        <li>
          <a href={again}>Try again: back to the plans</a>
        </li>
        {returnTo ? (
          <li>
            <a href={returnTo}>Back to what you were reading</a>
          </li>
        ) : null}
      </ul>
    </Simple>
  );
}

export function DemoPortalPage({ chrome, label }: { chrome: PageChrome; label: string }) {
  return (
    <Simple chrome={chrome} title="Billing (demo)">
      <DemoNotice label={label} />
      <p>
        With a real payment provider, this is where you would change your card and see your invoices. In the demo there is no card on file.
      </p>
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </Simple>
  );
}
