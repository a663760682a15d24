/**
 * Stripe's event and object shapes, the parts we use, as schemas: a verified signature proves who
 * sent a body, not that it has the shape we expect, so the body is `unknown` until these parse it.
 * Shapes follow Stripe's API reference for the SDK's pinned version (2026-10-28): the billing
 * period lives on subscription items, and an invoice names its subscription under
 * `parent.subscription_details` (https://docs.stripe.com/changelog/basil).
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from '../../http/app-error.js';
import type { PaymentChange, PaymentEvent, SubscriptionSnapshot } from '../payments-gateway.js';
import type { SubscriptionStatus } from '../subscription.js';
import { normalizeRefundEvent, type RefundLookups } from './stripe-refunds.js';

const Id = Type.String({ minLength: 1, maxLength: 255 });
/** Expandable fields arrive as an id or as the object. */
const Ref = Type.Union([Id, Type.Object({ id: Id })]);
const Metadata = Type.Record(Type.String(), Type.String());
const UnixSeconds = Type.Integer({ minimum: 0, maximum: 32503680000 });

export const StripeEventSchema = Type.Object({
  id: Id,
  object: Type.Literal('event'),
  type: Type.String({ minLength: 1, maxLength: 100 }),
  created: UnixSeconds,
  data: Type.Object({ object: Type.Object({}) }),
});

export const StripeSubscriptionSchema = Type.Object({
  id: Id,
  object: Type.Literal('subscription'),
  customer: Ref,
  status: Type.String({ maxLength: 40 }),
  cancel_at_period_end: Type.Boolean(),
  trial_end: Type.Union([UnixSeconds, Type.Null()]),
  /** When a canceled subscription ended (https://docs.stripe.com/api/subscriptions/object#subscription_object-ended_at). */
  ended_at: Type.Optional(Type.Union([UnixSeconds, Type.Null()])),
  /**
   * Payment collection paused, or null
   * (https://docs.stripe.com/api/subscriptions/object#subscription_object-pause_collection). The
   * status stays `active` meanwhile: only this field says so. Absent (an older shape): not known.
   */
  pause_collection: Type.Optional(
    Type.Union([
      Type.Object({
        behavior: Type.Union([Type.Literal('keep_as_draft'), Type.Literal('mark_uncollectible'), Type.Literal('void')]),
        resumes_at: Type.Union([UnixSeconds, Type.Null()]),
      }),
      Type.Null(),
    ]),
  ),
  metadata: Type.Optional(Type.Union([Metadata, Type.Null()])),
  items: Type.Object({
    data: Type.Array(
      Type.Object({
        current_period_end: UnixSeconds,
        price: Type.Optional(Type.Object({ id: Id })),
      }),
      { maxItems: 100 },
    ),
  }),
});
export type StripeSubscription = Static<typeof StripeSubscriptionSchema>;

const CheckoutSessionSchema = Type.Object({
  id: Id,
  object: Type.Literal('checkout.session'),
  mode: Type.String(),
  client_reference_id: Type.Union([Id, Type.Null()]),
  customer: Type.Union([Ref, Type.Null()]),
  subscription: Type.Union([Ref, Type.Null()]),
  payment_status: Type.String(),
  metadata: Type.Optional(Type.Union([Metadata, Type.Null()])),
});

