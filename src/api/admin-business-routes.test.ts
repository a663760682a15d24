/**
 * The business side of the Admin API on both databases: plans, offers and reader data. Who may
 * call each route is checked for every role in admin-roles.test.ts; here, what each does, its
 * 400s (naming the field, nothing written), 403s and 409s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader, updateReaderProfile } from '../accounts/reader-repository.js';
import { DIALECTS } from '../db/test-databases.js';
import { isDemoGateway } from '../subscriptions/demo-gateway.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PATCH';
const A = '/api/v1/admin';

describe.each(DIALECTS)('Admin API for plans, offers and readers on %s', (dialect) => {
  let t: TestApp;
  const keys: Record<string, string> = {};

  const call = (who: string, method: Method, url: string, body?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}` }, ...(body !== undefined && { payload: body as Json }) });
  const fieldsOf = (r: { json(): { error: { fields: { field: string }[] } } }) => r.json().error.fields.map((f) => f.field);
  const count = async (table: 'plans' | 'offers') =>
    Number(
      (
        await t.services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const planBody = (over: Json = {}): Json => ({
    name: 'Weekend Print',
    price_cents: 600,
    currency: 'usd',
    interval: 'month',
    entitlements: ['weekly_print'],
    ...over,
  });

  /** A reader who subscribes to a plan through the demo gateway and the event processor. */
  async function subscribe(readerId: string, planId: string) {
    const email = `${readerId}@example.com`;
    await insertReader(t.services.db, { id: readerId, email, passwordHash: null, at: t.clock.now });
    const { url } = await t.services.subscriptions.startCheckout({ reader: { id: readerId, email, hasPostalAddress: true }, planId });
    const g = t.services.subscriptions.gateway;
    if (!isDemoGateway(g)) throw new Error('expected the demo gateway');
    await t.services.subscriptions.processEvent(g.completeSession(url.split('/').pop() ?? ''));
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedDemoPlans(t.services.db, () => t.clock.now);
    for (const role of ['owner', 'editor', 'writer', 'business'] as const) {
      keys[role] = (await t.services.apiKeys.createKey({ name: role, kind: 'admin', role, createdBy: 'test' })).secret;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  describe('plans', () => {
    it('lists the catalogue for any admin role, filtered by active', async () => {
      for (const who of ['writer', 'business']) {
        const r = await call(who, 'GET', `${A}/plans`);
        expect(r.statusCode).toBe(200);
        expect(r.json().plans.map((p: Json) => p.slug)).toEqual(
          expect.arrayContaining(['all-access-monthly', 'all-access-yearly', 'digital-monthly', 'digital-yearly']),
        );
      }
      const first = (await call('business', 'GET', `${A}/plans`)).json().plans[0];
      expect(first).toMatchObject({
        name: 'All Access',
        price_cents: 1500,
        currency: 'usd',
        interval: 'month',
        active: true,
        stripe_price_id: null,
      });
      expect((await call('business', 'GET', `${A}/plans?active=false`)).json().plans).toEqual([]);
      expect((await call('business', 'GET', `${A}/plans?active=maybe`)).statusCode).toBe(400);
    });

    it('creates a plan (slug made from the name), in the catalogue and on /subscribe', async () => {
      const r = await call('business', 'POST', `${A}/plans`, planBody({ trial_days: 14, description: 'The magazine only.' }));
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({
        slug: 'weekend-print-monthly',
        name: 'Weekend Print',
        description: 'The magazine only.',
        price_cents: 600,
        trial_days: 14,
        entitlements: ['weekly_print'],
        active: true,
        position: 0,
      });
      expect((await t.app.inject('/subscribe')).body).toContain('Weekend Print');
      const again = await call('business', 'POST', `${A}/plans`, planBody());
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'PLAN_SLUG_TAKEN', fields: [{ field: 'body.slug' }] });
    });

    it('answers 400 naming each bad field and writes nothing', async () => {
      const before = await count('plans');
      const bad = [
        [planBody({ price_cents: -1 }), 'body.price_cents'],
        [planBody({ currency: 'USD' }), 'body.currency'],
        [planBody({ interval: 'week' }), 'body.interval'],
        [planBody({ entitlements: [] }), 'body.entitlements'],
        [planBody({ entitlements: ['web', 'web'] }), 'body.entitlements'],
        [planBody({ entitlements: ['cinema'] }), 'body.entitlements.0'],
        [planBody({ trial_days: 1.5 }), 'body.trial_days'],
        [planBody({ colour: 'red' }), 'body.colour'],
        [planBody({ name: undefined }), 'body.name'],
        [planBody({ stripe_price_id: 'prod_123' }), 'body.stripe_price_id'],
      ] as const;
      for (const [body, field] of bad) {
        const r = await call('business', 'POST', `${A}/plans`, body);
        expect(r.statusCode, field).toBe(400);
        expect(fieldsOf(r), field).toContain(field);
      }
      const plan = (await call('business', 'GET', `${A}/plans`)).json().plans[0] as Json;
      const patch = await call('business', 'PATCH', `${A}/plans/${plan.id}`, { name: '' });
      expect(patch.statusCode).toBe(400);
      expect(fieldsOf(patch)).toEqual(['body.name']);
      expect((await call('business', 'PATCH', `${A}/plans/${plan.id}`, {})).statusCode).toBe(400);
      expect(await count('plans')).toBe(before);
      expect((await call('business', 'GET', `${A}/plans`)).json().plans[0]).toEqual(plan);
    });

    it('is 403 for editors and writers, and they change nothing', async () => {
      const before = await count('plans');
      const plan = (await call('business', 'GET', `${A}/plans`)).json().plans[0] as Json;
      for (const who of ['editor', 'writer']) {
        const created = await call(who, 'POST', `${A}/plans`, planBody({ slug: `by-${who}` }));
        expect(created.statusCode, who).toBe(403);
        expect(created.json().error.message).toContain('plans.write');
        expect((await call(who, 'PATCH', `${A}/plans/${plan.id}`, { name: 'Hijacked' })).statusCode, who).toBe(403);
      }
      expect(await count('plans')).toBe(before);
      expect((await call('business', 'GET', `${A}/plans`)).json().plans[0]).toEqual(plan);
    });

    it('changes a plan; once it has subscribers, its price and interval are fixed (409 naming them)', async () => {
      const created = (
        await call('owner', 'POST', `${A}/plans`, planBody({ name: 'Student', slug: 'student', entitlements: ['web'] }))
      ).json();
      const cheaper = await call('business', 'PATCH', `${A}/plans/${created.id}`, { price_cents: 400, trial_days: 7 });
      expect(cheaper.statusCode).toBe(200);
      expect(cheaper.json()).toMatchObject({ price_cents: 400, trial_days: 7, name: 'Student' });
      t.clock.advance(1000);
      await subscribe('student-1', created.id);
      const r = await call('business', 'PATCH', `${A}/plans/${created.id}`, { price_cents: 500, interval: 'year', name: 'Students' });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('PLAN_HAS_SUBSCRIBERS');
      expect(fieldsOf(r).sort()).toEqual(['body.interval', 'body.price_cents']);
      // The same price sent again is no change; the rest may change.
      const renamed = await call('business', 'PATCH', `${A}/plans/${created.id}`, { price_cents: 400, name: 'Students', active: false });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Students', price_cents: 400, interval: 'month', active: false });
      expect(Date.parse(renamed.json().updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
      expect((await call('business', 'PATCH', `${A}/plans/no-such-plan`, { name: 'X' })).statusCode).toBe(404);
    });
  });

  describe('the same slug or code saved by several requests at once', () => {
    // On PostgreSQL the requests' transactions overlap: each finds the value free, and the unique
    // index stops all but one. The losers must answer the named 409, not 500.
    it('makes one plan and answers the others 409 PLAN_SLUG_TAKEN', async () => {
      const before = await count('plans');
      const rs = await Promise.all(
        Array.from({ length: 6 }, () => call('business', 'POST', `${A}/plans`, planBody({ slug: 'race-plan' }))),
      );
      expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const r of rs.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('PLAN_SLUG_TAKEN');
      expect(await count('plans')).toBe(before + 1);
    });

    it('makes one offer and answers the others 409 OFFER_CODE_TAKEN', async () => {
      const before = await count('offers');
      const rs = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          call('business', 'POST', `${A}/offers`, { code: i % 2 ? 'race-27' : 'RACE-27', kind: 'percent', value: 10, months: 1 }),
        ),
      );
      expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const r of rs.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('OFFER_CODE_TAKEN');
      expect(await count('offers')).toBe(before + 1);
    });
  });

  describe('offers', () => {
    it('creates an offer (code stored upper case, with its link) and lists it', async () => {
      const r = await call('business', 'POST', `${A}/offers`, { code: 'spring-27', kind: 'percent', value: 20, months: 3 });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({
        code: 'SPRING-27',
        kind: 'percent',
        value: 20,
        months: 3,
        plan_id: null,
        active: true,
        expires_at: null,
        link: 'https://paper.test/subscribe/offer/SPRING-27',
      });
      const list = await call('writer', 'GET', `${A}/offers`);
      expect(list.statusCode).toBe(200);
      expect(list.json().offers.map((o: Json) => o.code)).toContain('SPRING-27');
      expect((await t.app.inject('/subscribe?offer=spring-27')).body).toContain('Offer SPRING-27: 20% off for 3 months');
      const dup = await call('business', 'POST', `${A}/offers`, { code: 'SPRING-27', kind: 'amount', value: 100, months: 1 });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error).toMatchObject({ code: 'OFFER_CODE_TAKEN', fields: [{ field: 'body.code' }] });
    });

    it('an offer for one plan, with an expiry', async () => {
      const plan = (await call('business', 'GET', `${A}/plans`)).json().plans.find((p: Json) => p.slug === 'digital-monthly') as Json;
      const r = await call('owner', 'POST', `${A}/offers`, {
        code: 'DIGI5',
        kind: 'amount',
        value: 500,
        months: 1,
        plan_id: plan.id,
        expires_at: '2027-01-31T23:59:59Z',
      });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ plan_id: plan.id, expires_at: '2027-01-31T23:59:59.000Z' });
    });

    it('answers 400 naming each bad field and writes nothing', async () => {
      const before = await count('offers');
      const ok = { code: 'GOOD1', kind: 'percent', value: 10, months: 2 };
      const bad = [
        [{ ...ok, value: 150 }, 'body.value'],
        [{ ...ok, value: 0 }, 'body.value'],
        [{ ...ok, months: 0 }, 'body.months'],
        [{ ...ok, kind: 'free' }, 'body.kind'],
        [{ ...ok, code: 'two words' }, 'body.code'],
        [{ ...ok, plan_id: 'no-such-plan' }, 'body.plan_id'],
        [{ ...ok, expires_at: '2020-01-01T00:00:00Z' }, 'body.expires_at'],
        [{ ...ok, expires_at: 'soon' }, 'body.expires_at'],
        [{ ...ok, label: 'x' }, 'body.label'],
      ] as const;
      for (const [body, field] of bad) {
        const r = await call('business', 'POST', `${A}/offers`, body);
        expect(r.statusCode, field).toBe(400);
        expect(fieldsOf(r), field).toContain(field);
      }
      expect(await count('offers')).toBe(before);
    });

    it('deactivates an offer; its terms cannot change; editors may not', async () => {
      const made = (await call('business', 'POST', `${A}/offers`, { code: 'GONE', kind: 'percent', value: 50, months: 1 })).json();
      expect((await call('editor', 'PATCH', `${A}/offers/${made.id}`, { active: false })).statusCode).toBe(403);
      expect((await call('editor', 'POST', `${A}/offers`, { code: 'EDIT', kind: 'percent', value: 5, months: 1 })).statusCode).toBe(403);
      const terms = await call('business', 'PATCH', `${A}/offers/${made.id}`, { value: 90 });
      expect(terms.statusCode).toBe(400);
      expect(fieldsOf(terms)).toEqual(['body.value']);
      const off = await call('business', 'PATCH', `${A}/offers/${made.id}`, { active: false });
      expect(off.statusCode).toBe(200);
      expect(off.json()).toMatchObject({ active: false, value: 50 });
      expect((await t.app.inject('/subscribe?offer=gone')).body).toContain('The offer GONE is no longer available.');
      const inactive = (await call('business', 'GET', `${A}/offers?active=false`)).json().offers.map((o: Json) => o.code);
      expect(inactive).toEqual(['GONE']);
      expect((await call('business', 'GET', `${A}/offers?active=true`)).json().offers.map((o: Json) => o.code)).not.toContain('GONE');
      expect((await call('business', 'PATCH', `${A}/offers/no-such-offer`, { active: false })).statusCode).toBe(404);
    });
  });

  describe('readers', () => {
    beforeAll(async () => {
      for (const [id, email] of [
        ['r-ann', 'ann@harbour.example'],
        ['r-bob', 'bob@harbour.example'],
        ['r-cy', 'cy_100%@elsewhere.example'],
        ['r-dee', 'dee@elsewhere.example'],
      ] as const) {
        await insertReader(t.services.db, { id, email, passwordHash: null, at: t.clock.now });
        t.clock.advance(1000);
      }
      await updateReaderProfile(
        t.services.db,
        'r-ann',
        { name: 'Ann Lee', address: { line1: '1 Quay St', line2: '', city: 'Ellery', region: '', postcode: 'EL1', country: 'US' } },
        t.clock.now,
      );
      const digital = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly');
      await subscribe('r-sub', digital?.id ?? '');
    });

    it('searches by part of the address, any case, newest first, a page at a time', async () => {
      const r = await call('business', 'GET', `${A}/readers?email=HARBOUR&per_page=1`);
      expect(r.statusCode).toBe(200);
      expect(r.json().meta).toEqual({ page: 1, per_page: 1, total: 2, pages: 2 });
      expect(r.json().readers).toEqual([
        { id: 'r-bob', email: 'bob@harbour.example', name: '', email_verified: false, created_at: expect.any(String), closed_at: null },
      ]);
      const page2 = await call('business', 'GET', `${A}/readers?email=harbour&per_page=1&page=2`);
      expect(page2.json().readers.map((x: Json) => x.id)).toEqual(['r-ann']);
      // LIKE's wildcards match only themselves.
      expect((await call('business', 'GET', `${A}/readers?email=_100%25`)).json().readers.map((x: Json) => x.id)).toEqual(['r-cy']);
      expect((await call('business', 'GET', `${A}/readers?email=%25`)).json().readers.map((x: Json) => x.id)).toEqual(['r-cy']);
      expect((await call('business', 'GET', `${A}/readers`)).json().meta.total).toBeGreaterThanOrEqual(5);
      expect((await call('business', 'GET', `${A}/readers?per_page=500`)).statusCode).toBe(400);
    });

    it("shows one reader's account, address, subscription and entitlements", async () => {
      const ann = await call('business', 'GET', `${A}/readers/r-ann`);
      expect(ann.statusCode).toBe(200);
      expect(ann.json()).toMatchObject({
        id: 'r-ann',
        email: 'ann@harbour.example',
        name: 'Ann Lee',
        address: { line1: '1 Quay St', city: 'Ellery', postcode: 'EL1', country: 'US' },
        email_preferences: { daily_email: false, offers: false },
        subscriptions: [],
        entitlements: { held: [], reasons: [] },
      });
      const sub = (await call('owner', 'GET', `${A}/readers/r-sub`)).json();
      expect(sub.subscriptions).toEqual([
        expect.objectContaining({ plan_name: 'Digital', status: 'active', state: 'active', provider: 'demo', cancel_at_period_end: false }),
      ]);
      expect(sub.entitlements.held).toEqual(['web', 'daily_email']);
      expect(sub.entitlements.reasons[0]).toMatchObject({ source: 'plan', detail: 'Digital' });
      expect((await call('business', 'GET', `${A}/readers/nobody`)).statusCode).toBe(404);
    });

    it("lists the reader's refunds: amount, currency, when, who and the access chosen, never the reason", async () => {
      expect((await call('business', 'GET', `${A}/readers/r-sub`)).json().refunds).toEqual([]);
      const [sub] = await t.services.subscriptions.historyFor('r-sub');
      if (!sub) throw new Error('r-sub has no subscription');
      await t.services.subscriptions.refunds.refund({
        readerId: 'r-sub',
        subscriptionId: sub.subscription.id,
        amountCents: 250,
        reason: 'Moving abroad, new address 4 Rue Haute',
        access: 'period-end',
        idempotencyKey: 'api-refund-key-0001',
        staff: { id: 'staff-1', name: 'Bea Business' },
      });
      const r = await call('business', 'GET', `${A}/readers/r-sub`);
      expect(r.statusCode).toBe(200);
      expect(r.json().refunds).toEqual([
        {
          id: expect.any(String),
          subscription_id: sub.subscription.id,
          amount_cents: 250,
          currency: 'usd',
          status: 'succeeded',
          access: 'period-end',
          made_by: { staff_id: 'staff-1', name: 'Bea Business' },
          created_at: t.clock.now.toISOString(),
          updated_at: t.clock.now.toISOString(),
        },
      ]);
      expect(r.body).not.toContain('Rue Haute');
      expect((await call('business', 'GET', `${A}/readers/r-ann`)).json().refunds).toEqual([]);
    });

    it('is 403 for editors and writers', async () => {
      for (const who of ['editor', 'writer']) {
        expect((await call(who, 'GET', `${A}/readers`)).statusCode, who).toBe(403);
        expect((await call(who, 'GET', `${A}/readers/r-ann`)).statusCode, who).toBe(403);
      }
    });
  });

  it('the OpenAPI document describes the new routes', async () => {
    const r = await t.app.inject('/api/openapi.json');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    for (const p of [
      '/api/v1/admin/plans',
      '/api/v1/admin/plans/{id}',
      '/api/v1/admin/offers',
      '/api/v1/admin/offers/{id}',
      '/api/v1/admin/readers',
      '/api/v1/admin/readers/{id}',
    ]) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    const reader = doc.paths['/api/v1/admin/readers/{id}'].get.responses['200'].content['application/json'].schema;
    expect(reader.properties.refunds.items.required).toEqual(
      expect.arrayContaining(['amount_cents', 'currency', 'access', 'made_by', 'created_at']),
    );
    expect(doc.paths['/api/v1/admin/plans'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'price_cents', 'currency', 'interval', 'entitlements']),
    );
  });
});
