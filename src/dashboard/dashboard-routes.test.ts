/**
 * /admin/dashboard over HTTP on both databases, for a paper in New York: who may open it, where
 * the business role lands, the period form (a bad period is a 400 naming it), the days counted in
 * the paper's time zone, every chart an accessible SVG with a table of its numbers, and each
 * table's numbers as CSV (same period, who may have it, a bad table or period refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { listPlans, seedDemoPlans } from '../subscriptions/index.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { subscriptionRecord } from './dashboard-test-support.js';

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
    const print = (type: 'print_scan' | 'print_subscribe_scan' | 'print_checkout_started', at: string, times: number) => {
      const story = type === 'print_scan' ? { articleId: 'print-story', sectionId: section.id } : { articleId: null, sectionId: null };
      for (let i = 0; i < times; i++) t.services.funnel.record({ type, ...story, period: '2026-12', at: new Date(at) });
    };
    // 04:59 UTC on the 7th is 23:59 on the 6th in New York; 05:00 is the 7th.
    print('print_scan', '2026-12-07T04:59:00Z', 4);
    print('print_scan', '2026-12-07T05:00:00Z', 1);
    print('print_subscribe_scan', '2026-12-07T04:59:59Z', 1);
    print('print_checkout_started', '2026-12-07T05:10:00Z', 2);
    await t.services.funnel.flush();
    await insertSubscription(
      t.services.db,
      subscriptionRecord({
        id: 'sub-1',
        readerId: 'reader-1',
        planId: plan.id,
        currentPeriodEnd: new Date('2027-01-06T15:05:00Z'),
        providerSubscriptionId: 'demo-1',
        createdAt: new Date('2026-12-06T15:05:00Z'),
      }),
    );
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
    expect(svgs).toHaveLength(5);
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
    expect(page).toContain('<caption>Print to web per day</caption>');
  });

  it('counts the magazine’s codes on the paper’s days, with checkouts after a scan over every scan', async () => {
    const page = (await business.browser.get('/admin/dashboard?days=7')).body;
    const table = page.slice(page.indexOf('<caption>Print to web per day</caption>'));
    const row = (date: string) =>
      new RegExp(`<tr><th scope="row">${date}</th>(.*?)</tr>`)
        .exec(table)?.[1]
        ?.match(/<td class="num">([^<]*)<\/td>/g)
        ?.map((c) => c.replace(/<[^>]+>/g, ''));
    // Story scans, reads from print, subscription scans, checkouts after a scan.
    expect(row('Sun 6 Dec')).toEqual(['4', '0', '1', '0']);
    expect(row('Mon 7 Dec')).toEqual(['1', '0', '0', '2']);
    // 2 checkouts of 6 scans.
    expect(page).toContain('<dt>Codes scanned</dt><dd>6</dd>');
    expect(page).toContain('(33.3 % of scans)');
  });

  it('gives each table’s numbers as CSV for the period asked, formula-safe, to business and owner only', async () => {
    const r = await business.browser.get('/admin/dashboard/csv/funnel-days?days=7');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="dashboard-funnel-days-2026-12-02-to-2026-12-08.csv"');
    expect(r.headers['cache-control']).toBe('no-store');
    const lines = r.body.split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFdate,Counted reads,Registration walls,Paywalls shown,Checkouts started,Subscriptions started,Paywall to subscription',
    );
    expect(lines).toContain('2026-12-05,3,0,0,0,0,');
    expect(lines).toContain('2026-12-06,7,0,2,0,1,0.5');
    expect(lines.filter((l) => l !== '')).toHaveLength(8);
    const print = await business.browser.get('/admin/dashboard/csv/print?days=7');
    expect(print.body.split('\r\n')).toContain('2026-12-06,4,0,1,0');
    const plans = await business.browser.get('/admin/dashboard/csv/plans');
    expect(plans.headers['content-disposition']).toContain('-to-2026-12-08.csv"');
    // A cell with a comma is quoted (RFC 4180).
    expect(plans.body).toContain('\r\n"All Access, monthly",1,0,0,1\r\n');

    const unknown = await business.browser.get('/admin/dashboard/csv/readers?days=7');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<strong>table</strong>: is not one of plans, changes');
    const bad = await business.browser.get('/admin/dashboard/csv/funnel?days=8');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose 7, 30 or 90 days');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/dashboard/csv/stories?days=90')).statusCode).toBe(200);
    const editor = await signInStaff(t, 'editor');
    expect((await editor.browser.get('/admin/dashboard/csv/stories')).statusCode).toBe(403);
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
