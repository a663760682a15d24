/**
 * The demo payments gateway, used when no Stripe key is configured (the embedded default). Its
 * checkout is a page of ours at /checkout/demo/:session (a gift's at /gift/demo/:session),
 * labelled as a demo, where the newcomer completes or fails the payment; either way it produces
 * the same normalized events Stripe's webhooks do, and they go through the same processor.
 * Nothing is charged, ever, and every page it shows says so (DEMO_LABEL). Its URLs are paths on
 * this site, so a reader who browses it at any host comes back to the same one. A refund is
 * recorded like Stripe's (the office's pages say plainly that no money moves): the "payment" it
 * goes back to is what the reader agreed to pay at checkout.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import type { Offer } from './offer.js';
import type { CheckoutReader, GiftCheckoutRequest, PaymentEvent, PaymentsGateway, SubscriptionSnapshot } from './payments-gateway.js';
import { addInterval, type Plan } from './plan.js';
import type { RefundSnapshot } from './refund.js';
import type { SubscriptionRecord } from './subscription.js';

export const DEMO_LABEL = 'Demo payments — no real card is charged';

export interface DemoSession {
  id: string;
  reader: CheckoutReader;
  plan: Plan;
  offer: Offer | null;
  customerId: string;
  successUrl: string;
  cancelUrl: string;
  createdAt: Date;
  status: 'open' | 'complete' | 'failed';
}

/** A gift's one-off demo payment, shown at /gift/demo/:session. */
export interface DemoGiftSession {
  id: string;
  request: GiftCheckoutRequest;
  createdAt: Date;
  status: 'open' | 'complete' | 'failed';
}

export interface DemoGateway extends PaymentsGateway {
  readonly provider: 'demo';
  findSession(id: string): DemoSession | undefined;
  /** The events a successful payment causes; the session is then closed. */
  completeSession(id: string): PaymentEvent;
  /** The event a declined payment causes; the session is then closed. */
  failSession(id: string): PaymentEvent;
  findGiftSession(id: string): DemoGiftSession | undefined;
  /** The event a successful gift payment causes; the session is then closed. */
  completeGiftSession(id: string): PaymentEvent;
  /** The event a declined gift payment causes; the session is then closed. */
  failGiftSession(id: string): PaymentEvent;
}

export function isDemoGateway(g: PaymentsGateway): g is DemoGateway {
  return g.provider === 'demo';
}

/** Open sessions kept in memory; the oldest go first. A demo needs no more. */
const MAX_SESSIONS = 1000;
const SESSION_ID = /^cs_demo_[0-9a-f]{32}$/;

const token = (prefix: string) => `${prefix}_${randomBytes(16).toString('hex')}`;

