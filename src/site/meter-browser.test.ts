/**
 * The meter in a real browser (Debian's Chromium, JavaScript off): what a reader sees of the
 * counter, the last-free notice and the paywall, that clearing cookies or opening a new context
 * does not reset it, accessibility, a phone's width, and the print view (the counter hidden, the
 * paywall and the two QR codes shown). SQLite only: the HTTP suites cover both dialects.
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the text a reader sees (CSS applied), which is what this test is about; it is no DOM property read.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { create } from 'qrcode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY } from '../meter/index.js';
import { publishStories, type TestStory, WALLED_SENTENCE } from '../meter/meter-test-support.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { launchChromium, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { ARTICLE_CODE_CAPTION, SUBSCRIBE_CODE_CAPTION } from './print-codes.js';

const NOW = new Date('2026-12-06T10:00:00Z');

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} — ${v.help}`);
}

describe('the meter in Chromium with JavaScript off', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let stories: TestStory[];
  let premium: TestStory;

  const story = (i: number) => `${base}${(stories[i - 1] as TestStory).path}`;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    t.clock.set(NOW);
    await seedBasics(t.services);
    await seedDemoPlans(t.services.db, () => t.clock.now);
    stories = await publishStories(t, 6);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  });
  beforeEach(async () => {
    t.clock.set(NOW);
    await t.services.meterSettings.savePolicy(DEFAULT_METER_POLICY, t.clock.now);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A new reader's window: reads stories 1 to 3 (the last free one) and returns on story 3. */
  async function readThree(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    for (let i = 1; i <= 3; i++) await page.goto(story(i));
    return page;
  }

  /** The page is walled: the lead-in and the paywall show, the walled text is nowhere, seen or in the source. */
  async function expectWalled(page: Page): Promise<void> {
    expect(await page.locator('.paywall').isVisible()).toBe(true);
    expect(await page.locator('.lead-in').innerText()).toMatch(/Lead paragraph of story \d+[\s\S]*Second paragraph of story/);
    expect(await page.locator('.meter-counter').count()).toBe(0);
    for (const text of [await page.content(), await page.locator('body').innerText()]) {
      expect(text).not.toContain(WALLED_SENTENCE);
      expect(text).not.toContain('Third paragraph of story');
    }
  }

  it('counts 1, 2 and 3 of 3 in the visible text, then walls story 4; cleared cookies and a new context stay walled', async () => {
    // Both readers below come from 127.0.0.1: this network may start one fresh meter this month.
    await t.services.meterSettings.savePolicy({ ...DEFAULT_METER_POLICY, networkFreshMeters: 1 }, t.clock.now);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchProblems(page);

    for (let i = 1; i <= 3; i++) {
      await page.goto(story(i));
      const counter = page.locator('.meter-counter');
      expect(await counter.isVisible()).toBe(true);
      expect(await counter.innerText()).toContain(`You’ve read ${i} of 3 free articles this month.`);
      expect(await page.locator('.meter-last-notice').count()).toBe(i === 3 ? 1 : 0);
      expect(await page.locator('.body').innerText()).toContain(WALLED_SENTENCE);
    }
    expect(await page.locator('.meter-last-notice').innerText()).toBe('This is your last free article this month.');
    expect(await page.locator('.meter-register').innerText()).toContain('Register for 5 more free articles');

    await page.goto(story(4));
    await expectWalled(page);
    const paywall = page.locator('.paywall');
    expect(await paywall.locator('.paywall-intro').innerText()).toBe('You’ve used your free articles this month.');
    expect(await paywall.getByRole('heading', { level: 2 }).innerText()).toBe(DEFAULT_PAYWALL_COPY.heading);
    const letter = paywall.locator('.paywall-letter');
    expect(await letter.getByRole('heading', { level: 3 }).innerText()).toBe(DEFAULT_PAYWALL_COPY.letterTitle);
    expect(await letter.innerText()).toContain('Dear reader,');
    expect(await letter.locator('.signature').innerText()).toBe(DEFAULT_PAYWALL_COPY.signature);
    expect(await paywall.locator('.paywall-offer').innerText()).toMatch(/\$\d+\.\d{2} a month/);
    const subscribe = paywall.getByRole('link', { name: 'Subscribe', exact: true });
    expect(await subscribe.isVisible()).toBe(true);
    expect(await subscribe.getAttribute('href')).toBe(`/subscribe?return=${encodeURIComponent((stories[3] as TestStory).path)}`);
    const signIn = paywall.getByRole('link', { name: 'Sign in', exact: true });
    expect(await signIn.isVisible()).toBe(true);
    expect(await signIn.getAttribute('href')).toBe(`/signin?return=${encodeURIComponent((stories[3] as TestStory).path)}`);
    expect(problems).toEqual([]);

    // Clearing cookies is no reset: the network has started its one fresh meter.
    await context.clearCookies();
    await page.goto(story(4));
    await expectWalled(page);
    await page.goto(story(5));
    await expectWalled(page);
    await context.close();

    // Nor is a new, incognito-like context.
    const fresh = await browser.newContext({ javaScriptEnabled: false });
    const other = await fresh.newPage();
    await other.goto(story(4));
    await expectWalled(other);
    expect(await other.locator('.paywall-register').innerText()).toContain('Register for 5 more');
    await fresh.close();
  });

  it('walls a subscribers-only story from the first read, counting nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}${premium.path}`);
    await expectWalled(page);
    expect(await page.locator('.paywall-intro').innerText()).toBe('This story is for subscribers.');
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('the counter page and the walled page: no console errors, and axe finds nothing at WCAG 2.1 AA', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await readThree(context);
    const problems = watchProblems(page);
    await page.goto(story(1)); // already counted: the counter, 3 of 3
    expect(await page.locator('.meter-counter').innerText()).toContain('You’ve read 3 of 3 free articles this month.');
    // axe runs its own script: a window with JavaScript on, holding the same meter cookie.
    const audit = await browser.newContext();
    await audit.addCookies(await context.cookies());
    const auditPage = await audit.newPage();
    await auditPage.goto(story(1));
    expect(await auditPage.locator('.meter-counter').count()).toBe(1);
    expect(await axeProblems(auditPage)).toEqual([]);

    await page.goto(story(4));
    await expectWalled(page);
    await auditPage.goto(story(4));
    expect(await auditPage.locator('.paywall').count()).toBe(1);
    expect(await axeProblems(auditPage)).toEqual([]);
    expect(problems).toEqual([]);

    // The page stays light: HTML and both stylesheets well under 50 KB.
    const html = Buffer.byteLength(await page.content());
    const css = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]'), (l) => l.href));
    let bytes = html;
    for (const href of css) bytes += (await (await auditPage.request.get(href)).body()).length;
    expect(bytes).toBeLessThan(40_000);
    await audit.close();
    await context.close();
  });

  it('on a phone (375×667) the paywall’s Subscribe link shows without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, javaScriptEnabled: false });
    const page = await readThree(context);
    for (const path of [story(3), story(4)]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    const subscribe = page.locator('.paywall').getByRole('link', { name: 'Subscribe', exact: true });
    await subscribe.scrollIntoViewIfNeeded();
    expect(await subscribe.isVisible()).toBe(true);
    const box = await subscribe.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 375).toBe(true);
    await context.close();
  });

  it('prints the story without the counter, the paywall with its pitch, and two QR codes only on paper', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await readThree(context);
    const codes = page.locator('.print-code');

    // On screen: the counter shows, the codes do not.
    await page.goto(story(2));
    expect(await page.locator('.meter-counter').isVisible()).toBe(true);
    expect(await page.locator('.print-codes').isVisible()).toBe(false);
    expect(await codes.count()).toBe(2);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.meter-counter').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('.body').isVisible()).toBe(true);
    expect(await page.locator('.print-codes').isVisible()).toBe(true);
    const urls = await page.locator('.print-code-url').allInnerTexts();
    expect(urls).toEqual([`https://paper.test${(stories[1] as TestStory).path}`, 'https://paper.test/subscribe']);
    expect(await page.locator('.print-code figcaption strong').allInnerTexts()).toEqual([ARTICLE_CODE_CAPTION, SUBSCRIBE_CODE_CAPTION]);
    for (let i = 0; i < 2; i++) {
      const svg = codes.nth(i).locator('svg');
      expect(await svg.isVisible()).toBe(true);
      const size = await svg.boundingBox();
      expect(size?.width ?? 0).toBeGreaterThan(50); // 26 mm on paper
      // The drawn matrix is the one qrcode encodes for the URL: same module count.
      const modules = create(urls[i] as string, { errorCorrectionLevel: 'M' }).modules.size;
      expect(await svg.getAttribute('viewBox')).toBe(`0 0 ${modules} ${modules}`);
      expect(await svg.locator('path[stroke]').getAttribute('d')).toMatch(/^M\d+ 0\.5h\d+/);
    }

    // Walled: on paper the paywall says why the story stops, with the Subscribe pitch; the codes print too.
    await page.emulateMedia({ media: 'screen' });
    await page.goto(story(4));
    expect(await page.locator('.print-codes').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    await expectWalled(page);
    expect(await page.locator('.paywall-pitch').isVisible()).toBe(true);
    expect(await page.locator('.paywall').getByRole('link', { name: 'Subscribe', exact: true }).isVisible()).toBe(true);
    expect(await page.locator('.print-codes').isVisible()).toBe(true);
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    await context.close();
  });
});
