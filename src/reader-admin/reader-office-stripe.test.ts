/**
 * The reader page's cancel on Stripe: the real SDK against the local fake of Stripe's API, on
 * both databases. Business staff end a subscription at its period end (POST cancel_at_period_end)
 * and then now (DELETE); our row follows Stripe's answer. While Stripe cannot be reached the
 * page says so and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, TestBrowser } from '../accounts/account-test-support.js';
import { hashPassword } from '../accounts/credentials.js';
import { insertReader } from '../accounts/reader-repository.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import type { Plan } from '../subscriptions/index.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { type FakeStripe, startFakeStripe, stripeEvent } from '../subscriptions/stripe/fake-stripe-server.js';
import { createStripeGateway, signTestWebhook } from '../subscriptions/stripe/stripe-gateway.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const SECRET = 'sk_test_office123';
const WHSEC = 'whsec_office_test_secret';
const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('cancelling on Stripe from the reader page on %s', (dialect) => {
  let t: TestApp;
  let fake: FakeStripe;
  let digital: Plan;
  let business: SignedInStaff;
  const now = () => Math.floor(t.clock.now.getTime() / 1000);
  const rowOf = (readerId: string) =>
    t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    fake = await startFakeStripe({ secretKey: SECRET });
    const stripe = createStripeGateway({
      secretKey: SECRET,
      webhookSecret: WHSEC,
      clock: () => t.clock.now,
      api: { host: '127.0.0.1', port: fake.port, protocol: 'http' },
    });
    t = await createTestApp(dialect, { STRIPE_SECRET_KEY: SECRET, STRIPE_WEBHOOK_SECRET: WHSEC }, { paymentsGateway: stripe });
    await seedDemoPlans(t.services.db, () => t.clock.now);
    digital = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly') as Plan;
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await fake.close();
    await t.close();
  });

  it('ends at the period end, then now, through Stripe; refuses plainly while Stripe is down', async () => {
    // A reader who subscribed through /checkout, Stripe's page and its webhook.
    const id = 'stripe-reader';
    await insertReader(t.services.db, {
      id,
      email: 'stripe-reader@example.com',
      passwordHash: await hashPassword(PASSWORD),
      at: t.clock.now,
    });
    await t.services.db.updateTable('readers').set({ email_verified_at: t.clock.now }).where('id', '=', id).execute();
    const b = new TestBrowser(t.app);
    expect((await b.submit('/signin', '/signin', { email: 'stripe-reader@example.com', password: PASSWORD })).statusCode).toBe(303);
    const checkout = await b.post('/checkout', { _csrf: csrfIn((await b.get('/subscribe')).body), plan: digital.id });
    const sessionId = String(checkout.headers.location).split('/').pop() ?? '';
    const { session, subscription } = fake.completeCheckout(sessionId, { now: now() });
    const payload = JSON.stringify(stripeEvent('checkout.session.completed', session, now()));
    const hook = await t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': signTestWebhook(payload, WHSEC, now()) },
      payload,
    });
    expect(hook.statusCode).toBe(200);
    const stripeId = String(subscription.id);
    const row = await rowOf(id);
    expect(row.status).toBe('active');

    const csrf = csrfIn((await business.browser.get(`/admin/readers/${id}`)).body);
    const cancel = (when: string) =>
      business.browser.post(`/admin/readers/${id}/subscriptions/${row.id}/cancel`, { _csrf: csrf, when, confirm: 'yes' });

    fake.failing = true;
    const down = await cancel('period-end');
    fake.failing = false;
    expect(down.statusCode).toBeGreaterThanOrEqual(500);
    expect(down.body).toContain('There is a problem');
    expect(Boolean((await rowOf(id)).cancel_at_period_end)).toBe(false);

    expect((await cancel('period-end')).statusCode).toBe(303);
    const update = [...fake.requests].reverse().find((r) => r.path === `/v1/subscriptions/${stripeId}`);
    expect(update).toMatchObject({ method: 'POST', params: { cancel_at_period_end: 'true' } });
    expect(Boolean((await rowOf(id)).cancel_at_period_end)).toBe(true);

    expect((await cancel('now')).statusCode).toBe(303);
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${stripeId}`)).toBe(true);
    expect((await rowOf(id)).status).toBe('canceled');
    expect((await business.browser.get(`/admin/readers/${id}`)).body).toContain('<td data-label="Standing">lapsed</td>');
  });
});
