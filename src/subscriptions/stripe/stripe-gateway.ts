/**
 * The PaymentsGateway on Stripe: hosted Checkout (subscriptions, and one-off payments for gifts),
 * the customer portal, cancel at period end or now, refunds of a subscription's last payment
 * (Refunds API) and signed webhooks. The only module that imports the `stripe` SDK.
 */
import { createRequire } from 'node:module';
import type Stripe from 'stripe';
import { AppError } from '../../http/app-error.js';
import type { Clock } from '../../platform.js';
import { monthsLabel } from '../gift.js';
import { offerOnPlan } from '../offer.js';
import type { CheckoutRequest, PaymentEvent, PaymentsGateway, SubscriptionSnapshot } from '../payments-gateway.js';
import { countsAsRefunded, type RefundablePayment, refundStatusOf } from '../refund.js';
import { normalizeStripeEvent, parseStripeSubscription, snapshotFromStripe } from './stripe-events.js';
import {
  invoiceOfPayment,
  parsePaidInvoice,
  parsePaidInvoices,
  parseRefund,
  parseRefunds,
  paymentIntentOf,
  REFUND_METADATA,
  type RefundLookups,
  refundSnapshot,
  subscriptionOfInvoice,
} from './stripe-refunds.js';

export interface StripeGatewayOptions {
  secretKey: string;
  webhookSecret: string;
  clock: Clock;
  /** Another API host (tests point this at a local fake); absent: api.stripe.com. */
  api?: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
  /** Oldest signature timestamp accepted, in seconds; Stripe's libraries default to 300. */
  toleranceSeconds?: number | undefined;
}

const unavailable = (cause: unknown) =>
  Object.assign(
    new AppError('PAYMENTS_UNAVAILABLE', 503, 'Payments are unavailable just now. Nothing was charged; please try again in a few minutes.'),
    { cause },
  );

const badSignature = () =>
  new AppError('WEBHOOK_SIGNATURE_INVALID', 400, 'The Stripe-Signature header is missing, forged, or too old for this body.');

// Stripe's SDK is loaded when a Stripe gateway is first made, not when this module is: a paper on
// the demo gateway never needs it, and loading it is a large share of a cold start.
let stripeSdk: typeof Stripe | undefined;
function loadStripe(): typeof Stripe {
  stripeSdk ??= createRequire(import.meta.url)('stripe') as typeof Stripe;
  return stripeSdk;
}

