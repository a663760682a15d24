/**
 * The gift pages: /gift (choose a plan, months and recipient), its thank-you and cancel pages,
 * and /gift/redeem. Pure.
 */
import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../http/app-error.js';
import { ErrorSummary, problemFor } from '../../views/form-parts.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import type { CheckoutAddress } from '../checkout-address.js';
import { GIFT_MESSAGE_MAX, giftMonthsFor, giftQuote, monthsLabel } from '../gift.js';
import { ENTITLEMENT_LABELS, formatPlanPrice, formatPrice, type Plan } from '../plan.js';
import { AddressFields } from './checkout-pages.js';

/** The shell of every gift page. */
export function GiftLayout({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <h1 class="page-title">{title}</h1>
      {children}
    </Layout>
  );
}

export function DemoNotice({ label }: { label: string | null }) {
  return label ? (
    <p class="demo-notice" role="note">
      <strong>{label}.</strong> This site is a demonstration: no money moves.
    </p>
  ) : null;
}

function ErrorLine({ problems, field }: { problems: readonly FieldProblem[]; field: string }) {
  const message = problemFor(problems, field);
  return message ? (
    <span class="error-message" id={`${field}-error`}>
      {message}
    </span>
  ) : null;
}

/** "Digital (monthly)". */
export const planLabel = (p: Plan) => `${p.name} (${p.interval === 'month' ? 'monthly' : 'yearly'})`;

export interface GiftFormValues {
  plan: string;
  months: string;
  recipient: string;
  message: string;
}

export interface GiftPageProps {
  chrome: PageChrome;
  plans: Plan[];
  /** The signed-in purchaser; null shows the way to sign in instead of the form. */
  purchaserEmail: string | null;
  csrf: string;
  demoLabel: string | null;
  problems: readonly FieldProblem[];
  values: GiftFormValues;
}

