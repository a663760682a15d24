/**
 * Gifts on /account, inside the subscription section: the gifts the reader has redeemed (until
 * when each holds) and the ones they have given (where each stands, and a way to send a code
 * again while it is unredeemed). Pure.
 */
import { formatDate } from '../../views/format.js';
import { type GiftRecord, monthsLabel } from '../gift.js';
import type { ReceivedGift } from '../gift-service.js';

export interface GiftPanelProps {
  received: readonly ReceivedGift[];
  given: readonly (GiftRecord & { planName: string })[];
  /** Whether the reader also has a subscription to show (else a gift's end is worth a link to the plans). */
  subscribed: boolean;
  timeZone: string;
  csrf: string;
}

function givenStatus(g: GiftRecord, date: (d: Date) => string): string {
  if (g.status === 'pending') return 'waiting for the payment to go through.';
  if (g.redeemedAt) return `redeemed on ${date(g.redeemedAt)}.`;
  return `code sent; not redeemed yet (it can be until ${date(g.expiresAt)}).`;
}

export function GiftPanel({ received, given, subscribed, timeZone, csrf }: GiftPanelProps) {
  const date = (d: Date) => formatDate(d, timeZone);
  return (
    <div class="gift-panel">
      {received.length > 0 ? (
        <>
          <h3>Gifts you have received</h3>
          <ul>
            {received.map((g) => (
              <li key={g.id}>
                Gift: <strong>{g.planName}</strong>, {monthsLabel(g.months)} —{' '}
                {g.active ? `active until ${date(g.until)}.` : `ended on ${date(g.until)}.`}
              </li>
            ))}
          </ul>
          {subscribed ? null : (
            <p>
              To carry on reading after your gift, <a href="/subscribe">see the plans</a>.
            </p>
          )}
        </>
      ) : null}
      {given.length > 0 ? (
        <>
          <h3>Gifts you have given</h3>
          <ul>
            {given.map((g) => (
              <li key={g.id}>
                <strong>{g.planName}</strong>, {monthsLabel(g.months)}, for{' '}
                {g.recipientEmail || 'a reader who has since closed their account'}: {givenStatus(g, date)}
                {g.status === 'paid' && g.redeemedAt === null ? (
                  <form method="post" action={`/account/gifts/${g.id}/resend`} aria-label={`Send the code to ${g.recipientEmail} again`}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="button">
                      Send a new code to {g.recipientEmail}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/gift">Give a gift</a>
        {' · '}
        <a href="/gift/redeem">Redeem a gift code</a>
      </p>
    </div>
  );
}
