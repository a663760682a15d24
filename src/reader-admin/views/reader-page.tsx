/**
 * /admin/readers/:id: who the reader is, what they may read now and why (the entitlement
 * service's reasons, and what a paused subscription holds back: the printed magazine), their
 * subscriptions and where each stands (a pause of payment collection: until when, since when),
 * the emails the paper sent them, the refunds of their payments, and the actions: comp a plan,
 * cancel a subscription, refund its last payment, send a fresh link, download their data, close
 * the account. Plain forms; the ones that end something or move money ask for a tick first.
 */
import type { ComponentChildren } from 'preact';
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, Field, PostForm, SelectField, Submit } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { type EntitlementSource, formatPrice, type Plan } from '../../subscriptions/index.js';
import { formatDate, formatDateTime } from '../../views/format.js';
import { type ReaderRecord, standingOf } from '../reader-office-service.js';
import { Confirm } from './confirm-box.js';
import { PauseNotes, pauseUntil, withheldLine } from './reader-pause.js';
import { REFUND_FORMS, type RefundForm, RefundFormFor, RefundsTable, refundedOf } from './reader-refunds.js';

const SOURCE_WORDS: Record<EntitlementSource, string> = {
  plan: 'Subscription',
  trial: 'Trial',
  grace: 'Grace period after a failed payment',
  group: 'Group licence',
  gift: 'Gift',
};

const ENTITLEMENT_WORDS: Record<string, string> = {
  web: 'Every story on the website',
  daily_email: 'The daily email',
  weekly_print: 'The printed weekly',
};

const EMAIL_WORDS: Record<string, string> = {
  welcome: 'Welcome to the subscription',
  cancelled: 'Subscription cancelled',
  'renewal-reminder': 'Renewal reminder',
  'payment-failed': 'Payment failed',
  'gift-redeemed': 'Gift redeemed',
  'gift-code': 'Gift code',
  'gift-receipt': 'Gift receipt',
  signin: 'Sign-in link',
  verify: 'Confirm your address',
  reset: 'Password reset link',
  'change-email': 'Change of address link',
  close: 'Close your account link',
};

function Section(p: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={p.id}>
      <h2 id={p.id}>{p.title}</h2>
      {p.children}
    </section>
  );
}

