/**
 * "Register for more" in a real browser (Debian's Chromium, JavaScript off), at 127.0.0.1 while
 * PUBLIC_URL names another host: a password sign-up lands back on the article signed in; an
 * email-only sign-up's emailed link opens a page whose button signs in and lands on the article;
 * a stranger's sign-up confirmed by the address's owner in their own browser loses its password.
 * SQLite only: the HTTP suites cover both dialects.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../test-support/browser.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { lastLinkTo } from './account-test-support.js';

const ARTICLE = '/news/2026/11/24/harbour-dredging-delayed';

/** axe runs its own script: the page is audited in a window with JavaScript on (opening a link page uses nothing). */
async function axeProblems(browser: Browser, url: string, every = false): Promise<string[]> {
  const audit = await browser.newContext();
  const page: Page = await audit.newPage();
  await page.goto(url);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  await audit.close();
  return result.violations.filter((v) => every || v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} — ${v.help}`);
}

describe('signing up from an article in Chromium with JavaScript off', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await t.services.articles.create(
      {
        headline: 'Harbour dredging delayed',
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: new Date('2026-11-24T08:00:00Z'),
        body: SAMPLE_BODY,
      },
      'test',
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a password sign-up comes back to the article, signed in, on the same host', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = watchProblems(page);
    await page.goto(`${base}/signup?return=${encodeURIComponent(ARTICLE)}`);
    expect(await axeProblems(browser, page.url())).toEqual([]);
    await page.getByLabel('Email address').fill('chromium-reader@example.com');
    await page.getByLabel('Password (optional)').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${base}${ARTICLE}`);
    expect(await page.getByRole('link', { name: 'Account', exact: true }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an email-only sign-up: the emailed link shows a button; pressing it signs in and lands on the article', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = watchProblems(page);
    await page.goto(`${base}/signup?return=${encodeURIComponent(ARTICLE)}`);
    await page.getByLabel('Email address').fill('chromium-linkonly@example.com');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const { path } = lastLinkTo(t, 'chromium-linkonly@example.com');
    expect(await axeProblems(browser, `${base}${path}`)).toEqual([]);
    await page.goto(`${base}${path}`);
    expect(await page.getByRole('link', { name: 'Sign in', exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Sign me in' }).click();
    await page.waitForURL(`${base}${ARTICLE}`);
    expect(await page.getByRole('link', { name: 'Account', exact: true }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a stranger's sign-up, confirmed by the owner in their own browser: the page asks, and the password goes", async () => {
    const email = 'chromium-owner@example.com';
    const stranger = await browser.newContext({ javaScriptEnabled: false });
    const s = await stranger.newPage();
    s.setDefaultTimeout(20_000);
    await s.goto(`${base}/signup`);
    await s.getByLabel('Email address').fill(email);
    await s.getByLabel('Password (optional)').fill('strangers own password');
    await s.getByRole('button', { name: 'Create account' }).click();
    await s.waitForURL(`${base}/account`);

    const owner = await browser.newContext({ javaScriptEnabled: false });
    const page = await owner.newPage();
    page.setDefaultTimeout(20_000);
    const problems = watchProblems(page);
    const { path } = lastLinkTo(t, email);
    // A GET (the audit's own window is one) uses nothing; every axe rule passes, not only the serious ones.
    expect(await axeProblems(browser, `${base}${path}`, true)).toEqual([]);
    await page.goto(`${base}${path}`);
    await page.getByRole('heading', { name: 'Did you create this account?' }).waitFor();
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await page.getByRole('heading', { name: 'Your address is confirmed' }).waitFor();
    expect(await page.getByRole('link', { name: 'Set a password on your account page' }).getAttribute('href')).toBe(
      '/account#password-title',
    );
    expect(await page.getByRole('link', { name: 'Account', exact: true }).count()).toBeGreaterThan(0);
    // The stranger's browser is signed out.
    await s.goto(`${base}/account`);
    await s.waitForURL(/\/signin/);
    expect(problems).toEqual([]);
    await stranger.close();
    await owner.close();
  });
});
