/**
 * All SQL of subscriptions and of the payment-event log (tables `subscriptions`,
 * `payment_events`). Only the entitlement service and the webhook processor call the readers.
 */
import { type Selectable, sql } from 'kysely';
import type { Db, SubscriptionTable } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import { inTransaction, syncLiveCount } from './live-count-repository.js';
import { type Entitlement, entitlementsFrom } from './plan.js';
import { COMPLIMENTARY, isSubscriptionStatus, type PaymentProvider, type SubscriptionRecord } from './subscription.js';

type SubscriptionRow = Selectable<SubscriptionTable>;

function subscriptionFromRow(r: SubscriptionRow): SubscriptionRecord {
  return {
    id: r.id,
    readerId: r.reader_id,
    planId: r.plan_id,
    status: isSubscriptionStatus(r.status) ? r.status : 'incomplete',
    currentPeriodEnd: r.current_period_end_at,
    cancelAtPeriodEnd: Boolean(r.cancel_at_period_end),
    trialEnd: r.trial_end_at,
    graceUntil: r.grace_until_at,
    provider: r.provider === 'stripe' || r.provider === COMPLIMENTARY ? r.provider : 'demo',
    providerSubscriptionId: r.provider_subscription_id,
    providerCustomerId: r.provider_customer_id,
    providerVersion: Number(r.provider_version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    offerId: r.offer_id,
    priceCents: r.price_cents,
    firstPaymentCents: r.first_payment_cents,
    currency: r.currency,
    pause:
      r.pause_behavior === null ? null : { behavior: r.pause_behavior, resumesAt: r.pause_resumes_at, since: r.paused_at ?? r.updated_at },
  };
}

function stateValues(s: SubscriptionRecord) {
  return {
    reader_id: s.readerId,
    plan_id: s.planId,
    status: s.status,
    current_period_end_at: s.currentPeriodEnd,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    trial_end_at: s.trialEnd,
    grace_until_at: s.graceUntil,
    provider_customer_id: s.providerCustomerId,
    provider_version: s.providerVersion,
    updated_at: s.updatedAt,
    pause_behavior: s.pause?.behavior ?? null,
    pause_resumes_at: s.pause?.resumesAt ?? null,
    paused_at: s.pause?.since ?? null,
  };
}

/** Every write of a subscription's state moves its live count in the same transaction (live-count-repository.ts). */
export async function insertSubscription(db: Db, s: SubscriptionRecord): Promise<void> {
  await inTransaction(db, async (tx) => {
    await insertRow(tx, s);
    await syncLiveCount(tx, s.id);
  });
}

async function insertRow(db: Db, s: SubscriptionRecord): Promise<void> {
  await db
    .insertInto('subscriptions')
    .values({
      id: s.id,
      provider: s.provider,
      provider_subscription_id: s.providerSubscriptionId,
      created_at: s.createdAt,
      offer_id: s.offerId ?? null,
      price_cents: s.priceCents ?? null,
      first_payment_cents: s.firstPaymentCents ?? null,
      currency: s.currency ?? null,
      canceled_at: cancelling(s) ? s.updatedAt : null,
      ...stateValues(s),
    })
    .execute();
}

/** A cancellation is in force: at the period's end, or at once. */
function cancelling(s: SubscriptionRecord): boolean {
  return s.status === 'canceled' || s.cancelAtPeriodEnd;
}

export async function updateSubscriptionState(db: Db, s: SubscriptionRecord): Promise<void> {
  // `canceled_at` keeps the moment a cancellation was first asked for (the dashboard counts
  // cancellations per day by it) and is cleared when the reader resumes.
  const canceledAt = cancelling(s) ? sql<Date>`coalesce(${sql.ref('canceled_at')}, ${s.updatedAt})` : null;
  await inTransaction(db, async (tx) => {
    await tx
      .updateTable('subscriptions')
      .set({ ...stateValues(s), canceled_at: canceledAt })
      .where('id', '=', s.id)
      .execute();
    await syncLiveCount(tx, s.id);
  });
}

export async function findSubscriptionByProviderId(
  db: Db,
  provider: PaymentProvider,
  providerSubscriptionId: string,
): Promise<SubscriptionRecord | undefined> {
  const r = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_subscription_id', '=', providerSubscriptionId)
    .executeTakeFirst();
  return r ? subscriptionFromRow(r) : undefined;
}

export async function findSubscriptionById(db: Db, id: string): Promise<SubscriptionRecord | undefined> {
  const r = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? subscriptionFromRow(r) : undefined;
}

/** A reader's subscriptions with their plans' names and entitlements, newest first. */
export async function listReaderSubscriptions(
  db: Db,
  readerId: string,
): Promise<(SubscriptionRecord & { planName: string; entitlements: Entitlement[] })[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .selectAll('subscriptions')
    .select(['plans.name as plan_name', 'plans.entitlements as plan_entitlements'])
    .where('subscriptions.reader_id', '=', readerId)
    .orderBy('subscriptions.created_at', 'desc')
    .orderBy('subscriptions.id', 'desc')
    .execute();
  return rows.map((r) => ({
    ...subscriptionFromRow(r),
    planName: r.plan_name,
    entitlements: entitlementsFrom(parseJsonColumn(r.plan_entitlements)),
  }));
}

/** The subscriptions of many readers at once, with their plans' names and entitlements (the daily email's audience, a page at a time). */
export async function listSubscriptionsOfReaders(
  db: Db,
  readerIds: readonly string[],
): Promise<(SubscriptionRecord & { planName: string; entitlements: Entitlement[] })[]> {
  if (readerIds.length === 0) return [];
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .selectAll('subscriptions')
    .select(['plans.name as plan_name', 'plans.entitlements as plan_entitlements'])
    .where('subscriptions.reader_id', 'in', readerIds)
    .execute();
  return rows.map((r) => ({
    ...subscriptionFromRow(r),
    planName: r.plan_name,
    entitlements: entitlementsFrom(parseJsonColumn(r.plan_entitlements)),
  }));
}

/** The customer id a reader already has at a provider, so a second checkout reuses it. */
export async function findReaderCustomerId(db: Db, readerId: string, provider: PaymentProvider): Promise<string | null> {
  const r = await db
    .selectFrom('subscriptions')
    .select('provider_customer_id')
    .where('reader_id', '=', readerId)
    .where('provider', '=', provider)
    .where('provider_customer_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return r?.provider_customer_id ?? null;
}

/**
 * Records an event as received; false when it was already there (a duplicate delivery). Called
 * first inside the transaction that applies the event, so "recorded" and "applied" commit
 * together; on PostgreSQL a concurrent duplicate waits on the key and then inserts nothing.
 */
export async function recordPaymentEvent(
  db: Db,
  e: { provider: PaymentProvider; eventId: string; type: string; at: Date },
): Promise<boolean> {
  const r = await db
    .insertInto('payment_events')
    .values({ provider: e.provider, event_id: e.eventId, type: e.type, received_at: e.at, processed_at: e.at })
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function countPaymentEvents(db: Db): Promise<number> {
  const r = await db
    .selectFrom('payment_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Subscriptions whose paid access has ended and whose reader has not been told (the
 * access-ended job; access-ended-notice.ts decides each): a grace period over, a subscription
 * canceled for not paying, or a canceled one past its paid period. Oldest change first.
 */
export async function listAccessEndCandidates(db: Db, now: Date, limit: number): Promise<SubscriptionRecord[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('access_end_notified_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'past_due'), eb('grace_until_at', '<=', now)]),
        eb.and([eb('status', '=', 'canceled'), eb('grace_until_at', 'is not', null)]),
        eb.and([eb('status', '=', 'canceled'), eb.or([eb('current_period_end_at', 'is', null), eb('current_period_end_at', '<=', now)])]),
        eb.and([eb('status', '=', 'active'), eb('cancel_at_period_end', '=', true), eb('current_period_end_at', '<=', now)]),
        eb.and([
          eb('status', '=', 'trialing'),
          eb('cancel_at_period_end', '=', true),
          eb(eb.fn.coalesce('trial_end_at', 'current_period_end_at'), '<=', now),
        ]),
      ]),
    )
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(subscriptionFromRow);
}

/** Subscriptions whose reader was told their access ended, and whose status says it may be back. */
export async function listNotifiedLiveSubscriptions(db: Db, limit: number): Promise<SubscriptionRecord[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('access_end_notified_at', 'is not', null)
    .where('status', 'in', ['active', 'trialing', 'past_due'])
    .orderBy('updated_at')
    .limit(limit)
    .execute();
  return rows.map(subscriptionFromRow);
}

/**
 * Takes the "access ended" email of one subscription for sending: true for the one caller that
 * sets it (another process, or an earlier run, finds it set and leaves it).
 */
export async function claimAccessEndNotice(db: Db, subscriptionId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('subscriptions')
    .set({ access_end_notified_at: at })
    .where('id', '=', subscriptionId)
    .where('access_end_notified_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives back a claim whose email could not be sent, so the next run tries again. */
export async function releaseAccessEndNotice(db: Db, subscriptionId: string, claimedAt: Date): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ access_end_notified_at: null })
    .where('id', '=', subscriptionId)
    .where('access_end_notified_at', '=', claimedAt)
    .execute();
}

/** Forgets that the reader was told: the subscription gives access again, and a later end is told anew. */
export async function clearAccessEndNotice(db: Db, subscriptionId: string): Promise<void> {
  await db.updateTable('subscriptions').set({ access_end_notified_at: null }).where('id', '=', subscriptionId).execute();
}

/** Whether anyone ever subscribed to a plan (never-paid checkouts do not count). */
export async function planHasSubscribers(db: Db, planId: string): Promise<boolean> {
  const r = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('plan_id', '=', planId)
    .where('status', '!=', 'incomplete')
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** A reader's subscriptions to one plan, in any state. */
export async function listReaderPlanSubscriptions(db: Db, readerId: string, planId: string): Promise<SubscriptionRecord[]> {
  const rows = await db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).where('plan_id', '=', planId).execute();
  return rows.map(subscriptionFromRow);
}

/**
 * Ends a complimentary subscription now (nothing to tell a provider). The reader is not told
 * by the access-ended email (it is marked sent): used when the account closes.
 */
export async function endComplimentarySubscription(db: Db, id: string, at: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx
      .updateTable('subscriptions')
      .set({
        status: 'canceled',
        current_period_end_at: at,
        access_end_notified_at: at,
        updated_at: at,
        canceled_at: sql<Date>`coalesce(${sql.ref('canceled_at')}, ${at})`,
      })
      .where('id', '=', id)
      .where('provider', '=', COMPLIMENTARY)
      .execute();
    await syncLiveCount(tx, id);
  });
}

/**
 * Readers with any subscription (in any status) to one of these plans, after `after` in id
 * order: keyset pages of the print edition's audience, so no audience is held whole.
 */
export async function listReaderIdsOnPlans(db: Db, planIds: readonly string[], after: string, limit: number): Promise<string[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .selectFrom('subscriptions')
    .select('reader_id')
    .distinct()
    .where('plan_id', 'in', planIds)
    .where('reader_id', '>', after)
    .orderBy('reader_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.reader_id);
}