export function ReaderPage(p: {
  staff: StaffMember;
  csrf: string;
  record: ReaderRecord;
  plans: readonly Plan[];
  problems: readonly FieldProblem[];
  comp: { plan: string; until: string };
  /** The refund form that was sent, when it comes back with problems. */
  refund?: RefundForm | undefined;
  /** A fresh key for the refund forms: a double submit sends the same one. */
  idempotencyKey: string;
  notice?: string | undefined;
  now: Date;
  timeZone: string;
}) {
  const { reader, subscriptions, access, memberships, emails, linkSends, refunds } = p.record;
  const planNames = new Map<string, string>(subscriptions.map((x) => [x.subscription.id, x.planName]));
  const refundable = subscriptions
    .filter((x) => x.subscription.provider !== 'comp' && x.subscription.status !== 'incomplete')
    .slice(0, REFUND_FORMS);
  const tz = p.timeZone;
  const base = `/admin/readers/${reader.id}`;
  const closed = reader.closedAt !== null;
  const live = subscriptions.filter((s) => s.state.kind !== 'ended' && s.subscription.status !== 'incomplete');
  const title = reader.name ? `${reader.name} (${reader.email})` : reader.email;
  return (
    <AdminLayout title={reader.email} staff={p.staff} csrf={p.csrf} nav="readers" notice={p.notice}>
      <p>
        <a href="/admin/readers">All readers</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary problems={p.problems} />
      <dl class="facts">
        <dt>Address</dt>
        <dd>{reader.emailVerifiedAt ? `Confirmed ${formatDate(reader.emailVerifiedAt, tz)}` : 'Not confirmed'}</dd>
        <dt>Joined</dt>
        <dd>{formatDate(reader.createdAt, tz)}</dd>
        {reader.importedAt ? (
          <>
            <dt>Imported</dt>
            <dd>{formatDate(reader.importedAt, tz)}</dd>
          </>
        ) : null}
        {reader.company ? (
          <>
            <dt>Company</dt>
            <dd>{reader.company}</dd>
          </>
        ) : null}
        {closed && reader.closedAt ? (
          <>
            <dt>Closed</dt>
            <dd>{formatDate(reader.closedAt, tz)}</dd>
          </>
        ) : null}
      </dl>

      <Section id="access" title="What they may read now">
        {access.reasons.length === 0 && memberships.length === 0 && access.withheld.length === 0 ? (
          <p>Only what the meter allows a registered reader: no subscription, gift or group licence gives them anything now.</p>
        ) : (
          <ul>
            {access.reasons.map((r) => (
              <li key={`${r.entitlement}-${r.source}-${r.detail}`}>
                <strong>{ENTITLEMENT_WORDS[r.entitlement] ?? r.entitlement}</strong>: {SOURCE_WORDS[r.source]} ({r.detail})
              </li>
            ))}
            {memberships.map((m) => (
              <li key={m.organisation}>
                <strong>{ENTITLEMENT_WORDS.web}</strong>: {SOURCE_WORDS.group} ({m.organisation}, a seat held since{' '}
                {formatDate(new Date(m.joinedAt), tz)}, while the licence lasts and their address is at its domain)
              </li>
            ))}
            {access.withheld.map((w) => (
              <li key={`withheld-${w.entitlement}-${w.subscriptionId}`} class="withheld">
                <strong>{ENTITLEMENT_WORDS[w.entitlement] ?? w.entitlement}</strong>: {withheldLine(w, tz)}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="subscriptions" title="Subscriptions">
        {subscriptions.length === 0 ? (
          <p>None.</p>
        ) : (
          <div class="table-wrap">
            <table class="admin-table stack">
              <caption class="visually-hidden">Subscriptions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Plan</th>
                  <th scope="col">Standing</th>
                  <th scope="col">Started</th>
                  <th scope="col">Until</th>
                  <th scope="col">Billed by</th>
                  <th scope="col">Refunded</th>
                </tr>
              </thead>
              <tbody>
                {subscriptions.map(({ subscription: s, planName, state, pause }) => (
                  <tr key={s.id}>
                    <td data-label="Plan">{planName}</td>
                    <td data-label="Standing">{s.status === 'incomplete' ? 'checkout not finished' : standingOf(s, state, pause)}</td>
                    <td data-label="Started">{formatDate(s.createdAt, tz)}</td>
                    <td data-label="Until">
                      {pause ? `Paused ${pauseUntil(pause, tz)}. ` : ''}
                      {untilOf(state, tz, s.provider === 'comp')}
                    </td>
                    <td data-label="Billed by">
                      {s.provider === 'comp' ? 'Nobody (complimentary)' : s.provider === 'stripe' ? 'Stripe' : 'Demo payments'}
                    </td>
                    <td data-label="Refunded">
                      {refundedOf(refunds, s.id) > 0 ? formatPrice(refundedOf(refunds, s.id), s.currency ?? 'usd') : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PauseNotes paused={subscriptions} withheld={access.withheld} timeZone={tz} />
        {closed
          ? null
          : live.map(({ subscription: s, planName }) => (
              <PostForm key={s.id} action={`${base}/subscriptions/${s.id}/cancel`} csrf={p.csrf} label={`Cancel ${planName}`} class="panel">
                {s.cancelAtPeriodEnd || s.currentPeriodEnd === null ? (
                  // Already ending (or a comp with no end): only "now" is left to choose.
                  <>
                    <h3>End {planName} now</h3>
                    <p>It ends today{s.provider === 'comp' ? ', and with it the access it gives' : ' and nothing more is charged'}.</p>
                    <input type="hidden" name="when" value="now" />
                  </>
                ) : (
                  <fieldset>
                    <legend>Cancel {planName}</legend>
                    <p class="field checkbox">
                      <input id={`when-end-${s.id}`} name="when" type="radio" value="period-end" checked />
                      <label for={`when-end-${s.id}`}>At the end of the period: it renews no more</label>
                    </p>
                    <p class="field checkbox">
                      <input id={`when-now-${s.id}`} name="when" type="radio" value="now" />
                      <label for={`when-now-${s.id}`}>Now: access ends at once and nothing more is charged</label>
                    </p>
                  </fieldset>
                )}
                <Confirm id={`confirm-${s.id}`} label={`Yes, cancel ${planName}`} problems={p.problems} />
                <Submit kind="danger">
                  {s.cancelAtPeriodEnd || s.currentPeriodEnd === null ? `End ${planName} now` : 'Cancel the subscription'}
                </Submit>
              </PostForm>
            ))}
      </Section>

      <Section id="refunds" title="Refunds">
        <RefundsTable refunds={refunds} planNames={planNames} timeZone={tz} />
        {refundable.map(({ subscription: s, planName, state }) => (
          <RefundFormFor
            key={s.id}
            base={base}
            csrf={p.csrf}
            subscription={s}
            planName={planName}
            ended={state.kind === 'ended' || s.status === 'canceled'}
            demo={s.provider === 'demo'}
            form={p.refund}
            idempotencyKey={p.idempotencyKey}
            problems={p.problems}
          />
        ))}
      </Section>

      {closed ? null : (
        <Section id="comp" title="Comp a subscription">
          <p>Give a plan billed by nobody. It ends after the last day (in {tz} time), or runs until cancelled here.</p>
          <PostForm action={`${base}/comp`} csrf={p.csrf} label="Comp a subscription">
            <SelectField
              name="plan"
              label="Plan"
              value={p.comp.plan}
              options={[
                { value: '', label: 'Choose a plan' },
                ...p.plans.map((x) => ({ value: x.id, label: x.name + (x.interval === 'year' ? ' (yearly)' : ' (monthly)') })),
              ]}
              problems={p.problems}
            />
            <Field
              name="until"
              label="Last day"
              hint="YYYY-MM-DD; empty for no end"
              value={p.comp.until}
              maxLength={10}
              problems={p.problems}
            />
            <Submit>Comp the subscription</Submit>
          </PostForm>
        </Section>
      )}

      <Section id="emails" title="Emails the paper sent">
        <p>
          Links and confirmations this hour: {linkSends.sent} of {linkSends.max} (the limit per address, whoever asks).
        </p>
        {emails.length === 0 ? (
          <p>None on record. Emailed links are kept only until they expire.</p>
        ) : (
          <div class="table-wrap">
            <table class="admin-table stack">
              <caption class="visually-hidden">Emails sent, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {emails.map((e) => (
                  <tr key={`${e.ledger}-${e.what}-${e.at.getTime()}`}>
                    <td data-label="When">{formatDateTime(e.at, tz)}</td>
                    <td data-label="Email">{e.ledger === 'daily' ? `Daily email of ${e.what}` : (EMAIL_WORDS[e.what] ?? e.what)}</td>
                    <td data-label="Status">{e.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {closed ? null : (
          <PostForm action={`${base}/link`} csrf={p.csrf} label="Send a link">
            <Submit kind="secondary">{reader.emailVerifiedAt ? 'Email them a sign-in link' : 'Email the confirmation link again'}</Submit>
          </PostForm>
        )}
      </Section>

      {closed ? null : (
        <>
          <Section id="data" title="Their data">
            <p>Everything the paper holds about them, as the reader downloads it from their account page (JSON).</p>
            <PostForm action={`${base}/export`} csrf={p.csrf} label="Download their data">
              <Submit kind="secondary">Download their data</Submit>
            </PostForm>
          </Section>
          <Section id="close" title="Close the account">
            <p>
              Their live subscriptions are cancelled now, gifts and gift links lose their personal data, and the address and name are
              erased. This cannot be undone.
            </p>
            <PostForm action={`${base}/close`} csrf={p.csrf} label="Close the account">
              <Confirm id="close-confirm" label={`Yes, close the account of ${reader.email}`} problems={p.problems} />
              <Submit kind="danger">Close the account</Submit>
            </PostForm>
          </Section>
        </>
      )}
    </AdminLayout>
  );
}

function untilOf(state: ReaderRecord['subscriptions'][number]['state'], tz: string, comp: boolean): string {
  switch (state.kind) {
    case 'active':
      return state.renewsAt ? `Renews ${formatDate(state.renewsAt, tz)}` : 'No end';
    case 'trial':
      return `Trial until ${formatDate(state.until, tz)}`;
    case 'payment-problem':
      return `Grace until ${formatDate(state.until, tz)}`;
    case 'cancelled':
      // A comp is given "until a last day": its access ends at the next midnight.
      return comp ? `Last day ${formatDate(new Date(state.until.getTime() - 1), tz)}` : `Ends ${formatDate(state.until, tz)}`;
    case 'ended':
      return state.endedAt ? `Ended ${formatDate(state.endedAt, tz)}` : 'Ended';
  }
}
