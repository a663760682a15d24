/**
 * Applies normalized payment events to our subscription records, once each, whatever their
 * source (Stripe's webhooks or the demo gateway). Providers deliver at least once and in no
 * particular order (https://docs.stripe.com/webhooks#event-ordering), so:
 *   - the event id is recorded first, in the same transaction as the change: a duplicate changes
 *     nothing and a failed change records nothing;
 *   - every subscription row carries the provider time of the newest state applied to it, and an
 *     older event is stale: it never overwrites newer state;
 *   - a canceled subscription stays canceled (Stripe cannot revive one), even on a tie;
 *   - a pause of payment collection (Stripe's `pause_collection`) is kept with the state, with
 *     the moment we first heard of it, and cleared by the event that resumes it.
 * The emails a change calls for are jobs enqueued in the change's own transaction
 * (subscriber-email-jobs.ts), so a reader is never told of a change that was rolled back and a
 * failed send never fails the event: the welcome, the cancellation, the failed payment (once per
 * grace period: the first failure, not its retries or duplicates). A gift paid for gets its code
 * in the same transaction (only the hash is stored on the gift) and the code's email job with it.
 * A refund (ours, or made in the provider's dashboard) is recorded once per provider refund and
 * its status followed (refund-repository.ts); one of a payment that is not a subscription's (a
 * gift) is not ours to record here.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import type { Clock, JobQueue } from '../platform.js';
import { GRACE_PERIOD_MS } from './entitlements.js';
import { giftRedeemBy, hashGiftCode, newGiftCode } from './gift.js';
import { cancelPendingGift, findGiftById, markGiftPaid } from './gift-repository.js';
import { offerOnPlan } from './offer.js';
import { findOfferById } from './offer-repository.js';
import type { PaymentChange, PaymentEvent, SubscriptionSnapshot } from './payments-gateway.js';
import { findPlanById, findPlanByStripePrice } from './plan-repository.js';
import { fromSnapshot, saveRefund, subscriptionOfRefund } from './refund-repository.js';
import { enqueueGiftCodeEmails, enqueueSubscriberEmail } from './subscriber-email-jobs.js';
import type { PaymentProvider, SubscriptionPause, SubscriptionRecord } from './subscription.js';
import {
  findSubscriptionByProviderId,
  insertSubscription,
  recordPaymentEvent,
  updateSubscriptionState,
} from './subscription-repository.js';

export type ProcessOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored' | 'unknown_subscription' | 'unknown_gift';

export interface PaymentProcessorDeps {
  db: Db;
  clock: Clock;
  /** The subscriber's emails are enqueued here, in the event's transaction. Absent: none. */
  jobs?: JobQueue | undefined;
}

export type PaymentProcessor = ReturnType<typeof createPaymentProcessor>;

const secondsToDate = (s: number) => new Date(s * 1000);

