/**
 * Refunds and "cancel now" on Stripe from the reader page: the real SDK against the local fake of
 * Stripe's API, on both databases. A subscriber pays through Checkout and an invoice; business
 * staff refund part of it (POST /v1/refunds to the invoice's PaymentIntent, with our idempotency
 * key: the same form twice makes one refund at Stripe too), more than is left is a 400 before
 * Stripe is asked, Stripe's `refund.updated` webhook follows our row, a refund made in Stripe's
 * dashboard reaches the page through `charge.refunded`. "Cancel now" ends access at once (Stripe
 * keeps the period's end on the items; `ended_at` is when it ended) and the reader is emailed;
 * "at the period end" keeps access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, mailTo } from '../accounts/account-test-support.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import type { Plan } from '../subscriptions/index.js';
import { type FakeStripe, stripeEvent } from '../subscriptions/stripe/fake-stripe-server.js';
import { type StripeTestApp, startStripeTestApp, subscribeOnStripe } from '../subscriptions/stripe/stripe-test-support.js';
import { runDueMoneyJobs } from '../subscriptions/test-reader.js';
import type { TestApp } from '../test-support/test-app.js';

const SECRET = 'sk_test_refund123';
const WHSEC = 'whsec_refund_test_secret';
const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

describe.each(DIALECTS)('refunds and cancelling now on Stripe on %s', (dialect) => {
  let s: StripeTestApp;
  let t: TestApp;
  let fake: FakeStripe;
  let digital: Plan;
  let business: SignedInStaff;
  const now = () => s.now();
  const rowOf = (readerId: string) =>
    t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).executeTakeFirstOrThrow();
  const refundsOf = (readerId: string) =>
    t.services.db.selectFrom('subscription_refunds').selectAll().where('reader_id', '=', readerId).orderBy('created_at').execute();
  const reads = async (readerId: string) =>
    (await t.services.entitlements.entitlementsFor({ readerId, clientIp: '', at: t.clock.now })).entitlements.includes('web');

  async function webhook(type: string, object: Record<string, unknown>) {
    const r = await s.deliver(stripeEvent(type, object, now()));
    expect(r.statusCode, r.body).toBe(200);
  }

  /** A reader who subscribed through /checkout, Stripe's page and its webhook; their first invoice paid. */
  async function stripeSubscriber(id: string): Promise<{ stripeId: string; paymentIntent: string; subscriptionId: string }> {
    const { stripeId } = await subscribeOnStripe(s, { id, password: PASSWORD, plan: digital });
    const { paymentIntent } = fake.payInvoice(stripeId, { now: now(), amount: digital.priceCents, currency: digital.currency });
    return { stripeId, paymentIntent, subscriptionId: (await rowOf(id)).id };
  }

  const runDueJobs = () => runDueMoneyJobs(t);

  beforeAll(async () => {
    // Stripe's clock is the test's, so the times it writes (`ended_at`) agree with the app's.
    s = await startStripeTestApp(dialect, { secretKey: SECRET, webhookSecret: WHSEC, sharedClock: true });
    ({ t, fake } = s);
    digital = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly') as Plan;
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refunds part through Stripe once per form, refuses more than is left, and follows Stripe’s webhooks', async () => {
    const { paymentIntent, subscriptionId } = await stripeSubscriber('refunded');
    const page = await business.browser.get('/admin/readers/refunded');
    expect(page.body).not.toContain('These are demo payments');
    const csrf = csrfIn(page.body);
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const form = {
      _csrf: csrf,
      amount: '2.50',
      reason: 'Paywall broke on the app',
      access: 'period-end',
      confirm: 'yes',
      idempotency_key: key,
    };

    fake.failing = true;
    const down = await business.browser.post(`/admin/readers/refunded/subscriptions/${subscriptionId}/refund`, form);
    fake.failing = false;
    expect(down.statusCode).toBe(503);
    expect(down.body).toContain('Payments are unavailable just now');
    expect(await refundsOf('refunded')).toEqual([]);

    const made = await business.browser.post(`/admin/readers/refunded/subscriptions/${subscriptionId}/refund`, form);
    expect(made.statusCode, made.body).toBe(303);
    expect(made.headers.location).toBe('/admin/readers/refunded?done=refund');
    const posted = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      idempotencyKey: `masthead-refund-${key}`,
      params: {
        payment_intent: paymentIntent,
        amount: '250',
        reason: 'requested_by_customer',
        metadata: { masthead_subscription_id: subscriptionId, masthead_reason: 'Paywall broke on the app' },
      },
    });
    const [row] = await refundsOf('refunded');
    expect(row).toMatchObject({
      provider: 'stripe',
      amount_cents: 250,
      status: 'succeeded',
      payment_id: paymentIntent,
      access: 'period-end',
    });
    expect(Boolean((await rowOf('refunded')).cancel_at_period_end)).toBe(true);
    expect(await reads('refunded')).toBe(true);

    // The same form again reaches neither Stripe nor a second row.
    const again = await business.browser.post(`/admin/readers/refunded/subscriptions/${subscriptionId}/refund`, form);
    expect(again.headers.location).toBe('/admin/readers/refunded?done=refund-repeated');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds')).toHaveLength(1);
    expect(fake.refunds.size).toBe(1);

    // More than is left: a 400 before Stripe is asked.
    const tooMuch = await business.browser.post(`/admin/readers/refunded/subscriptions/${subscriptionId}/refund`, {
      ...form,
      amount: String((digital.priceCents - 250) / 100 + 1),
      idempotency_key: `${key}-2`,
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain('is more than what is left to refund of the last payment');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds')).toHaveLength(1);

    // Stripe tells us the refund failed after all (refund.updated): our row follows, and the
    // amount counts as refundable again.
    const refund = [...fake.refunds.values()][0] as Record<string, unknown>;
    await webhook('refund.updated', { ...refund, status: 'failed' });
    expect(await refundsOf('refunded')).toMatchObject([
      { status: 'failed', staff_id: business.staff.id, reason: 'Paywall broke on the app' },
    ]);
    expect((await business.browser.get('/admin/readers/refunded')).body).toContain('failed: nothing refunded');
  });

  it('records a refund made in Stripe’s dashboard from charge.refunded, and counts it against what is left', async () => {
    const { paymentIntent, subscriptionId } = await stripeSubscriber('dashboard');
    const { refund, charge } = fake.refundInDashboard(paymentIntent, 300);
    await webhook('charge.refunded', charge);
    await webhook('refund.created', refund);
    const rows = await refundsOf('dashboard');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      subscription_id: subscriptionId,
      amount_cents: 300,
      staff_id: null,
      access: null,
      status: 'succeeded',
    });
    const page = await business.browser.get('/admin/readers/dashboard');
    expect(page.body).toContain('In Stripe’s dashboard');
    expect(page.body).toContain('<td data-label="Refunded">$3.00</td>');
    // The rest, and not a cent more.
    const csrf = csrfIn(page.body);
    const form = {
      _csrf: csrf,
      amount: '',
      reason: 'Rest of it',
      access: 'now',
      confirm: 'yes',
      idempotency_key: 'dashboard-rest-key-0001',
    };
    const rest = await business.browser.post(`/admin/readers/dashboard/subscriptions/${subscriptionId}/refund`, form);
    expect(rest.statusCode, rest.body).toBe(303);
    const posted = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds').at(-1);
    expect(posted?.params.amount).toBe(String(digital.priceCents - 300));
    expect((await rowOf('dashboard')).status).toBe('canceled');
    const none = await business.browser.post(`/admin/readers/dashboard/subscriptions/${subscriptionId}/refund`, {
      ...form,
      idempotency_key: 'dashboard-none-key-0001',
    });
    expect(none.statusCode).toBe(409);
    expect(none.body).toContain('has already been refunded in full');
  });

  it('"cancel now" ends access at once and emails the reader; "at the period end" keeps access to it', async () => {
    const a = await stripeSubscriber('stays');
    const b = await stripeSubscriber('goes');
    const cancel = async (id: string, subscriptionId: string, when: string) =>
      business.browser.post(`/admin/readers/${id}/subscriptions/${subscriptionId}/cancel`, {
        _csrf: csrfIn((await business.browser.get(`/admin/readers/${id}`)).body),
        when,
        confirm: 'yes',
      });
    expect((await cancel('stays', a.subscriptionId, 'period-end')).statusCode).toBe(303);
    expect((await cancel('goes', b.subscriptionId, 'now')).statusCode).toBe(303);
    expect(await reads('stays')).toBe(true);
    expect(await reads('goes')).toBe(false);
    expect((await rowOf('goes')).current_period_end_at?.getTime()).toBe(t.clock.now.getTime());
    await runDueJobs();
    expect(mailTo(t, 'goes@example.com').map((m) => m.subject)).toContain('Your access to Masthead has ended');
    expect(mailTo(t, 'stays@example.com').map((m) => m.subject)).not.toContain('Your access to Masthead has ended');

    // Stripe's own customer.subscription.deleted for the cancelled one changes nothing.
    await webhook('customer.subscription.deleted', fake.subscriptions.get(b.stripeId) as Record<string, unknown>);
    expect(await reads('goes')).toBe(false);
    // The one ending at the period end still reads until then.
    t.clock.advance(29 * DAY);
    expect(await reads('stays')).toBe(true);
  });
});
