/**
 * The daily email and its "view in browser" page in Chromium: the email at 600 and 360 pixels,
 * light and dark (prefers-color-scheme emulation), the page at 1280 and 390 with JavaScript off;
 * axe finds nothing on either; screenshots go to `shotsDir` (test-support/browser.ts) for a person to look at.
 */
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff, staffContext } from '../admin/admin-test-support.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

const SHOTS = shotsDir('newsletter');

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('the daily email in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  const axe = axeViolations;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { MASTHEAD_TIMEZONE: 'Europe/London' });
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T05:00:00Z'));
    const colours = ['#2a6f97', '#8a5a44', '#3d7a4f', '#6b4c9a', '#9a3b3b', '#4a6670'];
    const heads = [
      ['Harbour authority delays the north channel dredging', 'Silt samples need more testing; the ferry timetable is not affected.'],
      ['Council agrees a budget with a smaller rise in rates', 'A late deal keeps the libraries open on Sundays.'],
      ['Schools close early as the storm moves in', 'Buses stop at two; the coast road is shut until morning.'],
      ['The night shift at the fish market, in pictures', 'From midnight to dawn with the people who feed the town.'],
      ['United lose the derby in the last minute', 'A deflected shot ends a run of six games without defeat.'],
      ['What the new tram line means for your street', 'Twelve stops, three years of works, and a map.'],
    ];
    for (const [i, [headline, dek]] of heads.entries()) {
      const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: colours[i] ?? '#444' } })
        .png()
        .toBuffer();
      const image = await t.services.media.ingestImage(png);
      await t.services.articles.create(
        {
          headline: headline ?? '',
          dek: dek ?? '',
          section: i === 4 ? 'sport' : 'news',
          authors: i % 2 ? ['mara-quint', 'tobias-renn'] : ['mara-quint'],
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 11, 6, 8 + i * 3)),
          access: i === 2 ? 'subscribers' : 'metered',
          body: SAMPLE_BODY,
          ...(i === 3 ? {} : { hero: { imageId: image.id, alt: `A test picture for “${headline}”` } }),
        },
        'test',
      );
    }
    t.clock.set(new Date('2026-12-07T06:00:00Z'));
    await t.services.newsletter.assemble('2026-12-07', 'system');
    await t.services.newsletter.update(
      '2026-12-07',
      { intro: 'Good morning. A storm, a budget and a late goal: here is what happened while you slept.' },
      'test',
    );
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders the email at 600 and 360 pixels, light and dark, with its pictures and no problem for axe', async () => {
    const { html } = await t.services.newsletter.preview('2026-12-07');
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [600, 360]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, javaScriptEnabled: true });
        // The email's links and pictures are on PUBLIC_URL (https://paper.test): the test's server answers for it.
        await context.route('https://paper.test/**', async (route) => {
          const url = new URL(route.request().url());
          await route.fulfill({ response: await route.fetch({ url: `${base}${url.pathname}` }) });
        });
        const page = await context.newPage();
        const problems = watchProblems(page);
        await page.setContent(html, { waitUntil: 'load' });
        const images = await page.$$eval('img', (imgs) =>
          imgs.map((i) => ({ loaded: i.complete && i.naturalWidth > 0, w: i.clientWidth })),
        );
        expect(images).toHaveLength(5);
        for (const img of images) {
          expect(img.loaded).toBe(true);
          expect(img.w).toBeLessThanOrEqual(width - 32);
        }
        // Nothing is wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const bg = await page.$eval('table.sheet', (el) => getComputedStyle(el).backgroundColor);
        expect(bg).toBe(scheme === 'dark' ? 'rgb(30, 30, 30)' : 'rgb(255, 253, 248)');
        await page.screenshot({ path: `${SHOTS}/email-${width}-${scheme}.png`, fullPage: true });
        found.push(...(await axe(page, `email ${width} ${scheme}`)));
        expect(problems).toEqual([]);
        await context.close();
      }
    }
    expect(found).toEqual([]);
  }, 240_000);

  it('shows "view in browser" at 1280 and 390 pixels without JavaScript; axe 0', async () => {
    t.clock.set(new Date('2026-12-07T07:00:00Z'));
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      const page = await context.newPage();
      const problems = watchProblems(page);
      const r = await page.goto(`${base}/newsletter/2026-12-07`);
      expect(r?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('What the new tram line means for your street');
      expect(await page.locator('ol.stories > li').count()).toBe(6);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/view-in-browser-${width}.png`, fullPage: true });
      await context.close();
      // axe needs script in the page: the same page again with JavaScript on.
      const jsContext = await browser.newContext({ viewport: { width, height: 900 } });
      const jsPage = await jsContext.newPage();
      await jsPage.goto(`${base}/newsletter/2026-12-07`);
      found.push(...(await axe(jsPage, `view in browser ${width}`)));
      await jsContext.close();
      expect(problems).toEqual([]);
    }
    expect(found).toEqual([]);
  }, 240_000);

  it('lets an editor move, drop and hold stories in /admin/newsletter at 1280 and 390 pixels; axe 0', async () => {
    t.clock.set(new Date('2026-12-08T05:00:00Z'));
    await t.services.newsletter.assemble('2026-12-08', 'system');
    const editor = await signInStaff(t, 'editor');
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await staffContext(browser, base, editor, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/admin/newsletter`);
      found.push(...(await axe(page, `list ${width}`)));
      await page.screenshot({ path: `${SHOTS}/admin-list-${width}.png`, fullPage: true });
      await page.getByRole('link', { name: 'Tuesday 8 December 2026' }).click();
      await page.waitForURL(/2026-12-08$/);
      found.push(...(await axe(page, `edition ${width}`)));
      await page.screenshot({ path: `${SHOTS}/admin-edition-${width}.png`, fullPage: true });
      if (width === 1280) {
        const first = (await page.locator('tbody tr td:nth-child(2)').first().textContent()) ?? '';
        const second = (await page.locator('tbody tr td:nth-child(2)').nth(1).textContent()) ?? '';
        await page.getByRole('button', { name: `Move “${second}” up` }).click();
        await page.waitForURL(/done=moved$/);
        expect(await page.locator('tbody tr td:nth-child(2)').first().textContent()).toBe(second);
        expect(await page.locator('.notice, [role=status]').first().textContent()).toContain('Moved.');
        // A scheduled edition keeps its minimum of five: dropping one is refused, and the page says why.
        await page.getByRole('button', { name: `Drop “${first}”` }).click();
        expect(await page.locator('.error-summary').textContent()).toContain('at least 5 published stories');
        found.push(...(await axe(page, 'refused drop')));
        problems.length = 0; // the 409 was the point
        await page.getByRole('button', { name: 'Hold' }).click();
        await page.waitForURL(/done=held$/);
        await page.getByRole('button', { name: `Drop “${first}”` }).click();
        await page.waitForURL(/done=dropped$/);
        await page.getByLabel('Story from the front page').selectOption({ label: first });
        await page.getByRole('button', { name: 'Add at the end' }).click();
        await page.waitForURL(/done=added$/);
        found.push(...(await axe(page, 'after hold')));
        await page.screenshot({ path: `${SHOTS}/admin-edition-held-1280.png`, fullPage: true });
        expect(await page.locator('tbody tr td:nth-child(2)').last().textContent()).toContain(first);
      }
      expect(problems).toEqual([]);
      await context.close();
    }
    expect(found).toEqual([]);
  }, 240_000);
});
