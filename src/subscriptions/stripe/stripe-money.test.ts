/**
 * Issue 11 on Stripe: the real SDK against the local fake of Stripe's API, webhooks signed as
 * Stripe signs them, through the whole app on both databases. Checkout's way back is absolute
 * (PUBLIC_URL) and keeps `return`; the welcome is sent on the webhook that makes the
 * subscription active, once; cancelling and resuming go through the API (cancel_at_period_end)
 * and Stripe's echo of the change sends no second confirmation; closing an account cancels the
 * subscription now (DELETE) or, while Stripe cannot be reached, refuses and changes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrfIn, mailTo } from '../../accounts/account-test-support.js';
import { DIALECTS } from '../../db/test-databases.js';
import type { TestApp } from '../../test-support/test-app.js';
import type { Plan } from '../plan.js';
import { runMoneyJobs } from '../test-reader.js';
import { type FakeStripe, stripeEvent } from './fake-stripe-server.js';
import { type StripeTestApp, startStripeTestApp, subscribeOnStripe } from './stripe-test-support.js';

const SECRET = 'sk_test_money123';
const WHSEC = 'whsec_money_test_secret';
const PASSWORD = 'correct horse battery';
const STORY = '/news/2026/11/25/harbour-vote';

describe.each(DIALECTS)('the money path on Stripe on %s', (dialect) => {
  let s: StripeTestApp;
  let t: TestApp;
  let fake: FakeStripe;
  let digital: Plan;
  let n = 0;

  const now = () => Math.floor(t.clock.now.getTime() / 1000);
  const rowOf = (readerId: string) =>
    t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).executeTakeFirstOrThrow();

  async function deliver(event: Record<string, unknown>) {
    const r = await s.deliver(event);
    expect(r.statusCode).toBe(200);
  }

  /** A signed-in reader who subscribes through /checkout (on the way back to STORY), Stripe's page and its webhook. */
  async function subscriber() {
    n += 1;
    const id = `stripe-money-${n}`;
    const { b, stripeId, sessionId } = await subscribeOnStripe(s, { id, password: PASSWORD, plan: digital, returnTo: STORY });
    return { b, email: `${id}@example.com`, id, sessionId, subscriptionId: stripeId };
  }

  beforeAll(async () => {
    // Stripe's SDK pointed at the fake API.
    s = await startStripeTestApp(dialect, { secretKey: SECRET, webhookSecret: WHSEC });
    ({ t, fake } = s);
    digital = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly') as Plan;
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(() => {
    fake.failing = false;
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
  });

  it('Stripe is sent back to PUBLIC_URL with the way back; no page says "demo"', async () => {
    const { b, sessionId } = await subscriber();
    expect(fake.sessions.get(sessionId)).toMatchObject({
      success_url: `https://paper.test/checkout/success?return=${encodeURIComponent(STORY)}`,
      cancel_url: `https://paper.test/checkout/cancel?return=${encodeURIComponent(STORY)}`,
    });
    const success = await b.get(`/checkout/success?return=${encodeURIComponent(STORY)}`);
    expect(success.body).toContain(`href="${STORY}">Back to the story`);
    expect(success.body).not.toContain('demo-notice');
    expect((await b.get('/subscribe')).body).not.toContain('demo-notice');
  });

  it('the welcome goes once, on the webhook that makes the subscription active; a repeat delivery sends nothing more', async () => {
    const { email, subscriptionId } = await subscriber();
    await deliver(stripeEvent('customer.subscription.updated', fake.changeSubscription(subscriptionId, {}), now() + 1));
    await runMoneyJobs(t);
    await runMoneyJobs(t);
    const welcome = mailTo(t, email).filter((m) => m.subject === 'Welcome to Masthead: your receipt');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]?.text).toContain('Your receipt: $8.00 paid on 25 November 2026');
    expect(welcome[0]?.text).not.toContain('no money moved');
  });

  it('cancel and resume go through Stripe; its echo of the cancellation sends no second confirmation', async () => {
    const { b, id, email, subscriptionId } = await subscriber();
    const row = await rowOf(id);
    const confirm = await b.get(`/account/subscription/cancel?subscription=${row.id}`);
    expect((await b.post('/account/subscription/cancel', { _csrf: csrfIn(confirm.body), subscription: row.id })).statusCode).toBe(303);
    const update = [...fake.requests].reverse().find((r) => r.path === `/v1/subscriptions/${subscriptionId}`);
    expect(update).toMatchObject({ method: 'POST', params: { cancel_at_period_end: 'true' } });
    await deliver(stripeEvent('customer.subscription.updated', fake.changeSubscription(subscriptionId, {}), now() + 5));
    await runMoneyJobs(t);
    expect(mailTo(t, email).filter((m) => m.subject === 'Your Masthead subscription is cancelled')).toHaveLength(1);

    t.clock.advance(10_000); // the reader changes their mind after Stripe's echo
    const account = await b.get('/account');
    expect((await b.post('/account/subscription/resume', { _csrf: csrfIn(account.body), subscription: row.id })).statusCode).toBe(303);
    const resume = [...fake.requests].reverse().find((r) => r.path === `/v1/subscriptions/${subscriptionId}`);
    expect(resume).toMatchObject({ method: 'POST', params: { cancel_at_period_end: 'false' } });
    expect(Boolean((await rowOf(id)).cancel_at_period_end)).toBe(false);
    expect(fake.subscriptions.get(subscriptionId)?.cancel_at_period_end).toBe(false);
  });

  it('closing an account while Stripe cannot be reached is refused (409, saying why); then it cancels the subscription now', async () => {
    const { b, id, subscriptionId } = await subscriber();
    const account = await b.get('/account');
    fake.failing = true;
    const refused = await b.post('/account/close', {
      _csrf: csrfIn(account.body),
      confirm: 'yes',
      password: PASSWORD,
      currentPassword: PASSWORD,
    });
    fake.failing = false;
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('could not cancel your Digital subscription');
    expect(refused.body).toContain('/account');
    expect((await rowOf(id)).status).toBe('active');
    expect((await t.services.accounts.findReaderById(id))?.closedAt).toBeNull();
    expect((await b.get('/account')).statusCode).toBe(200);

    const again = await b.get('/account');
    const closed = await b.post('/account/close', {
      _csrf: csrfIn(again.body),
      confirm: 'yes',
      password: PASSWORD,
      currentPassword: PASSWORD,
    });
    expect(closed.statusCode).toBe(200);
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${subscriptionId}`)).toBe(true);
    expect(fake.subscriptions.get(subscriptionId)?.status).toBe('canceled');
    const row = await rowOf(id);
    expect(row.status).toBe('canceled');
    // The billing record stays: amounts, dates and the provider's ids.
    expect({ price: row.price_cents, first: row.first_payment_cents, customer: row.provider_customer_id }).toMatchObject({
      price: 800,
      first: 800,
      customer: expect.stringMatching(/^cus_/),
    });
  });
});
