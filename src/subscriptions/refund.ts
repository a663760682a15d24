/**
 * Refunds of a subscription's last payment, as the business office asks for them: pure, no
 * database, no provider. `parseRefundAmount` reads what staff typed in the payment's currency;
 * `decideRefund` says how much may be refunded, or why nothing may (with the status the answer
 * carries: 409 when there is nothing to refund, 400 naming the amount when it is wrong).
 */
import { formatPrice } from './plan.js';

/** Where a refund stands at the provider (Stripe's refund statuses; the demo's are always `succeeded`). */
export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export function refundStatusOf(value: string): RefundStatus {
  return (REFUND_STATUSES as readonly string[]).includes(value) ? (value as RefundStatus) : 'pending';
}

/** A refund that moved, or may still move, money back: failed and canceled ones returned nothing. */
export const countsAsRefunded = (status: RefundStatus): boolean => status !== 'failed' && status !== 'canceled';

/** What staff chose for the reader's access with the refund. */
export type RefundAccess = 'now' | 'period-end';

/** The payment a refund goes back to: the provider's latest paid invoice of the subscription. */
export interface RefundablePayment {
  /** The provider's id of the payment (Stripe: the PaymentIntent). */
  paymentId: string;
  amountCents: number;
  currency: string;
  /** Refunded so far as the provider counts it; null when it keeps no count (the demo). */
  refundedCents: number | null;
  paidAt: Date;
}

/** A refund as we record it (table `subscription_refunds`). */
export interface RefundRecord {
  id: string;
  subscriptionId: string;
  readerId: string;
  provider: string;
  providerRefundId: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  status: RefundStatus;
  reason: string;
  /** The access chosen with it; null for a refund made at the provider (Stripe's dashboard). */
  access: RefundAccess | null;
  /** Who asked for it; null when it was made at the provider. */
  staffId: string | null;
  staffName: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A refund as the provider reports it (an answer to our call, or a webhook). */
export interface RefundSnapshot {
  providerRefundId: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  status: RefundStatus;
  /** Our subscription id, when we made the refund (we put it in the provider's metadata). */
  subscriptionId: string | null;
  /** The provider's subscription the payment belongs to, when it could be found. */
  providerSubscriptionId: string | null;
  /** The reason we gave, or the provider's. */
  reason: string | null;
}

export const REFUND_REASON_MAX = 500;

export type RefundDecision =
  | { ok: true; amountCents: number; remainingCents: number }
  | {
      ok: false;
      status: 400 | 409;
      code: 'NOTHING_TO_REFUND' | 'ALREADY_REFUNDED' | 'BAD_REQUEST' | 'REFUND_TOO_LARGE';
      field: string;
      message: string;
    };

/**
 * Cents from what staff typed: "9", "9.5", "9.50", "1,234.50" (thousands commas allowed); null
 * when it is not an amount. An empty string is the whole remainder (`undefined`).
 */
export function parseRefundAmount(raw: string): number | null | undefined {
  const text = raw.trim().replace(/^[A-Za-z$€£¥]{1,3}\s*/, '');
  if (text === '') return raw.trim() === '' ? undefined : null;
  if (!/^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d{1,9}(\.\d{1,2})?$/.test(text)) return null;
  const [whole, fraction = ''] = text.replace(/,/g, '').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * How much of `payment` to refund: `requested` cents, or undefined for all that is left. Already
 * refunded is the larger of the provider's count and ours (a refund made a moment ago may not
 * have reached one of them yet).
 */
export function decideRefund(payment: RefundablePayment | null, recordedCents: number, requested: number | undefined): RefundDecision {
  if (!payment || payment.amountCents <= 0)
    return {
      ok: false,
      status: 409,
      code: 'NOTHING_TO_REFUND',
      field: 'amount',
      message: 'Nothing has been paid for this subscription (a trial or an unpaid checkout): there is nothing to refund.',
    };
  const refunded = Math.max(payment.refundedCents ?? 0, recordedCents);
  const remaining = payment.amountCents - refunded;
  const money = (c: number) => formatPrice(c, payment.currency);
  if (remaining <= 0)
    return {
      ok: false,
      status: 409,
      code: 'ALREADY_REFUNDED',
      field: 'amount',
      message: `The last payment (${money(payment.amountCents)}) has already been refunded in full.`,
    };
  const amount = requested ?? remaining;
  if (amount <= 0) return { ok: false, status: 400, code: 'BAD_REQUEST', field: 'amount', message: 'A refund must be more than nothing.' };
  if (amount > remaining)
    return {
      ok: false,
      status: 400,
      code: 'REFUND_TOO_LARGE',
      field: 'amount',
      message: `${money(amount)} is more than what is left to refund of the last payment: at most ${money(remaining)}.`,
    };
  return { ok: true, amountCents: amount, remainingCents: remaining };
}
