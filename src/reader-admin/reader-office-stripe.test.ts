/**
 * The reader page's cancel on Stripe: the real SDK against the local fake of Stripe's API, on
 * both databases. Business staff end a subscription at its period end (POST cancel_at_period_end)
 * and then now (DELETE); our row follows Stripe's answer. While Stripe cannot be reached the
 * page says so and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn } from '../accounts/account-test-support.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import type { Plan } from '../subscriptions/index.js';
import type { FakeStripe } from '../subscriptions/stripe/fake-stripe-server.js';
import { type StripeTestApp, startStripeTestApp, subscribeOnStripe } from '../subscriptions/stripe/stripe-test-support.js';
import type { TestApp } from '../test-support/test-app.js';

const SECRET = 'sk_test_office123';
const WHSEC = 'whsec_office_test_secret';
const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('cancelling on Stripe from the reader page on %s', (dialect) => {
  let s: StripeTestApp;
  let t: TestApp;
  let fake: FakeStripe;
  let digital: Plan;
  let business: SignedInStaff;
  const rowOf = (readerId: string) =>
    t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    s = await startStripeTestApp(dialect, { secretKey: SECRET, webhookSecret: WHSEC });
    ({ t, fake } = s);
    digital = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly') as Plan;
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('ends at the period end, then now, through Stripe; refuses plainly while Stripe is down', async () => {
    // A reader who subscribed through /checkout, Stripe's page and its webhook.
    const id = 'stripe-reader';
    const { stripeId } = await subscribeOnStripe(s, { id, password: PASSWORD, plan: digital });
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
