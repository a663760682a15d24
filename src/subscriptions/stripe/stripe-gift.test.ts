/**
 * Buying a gift through Stripe: the real `stripe` SDK against the local fake of Stripe's API (a
 * one-off Checkout Session, mode=payment), and Stripe's webhooks signed as Stripe signs them,
 * through the whole app on both databases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailTo } from '../../accounts/account-test-support.js';
import { DIALECTS } from '../../db/test-databases.js';
import type { TestApp } from '../../test-support/test-app.js';
import { hashGiftCode } from '../gift.js';
import type { Plan } from '../plan.js';
import { runMoneyJobs } from '../test-reader.js';
import { type FakeStripe, stripeEvent } from './fake-stripe-server.js';
import { type StripeTestApp, startStripeTestApp } from './stripe-test-support.js';

const SECRET = 'sk_test_mastheadgifts123';
const WHSEC = 'whsec_masthead_gift_secret';
const CODE = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}/;

describe.each(DIALECTS)('gifts paid through Stripe on %s', (dialect) => {
  let s: StripeTestApp;
  let t: TestApp;
  let fake: FakeStripe;
  let monthly: Plan;
  let yearly: Plan;
  let n = 0;
  let purchaser: { id: string; email: string };
  let recipient: string;

  const now = () => s.now();
  const giftRow = (id: string) => t.services.db.selectFrom('gifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  // The emails are jobs enqueued with the payment: run what is due, as a worker would, then read the outbox.
  const giftMails = async () => {
    await runMoneyJobs(t);
    return mailTo(t, recipient);
  };
  const receipts = async () => {
    await runMoneyJobs(t);
    return mailTo(t, purchaser.email).filter((m) => m.subject.startsWith('Your receipt'));
  };

  const deliver = (event: Record<string, unknown>, opts?: { secret?: string }) => s.deliver(event, opts);

  /** Our checkout through the SDK; answers the gift's id and the fake's session id. */
  async function startGift(plan = monthly, months = 3) {
    const { url, giftId } = await t.services.subscriptions.gifts.startCheckout({
      purchaser,
      planId: plan.id,
      months,
      recipientEmail: recipient,
      message: 'From all of us',
    });
    return { giftId, sessionId: url.split('/').pop() ?? '', url };
  }

  beforeAll(async () => {
    // Stripe's SDK pointed at the fake API, through a gateway the test may point elsewhere.
    s = await startStripeTestApp(dialect, { secretKey: SECRET, webhookSecret: WHSEC });
    ({ t, fake } = s);
    const plans = await t.services.plans.listActive();
    monthly = plans.find((p) => p.slug === 'digital-monthly') as Plan;
    yearly = plans.find((p) => p.slug === 'all-access-yearly') as Plan;
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(() => {
    n += 1;
    purchaser = { id: `gift-buyer-${n}`, email: `buyer${n}@example.com` };
    recipient = `friend${n}@example.com`;
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
  });

  it('creates a one-off hosted checkout: mode=payment, the whole price, gift metadata, one session per gift', async () => {
    const { giftId, sessionId, url } = await startGift(monthly, 6);
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const request = [...fake.requests].reverse().find((r) => r.path === '/v1/checkout/sessions');
    const metadata = { kind: 'gift', gift_id: giftId, reader_id: purchaser.id, plan_id: monthly.id, months: '6' };
    expect(request?.params).toMatchObject({
      mode: 'payment',
      customer_email: purchaser.email,
      client_reference_id: purchaser.id,
      line_items: [
        {
          quantity: '1',
          price_data: {
            currency: 'usd',
            unit_amount: '4800',
            product_data: { name: 'Gift: Digital, 6 months', description: `For ${recipient}` },
          },
        },
      ],
      metadata,
      payment_intent_data: { metadata },
      success_url: 'https://paper.test/gift/thanks',
      cancel_url: 'https://paper.test/gift/cancel',
    });
    expect(request?.params).not.toHaveProperty('subscription_data');
    expect(request?.idempotencyKey).toBe(`gift-checkout-${giftId}`);
    expect(await giftRow(giftId)).toMatchObject({
      status: 'pending',
      provider: 'stripe',
      checkout_session_id: sessionId,
      amount_cents: 4800,
      code_hash: null,
    });
    // A yearly plan is given for a year, at its yearly price.
    const year = await startGift(yearly, 12);
    expect((await giftRow(year.giftId)).amount_cents).toBe(15000);
  });

  it('a signed checkout.session.completed pays the gift and sends both emails; the same event twice is one gift, one email', async () => {
    const { giftId, sessionId } = await startGift();
    const event = stripeEvent('checkout.session.completed', fake.completePayment(sessionId, { now: now() }), now());
    const first = await deliver(event);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: true, duplicate: false });
    const paid = await giftRow(giftId);
    expect(paid.status).toBe('paid');
    expect(paid.paid_at?.toISOString()).toBe('2026-11-25T09:00:00.000Z');
    const mails = await giftMails();
    expect(mails).toHaveLength(1);
    const code = mails[0]?.text.match(CODE)?.[0] ?? '';
    expect(paid.code_hash).toBe(hashGiftCode(code));
    expect(mails[0]?.text).toContain('From all of us');
    expect(await receipts()).toHaveLength(1);
    expect((await receipts())[0]?.text).toContain('Paid: $24.00');

    const again = await deliver(event);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: true, duplicate: true });
    expect(await giftRow(giftId)).toEqual(paid);
    expect(await giftMails()).toHaveLength(1);
    expect(await receipts()).toHaveLength(1);
    expect(await t.services.db.selectFrom('gifts').select('id').where('recipient_email', '=', recipient).execute()).toHaveLength(1);

    // The code redeems into an account and grants web.
    await t.services.subscriptions.gifts.redeem({ id: `redeemer-${n}`, email: recipient }, code);
    const d = await t.services.entitlements.entitlementsFor({ readerId: `redeemer-${n}`, clientIp: '203.0.113.9', at: t.clock.now });
    expect(d.entitlements).toContain('web');
    expect(d.reasons.every((r) => r.source === 'gift')).toBe(true);
  });

  it('a delayed payment method: completed unpaid changes nothing; async success pays; a later failure does not undo it', async () => {
    const { giftId, sessionId } = await startGift();
    const unpaid = { ...fake.completePayment(sessionId, { now: now() }), payment_status: 'unpaid' };
    expect((await deliver(stripeEvent('checkout.session.completed', unpaid, now()))).statusCode).toBe(200);
    expect((await giftRow(giftId)).status).toBe('pending');
    expect(await giftMails()).toHaveLength(0);
    const succeeded = { ...unpaid, payment_status: 'paid' };
    expect((await deliver(stripeEvent('checkout.session.async_payment_succeeded', succeeded, now() + 60))).statusCode).toBe(200);
    expect((await giftRow(giftId)).status).toBe('paid');
    expect(await giftMails()).toHaveLength(1);
    expect((await deliver(stripeEvent('checkout.session.async_payment_failed', succeeded, now() + 120))).statusCode).toBe(200);
    expect((await giftRow(giftId)).status).toBe('paid');
  });

  it('an expired session cancels the pending gift; no email', async () => {
    const { giftId, sessionId } = await startGift();
    expect((await deliver(stripeEvent('checkout.session.expired', fake.expireSession(sessionId), now()))).statusCode).toBe(200);
    expect(await giftRow(giftId)).toMatchObject({ status: 'canceled', code_hash: null });
    expect(await giftMails()).toHaveLength(0);
  });

  it('a forged signature is a 400 and pays nothing', async () => {
    const { giftId, sessionId } = await startGift();
    const event = stripeEvent('checkout.session.completed', fake.completePayment(sessionId, { now: now() }), now());
    const r = await deliver(event, { secret: 'whsec_forged' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect((await giftRow(giftId)).status).toBe('pending');
    expect(await giftMails()).toHaveLength(0);
  });

  it('a session for another gift pays nothing', async () => {
    const a = await startGift();
    const b = await startGift();
    // Gift a's metadata on gift b's session: not the session recorded for a.
    const session = { ...fake.completePayment(b.sessionId, { now: now() }), metadata: { kind: 'gift', gift_id: a.giftId } };
    expect((await deliver(stripeEvent('checkout.session.completed', session, now()))).statusCode).toBe(200);
    expect((await giftRow(a.giftId)).status).toBe('pending');
    expect((await giftRow(b.giftId)).status).toBe('pending');
  });

  it('answers 503 when Stripe cannot be reached, and leaves no gift waiting for a payment', async () => {
    await s.unreachable(() => expect(startGift()).rejects.toMatchObject({ statusCode: 503 }));
    const rows = await t.services.db.selectFrom('gifts').selectAll().where('recipient_email', '=', recipient).execute();
    expect(rows.map((r) => r.status)).toEqual(['canceled']);
  });
});
