/**
 * /admin/plans and /admin/offers over HTTP on both databases: who may open them, making and
 * changing a plan (303, audited; 400 naming the field with nothing written; 409 when readers
 * subscribe and the price would change), making an offer (its terms on each plan, the months on
 * a yearly plan) and changing only its availability (the terms stay), and CSRF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn } from '../accounts/account-test-support.js';
import { insertReader } from '../accounts/reader-repository.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { grantComplimentary, seedDemoPlans } from '../subscriptions/index.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('plan and offer screens on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  const planForm = (over: Record<string, string | string[]> = {}) => ({
    name: 'Weekend',
    slug: '',
    description: 'Saturday and Sunday.',
    price: '4.50',
    currency: 'usd',
    interval: 'month',
    trialDays: '7',
    entitlements: ['web', 'daily_email'],
    position: '9',
    stripePriceId: '',
    active: 'yes',
    ...over,
  });
  const offerForm = (over: Record<string, string> = {}) => ({
    code: 'SPRING25',
    kind: 'percent',
    value: '20',
    months: '3',
    planId: '',
    lastDay: '2027-03-31',
    active: 'yes',
    ...over,
  });
  const count = async (table: 'plans' | 'offers') =>
    Number(
      (
        await t.services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Like TestBrowser.submit, with repeated fields (the plan's checkboxes). */
  async function submit(b: SignedInStaff, page: string, action: string, form: Record<string, string | string[]>) {
    const params = new URLSearchParams({ _csrf: csrfIn((await b.browser.get(page)).body) });
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    return t.app.inject({
      method: 'POST',
      url: action,
      remoteAddress: b.browser.ip,
      headers: { cookie: b.browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
  }
  const idIn = (location: unknown) => String(location).split('/').pop()?.split('?')[0] ?? '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedDemoPlans(t.services.db, t.services.clock);
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens to business and owner, with links in the navigation; editors and writers are refused', async () => {
    const plans = await business.browser.get('/admin/plans');
    expect(plans.statusCode).toBe(200);
    expect(plans.body).toContain('<a href="/admin/plans" aria-current="page">Plans</a>');
    expect(plans.body).toContain('All Access');
    expect(plans.body).toContain('$15.00 a month');
    const offers = await business.browser.get('/admin/offers');
    expect(offers.body).toContain('No offers yet.');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/offers/new')).statusCode).toBe(200);
    for (const role of ['editor', 'writer'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/plans')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/offers')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/keys')).body).not.toContain('href="/admin/plans"');
    }
    expect((await business.browser.get('/admin/plans/no-such')).statusCode).toBe(404);
    expect((await business.browser.get('/admin/offers/no-such')).statusCode).toBe(404);
  });

  it('makes a plan (slug from the name), audited; a bad price is a 400 naming it, nothing written', async () => {
    const before = await count('plans');
    const bad = await submit(business, '/admin/plans/new', '/admin/plans', planForm({ price: 'four fifty', entitlements: [] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#price"');
    expect(bad.body).toContain('href="#entitlements"');
    expect(bad.body).toContain('value="four fifty"');
    expect(await count('plans')).toBe(before);
    expect((await business.browser.post('/admin/plans', { name: 'No token', price: '1.00' })).statusCode).toBe(403);
    expect(await count('plans')).toBe(before);

    const made = await submit(business, '/admin/plans/new', '/admin/plans', planForm());
    expect(made.statusCode, made.body.slice(0, 400)).toBe(303);
    const plan = await t.services.plans.get(idIn(made.headers.location));
    expect(plan).toMatchObject({
      slug: 'weekend-monthly',
      priceCents: 450,
      trialDays: 7,
      entitlements: ['web', 'daily_email'],
      active: true,
    });
    const [entry] = (await t.services.audit.page()).events;
    expect(entry).toMatchObject({ route: 'POST /admin/plans', targetKind: 'plan', targetId: plan.id, targetName: 'Weekend' });
    // The same slug again is the plan service's 409, at the field.
    const again = await submit(business, '/admin/plans/new', '/admin/plans', planForm());
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('href="#slug"');
  });

  it('changes a plan; once a reader subscribes its price is fixed (409 naming it), its name is not', async () => {
    const plan = (await t.services.plans.listAll()).find((p) => p.slug === 'digital-monthly');
    if (!plan) throw new Error('no demo plan');
    const edit = `/admin/plans/${plan.id}`;
    const page = await business.browser.get(edit);
    expect(page.body).toContain('value="8.00"');
    await insertReader(t.services.db, { id: 'reader-p', email: 'p@example.org', passwordHash: null, at: t.clock.now });
    expect(await grantComplimentary(t.services.db, { readerId: 'reader-p', planId: plan.id, at: t.clock.now })).not.toBe('held');
    const fields = {
      name: 'Digital',
      slug: 'digital-monthly',
      price: '8.00',
      currency: 'usd',
      interval: 'month',
      trialDays: '0',
      position: '2',
    };
    const renamed = await submit(business, edit, edit, planForm({ ...fields, name: 'Digital Only', entitlements: ['web', 'daily_email'] }));
    expect(renamed.statusCode, renamed.body.slice(0, 400)).toBe(303);
    expect((await t.services.plans.get(plan.id)).name).toBe('Digital Only');
    const repriced = await submit(business, edit, edit, planForm({ ...fields, price: '9.00', entitlements: ['web', 'daily_email'] }));
    expect(repriced.statusCode).toBe(409);
    expect(repriced.body).toContain('href="#price"');
    expect(repriced.body).toContain('make a new plan and deactivate this one');
    expect((await t.services.plans.get(plan.id)).priceCents).toBe(800);
    const off = await submit(business, edit, edit, planForm({ ...fields, entitlements: ['web', 'daily_email'], active: '' }));
    expect(off.statusCode).toBe(303);
    expect((await t.services.plans.get(plan.id)).active).toBe(false);
  });

  it('makes an offer; its page shows what it comes to on each plan; only its availability changes after', async () => {
    const before = await count('offers');
    const bad = await business.browser.submit('/admin/offers/new', '/admin/offers', offerForm({ value: '150', lastDay: '2027-02-30' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#value"');
    expect(bad.body).toContain('href="#lastDay"');
    expect(await count('offers')).toBe(before);
    const past = await business.browser.submit('/admin/offers/new', '/admin/offers', offerForm({ lastDay: '2026-01-01' }));
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('href="#lastDay"');

    const made = await business.browser.submit('/admin/offers/new', '/admin/offers', offerForm());
    expect(made.statusCode, made.body.slice(0, 400)).toBe(303);
    const id = idIn(made.headers.location);
    const offer = await t.services.subscriptions.offers.get(id);
    expect(offer).toMatchObject({ code: 'SPRING25', kind: 'percent', value: 20, months: 3, planId: null, active: true });
    const [entry] = (await t.services.audit.page()).events;
    expect(entry).toMatchObject({ route: 'POST /admin/offers', targetKind: 'offer', targetId: id, targetName: 'SPRING25' });
    const page = await business.browser.get(`/admin/offers/${id}`);
    expect(page.body).toContain('20% off for 3 months');
    // Three months on a yearly plan: money off the first year (20% of a quarter of $150.00).
    expect(page.body).toContain('$7.50 off your first year: $142.50 for the first year, then $150.00 a year');
    expect(page.body).toContain('$12.00 a month for 3 months, then $15.00 a month');
    expect(page.body).toContain('https://paper.test/subscribe/offer/SPRING25');

    const taken = await business.browser.submit('/admin/offers/new', '/admin/offers', offerForm({ code: 'spring25' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('href="#code"');

    // Turning it off: the terms posted along are ignored.
    const off = await business.browser.submit(`/admin/offers/${id}`, `/admin/offers/${id}`, {
      active: '',
      lastDay: '',
      value: '90',
      months: '12',
    });
    expect(off.statusCode).toBe(303);
    expect(await t.services.subscriptions.offers.get(id)).toMatchObject({ value: 20, months: 3, active: false, expiresAt: null });
    expect((await business.browser.get('/admin/offers')).body).toMatch(
      /SPRING25<\/a><\/td><td>20% off for 3 months<\/td><td>Any plan<\/td><td>No end<\/td><td>Off/,
    );
  });
});
