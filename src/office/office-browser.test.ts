/**
 * The business office in Chromium, axe 0 on every page: change the paywall copy, preview it as
 * four kinds of reader (the frames are the reader's own article page), save it, and see it as a
 * reader in a fresh browser; and make an offer on a screen (a problem first, then its page with
 * what it comes to on each plan). Screenshots at 1280 and 390 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaffPage } from '../admin/admin-test-support.js';
import { publishStories, type TestStory } from '../meter/meter-test-support.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { axeViolations, launchChromium, screenshotWidths, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const SHOTS = shotsDir('office');

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('the business office in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let premium: TestStory;

  const axe = axeViolations;

  const shots = (page: Page, name: string) => screenshotWidths(page, SHOTS, name);

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await seedDemoPlans(t.services.db, t.services.clock);
    await publishStories(t, 1, 'metered');
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('changes the paywall copy, sees the preview as each reader, saves, and a reader sees the new words; axe 0', async () => {
    const { context, page } = await signedInStaffPage(t, browser, base, 'business');
    const problems = watchProblems(page);
    const found: string[] = [];

    await page.goto(`${base}/admin`);
    await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Meter and paywall' }).click();
    await page.waitForURL(/\/admin\/meter$/);
    found.push(...(await axe(page, 'meter form')));
    await page.getByLabel('Heading', { exact: true }).fill('Stay with the Ledger');
    await page.getByLabel('Why subscribe').fill('We were at **every** council meeting this year.');
    await page.getByLabel('Plan the paywall offers').selectOption({ label: 'Digital, $8.00 a month' });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/\/admin\/meter\/preview#preview-title$/);

    const frame = (title: string) => page.frameLocator(`iframe[title="Preview: ${title}"]`);
    const walled = frame('Signed in, free articles used');
    await expect.poll(() => walled.getByRole('heading', { name: 'Stay with the Ledger' }).count()).toBe(1);
    expect(await walled.locator('.paywall-pitch strong').textContent()).toBe('every');
    expect(await walled.locator('.paywall-offer').textContent()).toContain('$8.00 a month');
    expect(await frame('Not signed in, free articles left').locator('.meter-counter').textContent()).toContain('1 of 3 free articles');
    expect(
      await frame('Not signed in, free articles used')
        .getByRole('link', { name: /Create a free account|Register/ })
        .count(),
    ).toBeGreaterThan(0);
    expect(await frame('Subscriber').locator('.paywall').count()).toBe(0);
    // Previewing saved nothing.
    expect((await t.services.meterSettings.copy()).heading).not.toBe('Stay with the Ledger');
    found.push(...(await axe(page, 'meter preview')));
    await page.locator('#preview-title').scrollIntoViewIfNeeded();
    await shots(page, 'meter-preview');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/meter\?saved=1$/);
    expect(await page.getByRole('status').textContent()).toContain('Saved.');
    found.push(...(await axe(page, 'meter saved')));
    await shots(page, 'meter-saved');

    // A reader in a fresh browser meets the new wall on a subscribers-only story.
    const readerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reader = await readerContext.newPage();
    await reader.goto(`${base}${premium.path}`);
    expect(await reader.getByRole('heading', { name: 'Stay with the Ledger' }).count()).toBe(1);
    expect(await reader.locator('.paywall-offer').textContent()).toContain('$8.00 a month');
    await reader.locator('.paywall').scrollIntoViewIfNeeded();
    await shots(reader, 'reader-new-paywall');

    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await readerContext.close();
    await context.close();
  }, 240_000);

  it('makes an offer on a screen: a problem named first, then its page with its terms on each plan; axe 0', async () => {
    const { context, page } = await signedInStaffPage(t, browser, base, 'business');
    const problems = watchProblems(page);
    const found: string[] = [];

    await page.goto(`${base}/admin/plans`);
    found.push(...(await axe(page, 'plans')));
    await shots(page, 'plans');
    await page.getByRole('link', { name: 'All Access' }).first().click();
    found.push(...(await axe(page, 'plan')));
    await shots(page, 'plan-edit');

    await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Offers' }).click();
    await page.getByRole('link', { name: 'New offer' }).click();
    found.push(...(await axe(page, 'new offer')));
    await page.getByLabel('Code').fill('HARBOUR20');
    await page.getByLabel('How much off').fill('120');
    await page.getByLabel('For how many months').fill('3');
    await page.getByRole('button', { name: 'Create offer' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Enter a percentage from 1 to 100.');
    found.push(...(await axe(page, 'new offer with a problem')));
    await shots(page, 'offer-problem');
    problems.length = 0; // the 400 above was the point
    await page.getByLabel('How much off').fill('20');
    await page.getByLabel('Last day').fill('2027-03-31');
    await page.getByRole('button', { name: 'Create offer' }).click();
    await page.waitForURL(/\/admin\/offers\/[0-9a-f-]+\?saved=1$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Offer HARBOUR20');
    expect(await page.locator('table').textContent()).toContain('$12.00 a month for 3 months, then $15.00 a month');
    found.push(...(await axe(page, 'offer')));
    await shots(page, 'offer');
    await page.goto(`${base}/admin/offers`);
    found.push(...(await axe(page, 'offers')));
    await shots(page, 'offers');
    await page.goto(`${base}/admin/gifts`);
    found.push(...(await axe(page, 'gifts')));
    await shots(page, 'gifts');

    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);
});
