/**
 * Subscriptions as we keep them: our own record of what a reader bought and where it stands.
 * The payment provider's copy is a cache we are told about by events (house style, habit 6).
 */
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled', 'incomplete'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export function isSubscriptionStatus(v: unknown): v is SubscriptionStatus {
  return typeof v === 'string' && (SUBSCRIPTION_STATUSES as readonly string[]).includes(v);
}

export const PAYMENT_PROVIDERS = ['stripe', 'demo'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

/**
 * A complimentary subscription: given by the paper (e.g. with a list moved in by `masthead
 * readers import`), billed by nobody, active with no period end until the paper ends it.
 */
export const COMPLIMENTARY = 'comp';
export type SubscriptionProvider = PaymentProvider | typeof COMPLIMENTARY;

/**
 * Stripe's "pause payment collection" (the subscription's `pause_collection`,
 * https://docs.stripe.com/billing/subscriptions/pause-payment): the subscription stays active and
 * its periods go on, but no invoice is collected until it resumes (at `resumesAt`, or when the
 * paper resumes it). A paper pauses a subscription for a holiday stop or instead of a
 * cancellation: the reader keeps reading, and no printed magazine is mailed while it lasts.
 */
export interface SubscriptionPause {
  /** What Stripe does with the invoices meanwhile: `keep_as_draft`, `mark_uncollectible` or `void`. */
  behavior: string;
  /** When Stripe resumes collection by itself; null: until someone resumes it. */
  resumesAt: Date | null;
  /** When we first heard of this pause (the provider's time of the event that set it). */
  since: Date;
}

/** The pause in force at `now`, if any: begun by then, and not yet at its resume date. */
export function pauseInForce(s: { pause?: SubscriptionPause | null | undefined }, now: Date): SubscriptionPause | null {
  const p = s.pause;
  if (!p) return null;
  const t = now.getTime();
  if (t < p.since.getTime()) return null;
  // Stripe resumes at `resumes_at` and tells us with an event; a late event does not stretch the pause.
  if (p.resumesAt !== null && t >= p.resumesAt.getTime()) return null;
  return p;
}

export interface SubscriptionRecord {
  id: string;
  readerId: string;
  planId: string;
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  /** Set when a payment failed; access ends when it passes unless a payment succeeds first. */
  graceUntil: Date | null;
  provider: SubscriptionProvider;
  providerSubscriptionId: string;
  providerCustomerId: string | null;
  /** The provider's time (Unix seconds) of the newest state applied; older events are stale. */
  providerVersion: number;
  createdAt: Date;
  updatedAt: Date;
  /**
   * What was agreed at the start, kept for the receipt and as the billing record (it outlives a
   * closed account): the offer, a period's price and the first payment, in `currency`. Null for
   * subscriptions made before these were kept.
   */
  offerId?: string | null | undefined;
  priceCents?: number | null | undefined;
  firstPaymentCents?: number | null | undefined;
  currency?: string | null | undefined;
  /** Payment collection paused at the provider (Stripe's `pause_collection`); null or absent: not paused. */
  pause?: SubscriptionPause | null | undefined;
}
