/**
 * The weekly magazine in Chromium: an editor proposes the week's edition with the week picker,
 * reorders its stories, freezes it through the confirmation and downloads its PDF (made by the job
 * runner while the page waits with a meta refresh); a reader with JavaScript off opens the
 * edition's page. A PDF whose job was lost shows as stalled and is asked for again; a story
 * unpublished since printing is left off the reader's page. At 1280 and 390 pixels, axe finds
 * nothing; screenshots go to `shotsDir` (test-support/browser.ts) for a person to
 * look at.
 */
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaffPage, signInStaff, staffContext } from '../admin/admin-test-support.js';
import { type JobRunner, startJobRunner } from '../jobs/job-queue.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { PDF_STALLED_AFTER_MS } from './magazine-pdf.js';
import { publishWeek, WEEK_HEADS } from './magazine-test-support.js';

const SHOTS = shotsDir('magazine');

// On SQLite: the pages do not depend on the database (the HTTP tests run both).
describe('the weekly magazine in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let runner: JobRunner;

  const axe = axeViolations;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await publishWeek(t);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    base = await serveForBrowser(t);
    // The worker's side: PDF jobs run as they come.
    runner = startJobRunner({
      db: t.services.db,
      dialect: t.services.dialect,
      clock: t.services.clock,
      log: pino({ level: 'silent' }),
      pollMs: 300,
      handlers: t.services.magazinePdfs.jobHandlers(),
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await browser?.close();
    await t?.close();
  });

  it('lets an editor propose, reorder, freeze and download the PDF of an edition; axe 0', { timeout: 400_000 }, async () => {
    const { staff: editor, context, page } = await signedInStaffPage(t, browser, base, 'editor');
    const found: string[] = [];
    const problems = watchProblems(page);
    await page.goto(`${base}/admin/magazine`);
    found.push(...(await axe(page, 'list (empty)')));
    await page.getByLabel('A day of the week it covers').fill('2026-12-03');
    await page.getByRole('button', { name: 'Propose or open' }).click();
    await page.waitForURL(/editions\/1\?done=proposed/);
    expect(await page.locator('h1').textContent()).toBe('Edition No. 1: Vol. 1, No. 1');
    found.push(...(await axe(page, 'edition 1280')));
    await page.screenshot({ path: `${SHOTS}/admin-edition-1280.png`, fullPage: true });

    const headlines = () => page.locator('tbody tr .story-headline').allTextContents();
    const before = await headlines();
    const second = before[1] ?? '';
    await page.getByRole('button', { name: `Move “${second}” up` }).click();
    await page.waitForURL(/done=moved$/);
    expect((await headlines()).slice(0, 2)).toEqual([second, before[0]]);
    expect(await page.locator('[role=status]').first().textContent()).toContain('Moved.');

    // Add the story without a picture from a search: the page says it blocks freezing; drop it again.
    const fish = WEEK_HEADS[3]?.[0] ?? '';
    await page.getByLabel('Search published stories').fill('fish market');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: `Add “${fish}” at the end` }).click();
    await page.waitForURL(/done=added$/);
    expect(await page.locator('.blocker').first().textContent()).toContain('No picture: this story keeps the edition from the printer.');
    expect(await page.getByRole('link', { name: 'Freeze for the printer…' }).count()).toBe(0);
    found.push(...(await axe(page, 'edition with a blocker')));
    await page.screenshot({ path: `${SHOTS}/admin-edition-blocked-1280.png`, fullPage: true });
    await page.getByRole('button', { name: `Drop “${fish}”` }).click();
    await page.waitForURL(/done=dropped$/);

    await page.getByLabel('Editor’s note', { exact: true }).fill('A week of storms, budgets and a late goal.\n\nThank you for reading.');
    await page.getByRole('button', { name: 'Save cover and note' }).click();
    await page.waitForURL(/done=saved$/);

    await page.getByRole('link', { name: 'Freeze for the printer…' }).click();
    await page.waitForURL(/\/freeze$/);
    found.push(...(await axe(page, 'freeze confirmation')));
    await page.screenshot({ path: `${SHOTS}/admin-freeze-confirm-1280.png`, fullPage: true });
    await page.getByRole('button', { name: 'Freeze edition No. 1' }).click();
    await page.waitForURL(/done=frozen$/);
    expect((await t.services.magazine.get(1)).status).toBe('frozen');
    found.push(...(await axe(page, 'frozen edition')));
    await page.screenshot({ path: `${SHOTS}/admin-edition-frozen-1280.png`, fullPage: true });

    await page.getByRole('button', { name: 'Download PDF (A4)' }).first().click();
    await page.waitForURL(/\/pdf\/a4$/);
    expect(await page.locator('main').textContent()).toContain('Being made…');
    // The page does not reload by itself unless asked (WCAG 2.2.1): axe reads a still page.
    found.push(...(await axe(page, 'PDF being made')));
    await page.screenshot({ path: `${SHOTS}/admin-pdf-waiting-1280.png`, fullPage: true });
    // Asked to, the page reloads itself (meta refresh) until the job has made the file.
    await page.getByRole('link', { name: 'Keep checking by itself every 3 seconds' }).click();
    const download = page.locator('main a', { hasText: 'Download PDF (A4)' });
    await download.waitFor({ timeout: 300_000 });
    found.push(...(await axe(page, 'PDF ready')));
    await page.screenshot({ path: `${SHOTS}/admin-pdf-ready-1280.png`, fullPage: true });
    const href = (await download.getAttribute('href')) ?? '';
    const file = await page.request.get(`${base}${href}`);
    expect(file.status()).toBe(200);
    expect((await file.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(problems).toEqual([]);
    await context.close();

    // The same pages on a phone.
    const phone = await staffContext(browser, base, editor, { viewport: { width: 390, height: 844 } });
    const p2 = await phone.newPage();
    for (const [path, shot] of [
      ['/admin/magazine', 'admin-list-390'],
      ['/admin/magazine/editions/1', 'admin-edition-frozen-390'],
      ['/admin/magazine/archive', 'admin-archive-390'],
    ] as const) {
      await p2.goto(`${base}${path}`);
      expect(await p2.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      found.push(...(await axe(p2, shot)));
      await p2.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    }
    await phone.close();
    const wide = await staffContext(browser, base, editor, { viewport: { width: 1280, height: 900 } });
    const p3 = await wide.newPage();
    for (const [path, shot] of [
      ['/admin/magazine', 'admin-list-1280'],
      ['/admin/magazine/archive', 'admin-archive-1280'],
    ] as const) {
      await p3.goto(`${base}${path}`);
      found.push(...(await axe(p3, shot)));
      await p3.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    }
    await wide.close();
    expect(found).toEqual([]);
  });

  it('shows a reader the edition’s page with JavaScript off at 1280 and 390 pixels; axe 0', { timeout: 120_000 }, async () => {
    const found: string[] = [];
    const edition = await t.services.magazine.content(1);
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      const page = await context.newPage();
      const problems = watchProblems(page);
      const r = await page.goto(`${base}/magazine/1`);
      expect(r?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('Vol. 1, No. 1');
      expect(await page.locator('.magazine-contents h3').allTextContents()).toEqual(edition.content.stories.map((s) => s.headline));
      expect(await page.locator('.magazine-note').textContent()).toContain('Thank you for reading.');
      expect(
        await page.locator('.magazine-cover-picture img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/reader-edition-${width}-nojs.png`, fullPage: true });
      await page.goto(`${base}/magazine`);
      await page.screenshot({ path: `${SHOTS}/reader-index-${width}-nojs.png`, fullPage: true });
      // A story's link leads to the story itself, behind the website's own gate.
      await page.goto(`${base}/magazine/1`);
      await page.locator('.magazine-contents h3 a').first().click();
      expect(await page.locator('h1').textContent()).toBe(edition.content.stories[0]?.headline);
      expect(problems).toEqual([]);
      await context.close();
      // axe needs script in the page: the same pages again with JavaScript on.
      const jsContext = await browser.newContext({ viewport: { width, height: 900 } });
      const jsPage = await jsContext.newPage();
      await jsPage.goto(`${base}/magazine/1`);
      found.push(...(await axe(jsPage, `edition ${width}`)));
      await jsPage.goto(`${base}/magazine`);
      found.push(...(await axe(jsPage, `index ${width}`)));
      await jsContext.close();
    }
    expect(found).toEqual([]);
  });

  it('shows a stalled PDF with "Ask again", and a reader’s page without a story taken down; axe 0', { timeout: 200_000 }, async () => {
    const found: string[] = [];
    // No worker now: the Letter PDF is asked for and its job is never run.
    await runner.stop();
    await t.services.magazinePdfs.request(1, 'letter', 'test');
    t.clock.set(new Date(t.clock.now.getTime() + PDF_STALLED_AFTER_MS + 60_000));
    const editor = await signInStaff(t, 'editor');
    for (const width of [1280, 390]) {
      const context = await staffContext(browser, base, editor, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/admin/magazine/editions/1/pdf/letter`);
      expect(await page.locator('#stalled-h').textContent()).toBe('Stalled');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      found.push(...(await axe(page, `stalled ${width}`)));
      await page.screenshot({ path: `${SHOTS}/admin-pdf-stalled-${width}.png`, fullPage: true });
      await page.goto(`${base}/admin/magazine/editions/1`);
      expect(await page.getByRole('button', { name: 'Ask again for the Letter PDF' }).count()).toBe(1);
      found.push(...(await axe(page, `edition with a stalled PDF ${width}`)));
      await page.screenshot({ path: `${SHOTS}/admin-edition-stalled-${width}.png`, fullPage: true });
      if (width === 390) {
        await page.getByRole('button', { name: 'Ask again for the Letter PDF' }).click();
        await page.waitForURL(/\/pdf\/letter$/);
        expect(await page.locator('main').textContent()).toContain('Being made…');
        await page.screenshot({ path: `${SHOTS}/admin-pdf-asked-again-${width}.png`, fullPage: true });
      }
      expect(problems).toEqual([]);
      await context.close();
    }

    // A story of the printed edition unpublished since: the reader's page leaves it out and says so.
    const { content } = await t.services.magazine.content(1);
    const gone = content.stories[1];
    if (!gone) throw new Error('edition 1 needs two stories');
    await t.services.articles.unpublish(gone.articleId, 'test');
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${base}/magazine/1`);
      expect(await page.locator('.magazine-contents h3').allTextContents()).toEqual(
        content.stories.filter((s) => s !== gone).map((s) => s.headline),
      );
      expect(await page.locator('.magazine-not-online').textContent()).toBe(
        'One story printed in this edition is no longer on our website.',
      );
      await page.screenshot({ path: `${SHOTS}/reader-edition-withdrawn-${width}-nojs.png`, fullPage: true });
      await context.close();
      const jsContext = await browser.newContext({ viewport: { width, height: 900 } });
      const jsPage = await jsContext.newPage();
      await jsPage.goto(`${base}/magazine/1`);
      found.push(...(await axe(jsPage, `edition without a story ${width}`)));
      await jsContext.close();
    }
    expect(found).toEqual([]);
  });
});
