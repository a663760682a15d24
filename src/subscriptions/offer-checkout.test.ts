/**
 * Offers from the reader's side, through the whole app on both databases: /subscribe?offer=CODE
 * shows the offer on the plans it applies to (or says why it cannot be used), the link form
 * redirects there, the code is carried to checkout, the demo checkout shows the discounted
 * amount, and Stripe's Checkout session carries the offer's coupon (asserted on what the fake
 * Stripe API received).
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { registerErrorHandling } from '../http/error-pages.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createDemoGateway } from './demo-gateway.js';
import { type SwitchableGateway, switchableGateway } from './gateway-test-support.js';
import { insertOffer } from './offer-repository.js';
import type { PaymentsGateway } from './payments-gateway.js';
import type { Plan } from './plan.js';
import { seedDemoPlans } from './plan-service.js';
import { type FakeStripe, startFakeStripe } from './stripe/fake-stripe-server.js';
import { createStripeGateway } from './stripe/stripe-gateway.js';
import { registerSubscriptionRoutes } from './subscription-routes.js';
import { QUAY_STREET, standInAccounts, standInReader } from './test-reader.js';

const SECRET = 'sk_test_offers123';
const DAY = 86_400_000;

/** The plan cards of a /subscribe page, by their heading's text ("All Access (monthly)"). */
function cards(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<li class="plan">([\s\S]*?)<\/form><\/li>/g)) {
    const body = m[1] ?? '';
    const title = /<h2>([\s\S]*?)<\/h2>/.exec(body)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
    out.set(title.replace(/\s+/g, ' ').trim(), body);
  }
  return out;
}
const hiddenOffer = (card: string | undefined) => /<input type="hidden" name="offer" value="([^"]*)"/.exec(card ?? '')?.[1];

