/**
 * Subscribing: start a checkout for a plan (with an offer code), apply what the payment provider
 * tells us, cancel at period end, open the provider's portal. Which provider: Stripe when a key is
 * configured, else the demo gateway.
 */
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock, JobQueue } from '../platform.js';
import { createDemoGateway } from './demo-gateway.js';
import { createGiftService } from './gift-service.js';
import { offerProblemOnPlan } from './offer.js';
import { findOfferByCode } from './offer-repository.js';
import { createOfferService } from './offer-service.js';
import { deleteMembershipsOf, listMembershipsOf } from './organisation-repository.js';
import type { CheckoutReader, PaymentEvent, PaymentsGateway, SubscriptionSnapshot } from './payments-gateway.js';
import type { Plan } from './plan.js';
import { findPlanById } from './plan-repository.js';
import { eraseRefundReasonsOf, listRefundsOfReader } from './refund-repository.js';
import { createStaffRefunds } from './staff-refunds.js';
import { createStaffSubscriptionActions } from './staff-subscription-actions.js';
import { createStripeGateway } from './stripe/stripe-gateway.js';
import { COMPLIMENTARY, type SubscriptionRecord } from './subscription.js';
import {
  endComplimentarySubscription,
  findReaderCustomerId,
  findSubscriptionById,
  listReaderSubscriptions,
} from './subscription-repository.js';
import { currentSubscription, isLive, type SubscriptionState, subscriptionState } from './subscription-state.js';
import { createPaymentProcessor, type ProcessOutcome } from './webhook-processor.js';

export interface SubscriptionServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** The payments gateway to use (tests pass one pointed at a fake provider). Absent: chosen from the config. */
  gateway?: PaymentsGateway | undefined;
  /** The job queue: the subscriber's emails are jobs enqueued with the change they follow. Absent: no emails. */
  jobs?: JobQueue | undefined;
}