const InvoiceSchema = Type.Object({
  id: Id,
  object: Type.Literal('invoice'),
  parent: Type.Union([
    Type.Object({
      subscription_details: Type.Union([Type.Object({ subscription: Ref }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  lines: Type.Optional(
    Type.Object({
      data: Type.Array(Type.Object({ period: Type.Optional(Type.Object({ end: UnixSeconds })) }), { maxItems: 1000 }),
    }),
  ),
});

const refId = (r: Static<typeof Ref>) => (typeof r === 'string' ? r : r.id);

type CheckoutSession = Static<typeof CheckoutSessionSchema>;

/** The gift a one-off checkout paid for (we set `kind` and `gift_id` in its metadata), or null. */
function giftOf(session: CheckoutSession): string | null {
  const meta = session.metadata ?? {};
  return session.mode === 'payment' && meta.kind === 'gift' && meta.gift_id ? meta.gift_id : null;
}

/**
 * A gift's payment: paid when the session completes paid, or later when a delayed method
 * (a bank debit) succeeds; failed when that fails or the session expires unpaid
 * (https://docs.stripe.com/payments/checkout/fulfill-orders).
 */
function giftChange(type: string, session: CheckoutSession, giftId: string): PaymentChange {
  switch (type) {
    case 'checkout.session.completed':
      return session.payment_status === 'paid' ? { kind: 'gift_paid', giftId, checkoutSessionId: session.id } : { kind: 'ignored' };
    case 'checkout.session.async_payment_succeeded':
      return { kind: 'gift_paid', giftId, checkoutSessionId: session.id };
    default:
      return { kind: 'gift_checkout_failed', giftId };
  }
}

/** Stripe's statuses in ours. `unpaid` keeps the grace rules; `incomplete_expired` and `paused` grant nothing. */
export function mapStripeStatus(status: string): SubscriptionStatus {
  switch (status) {
    case 'active':
    case 'trialing':
    case 'past_due':
    case 'canceled':
      return status;
    case 'unpaid':
      return 'past_due';
    default:
      return 'incomplete';
  }
}

/**
 * Our snapshot of Stripe's subscription. A subscription canceled before its period ended ("cancel
 * now", from our office or Stripe's dashboard) keeps the period's end in Stripe's items, but
 * access ended with it: its `ended_at` is then our period end, so the entitlement rule (a
 * canceled subscription keeps its paid period) grants nothing after it and the access-ended
 * email follows. A pause of payment collection (`pause_collection`) is carried as it is: the
 * entitlement rules decide what it withholds (no printed magazine, entitlements.ts).
 */
export function snapshotFromStripe(sub: StripeSubscription, version: number): SubscriptionSnapshot {
  const ends = sub.items.data.map((i) => i.current_period_end);
  const meta = sub.metadata ?? {};
  const periodEnd = ends.length > 0 ? Math.max(...ends) : null;
  const endedAt = sub.status === 'canceled' ? (sub.ended_at ?? null) : null;
  const end = endedAt !== null && (periodEnd === null || endedAt < periodEnd) ? endedAt : periodEnd;
  return {
    providerSubscriptionId: sub.id,
    providerCustomerId: refId(sub.customer),
    status: mapStripeStatus(sub.status),
    currentPeriodEnd: end === null ? null : new Date(end * 1000),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    trialEnd: sub.trial_end === null ? null : new Date(sub.trial_end * 1000),
    readerId: meta.reader_id ?? null,
    planId: meta.plan_id ?? null,
    priceId: sub.items.data[0]?.price?.id ?? null,
    offerId: meta.offer_id ?? null,
    version,
    pause:
      sub.pause_collection === undefined
        ? undefined
        : sub.pause_collection === null
          ? null
          : {
              behavior: sub.pause_collection.behavior,
              resumesAt: sub.pause_collection.resumes_at === null ? null : new Date(sub.pause_collection.resumes_at * 1000),
            },
  };
}

export const malformed = (what: string) =>
  new AppError('WEBHOOK_BODY_INVALID', 400, `The webhook body is not a Stripe event we can read (${what}).`);

/** Parses a subscription object the API answered (after an update or a retrieve). */
export function parseStripeSubscription(value: unknown): StripeSubscription {
  if (!Value.Check(StripeSubscriptionSchema, value))
    throw new AppError('PAYMENTS_UNAVAILABLE', 503, 'The payment provider answered something we cannot read.');
  return value;
}

/**
 * Normalizes a verified event. `retrieve` is asked for the subscription when a checkout
 * completes, so the reader has access at once even if the subscription's own events come later.
 */
export async function normalizeStripeEvent(
  value: unknown,
  retrieve: (subscriptionId: string) => Promise<SubscriptionSnapshot | null>,
  refunds?: RefundLookups,
): Promise<PaymentEvent> {
  if (!Value.Check(StripeEventSchema, value)) throw malformed('envelope');
  const base = { provider: 'stripe' as const, eventId: value.id, type: value.type, created: value.created };
  const obj: unknown = value.data.object;
  switch (value.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      if (!Value.Check(CheckoutSessionSchema, obj)) throw malformed('checkout session');
      const giftId = giftOf(obj);
      if (giftId !== null) return { ...base, change: giftChange(value.type, obj, giftId) };
      if (value.type !== 'checkout.session.completed') return { ...base, change: { kind: 'ignored' } };
      const readerId = obj.client_reference_id ?? obj.metadata?.reader_id ?? null;
      const planId = obj.metadata?.plan_id ?? null;
      if (obj.mode !== 'subscription' || obj.subscription === null || readerId === null || planId === null)
        return { ...base, change: { kind: 'ignored' } };
      const providerSubscriptionId = refId(obj.subscription);
      const snapshot = await retrieve(providerSubscriptionId);
      return {
        ...base,
        change: {
          kind: 'checkout_completed',
          readerId,
          planId,
          providerCustomerId: obj.customer === null ? null : refId(obj.customer),
          providerSubscriptionId,
          snapshot,
          paid: obj.payment_status === 'paid' || obj.payment_status === 'no_payment_required',
          offerId: obj.metadata?.offer_id ?? null,
        },
      };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed': {
      if (!Value.Check(StripeSubscriptionSchema, obj)) throw malformed('subscription');
      return { ...base, change: { kind: 'subscription_changed', snapshot: snapshotFromStripe(obj, value.created) } };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      if (!Value.Check(InvoiceSchema, obj)) throw malformed('invoice');
      const details = obj.parent?.subscription_details;
      if (!details) return { ...base, change: { kind: 'ignored' } };
      const providerSubscriptionId = refId(details.subscription);
      if (value.type === 'invoice.payment_failed') return { ...base, change: { kind: 'invoice_payment_failed', providerSubscriptionId } };
      const ends = (obj.lines?.data ?? []).flatMap((l) => (l.period ? [l.period.end] : []));
      return {
        ...base,
        change: { kind: 'invoice_paid', providerSubscriptionId, periodEnd: ends.length > 0 ? new Date(Math.max(...ends) * 1000) : null },
      };
    }
    // A refund made here or in Stripe's dashboard, or its status changing (a pending one
    // succeeding or failing): https://docs.stripe.com/refunds#refund-events.
    case 'charge.refunded':
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      if (!refunds) return { ...base, change: { kind: 'ignored' } };
      const found = await normalizeRefundEvent(value.type, obj, refunds);
      if (found === 'malformed') throw malformed(value.type === 'charge.refunded' ? 'charge' : 'refund');
      return { ...base, change: found.length > 0 ? { kind: 'refunds_changed', refunds: found } : { kind: 'ignored' } };
    }
    default:
      return { ...base, change: { kind: 'ignored' } };
  }
}
