/**
 * All SQL of subscriptions and of the payment-event log (tables `subscriptions`,
 * `payment_events`). Only the entitlement service and the webhook processor call the readers.
 */
import type { Selectable } from 'kysely';
import type { Db, SubscriptionTable } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import { type Entitlement, entitlementsFrom } from './plan.js';
import { isSubscriptionStatus, type PaymentProvider, type SubscriptionRecord } from './subscription.js';

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
    provider: r.provider === 'stripe' ? 'stripe' : 'demo',
    providerSubscriptionId: r.provider_subscription_id,
    providerCustomerId: r.provider_customer_id,
    providerVersion: Number(r.provider_version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
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
  };
}

export async function insertSubscription(db: Db, s: SubscriptionRecord): Promise<void> {
  await db
    .insertInto('subscriptions')
    .values({
      id: s.id,
      provider: s.provider,
      provider_subscription_id: s.providerSubscriptionId,
      created_at: s.createdAt,
      ...stateValues(s),
    })
    .execute();
}

export async function updateSubscriptionState(db: Db, s: SubscriptionRecord): Promise<void> {
  await db.updateTable('subscriptions').set(stateValues(s)).where('id', '=', s.id).execute();
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
