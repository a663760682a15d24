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
import type { Plan } from '../plan.js';
import { seedDemoPlans } from '../plan-service.js';
import { type FakeStripe, startFakeStripe, stripeEvent } from './fake-stripe-server.js';
import { createStripeGateway, signTestWebhook } from './stripe-gateway.js';

export interface StripeTestApp {
  t: TestApp;
  fake: FakeStripe;
  /** The app's test clock in Stripe's seconds. */
  now(): number;
  /** Posts `event` to /webhooks/stripe, signed with the webhook secret at `now()`; the answer. */
  deliver(event: Record<string, unknown>): Promise<LightMyRequestResponse>;
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
  const stripe = createStripeGateway({
    secretKey: keys.secretKey,
    webhookSecret: keys.webhookSecret,
    clock,
    api: { host: '127.0.0.1', port: fake.port, protocol: 'http' },
  });
  const t = await createTestApp(
    dialect,
    { STRIPE_SECRET_KEY: keys.secretKey, STRIPE_WEBHOOK_SECRET: keys.webhookSecret },
    { paymentsGateway: stripe },
  );
  app = t;
  await seedDemoPlans(t.services.db, () => t.clock.now);
  return {
    t,
    fake,
    now,
    deliver(event) {
      const payload = JSON.stringify(event);
      return t.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signTestWebhook(payload, keys.webhookSecret, now()) },
        payload,
      });
    },
    async close() {
      await fake.close();
      await t.close();
    },
  };
}

/**
 * A reader (`id`, `<id>@example.com`, address confirmed) who signs in with `password` (303),
 * goes through /checkout for `plan` and Stripe's page; Stripe's `checkout.session.completed` is
 * delivered (200). Returns the reader's browser and Stripe's subscription id.
 */
export async function subscribeOnStripe(
  s: StripeTestApp,
  p: { id: string; password: string; plan: Plan },
): Promise<{ b: TestBrowser; stripeId: string }> {
  const { t } = s;
  const email = `${p.id}@example.com`;
  await insertReader(t.services.db, { id: p.id, email, passwordHash: await hashPassword(p.password), at: t.clock.now });
  await t.services.db.updateTable('readers').set({ email_verified_at: t.clock.now }).where('id', '=', p.id).execute();
  const b = new TestBrowser(t.app);
  expect((await b.submit('/signin', '/signin', { email, password: p.password })).statusCode).toBe(303);
  const checkout = await b.post('/checkout', { _csrf: csrfIn((await b.get('/subscribe')).body), plan: p.plan.id });
  const sessionId = String(checkout.headers.location).split('/').pop() ?? '';
  const { session, subscription } = s.fake.completeCheckout(sessionId, { now: s.now() });
  const hook = await s.deliver(stripeEvent('checkout.session.completed', session, s.now()));
  expect(hook.statusCode, hook.body).toBe(200);
  return { b, stripeId: String(subscription.id) };
}