/** Keeps a map of sessions to its newest MAX_SESSIONS. */
function trim(map: Map<string, unknown>): void {
  while (map.size > MAX_SESSIONS) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

const notFoundSession = (startPage: string) =>
  new AppError('CHECKOUT_NOT_FOUND', 404, `This demo checkout does not exist or has expired. Start again from ${startPage}.`);
const closedSession = () => new AppError('CHECKOUT_CLOSED', 409, 'This demo checkout is already finished.');

export function createDemoGateway(deps: { clock: Clock }): DemoGateway {
  const { clock } = deps;
  const sessions = new Map<string, DemoSession>();
  const giftSessions = new Map<string, DemoGiftSession>();
  /** Refunds by idempotency key: the same key answers the same refund, as Stripe's API does. */
  const refunds = new Map<string, RefundSnapshot>();
  const seconds = () => Math.floor(clock().getTime() / 1000);

  function openSession(id: string): DemoSession {
    const s = SESSION_ID.test(id) ? sessions.get(id) : undefined;
    if (!s) throw notFoundSession('the subscribe page');
    if (s.status !== 'open') throw closedSession();
    return s;
  }

  function openGiftSession(id: string): DemoGiftSession {
    const s = SESSION_ID.test(id) ? giftSessions.get(id) : undefined;
    if (!s) throw notFoundSession('the gift page');
    if (s.status !== 'open') throw closedSession();
    return s;
  }

  /** The subscription as the demo "provider" holds it after a change, one second newer than anything before. */
  const snapshotOf = (sub: SubscriptionRecord, change: Partial<SubscriptionSnapshot>): SubscriptionSnapshot => ({
    providerSubscriptionId: sub.providerSubscriptionId,
    providerCustomerId: sub.providerCustomerId,
    status: sub.status,
    currentPeriodEnd: sub.currentPeriodEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    trialEnd: sub.trialEnd,
    readerId: sub.readerId,
    planId: sub.planId,
    priceId: null,
    ...change,
    version: Math.max(seconds(), sub.providerVersion + 1),
  });

  const giftEvent = (type: string, change: PaymentEvent['change']): PaymentEvent => ({
    provider: 'demo',
    eventId: token('evt_demo'),
    type,
    created: seconds(),
    change,
  });

  return {
    provider: 'demo',

    async createCheckoutSession(request) {
      const id = token('cs_demo');
      sessions.set(id, {
        id,
        reader: request.reader,
        plan: request.plan,
        offer: request.offer ?? null,
        customerId: request.customerId ?? token('cus_demo'),
        successUrl: request.successUrl,
        cancelUrl: request.cancelUrl,
        createdAt: clock(),
        status: 'open',
      });
      trim(sessions);
      // A path, not PUBLIC_URL: the reader stays on the host they browse (127.0.0.1 included),
      // where their session cookie lives.
      return { url: `/checkout/demo/${id}` };
    },

    async createGiftCheckoutSession(request) {
      const id = token('cs_demo');
      giftSessions.set(id, { id, request, createdAt: clock(), status: 'open' });
      trim(giftSessions);
      return { url: `/gift/demo/${id}`, sessionId: id };
    },

    async createPortalSession() {
      return { url: '/checkout/demo/portal' };
    },

    async cancelAtPeriodEnd(sub) {
      return snapshotOf(sub, { cancelAtPeriodEnd: true });
    },

    async resume(sub) {
      return snapshotOf(sub, { cancelAtPeriodEnd: false });
    },

    async cancelNow(sub) {
      return snapshotOf(sub, { status: 'canceled', cancelAtPeriodEnd: false, currentPeriodEnd: clock() });
    },

    // A demo subscription is paid once, at checkout, what was agreed then (a trial: nothing yet;
    // demo trials never convert, since nothing renews them).
    async lastPayment(sub) {
      const amount = sub.firstPaymentCents ?? sub.priceCents ?? null;
      if (sub.provider !== 'demo' || sub.status === 'incomplete' || sub.trialEnd !== null || amount === null || amount <= 0) return null;
      return {
        paymentId: `pay_demo_${sub.providerSubscriptionId}`,
        amountCents: amount,
        currency: sub.currency ?? 'usd',
        refundedCents: null,
        paidAt: sub.createdAt,
      };
    },

    async refund(request) {
      const earlier = refunds.get(request.idempotencyKey);
      if (earlier) return earlier;
      const made: RefundSnapshot = {
        providerRefundId: token('re_demo'),
        paymentId: request.payment.paymentId,
        amountCents: request.amountCents,
        currency: request.payment.currency,
        status: 'succeeded',
        subscriptionId: request.subscription.id,
        providerSubscriptionId: request.subscription.providerSubscriptionId,
        reason: request.reason,
      };
      refunds.set(request.idempotencyKey, made);
      trim(refunds);
      return made;
    },

    async parseWebhook() {
      throw new AppError(
        'WEBHOOKS_NOT_CONFIGURED',
        404,
        'Stripe is not configured: this paper uses demo payments, which need no webhooks.',
      );
    },

    findSession: (id) => (SESSION_ID.test(id) ? sessions.get(id) : undefined),

    completeSession(id) {
      const s = openSession(id);
      s.status = 'complete';
      const now = clock();
      const trialEnd = s.plan.trialDays > 0 ? new Date(now.getTime() + s.plan.trialDays * 86_400_000) : null;
      const snapshot: SubscriptionSnapshot = {
        providerSubscriptionId: token('sub_demo'),
        providerCustomerId: s.customerId,
        status: trialEnd ? 'trialing' : 'active',
        currentPeriodEnd: trialEnd ?? addInterval(now, s.plan.interval),
        cancelAtPeriodEnd: false,
        trialEnd,
        readerId: s.reader.id,
        planId: s.plan.id,
        priceId: null,
        offerId: s.offer?.id ?? null,
        version: seconds(),
      };
      return {
        provider: 'demo',
        eventId: token('evt_demo'),
        type: 'checkout.session.completed',
        created: snapshot.version,
        change: {
          kind: 'checkout_completed',
          readerId: s.reader.id,
          planId: s.plan.id,
          providerCustomerId: s.customerId,
          providerSubscriptionId: snapshot.providerSubscriptionId,
          snapshot,
          paid: true,
        },
      };
    },

    findGiftSession: (id) => (SESSION_ID.test(id) ? giftSessions.get(id) : undefined),

    completeGiftSession(id) {
      const s = openGiftSession(id);
      s.status = 'complete';
      return giftEvent('checkout.session.completed', { kind: 'gift_paid', giftId: s.request.giftId, checkoutSessionId: s.id });
    },

    failGiftSession(id) {
      const s = openGiftSession(id);
      s.status = 'failed';
      return giftEvent('checkout.session.async_payment_failed', { kind: 'gift_checkout_failed', giftId: s.request.giftId });
    },

    failSession(id) {
      const s = openSession(id);
      s.status = 'failed';
      return {
        provider: 'demo',
        eventId: token('evt_demo'),
        type: 'checkout.session.async_payment_failed',
        created: seconds(),
        change: { kind: 'checkout_failed', readerId: s.reader.id },
      };
    },
  };
}
