/**
 * /admin/plans (the catalogue, in the order /subscribe shows it) and the form that makes or
 * changes a plan. Once readers subscribe to a plan its price, currency, interval and Stripe
 * price are fixed (the plan service says so, naming the fields); the page says it up front.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, Checkbox, ErrorSummary, Field, PostForm, problemFor, SelectField, Submit } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { ENTITLEMENTS, type Entitlement, formatPlanPrice, type Plan } from '../../subscriptions/index.js';
import type { PlanForm } from '../plan-form.js';

export const ENTITLEMENT_NAMES: Record<Entitlement, string> = {
  web: 'Unlimited reading on the website',
  daily_email: 'The daily email',
  weekly_print: 'The weekly magazine in print',
};

export function PlanListPage(p: { staff: StaffMember; csrf: string; plans: readonly Plan[] }) {
  return (
    <AdminLayout title="Plans" staff={p.staff} csrf={p.csrf} nav="plans">
      <h1>Plans</h1>
      <p class="lede">What readers can subscribe to, in the order the subscribe page shows them. Only active plans are on sale.</p>
      <p>
        <a class="button" href="/admin/plans/new">
          New plan
        </a>
      </p>
      {p.plans.length === 0 ? (
        <p>No plans yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Plans</caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Price</th>
                <th scope="col">Includes</th>
                <th scope="col">Trial</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {p.plans.map((plan) => (
                <tr key={plan.id}>
                  <td>
                    <a href={`/admin/plans/${plan.id}`}>{plan.name}</a> <span class="hint">{plan.slug}</span>
                  </td>
                  <td>{formatPlanPrice(plan)}</td>
                  <td>{plan.entitlements.map((e) => ENTITLEMENT_NAMES[e]).join(', ')}</td>
                  <td>{plan.trialDays === 0 ? 'None' : `${plan.trialDays} days`}</td>
                  <td>{plan.active ? 'On sale' : 'Not on sale'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

export function PlanEditPage(p: {
  staff: StaffMember;
  csrf: string;
  /** Undefined: a new plan. */
  plan?: Plan | undefined;
  form: PlanForm;
  problems: readonly FieldProblem[];
  notice?: string | undefined;
}) {
  const plan = p.plan;
  const f = p.form;
  const title = plan ? `${plan.name} (${plan.interval === 'month' ? 'monthly' : 'yearly'})` : 'New plan';
  const entitlementsError = problemFor(p.problems, 'entitlements');
  return (
    <AdminLayout title={title} staff={p.staff} csrf={p.csrf} nav="plans" notice={p.notice}>
      <p>
        <a href="/admin/plans">All plans</a>
      </p>
      <h1>{title}</h1>
      {plan ? (
        <p class="lede">
          Once readers subscribe, the price, currency, interval and Stripe price stay as they are: to charge differently, make a new plan
          and take this one off sale.
        </p>
      ) : null}
      <ErrorSummary problems={p.problems} />
      <PostForm action={plan ? `/admin/plans/${plan.id}` : '/admin/plans'} csrf={p.csrf} label={title} class="office-form">
        <Field name="name" label="Name" value={f.name} required maxLength={80} problems={p.problems} />
        <Field
          name="slug"
          label="Short name in addresses"
          hint="Lower-case letters, digits and hyphens. Empty: made from the name and the interval."
          value={f.slug}
          maxLength={60}
          problems={p.problems}
        />
        <Field name="description" label="Description" value={f.description} maxLength={500} problems={p.problems} />
        <Field
          name="price"
          label="Price"
          hint="Per interval, such as 15.00."
          value={f.price}
          required
          maxLength={12}
          problems={p.problems}
        />
        <Field
          name="currency"
          label="Currency"
          hint="Three letters, such as usd or eur."
          value={f.currency}
          maxLength={3}
          problems={p.problems}
        />
        <SelectField
          name="interval"
          label="Billed"
          value={f.interval}
          options={[
            { value: 'month', label: 'Monthly' },
            { value: 'year', label: 'Yearly' },
          ]}
          problems={p.problems}
        />
        <Field name="trialDays" label="Free trial (days)" hint="0 for none." value={f.trialDays} maxLength={3} problems={p.problems} />
        <fieldset id="entitlements" class={entitlementsError ? 'field-error' : undefined}>
          <legend>Includes</legend>
          {entitlementsError ? <p class="error-message">{entitlementsError}</p> : null}
          {ENTITLEMENTS.map((e) => (
            <p class="field checkbox" key={e}>
              <input id={`entitlements-${e}`} name="entitlements" type="checkbox" value={e} checked={f.entitlements.includes(e)} />
              <label for={`entitlements-${e}`}>{ENTITLEMENT_NAMES[e]}</label>
            </p>
          ))}
        </fieldset>
        <Field
          name="position"
          label="Order on the subscribe page"
          hint="Smaller first."
          value={f.position}
          maxLength={5}
          problems={p.problems}
        />
        <Field
          name="stripePriceId"
          label="Stripe price"
          hint="A price made in Stripe (price_…) to bill; empty: checkout states the price itself."
          value={f.stripePriceId}
          maxLength={255}
          problems={p.problems}
        />
        <Checkbox name="active" label="On sale" checked={f.active} />
        <Submit>{plan ? 'Save' : 'Create plan'}</Submit>
      </PostForm>
    </AdminLayout>
  );
}
