/**
 * /admin/offers (every offer, newest first, with its terms and whether a reader can use it now),
 * the form that makes one, and an offer's page: its terms (fixed once made: readers may have
 * seen them, and Stripe's coupon is made from them), what it comes to on each plan on sale (an
 * offer is stated in months on every interval: src/subscriptions/offer.ts), its link, and the
 * form that turns it on or off or moves its last day.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, Checkbox, ErrorSummary, Field, PostForm, SelectField, Submit } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import {
  describeOffer,
  formatPlanPrice,
  formatPrice,
  type OfferRecord,
  offerPriceText,
  offerProblemOnPlan,
  type Plan,
} from '../../subscriptions/index.js';
import { lastDayOf, type OfferForm } from '../offer-form.js';

/** "20% off for 3 months", in the currency of the offer's plan (else the first plan's). */
export function offerTerms(o: OfferRecord, plans: readonly Plan[]): string {
  const currency = (plans.find((p) => p.id === o.planId) ?? plans[0])?.currency ?? 'usd';
  return describeOffer(o, (cents) => formatPrice(cents, currency));
}

function status(o: OfferRecord, now: Date): string {
  if (!o.active) return 'Off';
  if (o.expiresAt !== null && o.expiresAt.getTime() <= now.getTime()) return 'Ended';
  return 'On';
}

const planName = (plans: readonly Plan[], id: string | null) => {
  if (id === null) return 'Any plan';
  const p = plans.find((x) => x.id === id);
  return p ? `${p.name}, ${formatPlanPrice(p)}` : 'A plan no longer listed';
};

export function OfferListPage(p: {
  staff: StaffMember;
  csrf: string;
  offers: readonly OfferRecord[];
  plans: readonly Plan[];
  now: Date;
  timeZone: string;
}) {
  return (
    <AdminLayout title="Offers" staff={p.staff} csrf={p.csrf} nav="offers">
      <h1>Offers</h1>
      <p class="lede">Discounts for the first months of a subscription, by code or by link.</p>
      <p>
        <a class="button" href="/admin/offers/new">
          New offer
        </a>
      </p>
      {p.offers.length === 0 ? (
        <p>No offers yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Offers</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Terms</th>
                <th scope="col">Plan</th>
                <th scope="col">Last day</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {p.offers.map((o) => (
                <tr key={o.id}>
                  <td>
                    <a href={`/admin/offers/${o.id}`}>{o.code}</a>
                  </td>
                  <td>{offerTerms(o, p.plans)}</td>
                  <td>{planName(p.plans, o.planId)}</td>
                  <td>{lastDayOf(o.expiresAt, p.timeZone) || 'No end'}</td>
                  <td>{status(o, p.now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

export function OfferNewPage(p: {
  staff: StaffMember;
  csrf: string;
  form: OfferForm;
  problems: readonly FieldProblem[];
  plans: readonly Plan[];
  timeZone: string;
}) {
  const f = p.form;
  return (
    <AdminLayout title="New offer" staff={p.staff} csrf={p.csrf} nav="offers">
      <p>
        <a href="/admin/offers">All offers</a>
      </p>
      <h1>New offer</h1>
      <p class="lede">An offer’s terms cannot change once it is made: to offer something else, make a new code and turn the old one off.</p>
      <ErrorSummary problems={p.problems} />
      <PostForm action="/admin/offers" csrf={p.csrf} label="New offer" class="office-form">
        <Field
          name="code"
          label="Code"
          hint="What readers type, such as SPRING25."
          value={f.code}
          required
          maxLength={40}
          problems={p.problems}
        />
        <SelectField
          name="kind"
          label="Discount"
          value={f.kind}
          options={[
            { value: 'percent', label: 'A percentage off' },
            { value: 'amount', label: 'An amount off each month' },
          ]}
          problems={p.problems}
        />
        <Field
          name="value"
          label="How much off"
          hint="A percentage (such as 20), or an amount (such as 5.00)."
          value={f.value}
          required
          maxLength={10}
          problems={p.problems}
        />
        <Field
          name="months"
          label="For how many months"
          hint="On a yearly plan the months become money off the first year; 12, 24 or 36 discount whole years."
          value={f.months}
          required
          maxLength={2}
          problems={p.problems}
        />
        <SelectField
          name="planId"
          label="Plan"
          value={f.planId}
          options={[{ value: '', label: 'Any plan' }, ...p.plans.map((x) => ({ value: x.id, label: `${x.name}, ${formatPlanPrice(x)}` }))]}
          problems={p.problems}
        />
        <Field
          name="lastDay"
          label="Last day"
          hint={`YYYY-MM-DD, in the paper’s time zone (${p.timeZone}); empty for no end.`}
          value={f.lastDay}
          maxLength={10}
          problems={p.problems}
        />
        <Checkbox name="active" label="On (readers can use it)" checked={f.active} />
        <Submit>Create offer</Submit>
      </PostForm>
    </AdminLayout>
  );
}

export function OfferPage(p: {
  staff: StaffMember;
  csrf: string;
  offer: OfferRecord;
  form: OfferForm;
  problems: readonly FieldProblem[];
  plans: readonly Plan[];
  link: string;
  now: Date;
  timeZone: string;
  notice?: string | undefined;
}) {
  const o = p.offer;
  const onSale = p.plans.filter((x) => x.active);
  return (
    <AdminLayout title={`Offer ${o.code}`} staff={p.staff} csrf={p.csrf} nav="offers" notice={p.notice}>
      <p>
        <a href="/admin/offers">All offers</a>
      </p>
      <h1>Offer {o.code}</h1>
      <p class="lede">
        {offerTerms(o, p.plans)},{' '}
        {planName(p.plans, o.planId).toLowerCase() === 'any plan' ? 'on any plan' : `on ${planName(p.plans, o.planId)}`}.{' '}
        {status(o, p.now) === 'On' ? 'Readers can use it now.' : 'Readers cannot use it now.'}
      </p>
      <p>
        Link for readers: <a href={p.link}>{p.link}</a>
      </p>
      <section aria-labelledby="plans-title">
        <h2 id="plans-title">On each plan on sale</h2>
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">What the offer comes to on each plan</caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">With the offer</th>
              </tr>
            </thead>
            <tbody>
              {onSale.map((plan) => {
                const problem = offerProblemOnPlan({ ...o, active: true, expiresAt: null }, plan, p.now);
                const text = problem ?? offerPriceText(o, plan, (cents) => formatPrice(cents, plan.currency));
                return (
                  <tr key={plan.id}>
                    <td>
                      {plan.name}, {formatPlanPrice(plan)}
                    </td>
                    <td>{text}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <h2>Availability</h2>
      <p>The terms above never change. Turn the offer off, or move its last day.</p>
      <ErrorSummary problems={p.problems} />
      <PostForm action={`/admin/offers/${o.id}`} csrf={p.csrf} label={`Availability of ${o.code}`} class="office-form">
        <Checkbox name="active" label="On (readers can use it)" checked={p.form.active} />
        <Field
          name="lastDay"
          label="Last day"
          hint={`YYYY-MM-DD, in the paper’s time zone (${p.timeZone}); empty for no end.`}
          value={p.form.lastDay}
          maxLength={10}
          problems={p.problems}
        />
        <Submit>Save</Submit>
      </PostForm>
    </AdminLayout>
  );
}
