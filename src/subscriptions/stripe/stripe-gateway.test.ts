/**
 * The real `stripe` SDK against a local fake of Stripe's API, and webhook bodies signed as
 * Stripe signs them, through the whole app on both databases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../db/test-databases.js';
import type { TestApp } from '../../test-support/test-app.js';
import { insertOffer } from '../offer-repository.js';
import type { Plan } from '../plan.js';
import { type FakeStripe, stripeEvent } from './fake-stripe-server.js';
import { signTestWebhook } from './stripe-gateway.js';
import { type StripeTestApp, startStripeTestApp } from './stripe-test-support.js';

const SECRET = 'sk_test_masthead123';
const WHSEC = 'whsec_masthead_test_secret';
const DAY = 86_400;

describe.each(DIALECTS)('Stripe payments on %s', (dialect) => {
  let s: StripeTestApp;
  let t: TestApp;
  let fake: FakeStripe;
  let monthly: Plan;
  let trialPlan: Plan;
  let n = 0;
  let reader: { id: string; email: string };

  const now = () => s.now();
  const deliver = (event: Record<string, unknown>, opts?: { timestamp?: number; secret?: string; header?: string }) =>
    s.deliver(event, opts);

  async function rows() {
    const subs = await t.services.db.selectFrom('subscriptions').selectAll().orderBy('id').execute();
    const events = await t.services.db.selectFrom('payment_events').selectAll().orderBy('event_id').execute();
    return JSON.stringify({ subs, events });
  }

  async function entitled(readerId: string) {
    return t.services.entitlements.entitlementsFor({ readerId, clientIp: '203.0.113.9', at: t.clock.now });
  }

  async function subscriptionOf(readerId: string) {
    return t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).executeTakeFirstOrThrow();
  }

  /** Checkout through our service and the SDK, then Stripe's side of it and its completed event. */
  async function subscribe(plan: Plan, opts: { trialDays?: number } = {}) {
    const { url } = await t.services.subscriptions.startCheckout({ reader, planId: plan.id });
    const sessionId = url.split('/').pop() ?? '';
    const { session, subscription } = fake.completeCheckout(sessionId, { now: now(), ...opts });
    const r = await deliver(stripeEvent('checkout.session.completed', session, now()));
    expect(r.statusCode).toBe(200);
    return { sessionId, subscriptionId: String(subscription.id), url };
  }

  beforeAll(async () => {
    // Stripe's SDK pointed at the fake API, through a gateway the test may point elsewhere.
    s = await startStripeTestApp(dialect, { secretKey: SECRET, webhookSecret: WHSEC });
    ({ t, fake } = s);
    const plans = await t.services.plans.listActive();
    monthly = plans.find((p) => p.slug === 'all-access-monthly') as Plan;
    trialPlan = await t.services.plans.create({
      slug: 'digital-trial',
      name: 'Digital with trial',
      description: '',
      priceCents: 800,
      currency: 'usd',
      interval: 'month',
      trialDays: 14,
      entitlements: ['web', 'daily_email'],
      active: true,
      position: 9,
      stripePriceId: null,
    });
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(() => {
    n += 1;
    reader = { id: `reader-${n}`, email: `reader${n}@example.com` };
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
  });

  it('creates a hosted checkout with the SDK: customer, price, metadata', async () => {
    const { url } = await t.services.subscriptions.startCheckout({ reader, planId: monthly.id });
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const customer = fake.requests.find(
      (r) => r.path === '/v1/customers' && (r.params.metadata as Record<string, string>).reader_id === reader.id,
    );
    expect(customer?.params.email).toBe(reader.email);
    const session = [...fake.requests].reverse().find((r) => r.path === '/v1/checkout/sessions');
    expect(session?.params).toMatchObject({
      mode: 'subscription',
      client_reference_id: reader.id,
      metadata: { reader_id: reader.id, plan_id: monthly.id },
      subscription_data: { metadata: { reader_id: reader.id, plan_id: monthly.id } },
      line_items: [
        {
          quantity: '1',
          price_data: { currency: 'usd', unit_amount: '1500', recurring: { interval: 'month' }, product_data: { name: 'All Access' } },
        },
      ],
      success_url: 'https://paper.test/checkout/success',
      cancel_url: 'https://paper.test/checkout/cancel',
    });
  });

  it('a completed checkout grants the plan; the same event twice is processed once', async () => {
    const { url } = await t.services.subscriptions.startCheckout({ reader, planId: monthly.id });
    const { session } = fake.completeCheckout(url.split('/').pop() ?? '', { now: now() });
    const event = stripeEvent('checkout.session.completed', session, now());
    const first = await deliver(event);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: true, duplicate: false });
    const d = await entitled(reader.id);
    expect(d.entitlements).toEqual(['web', 'daily_email', 'weekly_print']);
    expect(d.reasons.every((r) => r.source === 'plan')).toBe(true);
    const before = await rows();
    const again = await deliver(event);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: true, duplicate: true });
    expect(await rows()).toBe(before);
  });

  it('a second checkout by the same reader reuses the Stripe customer', async () => {
    await subscribe(monthly);
    const creates = fake.requests.filter((r) => r.path === '/v1/customers').length;
    await t.services.subscriptions.startCheckout({ reader, planId: monthly.id });
    expect(fake.requests.filter((r) => r.path === '/v1/customers').length).toBe(creates);
  });

  it('out-of-order updated and deleted events leave the newest state', async () => {
    const { subscriptionId } = await subscribe(monthly);
    const t0 = now();
    const updated = stripeEvent(
      'customer.subscription.updated',
      fake.changeSubscription(subscriptionId, { cancelAtPeriodEnd: true }),
      t0 + 10,
    );
    const deleted = stripeEvent(
      'customer.subscription.deleted',
      fake.changeSubscription(subscriptionId, { status: 'canceled', periodEnd: t0 + 20, endedAt: t0 + 20 }),
      t0 + 20,
    );
    // The deletion arrives first, the older update after it.
    expect((await deliver(deleted)).statusCode).toBe(200);
    expect((await deliver(updated)).statusCode).toBe(200);
    const row = await subscriptionOf(reader.id);
    expect(row.status).toBe('canceled');
    expect(Number(row.provider_version)).toBe(t0 + 20);
    // A late "active" copy can never revive a canceled subscription, even with a newer clock.
    const revived = stripeEvent(
      'customer.subscription.updated',
      { ...fake.changeSubscription(subscriptionId, {}), status: 'active' },
      t0 + 30,
    );
    expect((await deliver(revived)).statusCode).toBe(200);
    expect((await subscriptionOf(reader.id)).status).toBe('canceled');
    t.clock.set(new Date((t0 + 21) * 1000));
    expect((await entitled(reader.id)).entitlements).toEqual([]);
  });

  it('an older update after a newer one changes nothing', async () => {
    const { subscriptionId } = await subscribe(monthly);
    const t0 = now();
    const newer = stripeEvent(
      'customer.subscription.updated',
      fake.changeSubscription(subscriptionId, { cancelAtPeriodEnd: true }),
      t0 + 30,
    );
    const older = stripeEvent(
      'customer.subscription.updated',
      fake.changeSubscription(subscriptionId, { cancelAtPeriodEnd: false }),
      t0 + 25,
    );
    await deliver(newer);
    await deliver(older);
    expect(Boolean((await subscriptionOf(reader.id)).cancel_at_period_end)).toBe(true);
  });

  it('rejects a forged signature with 400 and changes nothing', async () => {
    const { subscriptionId } = await subscribe(monthly);
    const before = await rows();
    const forged = stripeEvent('customer.subscription.deleted', fake.changeSubscription(subscriptionId, { status: 'canceled' }), now() + 5);
    const r = await deliver(forged, { secret: 'whsec_not_the_right_one' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(forged),
    });
    expect(missing.statusCode).toBe(400);
    // A valid signature over different bytes is forged too.
    const payload = JSON.stringify(forged);
    const header = signTestWebhook(payload, WHSEC, now());
    const tampered = await deliver({ ...forged, id: 'evt_tampered' }, { header });
    expect(tampered.statusCode).toBe(400);
    expect(await rows()).toBe(before);
  });

  it('rejects a stale timestamp (older than five minutes) with 400', async () => {
    const { subscriptionId } = await subscribe(monthly);
    const before = await rows();
    const event = stripeEvent('customer.subscription.deleted', fake.changeSubscription(subscriptionId, { status: 'canceled' }), now());
    const r = await deliver(event, { timestamp: now() - 301 });
    expect(r.statusCode).toBe(400);
    expect(await rows()).toBe(before);
    expect((await deliver(event, { timestamp: now() - 299 })).statusCode).toBe(200);
  });

  it('a failed renewal gives 7 days of grace, then access ends; a later payment restores it', async () => {
    const { subscriptionId } = await subscribe(monthly);
    const t0 = now();
    const failed = await deliver(
      stripeEvent('invoice.payment_failed', fake.invoiceFor(subscriptionId, { now: t0, paid: false, periodEnd: t0 + 30 * DAY }), t0),
    );
    expect(failed.statusCode).toBe(200);
    const row = await subscriptionOf(reader.id);
    expect(row.status).toBe('past_due');
    expect(row.grace_until_at?.toISOString()).toBe(new Date((t0 + 7 * DAY) * 1000).toISOString());
    expect((await entitled(reader.id)).reasons.map((r) => r.source)).toEqual(['grace', 'grace', 'grace']);
    // Stripe retries: a second failure does not extend the grace period.
    t.clock.set(new Date((t0 + 3 * DAY) * 1000));
    await deliver(
      stripeEvent('invoice.payment_failed', fake.invoiceFor(subscriptionId, { now: now(), paid: false, periodEnd: t0 + 30 * DAY }), now()),
    );
    expect((await subscriptionOf(reader.id)).grace_until_at?.toISOString()).toBe(new Date((t0 + 7 * DAY) * 1000).toISOString());
    t.clock.set(new Date((t0 + 8 * DAY) * 1000));
    expect((await entitled(reader.id)).entitlements).toEqual([]);
    // The reader fixes the card; the retry succeeds.
    const paid = await deliver(
      stripeEvent('invoice.paid', fake.invoiceFor(subscriptionId, { now: now(), paid: true, periodEnd: t0 + 38 * DAY }), now()),
    );
    expect(paid.statusCode).toBe(200);
    const after = await subscriptionOf(reader.id);
    expect(after.status).toBe('active');
    expect(after.grace_until_at).toBeNull();
    expect(after.current_period_end_at?.toISOString()).toBe(new Date((t0 + 38 * DAY) * 1000).toISOString());
    expect((await entitled(reader.id)).entitlements).toEqual(['web', 'daily_email', 'weekly_print']);
  });

  it('cancels at period end through the API; access holds until the period ends', async () => {
    const { subscriptionId } = await subscribe(monthly);
    const row = await subscriptionOf(reader.id);
    await t.services.subscriptions.cancelAtPeriodEnd(reader.id, row.id);
    const update = [...fake.requests].reverse().find((r) => r.path === `/v1/subscriptions/${subscriptionId}`);
    expect(update?.method).toBe('POST');
    expect(update?.params).toEqual({ cancel_at_period_end: 'true' });
    const canceling = await subscriptionOf(reader.id);
    expect(Boolean(canceling.cancel_at_period_end)).toBe(true);
    const end = canceling.current_period_end_at as Date;
    t.clock.set(new Date(end.getTime() - 1000));
    expect((await entitled(reader.id)).entitlements).toContain('web');
    t.clock.set(new Date(end.getTime() + 1000));
    expect((await entitled(reader.id)).entitlements).toEqual([]);
    // Stripe's own events then confirm it.
    const ended = fake.changeSubscription(subscriptionId, { status: 'canceled', endedAt: now() });
    expect((await deliver(stripeEvent('customer.subscription.deleted', ended, now()))).statusCode).toBe(200);
    expect((await subscriptionOf(reader.id)).status).toBe('canceled');
  });

  it('a trial grants access as a trial, and becomes the plan when it ends and is paid', async () => {
    const { subscriptionId } = await subscribe(trialPlan);
    const row = await subscriptionOf(reader.id);
    expect(row.status).toBe('trialing');
    const d = await entitled(reader.id);
    expect(d.entitlements).toEqual(['web', 'daily_email']);
    expect(d.reasons.every((r) => r.source === 'trial')).toBe(true);
    const t0 = now();
    // Three days before the end Stripe warns; we take note and change nothing.
    t.clock.set(new Date((t0 + 11 * DAY) * 1000));
    const before = (await subscriptionOf(reader.id)).status;
    expect(
      (await deliver(stripeEvent('customer.subscription.trial_will_end', fake.changeSubscription(subscriptionId, {}), now()))).statusCode,
    ).toBe(200);
    expect((await subscriptionOf(reader.id)).status).toBe(before);
    // The trial ends; the first invoice is paid.
    t.clock.set(new Date((t0 + 14 * DAY + 60) * 1000));
    expect((await entitled(reader.id)).entitlements).toEqual([]);
    const active = fake.changeSubscription(subscriptionId, { status: 'active', periodEnd: t0 + 44 * DAY });
    await deliver(stripeEvent('customer.subscription.updated', active, now()));
    await deliver(
      stripeEvent('invoice.paid', fake.invoiceFor(subscriptionId, { now: now(), paid: true, periodEnd: t0 + 44 * DAY }), now()),
    );
    const after = await entitled(reader.id);
    expect(after.entitlements).toEqual(['web', 'daily_email']);
    expect(after.reasons.every((r) => r.source === 'plan')).toBe(true);
  });

  it('applies an offer as a Stripe coupon on the first periods', async () => {
    await insertOffer(
      t.services.db,
      { id: `offer-${n}`, code: `half${n}`, kind: 'percent', value: 50, months: 3, planId: null, active: true, expiresAt: null },
      t.clock.now,
    );
    await t.services.subscriptions.startCheckout({ reader, planId: monthly.id, offerCode: `HALF${n}` });
    const coupon = [...fake.requests].reverse().find((r) => r.path === '/v1/coupons');
    expect(coupon?.params).toMatchObject({ percent_off: '50', duration: 'repeating', duration_in_months: '3' });
    const session = [...fake.requests].reverse().find((r) => r.path === '/v1/checkout/sessions');
    expect((session?.params.discounts as { coupon: string }[] | undefined)?.[0]?.coupon).toBe(`masthead-offer-offer-${n}-3m`);
    await expect(t.services.subscriptions.startCheckout({ reader, planId: monthly.id, offerCode: 'NOSUCH' })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('opens the customer portal for a reader who has paid', async () => {
    await subscribe(monthly);
    const { url } = await t.services.subscriptions.portalUrl(reader.id);
    expect(url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/bps_/);
    await expect(t.services.subscriptions.portalUrl('nobody')).rejects.toMatchObject({ statusCode: 409 });
  });

  it('answers 503, not 500, when Stripe cannot be reached', async () => {
    await s.unreachable(() =>
      expect(t.services.subscriptions.startCheckout({ reader, planId: monthly.id })).rejects.toMatchObject({ statusCode: 503 }),
    );
  });
});
