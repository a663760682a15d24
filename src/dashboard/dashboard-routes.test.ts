/**
 * /admin/dashboard over HTTP on both databases, for a paper in New York: who may open it, where
 * the business role lands, the period form (a bad period is a 400 naming it), the days counted in
 * the paper's time zone, and every chart an accessible SVG with a table of its numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { listPlans, seedDemoPlans } from '../subscriptions/index.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('the dashboard page on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'America/New_York' });
    t.clock.set(new Date('2026-12-08T17:00:00Z'));
    const { section } = await seedBasics(t.services);
    const story = await t.services.articles.create(
      {
        headline: 'Harbour dredging delayed',
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        body: SAMPLE_BODY,
        access: 'metered',
      },
      'test',
    );
    await seedDemoPlans(t.services.db, t.services.clock);
    const plan = (await listPlans(t.services.db, { activeOnly: true })).find((p) => p.interval === 'month');
    if (!plan) throw new Error('no monthly demo plan');
    const record = (type: 'article_counted' | 'paywall_shown', at: string, times: number) => {
      for (let i = 0; i < times; i++)
        t.services.funnel.record({ type, articleId: story.id, sectionId: section.id, period: '2026-12', at: new Date(at) });
    };
    // 04:30 UTC on the 6th is still the 5th in New York.
    record('article_counted', '2026-12-06T04:30:00Z', 3);
    record('article_counted', '2026-12-06T15:00:00Z', 7);
    record('paywall_shown', '2026-12-06T15:00:00Z', 2);
    await t.services.funnel.flush();
    await insertSubscription(t.services.db, {
      id: 'sub-1',
      readerId: 'reader-1',
      planId: plan.id,
      status: 'active',
      currentPeriodEnd: new Date('2027-01-06T15:05:00Z'),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: 'demo-1',
      providerCustomerId: null,
      providerVersion: 0,
      createdAt: new Date('2026-12-06T15:05:00Z'),
      updatedAt: new Date('2026-12-06T15:05:00Z'),
    });
    business = await signInStaff(t, 'business');
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('opens to business and owner staff with a link in the navigation; the business role lands on it; others are refused', async () => {
    const home = await business.browser.get('/admin');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/admin/dashboard');
    const page = await business.browser.get('/admin/dashboard');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<a href="/admin/dashboard" aria-current="page">Dashboard</a>');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/dashboard?days=7')).statusCode).toBe(200);
    for (const role of ['editor', 'writer'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/dashboard')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/keys')).body).not.toContain('/admin/dashboard');
    }
  });

  it('counts on the paper’s days: the 5th and the 6th in New York', async () => {
    const page = (await business.browser.get('/admin/dashboard?days=7')).body;
    expect(page).toContain('The last 7 days, Wed 2 Dec to Tue 8 Dec (America/New_York).');
    const row = (date: string) => {
      const m = new RegExp(`<tr><th scope="row">${date}</th>(.*?)</tr>`).exec(
        page.slice(page.indexOf('<caption>The funnel per day</caption>')),
      );
      return m?.[1]?.match(/<td class="num">([^<]*)<\/td>/g)?.map((c) => c.replace(/<[^>]+>/g, ''));
    };
    // Counted reads, registration walls, paywalls, checkouts, subscriptions, paywall to subscription.
    expect(row('Sat 5 Dec')).toEqual(['3', '0', '0', '0', '0', '—']);
    expect(row('Sun 6 Dec')).toEqual(['7', '0', '2', '0', '1', '50.0 %']);
    expect(page).toContain('<th scope="row">Harbour dredging delayed</th>');
  });

  it('draws every chart as an SVG with role img, a title and a description, and a table of its numbers', async () => {
    const page = (await business.browser.get('/admin/dashboard')).body;
    const svgs = page.match(/<svg[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      const id = /aria-labelledby="([^"]+)"/.exec(svg)?.[1];
      expect(page).toContain(`<title id="${id}">`);
      expect(svg).toMatch(/aria-describedby="svg-[a-z-]+-desc"/);
    }
    // Plot's own <style> is gone (the admin's CSP allows none); no script on the page but the admin's own.
    expect(page).not.toContain('<style');
    expect(page).toContain('<caption>Subscribers now, by plan</caption>');
    expect(page).toContain('<caption>Subscriptions started, cancelled and lapsed per day</caption>');
    expect(page).toContain('<caption>The funnel over the period, each step as a share of the step it follows</caption>');
    expect(page).toContain('<caption>The funnel per day</caption>');
    expect(page).toContain('Monthly recurring revenue');
  });

  it('refuses a period it does not offer with a 400 naming it, and the form to choose again', async () => {
    for (const days of ['8', 'abc', '30x', '-7', 'x'.repeat(300)]) {
      const r = await business.browser.get(`/admin/dashboard?days=${days}`);
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('Choose 7, 30 or 90 days');
      expect(r.body).toContain('<select id="days" name="days"');
    }
  });
});
