/**
 * Our seam to a payment provider (house style, habit 6). Services depend on this interface; one
 * module implements it with Stripe's SDK (stripe/stripe-gateway.ts), one without any provider
 * (demo-gateway.ts). Provider events are normalized into `PaymentEvent`s, which one processor
 * (webhook-processor.ts) applies whatever their source.
 */
import type { Offer } from './offer.js';
import type { Plan } from './plan.js';
import type { RefundablePayment, RefundSnapshot } from './refund.js';
import type { PaymentProvider, SubscriptionPause, SubscriptionRecord, SubscriptionStatus } from './subscription.js';

export interface CheckoutReader {
  id: string;
  email: string;
  /** False stops a checkout for a plan with the print magazine (it needs somewhere to go). */
  hasPostalAddress?: boolean | undefined;
}

export interface CheckoutRequest {
  reader: CheckoutReader;
  plan: Plan;
  offer?: Offer | null | undefined;
  /** The reader's customer id at this provider from an earlier subscription, if any. */
  customerId?: string | null | undefined;
  /**
   * Where the provider sends the reader back. The demo gateway's pages are ours, so these are
   * paths (the reader stays on whatever host they browse); Stripe's hosted page needs absolute
   * URLs, made from PUBLIC_URL (subscription-service.ts).
   */
  successUrl: string;
  cancelUrl: string;
}

/** A one-off payment for a gift subscription (the gift row exists, pending, before this). */
export interface GiftCheckoutRequest {
  giftId: string;
  purchaser: CheckoutReader;
  plan: Plan;
  months: number;
  /** The whole price, in the plan's currency: what the purchaser pays once. */
  amountCents: number;
  currency: string;
  recipientEmail: string;
  /** The purchaser's customer id at this provider from an earlier payment, if any. */
  customerId?: string | null | undefined;
  successUrl: string;
  cancelUrl: string;
}

/** The provider's view of a subscription at one moment. */
export interface SubscriptionSnapshot {
  providerSubscriptionId: string;
  providerCustomerId: string | null;
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  /** From the subscription's metadata (we set it at checkout); null for one made elsewhere. */
  readerId: string | null;
  planId: string | null;
  /** The provider's price, to find the plan when metadata is missing. */
  priceId: string | null;
  /** The offer used at checkout (we set it in metadata); null: none, or not known. */
  offerId?: string | null | undefined;
  /** Unix seconds: when the provider produced this state (the event's `created`). */
  version: number;
  /**
   * Payment collection paused (Stripe's `pause_collection`): null when not paused; absent when
   * the source does not say (the demo gateway, a checkout without the subscription), which
   * keeps what we knew.
   */
  pause?: Omit<SubscriptionPause, 'since'> | null | undefined;
}

export type PaymentChange =
  | {
      kind: 'checkout_completed';
      readerId: string;
      planId: string;
      providerCustomerId: string | null;
      /** The subscription as it stood, when the provider tells us; else the id alone. */
      providerSubscriptionId: string;
      snapshot: SubscriptionSnapshot | null;
      /** Paid now, or nothing to pay yet (a trial). */
      paid: boolean;
      /** The offer used, from the checkout's metadata. */
      offerId?: string | null | undefined;
    }
  | { kind: 'checkout_failed'; readerId: string | null }
  | { kind: 'subscription_changed'; snapshot: SubscriptionSnapshot }
  | { kind: 'invoice_paid'; providerSubscriptionId: string; periodEnd: Date | null }
  | { kind: 'invoice_payment_failed'; providerSubscriptionId: string }
  /** A gift's one-off payment went through: the gift becomes paid and its code is made. */
  | { kind: 'gift_paid'; giftId: string; checkoutSessionId: string }
  /** A gift's checkout failed or expired unpaid. */
  | { kind: 'gift_checkout_failed'; giftId: string }
  /** Refunds made or changed at the provider (by us, or in its dashboard): recorded, their status followed. */
  | { kind: 'refunds_changed'; refunds: RefundSnapshot[] }
  | { kind: 'ignored' };

export interface PaymentEvent {
  provider: PaymentProvider;
  eventId: string;
  /** The provider's event type, e.g. "customer.subscription.updated", for the log. */
  type: string;
  /** Unix seconds, the provider's clock. */
  created: number;
  change: PaymentChange;
}

export interface RefundRequest {
  subscription: SubscriptionRecord;
  payment: RefundablePayment;
  amountCents: number;
  reason: string;
  idempotencyKey: string;
}

export interface PaymentsGateway {
  readonly provider: PaymentProvider;
  /** Starts a hosted checkout; the reader is sent to `url`. */
  createCheckoutSession(request: CheckoutRequest): Promise<{ url: string }>;
  /** Starts a hosted checkout for a one-off gift payment; `sessionId` is recorded on the gift. */
  createGiftCheckoutSession(request: GiftCheckoutRequest): Promise<{ url: string; sessionId: string }>;
  /** The provider's page where a customer changes their card or sees invoices. */
  createPortalSession(request: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Asks the provider to end the subscription when the paid period ends; answers the new state. */
  cancelAtPeriodEnd(subscription: SubscriptionRecord): Promise<SubscriptionSnapshot>;
  /** Undoes `cancelAtPeriodEnd` while the period lasts: the subscription renews again. */
  resume(subscription: SubscriptionRecord): Promise<SubscriptionSnapshot>;
  /** Ends the subscription now, nothing more to be charged (closing an account); answers the new state. */
  cancelNow(subscription: SubscriptionRecord): Promise<SubscriptionSnapshot>;
  /**
   * The subscription's latest payment that moved money (Stripe: the latest paid invoice with an
   * amount, and its PaymentIntent), with what the provider counts as refunded of it; null when
   * nothing was ever paid (a trial, an unpaid checkout).
   */
  lastPayment(subscription: SubscriptionRecord): Promise<RefundablePayment | null>;
  /**
   * Refunds `amountCents` of `payment`. The same `idempotencyKey` twice makes one refund, whose
   * state both calls answer (Stripe's Idempotency-Key). The amount was checked against the
   * payment by `decideRefund`; a provider that still refuses answers an AppError (409).
   */
  refund(request: RefundRequest): Promise<RefundSnapshot>;
  /**
   * Checks a webhook's signature on the raw bytes and normalizes it. Throws an AppError (400)
   * when the signature, its timestamp or the body is not acceptable.
   */
  parseWebhook(rawBody: Buffer, signatureHeader: string | undefined): Promise<PaymentEvent>;
}
