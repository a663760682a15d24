/**
 * A paused subscription on the reader page (Stripe's "pause payment collection"): until when,
 * since when, and what it holds back, the printed magazine (src/subscriptions/entitlements.ts
 * `WITHHELD_WHILE_PAUSED`). The reader's /account says the same in the reader's words. Pure.
 */
import type { SubscriptionPause, SubscriptionRecord, WithheldEntitlement } from '../../subscriptions/index.js';
import { formatDate } from '../../views/format.js';

/** "until 5 January 2027" (the day Stripe resumes collection by itself), or "until it is resumed". */
export function pauseUntil(pause: SubscriptionPause, tz: string): string {
  return pause.resumesAt ? `until ${formatDate(pause.resumesAt, tz)}` : 'until it is resumed';
}

/** One line of "What they may read now" for an entitlement a pause holds back. */
export function withheldLine(w: WithheldEntitlement, tz: string): string {
  return `withheld, no copy is mailed while ${w.planName} is paused ${pauseUntil(w.pause, tz)}`;
}

/** Under the subscriptions table: a paragraph per paused subscription. */
export function PauseNotes(p: {
  paused: readonly { subscription: SubscriptionRecord; planName: string; pause: SubscriptionPause | null }[];
  withheld: readonly WithheldEntitlement[];
  timeZone: string;
}) {
  return (
    <>
      {p.paused.map(({ subscription: s, planName, pause }) => {
        if (!pause) return null;
        const where = s.provider === 'stripe' ? 'at Stripe' : 'by the payment provider';
        const resumes = pause.resumesAt ? ', and it carries on by itself on that day' : '';
        const print = p.withheld.some((w) => w.subscriptionId === s.id && w.entitlement === 'weekly_print');
        const stops = print ? 'No payment is taken and no printed copy of the magazine is mailed to them' : 'No payment is taken';
        return (
          <p key={s.id} class="pause-note">
            <strong>
              {planName} is paused {pauseUntil(pause, p.timeZone)}.
            </strong>{' '}
            {`Payment collection was paused ${where} on ${formatDate(pause.since, p.timeZone)}${resumes}. ${stops} while it lasts; the rest of the plan goes on.`}
          </p>
        );
      })}
    </>
  );
}
