/**
 * Test support for the tests that take money through Stripe's real SDK: a test app whose gateway
 * talks to the local fake of Stripe's API (fake-stripe-server.ts) with the demo plans seeded,
 * webhooks signed as Stripe signs them, and a reader who subscribed through /checkout, Stripe's
 * page and its webhook.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { csrfIn, TestBrowser } from '../../accounts/account-test-support.js';
import { hashPassword } from '../../accounts/credentials.js';
import { insertReader } from '../../accounts/reader-repository.js';
import type { DIALECTS } from '../../db/test-databases.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { switchableGateway } from '../gateway-test-support.js';
import type { Plan } from '../plan.js';
import { seedDemoPlans } from '../plan-service.js';
import { QUAY_STREET } from '../test-reader.js';
import { type FakeStripe, startFakeStripe, stripeEvent } from './fake-stripe-server.js';
import { createStripeGateway, signTestWebhook } from './stripe-gateway.js';

export interface StripeTestApp {
  t: TestApp;
  fake: FakeStripe;
  /** The app's test clock in Stripe's seconds. */
  now(): number;
  /**
   * Posts `event` to /webhooks/stripe, signed with the webhook secret at `now()`; the answer.
   * `secret`, `timestamp` or a whole `header`: a signature other than Stripe's (forged, stale).
   */
  deliver(event: Record<string, unknown>, opts?: { secret?: string; timestamp?: number; header?: string }): Promise<LightMyRequestResponse>;
  /** Runs `f` while the app's gateway talks to an address where nothing answers (Stripe unreachable), then to the fake again. */
  unreachable<T>(f: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The app on `dialect`, paying through Stripe's SDK pointed at a fake Stripe started for it.
 * `sharedClock`: the fake's clock is the app's test clock too, so the times Stripe writes
 * (`ended_at`, a refund's `created`) agree with the app's.
 */
export async function startStripeTestApp(
  dialect: (typeof DIALECTS)[number],
  keys: { secretKey: string; webhookSecret: string; sharedClock?: boolean },
): Promise<StripeTestApp> {
  let app: TestApp | undefined;
  const clock = (): Date => {
    if (!app) throw new Error('the test app is not made yet');
    return app.clock.now;
  };
  const now = () => Math.floor(clock().getTime() / 1000);
  const fake = await startFakeStripe(keys.sharedClock ? { secretKey: keys.secretKey, now } : { secretKey: keys.secretKey });
  const gatewayOn = (port: number) =>
    createStripeGateway({
      secretKey: keys.secretKey,
      webhookSecret: keys.webhookSecret,
      clock,
      api: { host: '127.0.0.1', port, protocol: 'http' },
    });
  // Built once into the app; `unreachable` points it elsewhere for a while.
  const stripe = switchableGateway(gatewayOn(fake.port));
  let t: TestApp;
  try {
    t = await createTestApp(
      dialect,
      { STRIPE_SECRET_KEY: keys.secretKey, STRIPE_WEBHOOK_SECRET: keys.webhookSecret },
      { paymentsGateway: stripe.gateway },
    );
    app = t;
    await seedDemoPlans(t.services.db, () => t.clock.now);
  } catch (e) {
    // The caller has nothing to close yet: what was started must not outlive a failed set-up.
    await app?.close();
    await fake.close();
    throw e;
  }
  return {
    t,
    fake,
    now,
    deliver(event, opts = {}) {
      const payload = JSON.stringify(event);
      const signature = opts.header ?? signTestWebhook(payload, opts.secret ?? keys.webhookSecret, opts.timestamp ?? now());
      return t.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        payload,
      });
    },
    async unreachable(f) {
      const inUse = stripe.current();
      // Port 1: nothing listens there, so every call fails to connect.
      stripe.use(gatewayOn(1));
      try {
        return await f();
      } finally {
        stripe.use(inUse);
      }
    },
    async close() {
      await fake.close();
      await t.close();
    },
  };
}

/**
 * A reader (`id`, `<id>@example.com`, address confirmed) who signs in with `password` (303),
 * goes through /subscribe and /checkout for `plan` (with `returnTo`, the way back to a story;
 * for a plan with the printed magazine, QUAY_STREET as the postal address) to Stripe's page
 * (303 there); Stripe's `checkout.session.completed` is delivered (200). Returns the reader's
 * browser, Stripe's subscription id and its Checkout Session's.
 */
export async function subscribeOnStripe(
  s: StripeTestApp,
  p: { id: string; password: string; plan: Plan; returnTo?: string },
): Promise<{ b: TestBrowser; stripeId: string; sessionId: string }> {
  const { t } = s;
  const email = `${p.id}@example.com`;
  await insertReader(t.services.db, { id: p.id, email, passwordHash: await hashPassword(p.password), at: t.clock.now });
  await t.services.db.updateTable('readers').set({ email_verified_at: t.clock.now }).where('id', '=', p.id).execute();
  const b = new TestBrowser(t.app);
  expect((await b.submit('/signin', '/signin', { email, password: p.password })).statusCode).toBe(303);
  const page = await b.get(p.returnTo === undefined ? '/subscribe' : `/subscribe?return=${encodeURIComponent(p.returnTo)}`);
  const form = { plan: p.plan.id, ...(p.returnTo === undefined ? {} : { return: p.returnTo }) };
  let checkout = await b.post('/checkout', { _csrf: csrfIn(page.body), ...form });
  // A plan with the printed magazine asks for the postal address first (checkout-routes.tsx).
  if (p.plan.entitlements.includes('weekly_print')) {
    expect(checkout.statusCode).toBe(200);
    checkout = await b.post('/checkout', { _csrf: csrfIn(checkout.body), ...form, step: 'address', ...QUAY_STREET });
  }
  const location = String(checkout.headers.location);
  expect(location).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
  const sessionId = location.split('/').pop() ?? '';
  const { session, subscription } = s.fake.completeCheckout(sessionId, { now: s.now() });
  const hook = await s.deliver(stripeEvent('checkout.session.completed', session, s.now()));
  expect(hook.statusCode, hook.body).toBe(200);
  return { b, stripeId: String(subscription.id), sessionId };
}
