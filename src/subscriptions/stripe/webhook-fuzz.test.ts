/**
 * Property-based tests of POST /webhooks/stripe: whatever arrives, the answer is never a 5xx, and
 * a rejected request changes no row.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../db/test-databases.js';
import type { TestApp } from '../../test-support/test-app.js';
import { type FakeStripe, stripeEvent } from './fake-stripe-server.js';
import { signTestWebhook } from './stripe-gateway.js';
import { type StripeTestApp, startStripeTestApp } from './stripe-test-support.js';

const SECRET = 'sk_test_fuzz123';
const WHSEC = 'whsec_fuzz_secret';

const TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.subscription.trial_will_end',
  'charge.refunded',
];

describe.each(DIALECTS)('webhook fuzzing on %s', (dialect) => {
  let s: StripeTestApp;
  let t: TestApp;
  let fake: FakeStripe;
  let subscriptionId: string;

  const now = () => Math.floor(t.clock.now.getTime() / 1000);

  async function snapshot() {
    const db = t.services.db;
    const [subs, events, plans, members] = await Promise.all([
      db.selectFrom('subscriptions').selectAll().orderBy('id').execute(),
      db.selectFrom('payment_events').selectAll().orderBy('event_id').execute(),
      db.selectFrom('plans').selectAll().orderBy('id').execute(),
      db.selectFrom('organisation_members').selectAll().execute(),
    ]);
    return JSON.stringify({ subs, events, plans, members });
  }

  async function post(payload: string | Buffer, headers: Record<string, string>) {
    return t.app.inject({ method: 'POST', url: '/webhooks/stripe', headers, payload });
  }

  beforeAll(async () => {
    // Stripe's SDK pointed at the fake API.
    s = await startStripeTestApp(dialect, { secretKey: SECRET, webhookSecret: WHSEC });
    ({ t, fake } = s);
    const [plan] = await t.services.plans.listActive();
    const { url } = await t.services.subscriptions.startCheckout({
      reader: { id: 'fuzz-reader', email: 'fuzz@example.com' },
      planId: plan?.id ?? '',
    });
    const done = fake.completeCheckout(url.split('/').pop() ?? '', { now: now() });
    subscriptionId = String(done.subscription.id);
    const payload = JSON.stringify(stripeEvent('checkout.session.completed', done.session, now()));
    const r = await post(payload, { 'content-type': 'application/json', 'stripe-signature': signTestWebhook(payload, WHSEC, now()) });
    expect(r.statusCode).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('unsigned or badly signed bodies: always 400, nothing changed', async () => {
    const header = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 300 }),
      fc
        .record({ t: fc.integer(), v1: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }) })
        .map((h) => `t=${h.t},v1=${h.v1}`),
    );
    const body = fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc.json(),
      fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
    );
    const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream');
    await fc.assert(
      fc.asyncProperty(header, body, contentType, async (h, b, ct) => {
        const before = await snapshot();
        const headers: Record<string, string> = { 'content-type': ct };
        if (h !== undefined) headers['stripe-signature'] = h;
        const r = await post(b, headers);
        expect(r.statusCode).toBeGreaterThanOrEqual(400);
        expect(r.statusCode).toBeLessThan(500);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  it('correctly signed bodies of any shape: never a 5xx, and a rejection changes nothing', async () => {
    const anyObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
    const subscriptionLike = fc.record(
      {
        id: fc.oneof(fc.constant(subscriptionId), fc.string({ maxLength: 20 })),
        object: fc.constantFrom('subscription', 'invoice', 'checkout.session', 'x'),
        customer: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null)),
        status: fc.constantFrom('active', 'canceled', 'past_due', 'trialing', 'unpaid', 'paused', 'weird', ''),
        cancel_at_period_end: fc.oneof(fc.boolean(), fc.constant('yes')),
        trial_end: fc.oneof(fc.constant(null), fc.integer(), fc.double()),
        metadata: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('reader_id', 'plan_id', 'x'), fc.string({ maxLength: 8 }))),
        items: fc.oneof(
          fc.constant({ data: [] }),
          fc.record({ data: fc.array(fc.record({ current_period_end: fc.integer() }), { maxLength: 2 }) }),
          anyObject,
        ),
        parent: fc.oneof(fc.constant(null), fc.constant({ subscription_details: { subscription: subscriptionId } }), anyObject),
        mode: fc.constantFrom('subscription', 'payment'),
        client_reference_id: fc.oneof(fc.constant(null), fc.string({ maxLength: 10 })),
        subscription: fc.oneof(fc.constant(null), fc.constant(subscriptionId), fc.string({ maxLength: 10 })),
        payment_status: fc.constantFrom('paid', 'unpaid', 'no_payment_required'),
      },
      { requiredKeys: [] },
    );
    const event = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant('evt_1')),
        object: fc.constantFrom('event', 'list'),
        type: fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 40 })),
        created: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.double(), fc.string({ maxLength: 5 })),
        data: fc.oneof(fc.record({ object: fc.oneof(subscriptionLike, anyObject) }), anyObject, fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const before = await snapshot();
        const payload = JSON.stringify(e);
        const r = await post(payload, { 'content-type': 'application/json', 'stripe-signature': signTestWebhook(payload, WHSEC, now()) });
        expect(r.statusCode).toBeLessThan(500);
        if (r.statusCode >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: 80 },
    );
  });
});
