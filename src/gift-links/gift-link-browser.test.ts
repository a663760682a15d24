/**
 * Gift links in a real browser (Debian's Chromium, JavaScript off, a 390 px phone): the gift note
 * and a spent or expired link's notice are in the first screenful, above the story, and lead to
 * pages that bring the reader back; axe finds nothing serious on either. SQLite only: the HTTP
 * suites cover both dialects.
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the text a reader sees (CSS applied), which is what this test is about; it is no DOM property read.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStories, signedInReader, subscribeReader, type TestStory, WALLED_SENTENCE } from '../meter/meter-test-support.js';
import { launchChromium, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const NOW = new Date('2026-12-06T10:00:00Z');
const PHONE = { width: 390, height: 844 };

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} — ${v.help}`);
}

describe('gift links in Chromium on a phone, JavaScript off', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let premium: TestStory;
  let giverId: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    t.clock.set(NOW);
    await seedBasics(t.services);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    const giver = await signedInReader(t);
    await subscribeReader(t, giver.id);
    giverId = giver.id;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const giftUrl = async () =>
    (
      await t.services.giftLinks.create({
        readerId: giverId,
        articleId: premium.id,
        articlePath: premium.path,
        policy: { perMonth: 100, ttlDays: 14, readersPerLink: 1 },
      })
    ).url.replace(t.config.publicUrl, base);

  /** The element is whole in the first screenful, above the story's body, and nothing scrolls sideways. */
  async function expectOnFirstScreen(page: Page, selector: string): Promise<void> {
    const note = await page.locator(selector).boundingBox();
    const body = await page.locator('.body').boundingBox();
    expect(note).not.toBeNull();
    expect((note?.y ?? 0) + (note?.height ?? 0)).toBeLessThanOrEqual(PHONE.height);
    expect(note?.y ?? 0).toBeLessThan(body?.y ?? 0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  }

  it('the friend sees the gift note on the first screen, above the story, and reads it all', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(await giftUrl());
    expect(await page.locator('.gift-note').innerText()).toContain('A subscriber gave you this article.');
    await expectOnFirstScreen(page, '.gift-note');
    expect(await page.locator('.body').innerText()).toContain(WALLED_SENTENCE);
    expect(problems).toEqual([]);
    // axe runs a script: a window with JavaScript on, holding the friend's cookie.
    const audit = await browser.newContext({ viewport: PHONE });
    await audit.addCookies(await context.cookies());
    const auditPage = await audit.newPage();
    await auditPage.goto(page.url());
    expect(await auditPage.locator('.gift-note').count()).toBe(1);
    expect(await axeProblems(auditPage)).toEqual([]);
    await audit.close();
    await context.close();
  });

  it('a spent link says so on the first screen, and its ways in come back to the story', async () => {
    const url = await giftUrl();
    const friend = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    await (await friend.newPage()).goto(url);
    await friend.close();
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(url);
    const notice = page.locator('.gift-problem');
    expect(await notice.innerText()).toContain('This gift link has already been used.');
    await expectOnFirstScreen(page, '.gift-problem');
    expect(await page.content()).not.toContain(WALLED_SENTENCE);
    // On the paywall, the question and its link stay on one line.
    const signInLine = await page.locator('.paywall-signin').boundingBox();
    expect(signInLine?.height ?? 99).toBeLessThan(32);
    const audit = await auditOf(page);
    expect(await axeProblems(audit)).toEqual([]);
    await audit.context().close();
    await notice.getByRole('link', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(new URL(page.url()).searchParams.get('return')).toBe(premium.path);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an expired link says so on the first screen', async () => {
    const url = await giftUrl();
    t.clock.set(new Date(NOW.getTime() + 15 * 86_400_000));
    try {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(url);
      expect(await page.locator('.gift-problem').innerText()).toContain('This gift link has expired.');
      await expectOnFirstScreen(page, '.gift-problem');
      const subscribe = page.locator('.gift-problem').getByRole('link', { name: 'subscribe to read it' });
      expect(await subscribe.getAttribute('href')).toBe(`/subscribe?return=${encodeURIComponent(premium.path)}`);
      await context.close();
    } finally {
      t.clock.set(NOW);
    }
  });

  /** The same page in a window with JavaScript on (axe runs a script), cookies copied. */
  async function auditOf(page: Page): Promise<Page> {
    const audit = await browser.newContext({ viewport: PHONE });
    await audit.addCookies(await page.context().cookies());
    const auditPage = await audit.newPage();
    await auditPage.goto(page.url());
    return auditPage;
  }
});
