/**
 * All SQL of the subscriber emails' ledger (table `subscriber_emails`) and of the subscriptions
 * whose yearly renewal is near. The ledger's primary key (subject, kind, occasion) is the claim:
 * of several processes, or a job run twice, one inserts the row and sends.
 */
import type { Db } from '../db/database.js';
import type { SubscriptionRecord } from './subscription.js';
import { findSubscriptionById } from './subscription-repository.js';

export type SubscriberEmailKind =
  | 'welcome'
  | 'cancelled'
  | 'renewal-reminder'
  | 'payment-failed'
  | 'gift-redeemed'
  | 'gift-code'
  | 'gift-receipt';

export interface SubscriberEmailKey {
  kind: SubscriberEmailKind;
  /** The subscription's id (a gift's for the `gift-…` kinds). */
  subjectId: string;
  /**
   * What makes this one email: '' for a welcome, the renewal date for a reminder, the end of the
   * grace period for a failed payment, the code's hash for a gift's code (a code sent again is new)…
   */
  occasion: string;
}

/** Takes an email for sending: true for the one caller whose row goes in. */
export async function claimSubscriberEmail(db: Db, key: SubscriberEmailKey, at: Date): Promise<boolean> {
  const r = await db
    .insertInto('subscriber_emails')
    .values({ subject_id: key.subjectId, kind: key.kind, occasion: key.occasion, claimed_at: at })
    .onConflict((oc) => oc.columns(['subject_id', 'kind', 'occasion']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Gives a claim back after a send that failed, so the next try sends it. */
export async function releaseSubscriberEmail(db: Db, key: SubscriberEmailKey): Promise<void> {
  await db
    .deleteFrom('subscriber_emails')
    .where('subject_id', '=', key.subjectId)
    .where('kind', '=', key.kind)
    .where('occasion', '=', key.occasion)
    .execute();
}

/** Whether an email was claimed (tests and the account page's "we emailed you" lines). */
export async function subscriberEmailClaimed(db: Db, key: SubscriberEmailKey): Promise<boolean> {
  const r = await db
    .selectFrom('subscriber_emails')
    .select('claimed_at')
    .where('subject_id', '=', key.subjectId)
    .where('kind', '=', key.kind)
    .where('occasion', '=', key.occasion)
    .executeTakeFirst();
  return r !== undefined;
}

/** Subscriptions of yearly plans that renew (active, not cancelled) in (from, to], soonest first. */
export async function listYearlyRenewalsBetween(db: Db, from: Date, to: Date, limit: number): Promise<SubscriptionRecord[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .select('subscriptions.id')
    .where('plans.interval', '=', 'year')
    .where('subscriptions.status', '=', 'active')
    .where('subscriptions.cancel_at_period_end', '=', false)
    .where('subscriptions.current_period_end_at', '>', from)
    .where('subscriptions.current_period_end_at', '<=', to)
    .orderBy('subscriptions.current_period_end_at')
    .limit(limit)
    .execute();
  const out: SubscriptionRecord[] = [];
  for (const r of rows) {
    const s = await findSubscriptionById(db, r.id);
    if (s) out.push(s);
  }
  return out;
}

/** Forgets claims made before `before`: no job or webhook comes back for an occasion that old. */
export async function deleteSubscriberEmailsClaimedBefore(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('subscriber_emails').where('claimed_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
