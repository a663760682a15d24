/**
 * Test support for the dashboard's tests over seeded rows: plans written as rows, subscriptions
 * and refunds as the subscriptions feature records them (each with only what a test says
 * differently), and a seeded random source, so generated rows are the same on every run.
 */
import type { Db } from '../db/database.js';
import type { RefundRecord, SubscriptionRecord } from '../subscriptions/index.js';

/** A small deterministic random source (a linear congruential generator): the same numbers on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/**
 * Plans written as rows, positioned in the order given: each `id` is its slug too (and its name,
 * unless it has one), active, for the web alone, no trial, made at `at`.
 */
export async function insertPlans(
  db: Db,
  at: Date,
  plans: readonly { id: string; name?: string; priceCents: number; currency: string; interval: string }[],
): Promise<void> {
  await db
    .insertInto('plans')
    .values(
      plans.map((p, i) => ({
        id: p.id,
        slug: p.id,
        name: p.name ?? p.id,
        description: '',
        price_cents: p.priceCents,
        currency: p.currency,
        interval: p.interval,
        trial_days: 0,
        entitlements: '["web"]',
        active: true,
        position: i + 1,
        stripe_price_id: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}

/**
 * A subscription as the subscriptions feature records it: active, not cancelling, no period end,
 * trial or grace, through the demo provider (`demo-<id>` there), last changed when it began;
 * `s` says what differs.
 */
export function subscriptionRecord(
  s: Pick<SubscriptionRecord, 'id' | 'readerId' | 'planId' | 'createdAt'> & Partial<SubscriptionRecord>,
): SubscriptionRecord {
  return {
    status: 'active',
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    trialEnd: null,
    graceUntil: null,
    provider: 'demo',
    providerSubscriptionId: `demo-${s.id}`,
    providerCustomerId: null,
    providerVersion: 0,
    updatedAt: s.createdAt,
    ...s,
  };
}

/**
 * A refund as the office records it: through the demo provider, succeeded, the reader's access
 * left to the period's end, asked for by a member of staff, last changed when it was made; `r`
 * says what differs.
 */
export function refundRecord(
  r: Pick<RefundRecord, 'id' | 'subscriptionId' | 'readerId' | 'createdAt'> & Partial<RefundRecord>,
): RefundRecord {
  return {
    provider: 'demo',
    providerRefundId: `re-${r.id}`,
    paymentId: `pay-${r.subscriptionId}`,
    amountCents: 900,
    currency: 'usd',
    status: 'succeeded',
    reason: 'test',
    access: 'period-end',
    staffId: 'staff',
    staffName: 'Staff',
    idempotencyKey: null,
    updatedAt: r.createdAt,
    ...r,
  };
}
