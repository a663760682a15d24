/**
 * The reader page of a paused subscriber in Chromium at 1280 and 390 pixels, with JavaScript off
 * (staff forms work without it) and on for axe: the standing, the note under the subscriptions
 * and the withheld printed weekly are there and readable, nothing is wider than the screen.
 * Screenshots go to MASTHEAD_SHOTS_DIR for a person to look at. On SQLite: the markup does not
 * depend on the database (reader-office-pause.test.ts runs both).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff, staffContext } from '../admin/admin-test-support.js';
import type { Plan } from '../subscriptions/index.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { pausedSubscriber } from './pause-test-support.js';

const SHOTS = shotsDir('reader-office-pause');

describe('a paused subscriber’s reader page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedDemoPlans(t.services.db, () => t.clock.now);
    const allAccess = (await t.services.plans.listAll()).find((p) => p.slug === 'all-access-monthly') as Plan;
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
    await pausedSubscriber(t, 'pia', allAccess, { behavior: 'void', resumesAt: new Date('2027-01-05T12:00:00Z') }, 'Pia Lindqvist');
    t.clock.set(new Date('2026-11-26T10:00:00Z'));
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the pause, until when, and the printed weekly withheld; fits 390 px; axe 0', { timeout: 120_000 }, async () => {
    const staff = await signInStaff(t, 'business');
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await staffContext(browser, base, staff, { viewport: { width, height: 900 }, javaScriptEnabled: false });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/admin/readers/pia`);
      const row = page.locator('section[aria-labelledby="subscriptions"] tbody tr').first();
      await expect(row.locator('td[data-label="Standing"]').textContent()).resolves.toBe('paused');
      await expect(row.locator('td[data-label="Until"]').textContent()).resolves.toBe(
        'Paused until 5 January 2027. Renews 25 January 2027',
      );
      await expect(page.locator('.pause-note').textContent()).resolves.toContain('no printed copy of the magazine is mailed to them');
      await expect(page.locator('li.withheld').textContent()).resolves.toBe(
        'The printed weekly: withheld, no copy is mailed while All Access is paused until 5 January 2027',
      );
      expect(await page.locator('.pause-note').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/reader-paused-${width}.png`, fullPage: true });
      await page
        .locator('section[aria-labelledby="subscriptions"]')
        .screenshot({ path: `${SHOTS}/reader-paused-${width}-subscriptions.png` });
      await page.locator('section[aria-labelledby="access"]').screenshot({ path: `${SHOTS}/reader-paused-${width}-access.png` });
      expect(problems).toEqual([]);
      await context.close();

      const js = await staffContext(browser, base, staff, { viewport: { width, height: 900 } });
      const jsPage = await js.newPage();
      await jsPage.goto(`${base}/admin/readers/pia`);
      found.push(...(await axeViolations(jsPage, `reader page ${width}`)));
      await js.close();
    }
    expect(found).toEqual([]);
  });
});
