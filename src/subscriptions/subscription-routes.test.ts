/**
 * The subscribe page, checkout, and the demo gateway's complete and fail paths, through the
 * whole app (no Stripe key: the demo gateway) on both databases.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reader } from '../accounts/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { registerErrorHandling } from '../http/error-pages.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { DEMO_LABEL } from './demo-gateway.js';
import { type Plan, planInputFrom } from './plan.js';
import { seedDemoPlans } from './plan-service.js';
import { registerSubscriptionRoutes } from './subscription-routes.js';
import { QUAY_STREET, standInAccounts, standInReader } from './test-reader.js';

const csrfIn = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
const cookiesOf = (r: LightMyRequestResponse) =>
  (r.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');

describe.each(DIALECTS)('subscribe and demo checkout on %s', (dialect) => {
  let t: TestApp;
  let plans: Plan[];
  let signedIn: FastifyInstance;
  let current: Reader | undefined;
  let n = 0;

  const plan = (slug: string) => plans.find((p) => p.slug === slug) as Plan;
  const entitled = (readerId: string) => t.services.entitlements.entitlementsFor({ readerId, clientIp: '203.0.113.1', at: t.clock.now });
  const nextReader = () => {
    n += 1;
    return standInReader({ id: `demo-reader-${n}`, email: `demo${n}@example.com` });
  };

  /** Opens a demo checkout as a signed-in reader would, and answers its page. */
  async function openDemoCheckout(slug: string) {
    current = nextReader();
    const r = await signedIn.inject({
      method: 'POST',
      url: '/checkout',
      payload: { plan: plan(slug).id, _csrf: 'ok', step: 'address', ...QUAY_STREET },
    });
    expect(r.statusCode).toBe(303);
    const path = String(r.headers.location);
    expect(path).toMatch(/^\/checkout\/demo\/cs_demo_[0-9a-f]{32}$/);
    const page = await t.app.inject(path);
    return { reader: current, path, page };
  }

  async function postForm(path: string, page: LightMyRequestResponse, form: Record<string, string> = {}) {
    return t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(page) },
      payload: new URLSearchParams({ _csrf: csrfIn(page.body), ...form }).toString(),
    });
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
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
      accounts: standInAccounts(() => current),
    });
    await signedIn.ready();
  });
  afterAll(async () => {
    await signedIn.close();
    await t.close();
  });

  it('lists the active plans with prices and what each includes', async () => {
    const r = await t.app.inject('/subscribe');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    for (const text of [
      'All Access',
      'Digital',
      '$15.00 a month',
      '$150.00 a year',
      '$8.00 a month',
      '$80.00 a year',
      'The weekly magazine in print',
      DEMO_LABEL,
    ]) {
      expect(r.body).toContain(text);
    }
    const digital = r.body.slice(r.body.indexOf('Digital <span'));
    expect(digital.slice(0, digital.indexOf('</li></ul>'))).not.toContain('weekly magazine');
    expect(r.body.match(/<form method="post" action="\/checkout">/g)).toHaveLength(4);
    expect(csrfIn(r.body)).not.toBe('');
  });

  it('hides inactive plans; a mistyped offer code is a notice on the page, an absurd one a 400', async () => {
    const p = plan('digital-yearly');
    await t.services.plans.update(p.id, { ...planInputFrom(p), active: false });
    expect((await t.app.inject('/subscribe')).body).not.toContain('$80.00 a year');
    await t.services.plans.update(p.id, planInputFrom(p));
    const typo = await t.app.inject('/subscribe?offer=bad%20code');
    expect(typo.statusCode).toBe(200);
    expect(typo.body).toContain('is not an offer code');
    expect(typo.body).not.toMatch(/type="hidden" name="offer"/);
    expect((await t.app.inject(`/subscribe?offer=${'x'.repeat(101)}`)).statusCode).toBe(400);
  });

  it('sends an anonymous reader to sign in first', async () => {
    const page = await t.app.inject('/subscribe');
    const r = await postForm('/checkout', page, { plan: plan('digital-monthly').id });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/signin?return=%2Fsubscribe');
  });

  it('refuses a checkout form without its CSRF token', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/checkout', payload: { plan: plan('digital-monthly').id } });
    expect(r.statusCode).toBe(403);
  });

  it('answers 400 naming the field for a bad form, 404 for an unknown plan', async () => {
    const bad = await signedIn.inject({ method: 'POST', url: '/checkout', payload: { plan: '', _csrf: 'ok' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('plan');
    current = nextReader();
    expect((await signedIn.inject({ method: 'POST', url: '/checkout', payload: { plan: 'no-such-plan', _csrf: 'ok' } })).statusCode).toBe(
      404,
    );
  });

  it('a plan with the magazine asks for the postal address inside checkout: prefilled, checked, saved, then on to pay', async () => {
    const started = async () => {
      await t.services.funnel.flush();
      const rows = await t.services.db.selectFrom('funnel_counts').select('count').where('type', '=', 'checkout_started').execute();
      return rows.reduce((n, r) => n + Number(r.count), 0);
    };
    const before = await started();
    const print = plan('all-access-monthly').id;
    // No address yet: the address step, empty, carrying the plan and the way back.
    current = { ...nextReader(), address: null };
    const step = await signedIn.inject({ method: 'POST', url: '/checkout', payload: { plan: print, _csrf: 'ok', return: '/news/story' } });
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('Where should we send the magazine?');
    expect(step.body).toContain('<input type="hidden" name="step" value="address"/>');
    expect(step.body).toContain('<input type="hidden" name="return" value="/news/story"/>');
    expect(step.body).toMatch(/<input id="line1" name="line1" value[ >]/);
    // Missing and too long: the same form, each problem named, the reader's input kept (400); nothing saved.
    const bad = await signedIn.inject({
      method: 'POST',
      url: '/checkout',
      payload: { plan: print, _csrf: 'ok', step: 'address', line1: '', city: 'Ellery', postcode: 'x'.repeat(21), country: '' },
    });
    expect(bad.statusCode).toBe(400);
    for (const words of ['Enter the street and number.', 'Postcode: Use at most 20 characters.', 'Enter the country.', 'href="#line1"'])
      expect(bad.body).toContain(words);
    expect(bad.body).toContain('<input id="city" name="city" value="Ellery"');
    expect(current?.address).toBeNull();
    expect(await started()).toBe(before);
    // Good: saved to the reader (the accounts feature's call) and on to the gateway in the same submit.
    const good = await signedIn.inject({ method: 'POST', url: '/checkout', payload: { plan: print, _csrf: 'ok', ...QUAY_STREET } });
    expect(good.statusCode).toBe(200); // without step=address it is the form again, prefilled
    expect(good.body).toMatch(/<input id="line1" name="line1" value[ >]/);
    const paid = await signedIn.inject({
      method: 'POST',
      url: '/checkout',
      payload: { plan: print, _csrf: 'ok', step: 'address', ...QUAY_STREET },
    });
    expect(paid.statusCode).toBe(303);
    expect(String(paid.headers.location)).toMatch(/^\/checkout\/demo\/cs_demo_[0-9a-f]{32}$/);
    expect(current?.address).toEqual(QUAY_STREET);
    expect(await started()).toBe(before + 1);
    // A reader with an address sees it filled in.
    const again = await signedIn.inject({ method: 'POST', url: '/checkout', payload: { plan: print, _csrf: 'ok' } });
    expect(again.body).toContain('<input id="line1" name="line1" value="1 Quay St"');
    // A plan without the magazine goes straight to the gateway.
    current = { ...nextReader(), address: null };
    const digital = await signedIn.inject({ method: 'POST', url: '/checkout', payload: { plan: plan('digital-monthly').id, _csrf: 'ok' } });
    expect(digital.statusCode).toBe(303);
  });

  it('demo checkout, complete: labelled page, then the subscription through the event processor', async () => {
    const { reader, path, page } = await openDemoCheckout('all-access-monthly');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(DEMO_LABEL);
    expect(page.body).toContain('All Access, $15.00 a month');
    expect(page.body).toContain(reader.email);
    expect((await entitled(reader.id)).entitlements).toEqual([]);
    const done = await postForm(`${path}/complete`, page);
    expect(done.statusCode).toBe(303);
    // A path: the reader comes back to the host they browse, not to PUBLIC_URL.
    expect(done.headers.location).toBe('/checkout/success');
    const d = await entitled(reader.id);
    expect(d.entitlements).toEqual(['web', 'daily_email', 'weekly_print']);
    expect(d.reasons[0]).toMatchObject({ source: 'plan', detail: 'All Access' });
    const sub = await t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', reader.id).executeTakeFirstOrThrow();
    expect(sub.provider).toBe('demo');
    expect(sub.current_period_end_at?.toISOString()).toBe('2026-12-25T09:00:00.000Z');
    const events = await t.services.db.selectFrom('payment_events').selectAll().where('provider', '=', 'demo').execute();
    expect(events.map((e) => e.type)).toContain('checkout.session.completed');
    // The session is finished: a second submission changes nothing.
    const again = await postForm(`${path}/complete`, page);
    expect(again.statusCode).toBe(409);
    expect((await t.app.inject(path)).statusCode).toBe(409);
    const success = await t.app.inject('/checkout/success');
    expect(success.statusCode).toBe(200);
    expect(success.body).toContain('Thank you for subscribing');
  });

  it('demo checkout, fail: labelled decline page, no subscription, the event still recorded', async () => {
    const before = (await t.services.db.selectFrom('payment_events').select('event_id').execute()).length;
    const { reader, path, page } = await openDemoCheckout('digital-monthly');
    const r = await postForm(`${path}/fail`, page);
    expect(r.statusCode).toBe(402);
    expect(r.body).toContain(DEMO_LABEL);
    expect(r.body).toContain('Nothing was charged');
    expect(await t.services.db.selectFrom('subscriptions').select('id').where('reader_id', '=', reader.id).execute()).toEqual([]);
    expect((await entitled(reader.id)).entitlements).toEqual([]);
    expect((await t.services.db.selectFrom('payment_events').select('event_id').execute()).length).toBe(before + 1);
  });

  it('demo cancel at period end keeps access to the end of the period', async () => {
    const { reader, path, page } = await openDemoCheckout('digital-yearly');
    await postForm(`${path}/complete`, page);
    const sub = await t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', reader.id).executeTakeFirstOrThrow();
    await t.services.subscriptions.cancelAtPeriodEnd(reader.id, sub.id);
    const after = await t.services.db.selectFrom('subscriptions').selectAll().where('id', '=', sub.id).executeTakeFirstOrThrow();
    expect(Boolean(after.cancel_at_period_end)).toBe(true);
    const end = after.current_period_end_at as Date;
    expect(end.toISOString()).toBe('2027-11-25T09:00:00.000Z');
    expect(
      (await t.services.entitlements.entitlementsFor({ readerId: reader.id, clientIp: '::1', at: new Date(end.getTime() - 1) }))
        .entitlements,
    ).toEqual(['web', 'daily_email']);
    expect((await t.services.entitlements.entitlementsFor({ readerId: reader.id, clientIp: '::1', at: end })).entitlements).toEqual([]);
    await expect(t.services.subscriptions.cancelAtPeriodEnd('someone-else', sub.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('the demo portal page is labelled; unknown demo sessions are 404; Stripe webhooks are 404 without Stripe', async () => {
    const portal = await t.app.inject('/checkout/demo/portal');
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain(DEMO_LABEL);
    expect((await t.app.inject(`/checkout/demo/cs_demo_${'0'.repeat(32)}`)).statusCode).toBe(404);
    expect((await t.app.inject('/checkout/demo/not-a-session')).statusCode).toBe(400);
    const hook = await t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      payload: '{}',
    });
    expect(hook.statusCode).toBe(404);
    expect(hook.json().error.code).toBe('WEBHOOKS_NOT_CONFIGURED');
  });

  it('the cancel page says nothing was charged', async () => {
    const r = await t.app.inject('/checkout/cancel');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Nothing was charged');
  });
});
