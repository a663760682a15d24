/**
 * The dashboard in Chromium with JavaScript off: the business role lands on it, picks a period
 * with the form, and reads every chart and table; axe finds nothing at 1280 and at 390 pixels, and
 * the charts' text stays legible on the phone; a table's numbers download as CSV, formula-safe.
 * Screenshots go to test-support/browser.ts `shotsDir` (the bar charts drawn by
 * hand since that branch).
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaffPage, signInStaff, staffContext } from '../admin/admin-test-support.js';
import { listPlans, seedDemoPlans } from '../subscriptions/index.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { seededRandom, subscriptionRecord } from './dashboard-test-support.js';

const SHOTS = shotsDir('dashboard');
const NOW = new Date('2026-12-08T17:00:00Z');
const DAY = 86_400_000;

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('the dashboard in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  const axe = axeViolations;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    t.clock.set(NOW);
    const { section, section2 } = await seedBasics(t.services);
    const rnd = seededRandom(7);
    const stories = [];
    for (const [i, headline] of [
      // A headline a spreadsheet would take for a formula: the CSV must keep it text.
      '=Harbour dredging delayed',
      'Ferry fares rise again',
      'The mill closes its doors',
      'Council votes on the bridge',
    ].entries()) {
      stories.push({
        story: await t.services.articles.create(
          {
            headline,
            section: i % 2 === 0 ? 'news' : 'sport',
            authors: ['mara-quint'],
            status: 'published',
            body: SAMPLE_BODY,
            access: 'metered',
          },
          'test',
        ),
        section: i % 2 === 0 ? section : section2,
        weight: 4 - i,
      });
    }
    for (let day = 0; day < 90; day++) {
      const at = new Date(NOW.getTime() - day * DAY - 3_600_000);
      for (const s of stories) {
        const reads = Math.round(rnd() * 40 * s.weight) + 5;
        const e = { articleId: s.story.id, sectionId: s.section.id, period: '2026-12', at };
        for (let i = 0; i < reads; i++) t.services.funnel.record({ type: 'article_counted', ...e });
        for (let i = 0; i < Math.round(reads / 8); i++) t.services.funnel.record({ type: 'registration_wall_shown', ...e });
        for (let i = 0; i < Math.round(reads / 5); i++) t.services.funnel.record({ type: 'paywall_shown', ...e });
      }
      for (let i = 0; i < Math.round(rnd() * 4); i++)
        t.services.funnel.record({ type: 'checkout_started', articleId: null, sectionId: null, period: '2026-12', at });
      // The magazine's codes: a few scans a day, reads through them, the back page's code, a checkout now and then.
      const print = stories[day % stories.length];
      if (print && day < 60) {
        const e = { articleId: print.story.id, sectionId: print.section.id, period: '2026-12', at };
        for (let i = 0; i < 3 + Math.round(rnd() * 6); i++) t.services.funnel.record({ type: 'print_scan', ...e });
        for (let i = 0; i < 2 + Math.round(rnd() * 4); i++) t.services.funnel.record({ type: 'print_read', ...e });
        const none = { articleId: null, sectionId: null, period: '2026-12', at };
        for (let i = 0; i < Math.round(rnd() * 3); i++) t.services.funnel.record({ type: 'print_subscribe_scan', ...none });
        if (day % 3 === 0) t.services.funnel.record({ type: 'print_checkout_started', ...none });
      }
    }
    await t.services.funnel.flush();
    await seedDemoPlans(t.services.db, t.services.clock);
    const plans = await listPlans(t.services.db, { activeOnly: true });
    let n = 0;
    for (let day = 0; day < 120; day++) {
      for (let i = 0; i < Math.round(rnd() * 3); i++) {
        const plan = plans[n % plans.length];
        if (!plan) continue;
        n++;
        const created = new Date(NOW.getTime() - day * DAY - 7_200_000);
        const cancelled = n % 5 === 0;
        await insertSubscription(
          t.services.db,
          subscriptionRecord({
            id: `sub-${n}`,
            readerId: `reader-${n}`,
            planId: plan.id,
            status: n % 7 === 0 ? 'canceled' : n % 11 === 0 ? 'trialing' : 'active',
            currentPeriodEnd: new Date(created.getTime() + (plan.interval === 'year' ? 365 : 30) * DAY),
            cancelAtPeriodEnd: cancelled,
            trialEnd: n % 11 === 0 ? new Date(created.getTime() + 14 * DAY) : null,
            providerSubscriptionId: `demo-${n}`,
            createdAt: created,
            updatedAt: cancelled || n % 7 === 0 ? new Date(created.getTime() + 3 * DAY) : created,
          }),
        );
      }
    }
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lands the business role on the dashboard, changes the period with the form, and passes axe at 1280 and 390 without JavaScript', async () => {
    const business = await signInStaff(t, 'business');
    const found: string[] = [];
    for (const width of [1280, 390]) {
      // JavaScript off for the walk (nothing on the page needs it); axe and the measuring run in a second context.
      const context = await staffContext(browser, base, business, { viewport: { width, height: 900 }, javaScriptEnabled: false });
      const checking = await staffContext(browser, base, business, { viewport: { width, height: 900 } });
      const check = await checking.newPage();
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/admin`);
      await page.waitForURL(/\/admin\/dashboard$/);
      await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeTruthy();
      expect(await page.getByRole('img', { name: 'Subscribers now, by plan' }).count()).toBe(1);

      await page.getByLabel('Period', { exact: true }).selectOption('90');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/\/admin\/dashboard\?days=90$/);
      expect(await page.locator('p.lede', { hasText: 'The last 90 days' }).count()).toBe(1);
      expect(await page.getByRole('img').count()).toBe(5);
      await page.screenshot({ path: `${SHOTS}/dashboard-90-${width}.png`, fullPage: true });
      // The per-day numbers open under their chart with the browser's own disclosure.
      expect(await page.getByRole('cell', { name: 'Tue 8 Dec' }).first().isVisible()).toBe(false);
      await page.getByText('The numbers for each day').first().click();
      expect(await page.getByRole('rowheader', { name: 'Tue 8 Dec' }).first().isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/dashboard-90-per-day-${width}.png` });
      await check.goto(`${base}/admin/dashboard?days=90`);
      found.push(...(await axe(check, `90 days at ${width}`)));

      // The charts' text: at least 10 CSS pixels at either width (drawn 12 units in a 400-unit box).
      const smallest = await check.evaluate(() => {
        let min = Number.POSITIVE_INFINITY;
        for (const text of document.querySelectorAll('.dash-chart svg text')) {
          const h = text.getBoundingClientRect().height;
          if (h > 0) min = Math.min(min, h);
        }
        return min;
      });
      expect(smallest).toBeGreaterThanOrEqual(10);

      await page.goto(`${base}/admin/dashboard?days=7`);
      await page.screenshot({ path: `${SHOTS}/dashboard-7-${width}.png`, fullPage: true });

      const bad = await page.goto(`${base}/admin/dashboard?days=12`);
      expect(bad?.status()).toBe(400);
      await page.screenshot({ path: `${SHOTS}/dashboard-bad-period-${width}.png` });
      if (width === 1280) {
        await check.goto(`${base}/admin/dashboard?days=12`);
        found.push(...(await axe(check, 'bad period')));
      }
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
      await context.close();
      await checking.close();
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('downloads a CSV of a table for the period shown, with a headline that looks like a formula kept as text', async () => {
    // JavaScript on here, as the reader office's download test: the page needs none (the walk above has it off).
    const { context, page } = await signedInStaffPage(t, browser, base, 'business', {
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await page.goto(`${base}/admin/dashboard?days=7`);
    // The table's name is read after the visible words (a visually hidden span: Chromium puts a space before it).
    const link = page.getByRole('link', { name: /^Download CSV\s*: The stories that met the paywall most$/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('dashboard-stories-2026-12-02-to-2026-12-08.csv');
    const text = fs.readFileSync(await download.path(), 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFstory,article_id,paywalls_shown,registration_walls,counted_reads,paywalls_per_read');
    // Four stories ranked, the formula-like headline with an apostrophe before it.
    expect(lines.filter((l) => l !== '')).toHaveLength(5);
    expect(lines.some((l) => l.startsWith("'=Harbour dredging delayed,"))).toBe(true);
    expect(text).not.toMatch(/^=|\n=/);

    // The print-to-web table: one line a day of the period, the same numbers as the page's table.
    const [printCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Download CSV\s*: Print to web per day$/ }).click(),
    ]);
    const rows = fs
      .readFileSync(await printCsv.path(), 'utf8')
      .split('\r\n')
      .filter((l) => l !== '');
    expect(rows).toHaveLength(8);
    expect(rows[0]).toBe('\uFEFFdate,Story codes scanned,Stories read from print,Subscription codes scanned,Checkouts after a scan');
    const last = rows[7]?.split(',') ?? [];
    expect(last[0]).toBe('2026-12-08');
    await page.getByText('The numbers for each day').last().click();
    const cells = await page
      .getByRole('table', { name: 'Print to web per day' })
      .getByRole('row')
      .last()
      .getByRole('cell')
      .allTextContents();
    expect(cells.map((c) => c.replace(/,/g, ''))).toEqual(last.slice(1));
    await context.close();
  }, 120_000);
});
