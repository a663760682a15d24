/**
 * /admin/gifts (gift subscriptions, newest first, by where each stands, a page at a time) and a
 * gift's page: who bought it for whom, what and for how long, where it stands, and "Send the
 * code again" while it can still be redeemed (a new code: the old one stops working).
 */
import { Fragment } from 'preact';
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, PostForm, Submit } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatPrice, type GiftRecord, type GiftStanding } from '../../subscriptions/index.js';
import { formatDate, formatDateTime } from '../../views/format.js';

export type GiftRow = GiftRecord & { planName: string };

export const STANDING_NAMES: Record<GiftStanding, string> = {
  unredeemed: 'Not redeemed yet',
  redeemed: 'Redeemed',
  expired: 'Expired unredeemed',
  pending: 'Awaiting payment',
  canceled: 'Checkout not completed',
};

/** Where a gift stands at `now`. */
export function standingOf(g: GiftRecord, now: Date): GiftStanding {
  if (g.redeemedBy !== null) return 'redeemed';
  if (g.status === 'pending' || g.status === 'canceled') return g.status;
  return g.expiresAt.getTime() <= now.getTime() ? 'expired' : 'unredeemed';
}

const months = (n: number) => (n === 1 ? '1 month' : `${n} months`);
const paid = (g: GiftRecord) => (g.amountCents !== null && g.currency !== null ? formatPrice(g.amountCents, g.currency) : 'Not recorded');

export function GiftListPage(p: {
  staff: StaffMember;
  csrf: string;
  gifts: readonly GiftRow[];
  standing: GiftStanding | undefined;
  /** The next page's address, when there is one. */
  next: string | undefined;
  now: Date;
  timeZone: string;
}) {
  const filters: { key: GiftStanding | undefined; label: string }[] = [
    { key: undefined, label: 'All' },
    ...(Object.keys(STANDING_NAMES) as GiftStanding[]).map((k) => ({ key: k, label: STANDING_NAMES[k] })),
  ];
  return (
    <AdminLayout title="Gift subscriptions" staff={p.staff} csrf={p.csrf} nav="gifts">
      <h1>Gift subscriptions</h1>
      <p class="lede">Subscriptions readers bought for someone else, newest first.</p>
      <nav aria-label="Show gifts">
        <ul class="actions">
          {filters.map((f) => (
            <li key={f.label}>
              <a href={f.key ? `/admin/gifts?standing=${f.key}` : '/admin/gifts'} aria-current={f.key === p.standing ? 'page' : undefined}>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.gifts.length === 0 ? (
        <p>No gifts here.</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Gift subscriptions{p.standing ? `: ${STANDING_NAMES[p.standing]}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Bought</th>
                <th scope="col">Gift</th>
                <th scope="col">For</th>
                <th scope="col">From</th>
                <th scope="col">Stands</th>
              </tr>
            </thead>
            <tbody>
              {p.gifts.map((g) => (
                <tr key={g.id}>
                  <td>
                    <a href={`/admin/gifts/${g.id}`}>{formatDate(g.createdAt, p.timeZone)}</a>
                  </td>
                  <td>
                    {g.planName}, {months(g.months)}
                  </td>
                  <td>{g.recipientEmail}</td>
                  <td>{g.purchaserEmail}</td>
                  <td>{STANDING_NAMES[standingOf(g, p.now)]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.next ? (
        <p>
          <a href={p.next}>Older gifts</a>
        </p>
      ) : null}
    </AdminLayout>
  );
}

export function GiftPage(p: {
  staff: StaffMember;
  csrf: string;
  gift: GiftRow;
  problems: readonly FieldProblem[];
  notice?: string | undefined;
  now: Date;
  timeZone: string;
}) {
  const g = p.gift;
  const standing = standingOf(g, p.now);
  const rows: [string, string][] = [
    ['Stands', STANDING_NAMES[standing]],
    ['Gift', `${g.planName}, ${months(g.months)}`],
    ['For', g.recipientEmail],
    ['From', g.purchaserEmail],
    ['Paid', paid(g)],
    ['Bought', formatDateTime(g.createdAt, p.timeZone)],
    ['Payment completed', g.paidAt ? formatDateTime(g.paidAt, p.timeZone) : 'Not yet'],
    ['Can be redeemed until', g.status === 'paid' ? formatDateTime(g.expiresAt, p.timeZone) : 'Once paid'],
    ['Redeemed', g.redeemedAt ? formatDateTime(g.redeemedAt, p.timeZone) : 'Not yet'],
  ];
  return (
    <AdminLayout title={`Gift for ${g.recipientEmail}`} staff={p.staff} csrf={p.csrf} nav="gifts" notice={p.notice}>
      <p>
        <a href="/admin/gifts">All gifts</a>
      </p>
      <h1>Gift for {g.recipientEmail}</h1>
      <dl class="facts">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
      </dl>
      {g.message ? (
        <section aria-labelledby="message-title">
          <h2 id="message-title">The giver’s message</h2>
          <blockquote>{g.message}</blockquote>
        </section>
      ) : null}
      <ErrorSummary problems={p.problems} />
      {standing === 'unredeemed' ? (
        <section aria-labelledby="resend-title">
          <h2 id="resend-title">Send the code again</h2>
          <p>
            For a recipient who cannot find the email: a new code goes to {g.recipientEmail}, and the old code stops working. An address
            gets at most three emails from us an hour.
          </p>
          <PostForm action={`/admin/gifts/${g.id}/resend`} csrf={p.csrf} label="Send the code again">
            <Submit>Send a new code to {g.recipientEmail}</Submit>
          </PostForm>
        </section>
      ) : null}
    </AdminLayout>
  );
}