export function createPaymentProcessor(deps: PaymentProcessorDeps) {
  const { db, clock } = deps;

  async function resolvePlanId(tx: Db, snap: Pick<SubscriptionSnapshot, 'planId' | 'priceId'>): Promise<string | null> {
    if (snap.planId && (await findPlanById(tx, snap.planId))) return snap.planId;
    if (snap.priceId) return (await findPlanByStripePrice(tx, snap.priceId))?.id ?? null;
    return null;
  }

  /** Grace starts at the first failure and is not extended by retries; a good state clears it. */
  function graceFor(status: SubscriptionSnapshot['status'], existing: Date | null, version: number): Date | null {
    if (status === 'past_due') return existing ?? new Date(secondsToDate(version).getTime() + GRACE_PERIOD_MS);
    if (status === 'active' || status === 'trialing') return null;
    return existing;
  }

  const grants = (s: Pick<SubscriptionRecord, 'status'>) => s.status === 'active' || s.status === 'trialing';

  /**
   * The pause a snapshot tells of: a pause already known keeps the moment it began (its resume
   * date or behaviour may change); a new one begins at the event's time; a snapshot that does
   * not say keeps what we had.
   */
  function pauseFrom(snap: SubscriptionSnapshot, existing: SubscriptionRecord | null): SubscriptionPause | null {
    if (snap.pause === undefined) return existing?.pause ?? null;
    if (snap.pause === null) return null;
    return { ...snap.pause, since: existing?.pause?.since ?? secondsToDate(snap.version) };
  }

  /**
   * Saves a state, noting a grace period it starts, and enqueues in the same transaction the
   * emails the change calls for: a welcome when the subscription first gives access (a row made
   * active, or an incomplete one paid), a confirmation when a cancellation is asked for (here,
   * from the portal, or by our own call; the ledger keeps one per change).
   */
  async function save(tx: Db, next: SubscriptionRecord, previous: SubscriptionRecord | null): Promise<void> {
    if (previous === null) await insertSubscription(tx, next);
    else await updateSubscriptionState(tx, next);
    if (!deps.jobs) return;
    const at = clock();
    if (next.graceUntil && !previous?.graceUntil) {
      await enqueueSubscriberEmail(
        deps.jobs,
        tx,
        { kind: 'payment-failed', subjectId: next.id, occasion: next.graceUntil.toISOString() },
        at,
      );
    }
    if (grants(next) && (previous === null || !grants(previous)) && previous?.status !== 'past_due') {
      await enqueueSubscriberEmail(deps.jobs, tx, { kind: 'welcome', subjectId: next.id, occasion: '' }, at);
    }
    if (previous && grants(next) && next.cancelAtPeriodEnd && !previous.cancelAtPeriodEnd) {
      await enqueueSubscriberEmail(deps.jobs, tx, { kind: 'cancelled', subjectId: next.id, occasion: String(next.providerVersion) }, at);
    }
  }

  /** What was agreed at the start: a period's price, the offer and the first payment, from the plan and offer now. */
  async function agreedTerms(tx: Db, planId: string, offerId: string | null | undefined) {
    const plan = await findPlanById(tx, planId);
    if (!plan) return {};
    const offer = offerId ? await findOfferById(tx, offerId) : undefined;
    const terms = offer ? offerOnPlan(offer, plan) : null;
    return {
      offerId: offer?.id ?? null,
      priceCents: plan.priceCents,
      firstPaymentCents: terms && !('problem' in terms) ? terms.firstPaymentCents : plan.priceCents,
      currency: plan.currency,
    };
  }

  async function applySnapshot(
    tx: Db,
    provider: PaymentProvider,
    snap: SubscriptionSnapshot,
    fallback: { readerId: string | null; planId: string | null; offerId?: string | null | undefined } = { readerId: null, planId: null },
  ): Promise<ProcessOutcome> {
    const existing = await findSubscriptionByProviderId(tx, provider, snap.providerSubscriptionId);
    const now = clock();
    if (existing) {
      if (snap.version < existing.providerVersion) return 'stale';
      if (existing.status === 'canceled' && snap.status !== 'canceled') return 'stale';
      const planId = (await resolvePlanId(tx, snap)) ?? existing.planId;
      const next: SubscriptionRecord = {
        ...existing,
        planId,
        status: snap.status,
        currentPeriodEnd: snap.currentPeriodEnd,
        cancelAtPeriodEnd: snap.cancelAtPeriodEnd,
        trialEnd: snap.trialEnd,
        graceUntil: graceFor(snap.status, existing.graceUntil, snap.version),
        providerCustomerId: snap.providerCustomerId ?? existing.providerCustomerId,
        providerVersion: snap.version,
        updatedAt: now,
        pause: pauseFrom(snap, existing),
      };
      await save(tx, next, existing);
      return 'applied';
    }
    const readerId = snap.readerId ?? fallback.readerId;
    const planId =
      (await resolvePlanId(tx, snap)) ?? (fallback.planId && (await findPlanById(tx, fallback.planId)) ? fallback.planId : null);
    if (!readerId || !planId) return 'unknown_subscription';
    const created: SubscriptionRecord = {
      id: uuidv7(),
      readerId,
      planId,
      status: snap.status,
      currentPeriodEnd: snap.currentPeriodEnd,
      cancelAtPeriodEnd: snap.cancelAtPeriodEnd,
      trialEnd: snap.trialEnd,
      graceUntil: graceFor(snap.status, null, snap.version),
      provider,
      providerSubscriptionId: snap.providerSubscriptionId,
      providerCustomerId: snap.providerCustomerId,
      providerVersion: snap.version,
      createdAt: now,
      updatedAt: now,
      pause: pauseFrom(snap, null),
      ...(await agreedTerms(tx, planId, snap.offerId ?? fallback.offerId)),
    };
    await save(tx, created, null);
    return 'applied';
  }

  /** Invoice events change a known subscription only, and only if they are not older than its state. */
  async function applyInvoice(
    tx: Db,
    provider: PaymentProvider,
    change: Extract<PaymentChange, { kind: 'invoice_paid' | 'invoice_payment_failed' }>,
    created: number,
  ): Promise<ProcessOutcome> {
    const existing = await findSubscriptionByProviderId(tx, provider, change.providerSubscriptionId);
    if (!existing) return 'unknown_subscription';
    if (created < existing.providerVersion) return 'stale';
    if (existing.status === 'canceled') return 'stale';
    let next: SubscriptionRecord;
    if (change.kind === 'invoice_paid') {
      const periodEnd =
        change.periodEnd && (!existing.currentPeriodEnd || change.periodEnd > existing.currentPeriodEnd)
          ? change.periodEnd
          : existing.currentPeriodEnd;
      const status = existing.status === 'past_due' || existing.status === 'incomplete' ? 'active' : existing.status;
      next = { ...existing, status, graceUntil: null, currentPeriodEnd: periodEnd };
    } else {
      // A first payment that fails leaves the subscription incomplete (no access, no grace).
      if (existing.status === 'incomplete') return 'ignored';
      next = { ...existing, status: 'past_due', graceUntil: graceFor('past_due', existing.graceUntil, created) };
    }
    await save(tx, { ...next, providerVersion: created, updatedAt: clock() }, existing);
    return 'applied';
  }

  /** Paid once: a second event for the same payment (async success after completion) changes nothing. */
  async function applyGiftPaid(tx: Db, c: Extract<PaymentChange, { kind: 'gift_paid' }>): Promise<ProcessOutcome> {
    const code = newGiftCode();
    const paidAt = clock();
    const paid = await markGiftPaid(tx, {
      giftId: c.giftId,
      checkoutSessionId: c.checkoutSessionId,
      codeHash: hashGiftCode(code),
      paidAt,
      expiresAt: giftRedeemBy(paidAt),
    });
    if (paid) {
      if (deps.jobs) await enqueueGiftCodeEmails(deps.jobs, tx, { giftId: c.giftId, code, resent: false }, paidAt);
      return 'applied';
    }
    return (await findGiftById(tx, c.giftId)) ? 'ignored' : 'unknown_gift';
  }

  async function applyRefunds(tx: Db, provider: PaymentProvider, c: Extract<PaymentChange, { kind: 'refunds_changed' }>) {
    let saved = 0;
    for (const r of c.refunds) {
      const sub = await subscriptionOfRefund(tx, provider, r);
      if (!sub) continue;
      await saveRefund(tx, fromSnapshot(r, sub, provider, clock()));
      saved += 1;
    }
    return saved > 0 ? 'applied' : 'unknown_subscription';
  }

  async function apply(tx: Db, e: PaymentEvent): Promise<ProcessOutcome> {
    const c = e.change;
    switch (c.kind) {
      case 'checkout_completed': {
        if (c.snapshot) return applySnapshot(tx, e.provider, c.snapshot, { readerId: c.readerId, planId: c.planId, offerId: c.offerId });
        const existing = await findSubscriptionByProviderId(tx, e.provider, c.providerSubscriptionId);
        if (existing) {
          if (existing.providerCustomerId === null && c.providerCustomerId !== null) {
            await updateSubscriptionState(tx, { ...existing, providerCustomerId: c.providerCustomerId, updatedAt: clock() });
          }
          return 'applied';
        }
        const plan = await findPlanById(tx, c.planId);
        // Version 0: any subscription event, however early, tells us more than this does.
        return applySnapshot(tx, e.provider, {
          providerSubscriptionId: c.providerSubscriptionId,
          providerCustomerId: c.providerCustomerId,
          status: c.paid ? (plan && plan.trialDays > 0 ? 'trialing' : 'active') : 'incomplete',
          currentPeriodEnd: null,
          cancelAtPeriodEnd: false,
          trialEnd: null,
          readerId: c.readerId,
          planId: c.planId,
          priceId: null,
          offerId: c.offerId ?? null,
          version: 0,
        });
      }
      case 'subscription_changed':
        return applySnapshot(tx, e.provider, c.snapshot);
      case 'invoice_paid':
      case 'invoice_payment_failed':
        return applyInvoice(tx, e.provider, c, e.created);
      case 'gift_paid':
        return applyGiftPaid(tx, c);
      case 'gift_checkout_failed':
        return (await cancelPendingGift(tx, c.giftId)) ? 'applied' : 'ignored';
      case 'refunds_changed':
        return applyRefunds(tx, e.provider, c);
      case 'checkout_failed':
      case 'ignored':
        return 'ignored';
    }
  }

  return {
    /** Applies an event once. A duplicate is a no-op that still succeeds (the provider stops resending). */
    async process(e: PaymentEvent): Promise<ProcessOutcome> {
      return db.transaction().execute(async (tx): Promise<ProcessOutcome> => {
        const fresh = await recordPaymentEvent(tx, { provider: e.provider, eventId: e.eventId, type: e.type, at: clock() });
        if (!fresh) return 'duplicate';
        return apply(tx, e);
      });
    },

    /** Applies a state the provider answered directly (e.g. after cancel-at-period-end), with the same ordering rules. */
    async applySnapshot(provider: PaymentProvider, snap: SubscriptionSnapshot): Promise<ProcessOutcome> {
      return db.transaction().execute((tx) => applySnapshot(tx, provider, snap));
    },
  };
}
