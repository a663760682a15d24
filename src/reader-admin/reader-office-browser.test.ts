/**
 * The reader screens in Chromium with axe: business staff find a reader by the start of their
 * name, comp them a subscription (a wrong day first: the problem is shown by its field), see what
 * they may now read, and download the list as CSV from the button. Screenshots at 1280 and 390.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { signedInStaffPage } from '../admin/admin-test-support.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { axeViolations, launchChromium, screenshotWidths, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const SHOTS = shotsDir('reader-office');

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('the reader screens in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  const axe = axeViolations;
  const shots = (page: Page, name: string) => screenshotWidths(page, SHOTS, name);

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedDemoPlans(t.services.db, () => t.clock.now);
    const people = ['Mara Quint', 'Tobias Renn', 'Ines Haldane', 'Oskar Bell', 'Wen Li'];
    for (const [i, name] of people.entries()) {
      const id = `reader-${i}`;
      await insertReader(t.services.db, {
        id,
        email: `${name.split(' ')[0]?.toLowerCase()}@example.org`,
        passwordHash: null,
        at: new Date(t.clock.now.getTime() - i * 3_600_000),
      });
      await t.services.db.updateTable('readers').set({ name, email_verified_at: t.clock.now }).where('id', '=', id).execute();
    }
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('finds a reader and comps them a subscription; downloads a CSV; axe 0', async () => {
    const { context, page } = await signedInStaffPage(t, browser, base, 'business', {
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const problems = watchProblems(page);
    const found: string[] = [];

    await page.goto(`${base}/admin`);
    await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Readers' }).click();
    await page.waitForURL(/\/admin\/readers$/);
    found.push(...(await axe(page, 'list')));
    await shots(page, 'reader-list');

    await page.getByLabel('Email or name').fill('ines');
    await page.getByRole('button', { name: 'Find readers' }).click();
    await page.waitForURL(/q=ines/);
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(1);
    found.push(...(await axe(page, 'search')));
    await shots(page, 'reader-search');
    await page.getByRole('link', { name: 'ines@example.org' }).click();
    await page.waitForURL(/\/admin\/readers\/reader-2$/);
    expect(await page.locator('#access + p').textContent()).toContain('Only what the meter allows');
    found.push(...(await axe(page, 'reader')));

    await page.getByLabel('Plan').selectOption({ label: 'Digital (monthly)' });
    await page.getByLabel('Last day').fill('2027-02-30');
    await page.getByRole('button', { name: 'Comp the subscription' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Give the last day as YYYY-MM-DD');
    found.push(...(await axe(page, 'comp problem')));
    await shots(page, 'reader-comp-problem');
    problems.length = 0; // the 400 above was the point

    await page.getByLabel('Last day').fill('2027-03-31');
    await page.getByRole('button', { name: 'Comp the subscription' }).click();
    await page.waitForURL(/done=comp$/);
    expect(await page.getByRole('status').textContent()).toContain('Comped.');
    const access = await page.locator('section[aria-labelledby="access"]').textContent();
    expect(access).toContain('Every story on the website');
    expect(access).toContain('Digital');
    expect(await page.locator('section[aria-labelledby="subscriptions"] table').textContent()).toContain('comp, ending');
    found.push(...(await axe(page, 'comped')));
    await shots(page, 'reader-comped');

    // Back to the list: the comp filter finds them, and the CSV of what it shows downloads.
    await page.getByRole('link', { name: 'All readers' }).click();
    await page.getByLabel('Show').selectOption({ label: 'Complimentary' });
    await page.getByRole('button', { name: 'Find readers' }).click();
    await page.waitForURL(/show=comp/);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    await shots(page, 'reader-list-comp');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download their subscriptions (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^reader-2,ines@example\.org,Ines Haldane,[^,]+,Digital,"?comp, ending"?/);

    const entries = (await t.services.audit.page()).events.map((e) => e.route);
    expect(entries).toEqual(['POST /admin/readers/export', 'POST /admin/readers/:id/comp']);
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);
});
