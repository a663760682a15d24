import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaffPage } from '../admin/admin-test-support.js';
import { publishStories, type TestStory, WALLED_SENTENCE } from '../meter/meter-test-support.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const SHOTS = shotsDir('organisations');

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('group licences in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let premium: TestStory;

  const axe = axeViolations;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('business staff make a licence for the reader’s network, and the reader reads a subscribers-only story; axe 0', async () => {
    const readerContext = await browser.newContext();
    const reader = await readerContext.newPage();
    await reader.goto(`${base}${premium.path}`);
    expect(await reader.content()).not.toContain(WALLED_SENTENCE);

    const { context, page } = await signedInStaffPage(t, browser, base, 'business');
    const problems = watchProblems(page);
    const found: string[] = [];

    await page.goto(`${base}/admin`);
    await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Group licences' }).click();
    await page.waitForURL(/\/admin\/organisations$/);
    found.push(...(await axe(page, 'empty list')));
    await page.getByRole('link', { name: 'New group licence' }).click();
    found.push(...(await axe(page, 'new')));
    await page.getByLabel('Name', { exact: true }).fill('Loopback Library');
    await page.getByLabel('Address ranges').fill('127.0.0.0/8\n10.0.0.0/33');
    await page.getByLabel('Seats', { exact: true }).fill('25');
    await page.getByLabel('Last day').fill('2027-02-30');
    await page.getByRole('button', { name: 'Create group licence' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('"10.0.0.0/33" is not an address range');
    found.push(...(await axe(page, 'new with problems')));
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/organisation-problems-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    problems.length = 0; // the 400 above was the point
    await page.getByLabel('Address ranges').fill('127.0.0.0/8');
    await page.getByLabel('Email domains').fill('library.example.org');
    await page.getByLabel('Last day').fill('2099-08-31');
    await page.getByLabel('Contact name').fill('Ada Lovelace');
    await page.getByLabel('Contact email').fill('ada@library.example.org');
    await page.getByRole('button', { name: 'Create group licence' }).click();
    await page.waitForURL(/saved=1$/);
    expect(await page.locator('.lede').textContent()).toContain('In force. 0 of 25 seats used.');
    found.push(...(await axe(page, 'saved')));
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/organisation-edit-${width}.png`, fullPage: true });
    }
    await page.goto(`${base}/admin/organisations`);
    found.push(...(await axe(page, 'list')));
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/organisation-list-${width}.png`, fullPage: true });
    }

    // The reader on the licensed network now reads the whole story.
    await reader.goto(`${base}${premium.path}`);
    expect(await reader.content()).toContain(WALLED_SENTENCE);

    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await readerContext.close();
    await context.close();
  }, 240_000);
});
