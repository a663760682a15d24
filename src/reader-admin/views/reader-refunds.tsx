/**
 * The reader page's refunds (src/reader-admin): the table of a reader's refunds and the form that
 * refunds a subscription's last payment (amount in the payment's currency, reason, what happens to
 * their access, a tick, and the idempotency key a double submit sends again).
 */
import { PostForm, problemFor, Submit } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatPrice, type RefundRecord, type SubscriptionRecord } from '../../subscriptions/index.js';
import { formatDateTime } from '../../views/format.js';
import { Confirm } from './confirm-box.js';

/** What was typed in a refund form, shown again with its problems. */
export interface RefundForm {
  subscriptionId: string;
  amount: string;
  reason: string;
  access: 'now' | 'period-end';
  key: string;
}

const REFUND_STATUS_WORDS: Record<RefundRecord['status'], string> = {
  pending: 'pending',
  requires_action: 'waiting for the reader’s bank',
  succeeded: 'refunded',
  failed: 'failed: nothing refunded',
  canceled: 'cancelled: nothing refunded',
};

export const refundedOf = (refunds: readonly RefundRecord[], subscriptionId: string) =>
  refunds
    .filter((r) => r.subscriptionId === subscriptionId && r.status !== 'failed' && r.status !== 'canceled')
    .reduce((sum, r) => sum + r.amountCents, 0);

/** At most this many of a reader's paid subscriptions (newest first) get a refund form. */
export const REFUND_FORMS = 3;

export function RefundFormFor(p: {
  base: string;
  csrf: string;
  subscription: SubscriptionRecord;
  planName: string;
  ended: boolean;
  demo: boolean;
  form: RefundForm | undefined;
  idempotencyKey: string;
  problems: readonly FieldProblem[];
}) {
  const s = p.subscription;
  const id = (what: string) => `refund-${what}-${s.id}`;
  const mine = p.form?.subscriptionId === s.id ? p.form : undefined;
  const problems = mine ? p.problems : [];
  const amountError = problemFor(problems, id('amount'));
  const reasonError = problemFor(problems, id('reason'));
  const accessError = problemFor(problems, id('access-end'));
  const access = mine?.access ?? 'period-end';
  const currency = s.currency ? s.currency.toUpperCase() : null;
  return (
    <PostForm action={`${p.base}/subscriptions/${s.id}/refund`} csrf={p.csrf} label={`Refund ${p.planName}`} class="panel">
      <h3>Refund {p.planName}</h3>
      <p>
        The last payment goes back the way it came, all of it or part.
        {p.demo ? ' These are demo payments: the refund is recorded here, and no money moves.' : ''}
      </p>
      <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
      <p class={amountError ? 'field field-error' : 'field'}>
        <label for={id('amount')}>Amount{currency ? ` in ${currency}` : ''}</label>
        <span class="hint" id={`${id('amount')}-hint`}>
          Leave it empty to refund all that is left of the last payment.
        </span>
        {amountError ? (
          <span class="error-message" id={`${id('amount')}-error`}>
            {amountError}
          </span>
        ) : null}
        <input
          id={id('amount')}
          name="amount"
          type="text"
          inputMode="decimal"
          maxLength={20}
          value={mine?.amount ?? ''}
          aria-invalid={amountError ? 'true' : undefined}
          aria-describedby={`${id('amount')}-hint${amountError ? ` ${id('amount')}-error` : ''}`}
        />
      </p>
      <p class={reasonError ? 'field field-error' : 'field'}>
        <label for={id('reason')}>Reason</label>
        <span class="hint" id={`${id('reason')}-hint`}>
          Kept with the refund{p.demo ? '' : ' and given to Stripe as its note'}; up to 500 characters.
        </span>
        {reasonError ? (
          <span class="error-message" id={`${id('reason')}-error`}>
            {reasonError}
          </span>
        ) : null}
        <textarea
          id={id('reason')}
          name="reason"
          rows={3}
          maxLength={500}
          aria-invalid={reasonError ? 'true' : undefined}
          aria-describedby={`${id('reason')}-hint${reasonError ? ` ${id('reason')}-error` : ''}`}
        >
          {mine?.reason ?? ''}
        </textarea>
      </p>
      {p.ended ? (
        <>
          <p>The subscription has already ended: the refund does not change their access.</p>
          <input type="hidden" name="access" value="period-end" />
        </>
      ) : (
        <fieldset class={accessError ? 'field-error' : undefined}>
          <legend>Their access</legend>
          {accessError ? <span class="error-message">{accessError}</span> : null}
          <p class="field checkbox">
            <input id={id('access-end')} name="access" type="radio" value="period-end" checked={access === 'period-end'} />
            <label for={id('access-end')}>Continues to the end of the paid period, then the subscription ends</label>
          </p>
          <p class="field checkbox">
            <input id={id('access-now')} name="access" type="radio" value="now" checked={access === 'now'} />
            <label for={id('access-now')}>Ends now: the subscription is cancelled at once</label>
          </p>
        </fieldset>
      )}
      <Confirm id={id('confirm')} label={`Yes, refund ${p.planName}`} problems={problems} />
      <Submit kind="danger">Refund the payment</Submit>
    </PostForm>
  );
}

/** A reader's refunds, newest first, or "None." */
export function RefundsTable(p: { refunds: readonly RefundRecord[]; planNames: ReadonlyMap<string, string>; timeZone: string }) {
  const { refunds, planNames } = p;
  const tz = p.timeZone;
  return refunds.length === 0 ? (
    <p>None.</p>
  ) : (
    <div class="table-wrap">
      <table class="admin-table stack">
        <caption class="visually-hidden">Refunds, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Plan</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Access</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {refunds.map((r) => (
            <tr key={r.id}>
              <td data-label="When">{formatDateTime(r.createdAt, tz)}</td>
              <td data-label="Plan">{planNames.get(r.subscriptionId) ?? 'subscription'}</td>
              <td data-label="Amount">{formatPrice(r.amountCents, r.currency)}</td>
              <td data-label="Status">
                {REFUND_STATUS_WORDS[r.status]}
                {r.provider === 'demo' ? ' (demo: no money moved)' : ''}
              </td>
              <td data-label="Reason">{r.reason || '—'}</td>
              <td data-label="Access">{r.access === 'now' ? 'Ended at once' : r.access === 'period-end' ? 'To the period end' : '—'}</td>
              <td data-label="By">{r.staffName ?? (r.provider === 'stripe' ? 'In Stripe’s dashboard' : '—')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