describe.each(DIALECTS)('offers on /subscribe and at checkout on %s', (dialect) => {
  let t: TestApp;
  let gateway: SwitchableGateway;
  let plans: Plan[];
  let signedIn: FastifyInstance;
  let fake: FakeStripe;
  let n = 0;
  const reader = standInReader({ id: 'offer-reader', email: 'offers@example.com' });

  const plan = (slug: string) => plans.find((p) => p.slug === slug) as Plan;
  const offer = async (over: Partial<Parameters<typeof insertOffer>[1]> = {}) => {
    n += 1;
    const o = {
      id: `offer-${n}`,
      code: `SAVE${n}`,
      kind: 'percent' as const,
      value: 20,
      months: 3,
      planId: null,
      active: true,
      expiresAt: null,
    };
    await insertOffer(t.services.db, { ...o, ...over }, t.clock.now);
    return { ...o, ...over };
  };
  const page = (query: string) => t.app.inject(`/subscribe${query}`);
  // The address step is sent along: plans with the magazine ask for it inside checkout.
  const checkout = (planId: string, code?: string) =>
    signedIn.inject({
      method: 'POST',
      url: '/checkout',
      payload: { plan: planId, _csrf: 'ok', step: 'address', ...QUAY_STREET, ...(code ? { offer: code } : {}) },
    });

  beforeAll(async () => {
    fake = await startFakeStripe({ secretKey: SECRET });
    // The demo gateway, as the config chooses it, until the Stripe tests point the app at the fake API.
    gateway = switchableGateway(createDemoGateway({ clock: () => t.clock.now }));
    t = await createTestApp(dialect, {}, { paymentsGateway: gateway.gateway });
    await seedDemoPlans(t.services.db, () => t.clock.now);
    plans = await t.services.plans.listActive();
    // The same routes and services, with a stand-in for the signed-in reader (accounts are tested on their own).
    signedIn = Fastify();
    registerErrorHandling(signedIn, () => t.services.chrome());
    await signedIn.register(formbody);
    registerSubscriptionRoutes(signedIn, {
      subscriptions: t.services.subscriptions,
      plans: t.services.plans,
      chrome: () => t.services.chrome(),
      funnel: t.services.funnel,
      experiments: t.services.experiments,
      clock: t.services.clock,
      config: t.services.config,
      accounts: standInAccounts(() => reader),
    });
    await signedIn.ready();
  });
  afterAll(async () => {
    await signedIn.close();
    await fake.close();
    await t.close();
  });

  it('shows a percentage offer on every plan with the price before and after, and carries it to each form', async () => {
    const o = await offer();
    const r = await page(`?offer=${o.code.toLowerCase()}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`Offer ${o.code} is applied to the 4 plans marked below.`);
    const c = cards(r.body);
    const monthly = c.get('All Access (monthly)') ?? '';
    expect(monthly).toContain('<s>$15.00</s>');
    expect(monthly).toContain('<strong>$12.00</strong> a month');
    expect(monthly).toContain(`Offer ${o.code}: 20% off for 3 months`);
    expect(monthly).toContain('$12.00 a month for 3 months, then $15.00 a month');
    // Three months on a yearly plan are three months' worth off the first year, never three years.
    expect(c.get('Digital (yearly)')).toContain('$4.00 off your first year: $76.00 for the first year, then $80.00 a year');
    expect(c.get('Digital (yearly)')).toContain('<strong>$76.00</strong> for the first year');
    for (const card of c.values()) expect(hiddenOffer(card)).toBe(o.code);
    // The code field shows the code in use (as stored: upper case).
    expect(r.body).toContain(`<input id="offer-code" name="offer" value="${o.code}"`);
  });

  it('shows an offer for one plan on that plan only; an amount off the first period', async () => {
    const o = await offer({ kind: 'amount', value: 500, months: 1, planId: plan('digital-monthly').id });
    const r = await page(`?offer=${o.code}`);
    expect(r.body).toContain(`Offer ${o.code} is applied to the plan marked below.`);
    const c = cards(r.body);
    const digital = c.get('Digital (monthly)') ?? '';
    expect(digital).toContain(`Offer ${o.code}: $5.00 off the first month`);
    expect(digital).toContain('$3.00 for the first month, then $8.00 a month');
    expect(hiddenOffer(digital)).toBe(o.code);
    for (const [title, card] of c) {
      if (title === 'Digital (monthly)') continue;
      expect(hiddenOffer(card), title).toBeUndefined();
      expect(card).not.toContain('<s>');
    }
  });

  it('says clearly when a code is unknown, expired, withdrawn or for a plan not on sale, and offers no discount', async () => {
    const expired = await offer({ expiresAt: new Date(t.clock.now.getTime() - DAY) });
    const withdrawn = await offer({ active: false });
    const hidden = await t.services.plans.create({
      slug: `retired-${n}`,
      name: 'Retired',
      description: '',
      priceCents: 500,
      currency: 'usd',
      interval: 'month',
      trialDays: 0,
      entitlements: ['web'],
      active: false,
      position: 9,
      stripePriceId: null,
    });
    const elsewhere = await offer({ planId: hidden.id });
    const cases: [string, string][] = [
      ['NOSUCHCODE', 'There is no offer with the code NOSUCHCODE.'],
      [expired.code, `The offer ${expired.code} has expired. You can still choose a plan at the full price.`],
      [withdrawn.code, `The offer ${withdrawn.code} is no longer available.`],
      [elsewhere.code, 'is for a plan that is not on sale just now'],
    ];
    for (const [code, words] of cases) {
      const r = await page(`?offer=${code}`);
      expect(r.statusCode, code).toBe(200);
      expect(r.body, code).toContain('role="alert"');
      expect(r.body, code).toContain(words);
      expect(r.body, code).not.toMatch(/type="hidden" name="offer"/);
      expect(r.body, code).not.toContain('<s>');
      expect(r.body, code).toContain('aria-invalid="true"');
    }
  });

  it('an offer by link redirects to the subscribe page with its code; the code field is a plain GET form', async () => {
    const o = await offer();
    const r = await t.app.inject(`/subscribe/offer/${o.code}`);
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe(`/subscribe?offer=${o.code}`);
    const plain = await page('');
    expect(plain.body).toContain('<form class="search-form" method="get" action="/subscribe">');
    expect(plain.body).toContain('<label for="offer-code">Have an offer code?</label>');
    expect(plain.body).not.toContain('role="alert"');
  });

  it('refuses at checkout an offer that is expired or for another plan (409, linking to the plans), and applies a good one', async () => {
    const late = await offer({ expiresAt: new Date(t.clock.now.getTime() + DAY) });
    const forDigital = await offer({ planId: plan('digital-monthly').id });
    const wrongPlan = await checkout(plan('all-access-monthly').id, forDigital.code);
    expect(wrongPlan.statusCode).toBe(409);
    expect(wrongPlan.body).toContain('is for a plan that is not on sale just now');
    expect(wrongPlan.body).toContain('href="/subscribe"');
    t.clock.advance(2 * DAY);
    try {
      const expired = await checkout(plan('digital-monthly').id, late.code);
      expect(expired.statusCode).toBe(409);
      expect(expired.body).toContain('has expired');
      expect(expired.body).toContain('Choose a plan at the full price');
    } finally {
      t.clock.advance(-2 * DAY);
    }
    expect((await checkout(plan('digital-monthly').id, forDigital.code)).statusCode).toBe(303);
  });

  it('demo checkout shows the offer and the discounted amount', async () => {
    const o = await offer({ value: 50, months: 24 });
    const r = await checkout(plan('digital-yearly').id, o.code.toLowerCase());
    expect(r.statusCode).toBe(303);
    const demo = await t.app.inject(String(r.headers.location));
    expect(demo.statusCode).toBe(200);
    expect(demo.body).toContain(`${o.code}: 50% off for 24 months`);
    expect(demo.body).toContain('<dt>You pay</dt><dd>$40.00 a year for 2 years, then $80.00 a year</dd>');
    const short = await offer({ value: 20, months: 3 });
    const r2 = await checkout(plan('digital-yearly').id, short.code);
    const demo2 = await t.app.inject(String(r2.headers.location));
    expect(demo2.body).toContain('<dt>You pay</dt><dd>$4.00 off your first year: $76.00 for the first year, then $80.00 a year</dd>');
  });

  describe('on Stripe', () => {
    let demo: PaymentsGateway;
    beforeAll(() => {
      demo = gateway.current();
      gateway.use(
        createStripeGateway({
          secretKey: SECRET,
          webhookSecret: 'whsec_offers',
          clock: () => t.clock.now,
          api: { host: '127.0.0.1', port: fake.port, protocol: 'http' },
        }),
      );
    });
    afterAll(() => {
      gateway.use(demo);
    });

    it('creates the Checkout session with the offer as a coupon for the first periods, made once and reused', async () => {
      const o = await offer({ value: 25, months: 3 });
      const before = fake.requests.length;
      const r = await checkout(plan('all-access-monthly').id, o.code);
      expect(r.statusCode).toBe(303);
      expect(String(r.headers.location)).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
      const sent = fake.requests.slice(before);
      const coupon = sent.find((q) => q.method === 'POST' && q.path === '/v1/coupons');
      expect(coupon?.params).toEqual({
        id: `masthead-offer-${o.id}-3m`,
        percent_off: '25',
        duration: 'repeating',
        duration_in_months: '3',
        name: o.code,
        metadata: { offer_id: o.id },
      });
      const session = sent.find((q) => q.path === '/v1/checkout/sessions');
      expect(session?.params).toMatchObject({
        mode: 'subscription',
        discounts: [{ coupon: `masthead-offer-${o.id}-3m` }],
        line_items: [{ price_data: { unit_amount: '1500', currency: 'usd', recurring: { interval: 'month' } } }],
      });

      // A second checkout with the same offer finds the coupon and makes no other.
      const again = fake.requests.length;
      expect((await checkout(plan('all-access-monthly').id, o.code)).statusCode).toBe(303);
      const second = fake.requests.slice(again);
      expect(second.filter((q) => q.path.startsWith('/v1/coupons')).map((q) => q.method)).toEqual(['GET']);
      expect(second.find((q) => q.path === '/v1/checkout/sessions')?.params.discounts).toEqual([{ coupon: `masthead-offer-${o.id}-3m` }]);
    });

    it.each([
      // "20% off for 3 months" on $80 a year: $4.00 off the first invoice, once; never 36 months of 20%.
      [
        { kind: 'percent' as const, value: 20, months: 3 },
        'digital-yearly',
        { duration: 'once', amount_off: '400', currency: 'usd' },
        'once-400usd',
      ],
      [
        { kind: 'amount' as const, value: 100, months: 3 },
        'digital-yearly',
        { duration: 'once', amount_off: '300', currency: 'usd' },
        'once-300usd',
      ],
      [
        { kind: 'percent' as const, value: 20, months: 24 },
        'digital-yearly',
        { duration: 'repeating', duration_in_months: '24', percent_off: '20' },
        '24m',
      ],
      [
        { kind: 'amount' as const, value: 100, months: 3 },
        'digital-monthly',
        { duration: 'repeating', duration_in_months: '3', amount_off: '100', currency: 'usd' },
        '3m-100usd',
      ],
    ])('the coupon says what /subscribe said: %o on %s', async (terms, slug, params, suffix) => {
      const o = await offer(terms);
      const before = fake.requests.length;
      expect((await checkout(plan(slug).id, o.code)).statusCode).toBe(303);
      const coupon = fake.requests.slice(before).find((q) => q.method === 'POST' && q.path === '/v1/coupons');
      expect(coupon?.params).toEqual({ id: `masthead-offer-${o.id}-${suffix}`, ...params, name: o.code, metadata: { offer_id: o.id } });
      const session = fake.requests.slice(before).find((q) => q.path === '/v1/checkout/sessions');
      expect(session?.params).toMatchObject({ metadata: { offer_id: o.id }, subscription_data: { metadata: { offer_id: o.id } } });
    });

    it('a checkout without an offer has no discount; a bad code reaches Stripe not at all', async () => {
      const before = fake.requests.length;
      expect((await checkout(plan('digital-monthly').id)).statusCode).toBe(303);
      const session = fake.requests.slice(before).find((q) => q.path === '/v1/checkout/sessions');
      expect(session?.params.discounts).toBeUndefined();
      const mark = fake.requests.length;
      const bad = await checkout(plan('digital-monthly').id, 'NOSUCH');
      expect(bad.statusCode).toBe(409);
      expect(fake.requests.length).toBe(mark);
    });
  });

  it('an anonymous reader is sent to sign in and back to the same offer', async () => {
    const o = await offer();
    const sub = await page(`?offer=${o.code}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(sub.body)?.[1] ?? '';
    const cookie = (sub.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/checkout',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ plan: plan('digital-monthly').id, offer: o.code, _csrf: csrf }).toString(),
    });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe(`/signin?return=${encodeURIComponent(`/subscribe?offer=${o.code}`)}`);
  });
});
