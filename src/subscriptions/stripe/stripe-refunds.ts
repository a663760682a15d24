/**
 * Stripe's refund-related objects, the parts we use, as schemas (answers and webhook bodies are
 * `unknown` until these parse them), and their normalization into our `RefundSnapshot`. Since
 * API version 2025-03-31 (basil) an invoice names its payments under InvoicePayment objects
 * (https://docs.stripe.com/api/invoice-payment), not `invoice.payment_intent`; a refund goes back
 * to a PaymentIntent (https://docs.stripe.com/api/refunds/create).
 */
import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from '../../http/app-error.js';
import { REFUND_REASON_MAX, type RefundSnapshot, refundStatusOf } from '../refund.js';

const Id = Type.String({ minLength: 1, maxLength: 255 });
const Ref = Type.Union([Id, Type.Object({ id: Id })]);
const Cents = Type.Integer({ minimum: 0, maximum: 1e12 });
const UnixSeconds = Type.Integer({ minimum: 0, maximum: 32503680000 });
const Metadata = Type.Record(Type.String(), Type.String());
const refId = (r: Static<typeof Ref>) => (typeof r === 'string' ? r : r.id);

/** Our keys in a refund's metadata: which subscription of ours it was for, and the reason staff gave. */
export const REFUND_METADATA = { subscription: 'masthead_subscription_id', reason: 'masthead_reason' } as const;

const PaidInvoiceSchema = Type.Object({
  id: Id,
  object: Type.Literal('invoice'),
  amount_paid: Cents,
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  created: UnixSeconds,
  status_transitions: Type.Optional(Type.Object({ paid_at: Type.Optional(Type.Union([UnixSeconds, Type.Null()])) })),
  parent: Type.Optional(
    Type.Union([Type.Object({ subscription_details: Type.Union([Type.Object({ subscription: Ref }), Type.Null()]) }), Type.Null()]),
  ),
});
export type StripePaidInvoice = Static<typeof PaidInvoiceSchema>;

const InvoicePaymentSchema = Type.Object({
  id: Id,
  object: Type.Literal('invoice_payment'),
  invoice: Ref,
  status: Type.String({ maxLength: 40 }),
  payment: Type.Object({ type: Type.String({ maxLength: 40 }), payment_intent: Type.Optional(Type.Union([Ref, Type.Null()])) }),
});

export const StripeRefundSchema = Type.Object({
  id: Id,
  object: Type.Literal('refund'),
  amount: Cents,
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  status: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  payment_intent: Type.Union([Ref, Type.Null()]),
  charge: Type.Optional(Type.Union([Ref, Type.Null()])),
  reason: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  metadata: Type.Optional(Type.Union([Metadata, Type.Null()])),
});
export type StripeRefund = Static<typeof StripeRefundSchema>;

export const StripeChargeSchema = Type.Object({
  id: Id,
  object: Type.Literal('charge'),
  payment_intent: Type.Union([Ref, Type.Null()]),
  amount_refunded: Cents,
});

const listOf = <T extends TSchema>(item: T) => Type.Object({ object: Type.Literal('list'), data: Type.Array(item, { maxItems: 1000 }) });

const unreadable = () => new AppError('PAYMENTS_UNAVAILABLE', 503, 'The payment provider answered something we cannot read.');

function parse<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (!Value.Check(schema, value)) throw unreadable();
  return value;
}

export const parsePaidInvoices = (value: unknown): StripePaidInvoice[] => parse(listOf(PaidInvoiceSchema), value).data;
export const parsePaidInvoice = (value: unknown): StripePaidInvoice => parse(PaidInvoiceSchema, value);
export const parseRefunds = (value: unknown): StripeRefund[] => parse(listOf(StripeRefundSchema), value).data;
export const parseRefund = (value: unknown): StripeRefund => parse(StripeRefundSchema, value);

/** The PaymentIntent that paid an invoice, from its InvoicePayments; null when none did (paid out of band). */
export function paymentIntentOf(invoicePayments: unknown): string | null {
  for (const p of parse(listOf(InvoicePaymentSchema), invoicePayments).data) {
    if (p.status === 'paid' && p.payment.payment_intent) return refId(p.payment.payment_intent);
  }
  return null;
}

/** The invoice an InvoicePayment list (filtered by a PaymentIntent) belongs to; null when none. */
export function invoiceOfPayment(invoicePayments: unknown): string | null {
  const first = parse(listOf(InvoicePaymentSchema), invoicePayments).data[0];
  return first ? refId(first.invoice) : null;
}

export function subscriptionOfInvoice(invoice: StripePaidInvoice): string | null {
  const details = invoice.parent?.subscription_details;
  return details ? refId(details.subscription) : null;
}

/** Ours when we made it (our metadata), else Stripe's reason code ("requested_by_customer"…) or nothing. */
export function refundSnapshot(r: StripeRefund, providerSubscriptionId: string | null): RefundSnapshot {
  const meta = r.metadata ?? {};
  return {
    providerRefundId: r.id,
    paymentId: r.payment_intent ? refId(r.payment_intent) : r.charge ? refId(r.charge) : '',
    amountCents: r.amount,
    currency: r.currency,
    status: refundStatusOf(r.status ?? 'pending'),
    subscriptionId: meta[REFUND_METADATA.subscription] ?? null,
    providerSubscriptionId,
    reason: (meta[REFUND_METADATA.reason] ?? r.reason ?? null)?.slice(0, REFUND_REASON_MAX) ?? null,
  };
}

export interface RefundLookups {
  /** The Stripe subscription a PaymentIntent paid an invoice of; null when it paid something else (a gift). */
  subscriptionOfPayment(paymentIntentId: string): Promise<string | null>;
  /** Every refund of a PaymentIntent (a `charge.refunded` event carries the charge's total only). */
  refundsOfPayment(paymentIntentId: string): Promise<StripeRefund[]>;
}

/**
 * `refund.created` / `refund.updated` / `refund.failed` carry one refund; `charge.refunded`
 * carries the charge, whose refunds we list. A refund we made names our subscription in its
 * metadata; one made in Stripe's dashboard is traced through its PaymentIntent's invoice.
 * Refunds of payments that are not a subscription's (a gift) come out with no subscription.
 */
export async function normalizeRefundEvent(type: string, obj: unknown, lookups: RefundLookups): Promise<RefundSnapshot[] | 'malformed'> {
  let refunds: StripeRefund[];
  let paymentIntent: string | null;
  if (type === 'charge.refunded') {
    if (!Value.Check(StripeChargeSchema, obj)) return 'malformed';
    paymentIntent = obj.payment_intent ? refId(obj.payment_intent) : null;
    if (!paymentIntent) return [];
    refunds = await lookups.refundsOfPayment(paymentIntent);
  } else {
    if (!Value.Check(StripeRefundSchema, obj)) return 'malformed';
    refunds = [obj];
    paymentIntent = obj.payment_intent ? refId(obj.payment_intent) : null;
  }
  const ours = refunds.every((r) => r.metadata?.[REFUND_METADATA.subscription]);
  const providerSubscriptionId = !ours && paymentIntent ? await lookups.subscriptionOfPayment(paymentIntent) : null;
  return refunds.map((r) => refundSnapshot(r, providerSubscriptionId));
}