export function createStripeGateway(opts: StripeGatewayOptions): PaymentsGateway {
  const Sdk = loadStripe();
  const stripe = new Sdk(opts.secretKey, {
    maxNetworkRetries: opts.api ? 0 : 2,
    telemetry: false,
    timeout: 20_000,
    ...(opts.api ? { host: opts.api.host, port: opts.api.port, protocol: opts.api.protocol } : {}),
  });
  const tolerance = opts.toleranceSeconds ?? 300;
  const nowSeconds = () => Math.floor(opts.clock().getTime() / 1000);

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw unavailable(e);
    }
  }

  async function retrieveSnapshot(subscriptionId: string): Promise<SubscriptionSnapshot | null> {
    try {
      const sub: unknown = await stripe.subscriptions.retrieve(subscriptionId);
      // The object as it is now: newer than any event already created.
      return snapshotFromStripe(parseStripeSubscription(sub), nowSeconds());
    } catch {
      // The checkout still records the subscription; its own events fill in the rest.
      return null;
    }
  }

  const refundLookups: RefundLookups = {
    async subscriptionOfPayment(paymentIntentId) {
      return call(async () => {
        const payments: unknown = await stripe.invoicePayments.list({
          payment: { type: 'payment_intent', payment_intent: paymentIntentId },
          limit: 1,
        });
        const invoiceId = invoiceOfPayment(payments);
        if (!invoiceId) return null;
        return subscriptionOfInvoice(parsePaidInvoice(await stripe.invoices.retrieve(invoiceId)));
      });
    },
    async refundsOfPayment(paymentIntentId) {
      return call(async () => parseRefunds(await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })));
    },
  };

  /** The newest paid invoice with money in it, the PaymentIntent that paid it, and what is refunded of it. */
  async function lastPayment(providerSubscriptionId: string): Promise<RefundablePayment | null> {
    return call(async () => {
      // Newest first (https://docs.stripe.com/api/invoices/list); a trial's invoice pays 0.
      const invoices = parsePaidInvoices(await stripe.invoices.list({ subscription: providerSubscriptionId, status: 'paid', limit: 24 }));
      const invoice = invoices.find((i) => i.amount_paid > 0);
      if (!invoice) return null;
      const paymentIntent = paymentIntentOf(await stripe.invoicePayments.list({ invoice: invoice.id, status: 'paid', limit: 10 }));
      if (!paymentIntent) return null;
      const refunds = await refundLookups.refundsOfPayment(paymentIntent);
      const refunded = refunds.filter((r) => countsAsRefunded(refundStatusOf(r.status ?? 'pending'))).reduce((sum, r) => sum + r.amount, 0);
      return {
        paymentId: paymentIntent,
        amountCents: invoice.amount_paid,
        currency: invoice.currency,
        refundedCents: refunded,
        paidAt: new Date((invoice.status_transitions?.paid_at ?? invoice.created) * 1000),
      };
    });
  }

  /**
   * The coupon for an offer on this plan: the terms `offerOnPlan` (offer.ts) reads from the
   * offer's months and the plan's interval, so the reader pays what /subscribe said. Made the
   * first time it is used, under an id of ours that names the terms, and reused after, since an
   * offer's terms never change. A repeating coupon counts its duration in months on every
   * interval (https://docs.stripe.com/api/coupons/create#create_coupon-duration_in_months); a
   * yearly plan's offer shorter than a year is money off the first invoice, once.
   */
  async function couponFor(request: CheckoutRequest): Promise<string | null> {
    const { offer, plan } = request;
    if (!offer) return null;
    const terms = offerOnPlan(offer, plan);
    if ('problem' in terms) throw new AppError('OFFER_NOT_FOR_PLAN', 400, terms.problem, [{ field: 'offer', message: terms.problem }]);
    const c = terms.coupon;
    const id =
      c.duration === 'once'
        ? `masthead-offer-${offer.id}-once-${c.amountOff}${plan.currency}`
        : `masthead-offer-${offer.id}-${c.durationInMonths}m${'amountOff' in c ? `-${c.amountOff}${plan.currency}` : ''}`;
    const stripeCode = (e: unknown) => (e instanceof Sdk.errors.StripeError ? e.code : undefined);
    try {
      return (await stripe.coupons.retrieve(id)).id;
    } catch (e) {
      if (stripeCode(e) !== 'resource_missing') throw e;
    }
    try {
      const coupon = await stripe.coupons.create({
        id,
        ...('percentOff' in c ? { percent_off: c.percentOff } : { amount_off: c.amountOff, currency: plan.currency }),
        ...(c.duration === 'once'
          ? { duration: 'once' as const }
          : { duration: 'repeating' as const, duration_in_months: c.durationInMonths }),
        name: offer.code,
        metadata: { offer_id: offer.id },
      });
      return coupon.id;
    } catch (e) {
      // Another checkout made it a moment ago.
      if (stripeCode(e) === 'resource_already_exists') return id;
      throw e;
    }
  }

  return {
    provider: 'stripe',

    async createCheckoutSession(request) {
      const { reader, plan } = request;
      return call(async () => {
        const customer =
          request.customerId ?? (await stripe.customers.create({ email: reader.email, metadata: { reader_id: reader.id } })).id;
        const coupon = await couponFor(request);
        const metadata = { reader_id: reader.id, plan_id: plan.id, ...(request.offer ? { offer_id: request.offer.id } : {}) };
        const session = await stripe.checkout.sessions.create({
          mode: 'subscription',
          customer,
          client_reference_id: reader.id,
          line_items: [
            plan.stripePriceId
              ? { price: plan.stripePriceId, quantity: 1 }
              : {
                  price_data: {
                    currency: plan.currency,
                    unit_amount: plan.priceCents,
                    recurring: { interval: plan.interval },
                    product_data: { name: plan.name },
                  },
                  quantity: 1,
                },
          ],
          metadata,
          subscription_data: { metadata, ...(plan.trialDays > 0 ? { trial_period_days: plan.trialDays } : {}) },
          ...(coupon ? { discounts: [{ coupon }] } : {}),
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
        });
        if (!session.url) throw new Error('Stripe answered a checkout session without a url');
        return { url: session.url };
      });
    },

    async createGiftCheckoutSession(request) {
      const { purchaser, plan, months } = request;
      return call(async () => {
        // `kind: gift` tells the webhook this payment is a gift, and which (stripe-events.ts).
        const metadata = { kind: 'gift', gift_id: request.giftId, reader_id: purchaser.id, plan_id: plan.id, months: String(months) };
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            ...(request.customerId ? { customer: request.customerId } : { customer_email: purchaser.email }),
            client_reference_id: purchaser.id,
            line_items: [
              {
                price_data: {
                  currency: request.currency,
                  unit_amount: request.amountCents,
                  product_data: {
                    name: `Gift: ${plan.name}, ${monthsLabel(months)}`,
                    description: `For ${request.recipientEmail}`,
                  },
                },
                quantity: 1,
              },
            ],
            metadata,
            payment_intent_data: { metadata },
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
          },
          // One session per gift, however often the request is retried.
          { idempotencyKey: `gift-checkout-${request.giftId}` },
        );
        if (!session.url) throw new Error('Stripe answered a checkout session without a url');
        return { url: session.url, sessionId: session.id };
      });
    },

    async createPortalSession({ customerId, returnUrl }) {
      return call(async () => {
        const session = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
        return { url: session.url };
      });
    },

    async cancelAtPeriodEnd({ providerSubscriptionId }) {
      const sub: unknown = await call(() => stripe.subscriptions.update(providerSubscriptionId, { cancel_at_period_end: true }));
      return snapshotFromStripe(parseStripeSubscription(sub), nowSeconds());
    },

    async resume({ providerSubscriptionId }) {
      const sub: unknown = await call(() => stripe.subscriptions.update(providerSubscriptionId, { cancel_at_period_end: false }));
      return snapshotFromStripe(parseStripeSubscription(sub), nowSeconds());
    },

    // https://docs.stripe.com/api/subscriptions/cancel: ends it now; no further invoice.
    async cancelNow({ providerSubscriptionId }) {
      const sub: unknown = await call(() => stripe.subscriptions.cancel(providerSubscriptionId));
      return snapshotFromStripe(parseStripeSubscription(sub), nowSeconds());
    },

    lastPayment: (sub) => lastPayment(sub.providerSubscriptionId),

    // https://docs.stripe.com/api/refunds/create: to the PaymentIntent, with our subscription and
    // the reason in its metadata (so its webhooks find our row), once per idempotency key.
    async refund(request) {
      let made: unknown;
      try {
        made = await stripe.refunds.create(
          {
            payment_intent: request.payment.paymentId,
            amount: request.amountCents,
            reason: 'requested_by_customer',
            metadata: {
              [REFUND_METADATA.subscription]: request.subscription.id,
              [REFUND_METADATA.reason]: request.reason.slice(0, 500),
            },
          },
          { idempotencyKey: `masthead-refund-${request.idempotencyKey}` },
        );
      } catch (e) {
        // Stripe refused this refund (already refunded, more than is left, a disputed charge):
        // its words say why. Anything else is Stripe being unreachable.
        if (e instanceof Sdk.errors.StripeInvalidRequestError)
          throw Object.assign(new AppError('REFUND_REFUSED', 409, `Stripe refused the refund: ${e.message}`), { cause: e });
        throw unavailable(e);
      }
      return refundSnapshot(parseRefund(made), request.subscription.providerSubscriptionId);
    },

    async parseWebhook(rawBody, signatureHeader): Promise<PaymentEvent> {
      if (!signatureHeader || signatureHeader.length > 2000) throw badSignature();
      let verified: unknown;
      try {
        // receivedAt is our clock, so "too old" is judged by the same time as everything else.
        verified = stripe.webhooks.constructEvent(
          rawBody,
          signatureHeader,
          opts.webhookSecret,
          tolerance,
          undefined,
          opts.clock().getTime(),
        );
      } catch (e) {
        if (e instanceof Sdk.errors.StripeSignatureVerificationError) throw badSignature();
        // Signed correctly but not JSON: Stripe never sends that.
        throw new AppError('WEBHOOK_BODY_INVALID', 400, 'The webhook body is not JSON.');
      }
      return normalizeStripeEvent(verified, retrieveSnapshot, refundLookups);
    },
  };
}

/** A Stripe-Signature header for a payload, as Stripe's own test helper makes it (tests only). */
export function signTestWebhook(payload: string, secret: string, timestamp: number): string {
  return loadStripe().webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
