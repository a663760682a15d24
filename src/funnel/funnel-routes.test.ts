/**
 * GET /api/v1/admin/funnel through HTTP on both dialects, for a paper in New York: events are
 * counted on the paper's date (not UTC's), every date of the range is listed, subscriptions and
 * registrations come from their own features, and bad queries and keys are refused by name.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { DIALECTS } from '../db/test-databases.js';
import { createPlanService, type SubscriptionStatus, seedDemoPlans } from '../subscriptions/index.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import type { FunnelEvent, FunnelEventType } from './funnel.js';

const URL = '/api/v1/admin/funnel';
const ZERO = {
  article_counted: 0,
  last_free_shown: 0,
  registration_wall_shown: 0,
  paywall_shown: 0,
  gift_read: 0,
  crawler_served: 0,
  checkout_started: 0,
  print_scan: 0,
  print_read: 0,
  print_subscribe_scan: 0,
  print_checkout_started: 0,
  subscriptions_started: 0,
  readers_registered: 0,
};

describe.each(DIALECTS)('the funnel report on %s', (dialect) => {
  let t: TestApp;
  const keys = {} as Record<'owner' | 'editor' | 'business' | 'partner', string>;
  const ids = { news: '', sport: '', harbour: '', ferry: '' };

  /** A request with the business key, another key, or (null) none. */
  const get = (query: string, key: string | null = keys.business) =>
    t.app.inject({ method: 'GET', url: `${URL}${query}`, headers: key === null ? {} : { authorization: `Bearer ${key}` } });

  const record = (type: FunnelEventType, at: string, times = 1, over: Partial<FunnelEvent> = {}) => {
    for (let i = 0; i < times; i++)
      t.services.funnel.record({ type, articleId: ids.harbour, sectionId: ids.news, period: '2026-12', at: new Date(at), ...over });
  };

  async function subscriber(at: string, status: SubscriptionStatus = 'active') {
    const readerId = uuidv7();
    await insertReader(t.services.db, { id: readerId, email: `${readerId}@example.com`, passwordHash: null, at: new Date(at) });
    const plan = (await createPlanService({ db: t.services.db, clock: () => new Date(at) }).listActive())[0];
    if (!plan) throw new Error('no plan');
    await insertSubscription(t.services.db, {
      id: uuidv7(),
      readerId,
      planId: plan.id,
      status,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: readerId,
      providerCustomerId: null,
      providerVersion: 0,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    });
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'America/New_York' });
    const { section, section2 } = await seedBasics(t.services);
    ids.news = section.id;
    ids.sport = section2.id;
    const story = (headline: string, sectionSlug: string) =>
      t.services.articles.create(
        { headline, section: sectionSlug, authors: ['mara-quint'], status: 'published', body: SAMPLE_BODY, access: 'metered' },
        'test',
      );
    ids.harbour = (await story('Harbour dredging delayed', 'news')).id;
    ids.ferry = (await story('Ferry timetable changes', 'sport')).id;
    for (const role of ['owner', 'editor', 'business'] as const) {
      keys[role] = (await t.services.apiKeys.createKey({ name: role, kind: 'admin', role, createdBy: 'test' })).secret;
    }
    keys.partner = (await t.services.apiKeys.createKey({ name: 'partner', kind: 'content-partner', role: null, createdBy: 'test' })).secret;
    await seedDemoPlans(t.services.db, t.services.clock);

    // 5 December in New York ends at 05:00 UTC on the 6th.
    record('paywall_shown', '2026-12-06T04:30:00Z', 2);
    record('gift_read', '2026-12-06T04:59:59Z');
    record('crawler_served', '2026-12-05T12:00:00Z', 1, { articleId: ids.ferry, sectionId: ids.sport });
    record('paywall_shown', '2026-12-06T05:00:00Z', 2);
    record('paywall_shown', '2026-12-06T18:00:00Z', 1, { articleId: ids.ferry, sectionId: ids.sport });
    record('article_counted', '2026-12-06T15:00:00Z', 3, { articleId: ids.ferry, sectionId: ids.sport });
    record('last_free_shown', '2026-12-06T15:00:00Z', 1, { articleId: ids.ferry, sectionId: ids.sport });
    record('registration_wall_shown', '2026-12-06T16:00:00Z', 4);
    record('checkout_started', '2026-12-06T16:05:00Z', 1, { articleId: null, sectionId: null });
    // The last moment of the 7th is in the range, the first of the 8th is not.
    record('paywall_shown', '2026-12-08T04:59:59Z');
    record('paywall_shown', '2026-12-08T05:00:00Z');
    await t.services.funnel.flush();

    await subscriber('2026-12-06T04:59:00Z');
    await subscriber('2026-12-06T20:00:00Z', 'trialing');
    await subscriber('2026-12-06T21:00:00Z', 'incomplete');
    await subscriber('2026-12-08T05:00:00Z');
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts per local day, lists every day, and computes the conversion', async () => {
    const r = await get('?from=2026-12-04&to=2026-12-07');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ from: '2026-12-04', to: '2026-12-07', time_zone: 'America/New_York', section: null });
    expect(body.days).toEqual([
      { date: '2026-12-04', ...ZERO },
      { date: '2026-12-05', ...ZERO, paywall_shown: 2, gift_read: 1, crawler_served: 1, subscriptions_started: 1, readers_registered: 1 },
      {
        date: '2026-12-06',
        ...ZERO,
        paywall_shown: 3,
        article_counted: 3,
        last_free_shown: 1,
        registration_wall_shown: 4,
        checkout_started: 1,
        subscriptions_started: 1,
        readers_registered: 2,
      },
      { date: '2026-12-07', ...ZERO, paywall_shown: 1 },
    ]);
    expect(body.totals).toEqual({
      ...ZERO,
      paywall_shown: 6,
      article_counted: 3,
      last_free_shown: 1,
      registration_wall_shown: 4,
      gift_read: 1,
      crawler_served: 1,
      checkout_started: 1,
      subscriptions_started: 2,
      readers_registered: 3,
    });
    expect(body.conversion).toEqual({ paywall_to_subscription: 2 / 6, registration_wall_to_registration: 3 / 4 });
  });

  it('breaks the range down by section and by article', async () => {
    const body = (await get('?from=2026-12-04&to=2026-12-07')).json();
    const { subscriptions_started: _s, readers_registered: _r, ...events } = ZERO;
    expect(body.sections).toEqual([
      { id: ids.news, slug: 'news', name: 'News', ...events, paywall_shown: 5, gift_read: 1, registration_wall_shown: 4 },
      {
        id: ids.sport,
        slug: 'sport',
        name: 'Sport',
        ...events,
        paywall_shown: 1,
        article_counted: 3,
        last_free_shown: 1,
        crawler_served: 1,
      },
      { id: null, slug: null, name: null, ...events, checkout_started: 1 },
    ]);
    expect(body.top_articles.map((a: { headline: string }) => a.headline)).toEqual(['Harbour dredging delayed', 'Ferry timetable changes']);
    expect(body.top_articles[0]).toMatchObject({ id: ids.harbour, slug: 'harbour-dredging-delayed', paywall_shown: 5 });
  });

  it('narrows to a section, and then gives no conversion (subscriptions have no section)', async () => {
    const r = await get('?from=2026-12-04&to=2026-12-07&section=sport');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.section).toBe('sport');
    expect(body.totals).toMatchObject({ paywall_shown: 1, article_counted: 3, registration_wall_shown: 0, subscriptions_started: 2 });
    expect(body.conversion).toEqual({ paywall_to_subscription: null, registration_wall_to_registration: null });
    expect(body.top_articles.map((a: { id: string }) => a.id)).toEqual([ids.ferry]);
    expect((await get('?from=2026-12-04&to=2026-12-07&section=weather')).statusCode).toBe(404);
  });

  it('answers a range with nothing in it with zeros and null conversions', async () => {
    const body = (await get('?from=2026-01-01&to=2026-01-03')).json();
    expect(body.days).toEqual([
      { date: '2026-01-01', ...ZERO },
      { date: '2026-01-02', ...ZERO },
      { date: '2026-01-03', ...ZERO },
    ]);
    expect(body.conversion).toEqual({ paywall_to_subscription: null, registration_wall_to_registration: null });
    expect(body.sections).toEqual([]);
    expect(body.top_articles).toEqual([]);
  });

  it.each([
    ['', ['querystring.from', 'querystring.to']],
    ['?from=2026-12-01', ['querystring.to']],
    ['?from=2026-12-1&to=2026-12-02', ['querystring.from']],
    ['?from=2026-02-30&to=2026-03-02', ['querystring.from']],
    ['?from=2026-12-02&to=2026-12-01', ['querystring.to']],
    ['?from=2026-01-01&to=2027-01-02', ['querystring.to']],
    ['?from=2026-12-01&to=2026-12-02&utm_source=x', ['querystring.utm_source']],
  ])('refuses %s with a 400 naming the problem', async (query, fields) => {
    const r = await get(query);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error.fields.map((f: { field: string }) => f.field)).toEqual(fields);
  });

  it('takes a full leap year', async () => {
    const r = await get('?from=2028-01-01&to=2028-12-31');
    expect(r.statusCode).toBe(200);
    expect(r.json().days).toHaveLength(366);
  });

  it('is for business and owner keys only', async () => {
    expect((await get('?from=2026-12-01&to=2026-12-02', null)).statusCode).toBe(401);
    expect((await get('?from=2026-12-01&to=2026-12-02', 'mh_wrong')).statusCode).toBe(401);
    expect((await get('?from=2026-12-01&to=2026-12-02', keys.editor)).statusCode).toBe(403);
    expect((await get('?from=2026-12-01&to=2026-12-02', keys.partner)).statusCode).toBe(403);
    expect((await get('?from=2026-12-01&to=2026-12-02', keys.business)).statusCode).toBe(200);
    expect((await get('?from=2026-12-01&to=2026-12-02', keys.owner)).statusCode).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/admin/funnel'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'section']);
  });
});
