/**
 * All SQL of refunds (table `subscription_refunds`). A refund is written once per provider
 * refund: the office's own answer and the provider's webhook for the same refund meet in one row
 * (`saveRefund` inserts or, on the provider's id, updates), whichever comes first.
 */
import type { Selectable } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Db, SubscriptionRefundTable } from '../db/database.js';
import { inTransaction, syncLiveCount } from './live-count-repository.js';
import { countsAsRefunded, type RefundAccess, type RefundRecord, type RefundSnapshot, refundStatusOf } from './refund.js';
import type { PaymentProvider, SubscriptionRecord } from './subscription.js';
import { findSubscriptionById, findSubscriptionByProviderId } from './subscription-repository.js';

function refundFromRow(r: Selectable<SubscriptionRefundTable>): RefundRecord {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    readerId: r.reader_id,
    provider: r.provider,
    providerRefundId: r.provider_refund_id,
    paymentId: r.payment_id,
    amountCents: Number(r.amount_cents),
    currency: r.currency,
    status: refundStatusOf(r.status),
    reason: r.reason,
    access: r.access === 'now' || r.access === 'period-end' ? (r.access as RefundAccess) : null,
    staffId: r.staff_id,
    staffName: r.staff_name,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findRefundByIdempotencyKey(db: Db, key: string): Promise<RefundRecord | undefined> {
  const row = await db.selectFrom('subscription_refunds').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  return row ? refundFromRow(row) : undefined;
}

export async function findRefundByProviderId(db: Db, provider: string, providerRefundId: string): Promise<RefundRecord | undefined> {
  const row = await db
    .selectFrom('subscription_refunds')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_refund_id', '=', providerRefundId)
    .executeTakeFirst();
  return row ? refundFromRow(row) : undefined;
}

/** A reader's refunds, newest first. */
export async function listRefundsOfReader(db: Db, readerId: string): Promise<RefundRecord[]> {
  const rows = await db
    .selectFrom('subscription_refunds')
    .selectAll()
    .where('reader_id', '=', readerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(refundFromRow);
}

/**
 * Forgets why a reader's payments were refunded (the account closes): the reason is what staff
 * typed, often the reader's own words. Amounts, dates, statuses and who asked stay: the books.
 */
export async function eraseRefundReasonsOf(db: Db, readerId: string): Promise<void> {
  await db.updateTable('subscription_refunds').set({ reason: '' }).where('reader_id', '=', readerId).where('reason', '<>', '').execute();
}

/** What we have recorded as refunded of one payment (failed and canceled refunds returned nothing). */
export async function refundedOfPayment(db: Db, provider: string, paymentId: string): Promise<number> {
  const rows = await db
    .selectFrom('subscription_refunds')
    .select(['amount_cents', 'status'])
    .where('provider', '=', provider)
    .where('payment_id', '=', paymentId)
    .execute();
  return rows.filter((r) => countsAsRefunded(refundStatusOf(r.status))).reduce((sum, r) => sum + Number(r.amount_cents), 0);
}

/**
 * Records a refund, or brings the row of the same provider refund up to date: the provider's
 * facts (amount, status) always; who asked, why, the access chosen and the idempotency key only
 * when this write knows them (the office's), never erased by a webhook's write that does not.
 */
export async function saveRefund(db: Db, r: RefundRecord): Promise<RefundRecord> {
  // A refund with access to the period's end takes the subscription out of recurring revenue:
  // its live count moves in the same transaction (live-count.ts, `liveKind`).
  return inTransaction(db, async (tx) => {
    await writeRefund(tx, r);
    await syncLiveCount(tx, r.subscriptionId);
    const saved = await findRefundByProviderId(tx, r.provider, r.providerRefundId);
    if (!saved) throw new Error(`refund ${r.providerRefundId} was not saved`);
    return saved;
  });
}

async function writeRefund(db: Db, r: RefundRecord): Promise<void> {
  const ours = r.staffId !== null;
  await db
    .insertInto('subscription_refunds')
    .values({
      id: r.id,
      subscription_id: r.subscriptionId,
      reader_id: r.readerId,
      provider: r.provider,
      provider_refund_id: r.providerRefundId,
      payment_id: r.paymentId,
      amount_cents: r.amountCents,
      currency: r.currency,
      status: r.status,
      reason: r.reason,
      access: r.access,
      staff_id: r.staffId,
      staff_name: r.staffName,
      idempotency_key: r.idempotencyKey,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['provider', 'provider_refund_id']).doUpdateSet({
        amount_cents: r.amountCents,
        status: r.status,
        updated_at: r.updatedAt,
        ...(ours
          ? { reason: r.reason, access: r.access, staff_id: r.staffId, staff_name: r.staffName, idempotency_key: r.idempotencyKey }
          : {}),
      }),
    )
    .execute();
}

/** Our row for a refund the provider reports. */
export function fromSnapshot(made: RefundSnapshot, sub: SubscriptionRecord, provider: PaymentProvider, now: Date): RefundRecord {
  return {
    id: uuidv7(),
    subscriptionId: sub.id,
    readerId: sub.readerId,
    provider,
    providerRefundId: made.providerRefundId,
    paymentId: made.paymentId,
    amountCents: made.amountCents,
    currency: made.currency,
    status: made.status,
    reason: made.reason ?? '',
    access: null,
    staffId: null,
    staffName: null,
    idempotencyKey: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The subscription of ours a provider's refund belongs to: named in its metadata when we made
 * it, else found by the provider's subscription (a refund made in Stripe's dashboard).
 */
export async function subscriptionOfRefund(tx: Db, provider: PaymentProvider, r: RefundSnapshot): Promise<SubscriptionRecord | undefined> {
  const known = await findRefundByProviderId(tx, provider, r.providerRefundId);
  const byId = known?.subscriptionId ?? r.subscriptionId;
  if (byId) {
    const sub = await findSubscriptionById(tx, byId);
    if (sub && sub.provider === provider) return sub;
  }
  return r.providerSubscriptionId ? findSubscriptionByProviderId(tx, provider, r.providerSubscriptionId) : undefined;
}
