/**
 * The business office's refunds (src/reader-admin): a staff member refunds a subscriber's last
 * payment, all of it or part, with a reason, through the payments gateway, and chooses whether
 * the reader's access ends now or runs to the period's end. The gateway is asked what was paid
 * and refunded; `decideRefund` (refund.ts) says how much may go back; the gateway refunds under
 * the form's idempotency key (a double submit finds the first refund, here or at Stripe); the
 * refund is recorded with the audit entry in one transaction; then the subscription is ended as
 * chosen, as the office's own cancel does.
 */
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import type { PaymentsGateway } from './payments-gateway.js';
import { decideRefund, REFUND_REASON_MAX, type RefundAccess, type RefundRecord } from './refund.js';
import { findRefundByIdempotencyKey, fromSnapshot, listRefundsOfReader, refundedOfPayment, saveRefund } from './refund-repository.js';
import { COMPLIMENTARY } from './subscription.js';
import { findSubscriptionById } from './subscription-repository.js';
import { subscriptionState } from './subscription-state.js';

export interface StaffRefundDeps {
  db: Db;
  clock: Clock;
  gateway: PaymentsGateway;
  /** Ends the subscription as chosen with the refund (the office's cancel, staff-subscription-actions.ts). */
  cancel(readerId: string, subscriptionId: string, when: RefundAccess): Promise<unknown>;
}

export interface StaffRefundInput {
  readerId: string;
  subscriptionId: string;
  /** Cents in the payment's currency; undefined: all that is left of the last payment. */
  amountCents: number | undefined;
  reason: string;
  access: RefundAccess;
  /** The form's key: the same key again answers the first refund and refunds nothing more. */
  idempotencyKey: string;
  staff: { id: string; name: string };
}

export interface StaffRefundOutcome {
  refund: RefundRecord;
  /** True when the key had been used: nothing was refunded this time. */
  repeated: boolean;
}

export function createStaffRefunds(deps: StaffRefundDeps) {
  const { db, clock, gateway } = deps;

  async function repeatOf(input: StaffRefundInput): Promise<StaffRefundOutcome | undefined> {
    const earlier = await findRefundByIdempotencyKey(db, input.idempotencyKey);
    if (!earlier) return undefined;
    if (earlier.subscriptionId !== input.subscriptionId)
      throw new AppError('CONFLICT', 409, 'This form was already used for another refund. Reload the reader’s page and try again.');
    return { refund: earlier, repeated: true };
  }

  return {
    /**
     * Refunds the subscription's last payment and ends it as chosen. 400 naming `reason` or
     * `amount`; 409 for a comp, another provider's subscription, nothing paid, or a payment
     * refunded in full already; 503 while the provider cannot be reached (nothing refunded).
     * `also` runs in the refund's transaction (the audit entry).
     */
    async refund(input: StaffRefundInput, also?: (tx: Db, refund: RefundRecord) => Promise<void>): Promise<StaffRefundOutcome> {
      const reason = input.reason.trim();
      if (reason === '') throw invalid([{ field: 'reason', message: 'Give the reason for the refund (the reader’s words, or yours).' }]);
      if (reason.length > REFUND_REASON_MAX)
        throw invalid([{ field: 'reason', message: `Keep the reason under ${REFUND_REASON_MAX} characters.` }]);
      const repeated = await repeatOf(input);
      if (repeated) return repeated;

      const sub = await findSubscriptionById(db, input.subscriptionId);
      if (!sub || sub.readerId !== input.readerId) throw notFound('subscription');
      if (sub.provider === COMPLIMENTARY)
        throw new AppError('NOTHING_TO_REFUND', 409, 'This is a comp: nobody paid for it, so there is nothing to refund.');
      if (sub.provider !== gateway.provider)
        throw new AppError('PROVIDER_MISMATCH', 409, `This subscription is billed by ${sub.provider}, not ${gateway.provider}.`);

      const payment = await gateway.lastPayment(sub);
      const recorded = payment ? await refundedOfPayment(db, sub.provider, payment.paymentId) : 0;
      const decision = decideRefund(payment, recorded, input.amountCents);
      if (!decision.ok)
        throw new AppError(decision.code, decision.status, decision.message, [{ field: decision.field, message: decision.message }]);
      if (!payment) throw new Error('decideRefund allowed a refund of no payment');

      const made = await gateway.refund({
        subscription: sub,
        payment,
        amountCents: decision.amountCents,
        reason,
        idempotencyKey: input.idempotencyKey,
      });
      const now = clock();
      let refund: RefundRecord;
      try {
        refund = await db.transaction().execute(async (tx) => {
          const saved = await saveRefund(tx, {
            ...fromSnapshot(made, sub, gateway.provider, now),
            reason,
            access: input.access,
            staffId: input.staff.id,
            staffName: input.staff.name,
            idempotencyKey: input.idempotencyKey,
          });
          if (also) await also(tx, saved);
          return saved;
        });
      } catch (err) {
        // The same form submitted twice at once: the provider answered both with one refund,
        // and the other request recorded it first.
        if (!isUniqueViolation(err)) throw err;
        const first = await repeatOf(input);
        if (!first) throw err;
        return first;
      }

      const state = subscriptionState((await findSubscriptionById(db, sub.id)) ?? sub, clock());
      const ended = state.kind === 'ended' || sub.status === 'canceled';
      if (!ended && !(input.access === 'period-end' && sub.cancelAtPeriodEnd)) await deps.cancel(input.readerId, sub.id, input.access);
      return { refund, repeated: false };
    },

    /** A reader's refunds, newest first (the reader's page, the subscription's history). */
    refundsOf: (readerId: string): Promise<RefundRecord[]> => listRefundsOfReader(db, readerId),
  };
}
export type StaffRefunds = ReturnType<typeof createStaffRefunds>;