export function GiftPage({ chrome, plans, purchaserEmail, csrf, demoLabel, problems, values }: GiftPageProps) {
  const invalid = (field: string) =>
    problemFor(problems, field) ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${field}-error` } : {};
  return (
    <GiftLayout chrome={chrome} title={`Give ${chrome.site.name}`}>
      <p class="page-intro">
        Give someone months of {chrome.site.name}. You pay once; nothing renews. We email them a code, and the months start when they redeem
        it into their own account.
      </p>
      <DemoNotice label={demoLabel} />
      <h2>What you can give</h2>
      <ul class="plans">
        {plans.map((p) => (
          <li key={p.id} class="plan">
            <strong>{planLabel(p)}</strong>, {formatPlanPrice(p)}: {p.entitlements.map((e) => ENTITLEMENT_LABELS[e]).join('; ')}.
            <br />
            As a gift:{' '}
            {giftMonthsFor(p)
              .map((m) => {
                const q = giftQuote(p, m);
                return 'amountCents' in q ? `${monthsLabel(m)} ${formatPrice(q.amountCents, p.currency)}` : '';
              })
              .join(', ')}
            .
          </li>
        ))}
      </ul>
      {purchaserEmail === null ? (
        <p>
          To buy a gift, please <a href="/signin?return=%2Fgift">sign in or make a free account</a> first: your receipt and the billing
          record stay with your account, and from there you can send the code again if it goes astray.
        </p>
      ) : (
        <>
          <ErrorSummary problems={problems} />
          <form method="post" action="/gift" aria-label="Buy a gift">
            <input type="hidden" name="_csrf" value={csrf} />
            <p class="field">
              <label for="plan">Plan</label>
              <ErrorLine problems={problems} field="plan" />
              <select id="plan" name="plan" required {...invalid('plan')}>
                {plans.map((p) => (
                  <option key={p.id} value={p.id} selected={values.plan === p.id}>
                    {planLabel(p)}
                  </option>
                ))}
              </select>
            </p>
            <p class="field">
              <label for="months">How long</label>
              <span class="hint">A yearly plan is given for 12 months.</span>
              <ErrorLine problems={problems} field="months" />
              <select id="months" name="months" required {...invalid('months')}>
                {[1, 3, 6, 12].map((m) => (
                  <option key={m} value={String(m)} selected={values.months === String(m)}>
                    {monthsLabel(m)}
                  </option>
                ))}
              </select>
            </p>
            <p class="field">
              <label for="recipient">Their email address</label>
              <ErrorLine problems={problems} field="recipient" />
              <input
                id="recipient"
                name="recipient"
                type="email"
                value={values.recipient}
                required
                maxLength={254}
                {...invalid('recipient')}
              />
            </p>
            <p class="field">
              <label for="message">A message for them (optional)</label>
              <span class="hint">Up to {GIFT_MESSAGE_MAX} characters, sent with the code.</span>
              <ErrorLine problems={problems} field="message" />
              <textarea id="message" name="message" rows={4} maxLength={GIFT_MESSAGE_MAX} {...invalid('message')}>
                {values.message}
              </textarea>
            </p>
            <p>
              Your receipt goes to <strong>{purchaserEmail}</strong>, the address of your account.
            </p>
            <p>
              <button type="submit" class="button">
                Continue to payment
              </button>
            </p>
          </form>
        </>
      )}
      <p>
        Been given a code? <a href="/gift/redeem">Redeem it here</a>.
      </p>
    </GiftLayout>
  );
}

export function GiftThanksPage({ chrome, demoLabel }: { chrome: PageChrome; demoLabel: string | null }) {
  return (
    <GiftLayout chrome={chrome} title="Thank you for your gift">
      <DemoNotice label={demoLabel} />
      <p>Your payment went through. We are emailing the gift code to its recipient and a receipt to you; it can take a minute to arrive.</p>
      <p>
        <a href="/account">Go to your account</a> or <a href="/">read today’s paper</a>.
      </p>
    </GiftLayout>
  );
}

export function GiftCancelPage({ chrome }: { chrome: PageChrome }) {
  return (
    <GiftLayout chrome={chrome} title="Gift checkout canceled">
      <p>Nothing was charged and no gift was sent.</p>
      <p>
        <a href="/gift">Back to gifts</a>
      </p>
    </GiftLayout>
  );
}

export interface RedeemPageProps {
  chrome: PageChrome;
  /** Null: not signed in; the page offers sign-in, returning here with the code. */
  csrf: string | null;
  code: string;
  problems: readonly FieldProblem[];
  demoLabel: string | null;
  /** A gift with the printed magazine and no address yet: the address fields, in the same form. */
  address?: { values: CheckoutAddress; problems: readonly FieldProblem[] } | undefined;
}

export function RedeemPage({ chrome, csrf, code, problems, demoLabel, address }: RedeemPageProps) {
  const back = encodeURIComponent(`/gift/redeem${code ? `?code=${encodeURIComponent(code)}` : ''}`);
  const error = problemFor(problems, 'code');
  return (
    <GiftLayout chrome={chrome} title="Redeem a gift">
      <DemoNotice label={demoLabel} />
      <p class="page-intro">Enter the code from your gift email. The gift starts today, in your own account.</p>
      {csrf === null ? (
        <p>
          Please <a href={`/signin?return=${back}`}>sign in</a>, or <a href={`/signup?return=${back}`}>make a free account</a>, first. You
          will come back here with your code.
        </p>
      ) : (
        <>
          {address ? (
            <div class="error-summary" role="alert">
              <p>This gift includes the printed magazine: where should we send it? We save the address to your account.</p>
            </div>
          ) : (
            <ErrorSummary problems={problems} />
          )}
          <form method="post" action="/gift/redeem" aria-label="Redeem a gift">
            <input type="hidden" name="_csrf" value={csrf} />
            {address ? (
              <>
                <input type="hidden" name="step" value="address" />
                <AddressFields values={address.values} problems={address.problems} />
              </>
            ) : null}
            <p class={error ? 'field field-error' : 'field'}>
              <label for="code">Gift code</label>
              <span class="hint">Like 7KQ2-M9XD-4HRT-0WZP. Capitals, spaces and hyphens do not matter.</span>
              <ErrorLine problems={problems} field="code" />
              <input
                id="code"
                name="code"
                type="text"
                value={code}
                required
                maxLength={64}
                autocomplete="off"
                spellcheck={false}
                aria-invalid={error ? 'true' : undefined}
              />
            </p>
            <p>
              <button type="submit" class="button">
                Redeem
              </button>
            </p>
          </form>
        </>
      )}
    </GiftLayout>
  );
}

export interface GiftRedeemedProps {
  chrome: PageChrome;
  planName: string;
  duration: string;
  until: string;
  includes: string[];
}

/** After a code is redeemed: what the reader got, until when, and where to start. */
export function GiftRedeemedPage({ chrome, planName, duration, until, includes }: GiftRedeemedProps) {
  return (
    <GiftLayout chrome={chrome} title="Your gift is redeemed">
      <p>
        You have {duration} of {planName}, until {until}. It is in your account now; nothing is charged and nothing renews.
      </p>
      {includes.length > 0 ? (
        <>
          <p>It includes:</p>
          <ul>
            {includes.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a class="button" href="/">
          Start reading
        </a>
      </p>
      <p>
        <a href="/account#subscription">See it on your account page</a>
      </p>
    </GiftLayout>
  );
}
