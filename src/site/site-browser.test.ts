import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../test-support/browser.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

// The browser test runs on SQLite: what it checks (markup, CSS, behaviour in a real browser)
// does not depend on the database, which the HTTP and data tests cover on both dialects.
describe('reader website in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    for (let i = 0; i < 3; i++) {
      await t.services.articles.create(
        {
          headline: `Harbour story number ${i + 1}`,
          dek: `Why story ${i + 1} matters to the city.`,
          section: i === 2 ? 'sport' : 'news',
          authors: ['mara-quint'],
          tags: ['harbour'],
          dateline: 'PORT ELLERY',
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 10, 20 + i, 8)),
          revisedAt: i === 0 ? new Date(Date.UTC(2026, 10, 20, 15)) : null,
          updates: i === 0 ? [{ notedAt: new Date(Date.UTC(2026, 10, 20, 15)), note: 'Updated with the vote count.' }] : [],
          body: SAMPLE_BODY,
        },
        'test',
      );
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the front page, follows a story, and shows every part of the article', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchProblems(page);

    await page.goto(`${base}/`);
    expect(await page.title()).toContain('Masthead');
    await page.getByRole('link', { name: 'Harbour story number 3' }).first().click();
    await page.waitForURL(/\/sport\/2026\/11\/22\/harbour-story-number-3$/);
    await page.getByRole('link', { name: 'News', exact: true }).click();
    await page.getByRole('link', { name: 'Harbour story number 1' }).first().click();
    await page.waitForURL(/\/news\/2026\/11\/20\/harbour-story-number-1$/);

    await expect.poll(() => page.locator('h1').textContent()).toBe('Harbour story number 1');
    for (const selector of ['.dek', '.byline', '.body p', '.updates', '.tags']) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(true);
    }
    expect(await page.locator('.byline').textContent()).toContain('Updated');
    expect(await page.locator('.body blockquote').count()).toBe(1);
    expect(problems).toEqual([]);

    // The print stylesheet: navigation, search and footer disappear; the story stays.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    expect(await page.locator('.search-form').first().isVisible()).toBe(false);
    expect(await page.locator('.site-foot').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('.body').isVisible()).toBe(true);
    await context.close();
  });

  it('passes an accessibility audit (axe) on the front page and an article', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/', '/news/2026/11/20/harbour-story-number-1', '/search?q=harbour']) {
      await page.goto(`${base}${path}`);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${path}: ${v.id} — ${v.help}`)).toEqual([]);
    }
    await context.close();
  });

  it('reads on a phone without horizontal scrolling, and the skip link works from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/news/2026/11/20/harbour-story-number-1`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Skip to content');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#content$/);
    await context.close();
  });
});
