/**
 * Subscribing: start a checkout for a plan (with an offer code), apply what the payment provider
 * tells us, cancel at period end, open the provider's portal. Which provider: Stripe when a key is
 * configured, else the demo gateway.
 */
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { createDemoGateway } from './demo-gateway.js';
import { createGiftService } from './gift-service.js';
import { offerProblem } from './offer.js';
import { findOfferByCode } from './offer-repository.js';
import { createOfferService } from './offer-service.js';
import type { CheckoutReader, PaymentEvent, PaymentsGateway } from './payments-gateway.js';
import type { Plan } from './plan.js';
import { findPlanById } from './plan-repository.js';
import { createStripeGateway } from './stripe/stripe-gateway.js';
import type { SubscriptionRecord } from './subscription.js';
import { findReaderCustomerId, findSubscriptionById, listReaderSubscriptions } from './subscription-repository.js';
import { currentSubscription, type SubscriptionState, subscriptionState } from './subscription-state.js';
import { createPaymentProcessor, type ProcessOutcome } from './webhook-processor.js';

export interface SubscriptionServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Absent: chosen from the config. */
  gateway?: PaymentsGateway | undefined;
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

export function gatewayFromConfig(config: Config, clock: Clock): PaymentsGateway {
  const p = config.payments;
  if (p.gateway === 'stripe') return createStripeGateway({ secretKey: p.secretKey, webhookSecret: p.webhookSecret, clock });
  return createDemoGateway({ clock, publicUrl: config.publicUrl });
}

export function createSubscriptionService(deps: SubscriptionServiceDeps) {
  const { db, clock, config } = deps;
  let gateway = deps.gateway ?? gatewayFromConfig(config, clock);
  const paymentFailedListeners: ((subscription: SubscriptionRecord) => Promise<void>)[] = [];
  const gifts = createGiftService({ db, clock, config, gateway: () => gateway });
  const offers = createOfferService({ db, clock });
  const processor = createPaymentProcessor({
    db,
    clock,
    async onGraceStarted(subscription) {
      await Promise.allSettled(paymentFailedListeners.map((l) => l(subscription)));
    },
    onGiftPaid: (paid) => gifts.paid(paid),
  });

  return {
    /** Gift subscriptions: buying (through the same gateway and event processor), redeeming. */
    gifts,

    /** Offers: what a code gives on /subscribe, and the catalogue of offers for the Admin API. */
    offers,

    get gateway(): PaymentsGateway {
      return gateway;
    },

    /**
     * Replaces the gateway: tests point a Stripe gateway at a local fake API this way. (Once
     * buildApp takes a `payments` dependency, that replaces this.)
     */
    useGateway(g: PaymentsGateway): void {
      gateway = g;
    },

    /** Starts a checkout for an active plan; answers the provider's page to send the reader to. */
    async startCheckout(input: { reader: CheckoutReader; planId: string; offerCode?: string | undefined }): Promise<{ url: string }> {
      const plan = await findPlanById(db, input.planId);
      if (!plan?.active) throw notFound('plan');
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
        const problem = offer ? offerProblem(offer, plan.id, clock()) : 'There is no offer with this code.';
        if (problem) throw invalid([{ field: 'offer', message: problem }]);
      }
      const customerId = await findReaderCustomerId(db, input.reader.id, gateway.provider);
      return gateway.createCheckoutSession({
        reader: input.reader,
        plan,
        offer,
        customerId,
        successUrl: `${config.publicUrl}/checkout/success`,
        cancelUrl: `${config.publicUrl}/checkout/cancel`,
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

    /**
     * Calls `listener` once per grace period, after the event that started it (a failed renewal)
     * is committed. A listener's failure never fails the event: it should log its own.
     */
    onPaymentFailed(listener: (subscription: SubscriptionRecord) => Promise<void>): void {
      paymentFailedListeners.push(listener);
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

    /** Ends a reader's subscription when its paid period ends (from /account). */
    async cancelAtPeriodEnd(readerId: string, subscriptionId: string): Promise<void> {
      const sub = await findSubscriptionById(db, subscriptionId);
      if (!sub || sub.readerId !== readerId) throw notFound('subscription');
      if (sub.provider !== gateway.provider)
        throw new AppError('PROVIDER_MISMATCH', 409, 'This subscription is billed by another payment provider.');
      if (sub.status === 'canceled' || sub.cancelAtPeriodEnd) return;
      const snapshot = await gateway.cancelAtPeriodEnd(sub);
      await processor.applySnapshot(gateway.provider, snapshot);
    },

    /** The provider's page for changing the card, for a reader who has paid before. */
    async portalUrl(readerId: string, returnPath = '/account'): Promise<{ url: string }> {
      const customerId = await findReaderCustomerId(db, readerId, gateway.provider);
      if (!customerId) throw new AppError('NO_BILLING_ACCOUNT', 409, 'There is no payment method on file to change.');
      return gateway.createPortalSession({ customerId, returnUrl: `${config.publicUrl}${returnPath}` });
    },
  };
}
