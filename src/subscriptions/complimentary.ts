/**
 * Complimentary subscriptions: a plan's entitlements given by the paper, billed by nobody (the
 * list import's `plan` column, Ghost's `complimentary_plan`). A comp is an `active`
 * subscription with no period end under the provider `comp`, so the entitlement rules
 * (entitlements.ts) grant it as they grant any paid plan, and it shows on /account and in the
 * Admin API like one. A reader holds at most one comp of a plan, ever: one the paper ended
 * stays ended when a list is imported again.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { COMPLIMENTARY, type SubscriptionRecord } from './subscription.js';
import { insertSubscription, listReaderPlanSubscriptions } from './subscription-repository.js';
import { subscriptionState } from './subscription-state.js';

export type CompOutcome = 'granted' | 'held';

/**
 * Whether a reader needs a comp of a plan, given their subscriptions to it: not when they hold
 * (or held) a comp of it, nor while a paid one of it still gives access (a comp on top would
 * outlive a cancellation the reader chose, and the account page would show the comp instead).
 */
export function compNeeded(subscriptionsToPlan: readonly SubscriptionRecord[], now: Date): boolean {
  if (subscriptionsToPlan.some((s) => s.provider === COMPLIMENTARY)) return false;
  return !subscriptionsToPlan.some((s) => s.status !== 'incomplete' && subscriptionState(s, now).kind !== 'ended');
}

/** The provider's id of a comp: one per reader and plan, so the unique key refuses a second. */
export function compProviderId(readerId: string, planId: string): string {
  return `${readerId}:${planId}`;
}

/** Gives `readerId` a comp of `planId` unless `compNeeded` says no. Call inside the caller's transaction. */
export async function grantComplimentary(db: Db, c: { readerId: string; planId: string; at: Date }): Promise<CompOutcome> {
  if (!compNeeded(await listReaderPlanSubscriptions(db, c.readerId, c.planId), c.at)) return 'held';
  await insertSubscription(db, {
    id: uuidv7(),
    readerId: c.readerId,
    planId: c.planId,
    status: 'active',
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    trialEnd: null,
    graceUntil: null,
    provider: COMPLIMENTARY,
    providerSubscriptionId: compProviderId(c.readerId, c.planId),
    providerCustomerId: null,
    providerVersion: 0,
    createdAt: c.at,
    updatedAt: c.at,
    priceCents: 0,
    firstPaymentCents: 0,
  });
  return 'granted';
}

/**
 * A comp the business office gives one reader from the admin (src/reader-admin): the plan until
 * the end of `until` (or with no end), under its own provider id, so it never takes the place
 * of the one comp of a plan an import may give. It runs out as a paid subscription set to end
 * does (active, cancelling at the period end), which the entitlement rules already honour.
 * Refused (409) while the reader holds a subscription to the plan that still gives access.
 * Call inside the caller's transaction.
 */
export async function grantComplimentaryFor(
  db: Db,
  c: { readerId: string; planId: string; until: Date | null; at: Date },
): Promise<SubscriptionRecord | 'held'> {
  const subs = await listReaderPlanSubscriptions(db, c.readerId, c.planId);
  if (subs.some((s) => s.status !== 'incomplete' && subscriptionState(s, c.at).kind !== 'ended')) return 'held';
  const id = uuidv7();
  const record: SubscriptionRecord = {
    id,
    readerId: c.readerId,
    planId: c.planId,
    status: 'active',
    currentPeriodEnd: c.until,
    cancelAtPeriodEnd: c.until !== null,
    trialEnd: null,
    graceUntil: null,
    provider: COMPLIMENTARY,
    providerSubscriptionId: `${compProviderId(c.readerId, c.planId)}:${id}`,
    providerCustomerId: null,
    providerVersion: 0,
    createdAt: c.at,
    updatedAt: c.at,
    priceCents: 0,
    firstPaymentCents: 0,
  };
  await insertSubscription(db, record);
  return record;
}