/** Where checkout sends the reader back, with the way back to what they were reading. */
export function checkoutReturnUrls(
  base: string,
  p: { returnTo: string | null; offer: string | null },
): { successUrl: string; cancelUrl: string } {
  const q = new URLSearchParams();
  if (p.returnTo) q.set('return', p.returnTo);
  const success = q.toString();
  if (p.offer) q.set('offer', p.offer);
  const cancel = q.toString();
  return {
    successUrl: `${base}/checkout/success${success ? `?${success}` : ''}`,
    cancelUrl: `${base}/checkout/cancel${cancel ? `?${cancel}` : ''}`,
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

export function gatewayFromConfig(config: Config, clock: Clock): PaymentsGateway {
  const p = config.payments;
  if (p.gateway === 'stripe') return createStripeGateway({ secretKey: p.secretKey, webhookSecret: p.webhookSecret, clock });
  return createDemoGateway({ clock });
}

export function createSubscriptionService(deps: SubscriptionServiceDeps) {
  const { db, clock, config } = deps;
  const gateway = deps.gateway ?? gatewayFromConfig(config, clock);
  const gifts = createGiftService({ db, clock, config, gateway, jobs: deps.jobs });
  const offers = createOfferService({ db, clock });
  const processor = createPaymentProcessor({ db, clock, jobs: deps.jobs });
  const staff = createStaffSubscriptionActions({ db, clock, gateway, processor, jobs: deps.jobs });

  async function ownedBy(
    readerId: string,
    subscriptionId: string,
  ): Promise<{ subscription: SubscriptionRecord; plan: Plan; state: SubscriptionState }> {
    const subscription = await findSubscriptionById(db, subscriptionId);
    const plan = subscription && subscription.readerId === readerId ? await findPlanById(db, subscription.planId) : undefined;
    if (!subscription || !plan) throw notFound('subscription');
    return { subscription, plan, state: subscriptionState(subscription, clock()) };
  }

  /**
   * Before an account is closed: every subscription that could still charge or give access is
   * cancelled now through the provider (not at period end: nobody will be there to read it).
   * A paid one the provider cannot cancel stops the closing (409), so no card is charged for a
   * closed account; the rows stay, as the billing record.
   */
  async function cancelAllForClosedAccount(readerId: string): Promise<void> {
    const now = clock();
    for (const sub of await listReaderSubscriptions(db, readerId)) {
      if (sub.status === 'canceled' || sub.status === 'incomplete') continue;
      const state = subscriptionState(sub, now);
      if (state.kind === 'ended' && sub.cancelAtPeriodEnd) continue;
      if (sub.provider === COMPLIMENTARY) {
        // Billed by nobody: ended here, with nothing to ask a provider.
        await endComplimentarySubscription(db, sub.id, now);
        continue;
      }
      let snapshot: SubscriptionSnapshot;
      try {
        if (sub.provider !== gateway.provider) throw new Error(`billed by ${sub.provider}, not ${gateway.provider}`);
        snapshot = await gateway.cancelNow(sub);
      } catch (cause) {
        throw Object.assign(
          new AppError(
            'SUBSCRIPTION_NOT_CANCELLED',
            409,
            `We could not cancel your ${sub.planName} subscription with the payment provider just now, so your account has not been closed: closed, it could go on being charged with no way to stop it. Please try again in a few minutes, or first cancel the subscription on your account page (/account).`,
          ),
          { cause },
        );
      }
      await processor.applySnapshot(gateway.provider, snapshot);
    }
  }

  const sameProvider = (sub: SubscriptionRecord) => {
    if (sub.provider === COMPLIMENTARY)
      throw new AppError('PROVIDER_MISMATCH', 409, 'This subscription is complimentary: nothing is billed. Write to the paper to end it.');
    if (sub.provider !== gateway.provider)
      throw new AppError('PROVIDER_MISMATCH', 409, 'This subscription is billed by another payment provider.');
  };

  return {
    /** Gift subscriptions: buying (through the same gateway and event processor), redeeming. */
    gifts,

    /** Offers: what a code gives on /subscribe, and the catalogue of offers for the Admin API. */
    offers,

    /** The business office's actions on a reader's subscriptions: comp a plan, cancel (src/reader-admin). */
    staff,

    /** The business office's refunds of a subscription's last payment, and a reader's refunds (src/reader-admin). */
    refunds: createStaffRefunds({ db, clock, gateway, cancel: staff.cancel }),

    /** The gateway in use, chosen once when the service is made. */
    gateway,

    /**
     * Starts a checkout for an active plan; answers the provider's page to send the reader to.
     * `returnTo` (a same-site path, already checked) comes back on the success page.
     */
    async startCheckout(input: {
      reader: CheckoutReader;
      planId: string;
      offerCode?: string | undefined;
      returnTo?: string | null | undefined;
    }): Promise<{ url: string }> {
      const plan = await findPlanById(db, input.planId);
      if (!plan?.active)
        throw new AppError('PLAN_NOT_ON_SALE', 404, 'This plan is not on sale any more.', [{ field: 'plan', message: 'is not on sale' }]);
      if (plan.entitlements.includes('weekly_print') && input.reader.hasPostalAddress === false) {
        throw new AppError(
          'POSTAL_ADDRESS_REQUIRED',
          409,
          'The printed magazine needs a postal address. Add one on your account page, then choose the plan again.',
          [{ field: 'address', message: 'is required for the printed magazine' }],
        );
      }
      let offer = null;
      if (input.offerCode) {
        offer = (await findOfferByCode(db, input.offerCode)) ?? null;
        const problem = offer ? offerProblemOnPlan(offer, plan, clock()) : 'There is no offer with this code.';
        if (problem) throw invalid([{ field: 'offer', message: problem }]);
      }
      const customerId = await findReaderCustomerId(db, input.reader.id, gateway.provider);
      // Stripe's hosted page is on Stripe's host, so it needs absolute URLs back: PUBLIC_URL,
      // which production requires. The demo gateway's pages are ours: paths keep the reader on
      // the host they browse (where their session cookie is), 127.0.0.1 included.
      const base = gateway.provider === 'stripe' ? config.publicUrl : '';
      return gateway.createCheckoutSession({
        reader: input.reader,
        plan,
        offer,
        customerId,
        ...checkoutReturnUrls(base, { returnTo: input.returnTo ?? null, offer: offer?.code ?? null }),
      });
    },

    /** Applies a provider event once; duplicates and stale events change nothing. */
    processEvent(event: PaymentEvent): Promise<ProcessOutcome> {
      return processor.process(event);
    },

    /** Verifies and applies a webhook delivery. Throws a 4xx AppError, changing nothing, when it is not acceptable. */
    async receiveWebhook(rawBody: Buffer, signatureHeader: string | undefined): Promise<{ eventId: string; outcome: ProcessOutcome }> {
      const event = await gateway.parseWebhook(rawBody, signatureHeader);
      return { eventId: event.eventId, outcome: await processor.process(event) };
    },

    /** The subscription to show on a reader's account page (see `currentSubscription`), with its plan. */
    async currentFor(readerId: string): Promise<{ subscription: SubscriptionRecord; plan: Plan } | undefined> {
      const subscription = currentSubscription(await listReaderSubscriptions(db, readerId), clock());
      const plan = subscription && (await findPlanById(db, subscription.planId));
      return subscription && plan ? { subscription, plan } : undefined;
    },

    /**
     * A reader's subscriptions, newest first, each with its plan's name and where it stands now:
     * what the business side sees of a reader (Admin API). What they may read is the
     * entitlement service's answer, not this.
     */
    async historyFor(readerId: string): Promise<{ subscription: SubscriptionRecord; planName: string; state: SubscriptionState }[]> {
      const now = clock();
      return (await listReaderSubscriptions(db, readerId)).map(({ planName, entitlements: _, ...subscription }) => ({
        subscription,
        planName,
        state: subscriptionState(subscription, now),
      }));
    },

    /** A reader's subscription by id, with its plan and where it stands; 404 when it is not theirs. */
    ownedBy,

    /** Where a subscription stands now. */
    stateOf: (subscription: SubscriptionRecord): SubscriptionState => subscriptionState(subscription, clock()),

    /** Ends a reader's subscription when its paid period ends (from /account). */
    async cancelAtPeriodEnd(readerId: string, subscriptionId: string): Promise<void> {
      const { subscription: sub } = await ownedBy(readerId, subscriptionId);
      sameProvider(sub);
      if (sub.status === 'canceled' || sub.cancelAtPeriodEnd) return;
      const snapshot = await gateway.cancelAtPeriodEnd(sub);
      await processor.applySnapshot(gateway.provider, snapshot);
    },

    /**
     * Takes back a cancellation while the paid period lasts: the subscription renews again.
     * After the period it cannot be resumed (409, saying how to subscribe again).
     */
    async resume(readerId: string, subscriptionId: string): Promise<void> {
      const { subscription: sub, state } = await ownedBy(readerId, subscriptionId);
      sameProvider(sub);
      if (state.kind !== 'cancelled') {
        if (isLive(state)) return;
        throw new AppError(
          'SUBSCRIPTION_ENDED',
          409,
          'This subscription has ended and cannot be resumed. You can subscribe again from the plans page.',
        );
      }
      const snapshot = await gateway.resume(sub);
      await processor.applySnapshot(gateway.provider, snapshot);
    },

    cancelAllForClosedAccount,

    /** The provider's page for changing the card, for a reader who has paid before. */
    async portalUrl(readerId: string, returnPath = '/account'): Promise<{ url: string }> {
      const customerId = await findReaderCustomerId(db, readerId, gateway.provider);
      if (!customerId) throw new AppError('NO_BILLING_ACCOUNT', 409, 'There is no payment method on file to change.');
      // Stripe's portal is on Stripe's host and needs an absolute way back (PUBLIC_URL); the demo's is ours.
      const base = gateway.provider === 'stripe' ? config.publicUrl : '';
      return gateway.createPortalSession({ customerId, returnUrl: `${base}${returnPath}` });
    },

    /**
     * Closing an account (src/services.ts connects this to `accounts.onAccountClose`, before the
     * gifts' `eraseFor`): every live subscription is cancelled now through the provider first (or
     * the closing stops, 409, while a paid one cannot be); then the reader leaves every
     * organisation. The subscription rows stay:
     * they are the billing record the law asks a paper to keep (amounts, dates, the provider's
     * ids), and hold nothing personal but the id of the anonymised account row.
     */
    async closeAccountOf(reader: { id: string; email: string }): Promise<void> {
      await cancelAllForClosedAccount(reader.id);
      await deleteMembershipsOf(db, reader.id);
    },

    /**
     * In the transaction that erases a closed account's personal data (src/services.ts connects
     * it to `accounts.onAccountErase`): the refunds' reasons go, typed by staff and often the
     * reader's own words; amounts, dates and statuses stay with the billing record.
     */
    eraseForClosedAccount: (tx: Db, readerId: string): Promise<void> => eraseRefundReasonsOf(tx, readerId),

    /** A reader's group memberships (organisation and since when), for "download my data". */
    async membershipsOf(readerId: string) {
      return (await listMembershipsOf(db, readerId)).map((m) => ({ organisation: m.organisation, joinedAt: m.joinedAt.toISOString() }));
    },

    /** A reader's subscriptions with their plans, oldest first, for "download my data". */
    async exportFor(readerId: string) {
      const [subs, refunds] = await Promise.all([listReaderSubscriptions(db, readerId), listRefundsOfReader(db, readerId)]);
      return subs.reverse().map((s) => ({
        plan: s.planName,
        status: s.status,
        provider: s.provider,
        providerCustomerId: s.providerCustomerId,
        providerSubscriptionId: s.providerSubscriptionId,
        startedAt: s.createdAt.toISOString(),
        currentPeriodEndsAt: s.currentPeriodEnd?.toISOString() ?? null,
        trialEndsAt: s.trialEnd?.toISOString() ?? null,
        cancelAtPeriodEnd: s.cancelAtPeriodEnd,
        graceUntil: s.graceUntil?.toISOString() ?? null,
        priceCents: s.priceCents ?? null,
        firstPaymentCents: s.firstPaymentCents ?? null,
        currency: s.currency ?? null,
        updatedAt: s.updatedAt.toISOString(),
        refunds: refunds
          .filter((r) => r.subscriptionId === s.id)
          .reverse()
          .map((r) => ({ amountCents: r.amountCents, currency: r.currency, status: r.status, at: r.createdAt.toISOString() })),
      }));
    },
  };
}
