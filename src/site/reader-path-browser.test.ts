/**
 * The whole reader's path in Chromium with JavaScript off, as one reader walks it at
 * 127.0.0.1 while PUBLIC_URL names another host (so every redirect must be relative): the first
 * articles and their counter → "Register for N more" → back on the same article, signed in →
 * walled → Subscribe to the plan with the printed magazine (the postal address asked inside
 * checkout) → the demo gateway → back on the article, whole → the welcome email with its receipt →
 * cancel (asked to confirm, confirmed by email) → resume. And a gift's path: a giver buys one; its
 * recipient follows the emailed code, makes an account with no password (confirmed by the emailed
 * link's button), lands on the redemption with the code filled in, redeems it and sees it
 * confirmed; the giver is told. SQLite only: the HTTP suites of each
 * feature cover both dialects. Set READER_PATH_SHOTS=dir to keep a screenshot of every step.
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the text a reader sees (CSS applied), which is what this test is about; it is no DOM property read.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailTo } from '../accounts/account-test-support.js';
import { DEFAULT_METER_POLICY } from '../meter/index.js';
import { publishStories, type TestStory, WALLED_SENTENCE } from '../meter/meter-test-support.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { runMoneyJobs } from '../subscriptions/test-reader.js';
import { launchChromium, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const NOW = new Date('2026-12-06T10:00:00Z');
const EMAIL = 'walker@example.com';
const PASSWORD = 'a long enough password';
const SHOTS = process.env.READER_PATH_SHOTS;

describe('the reader’s whole path in Chromium, JavaScript off', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let stories: TestStory[];
  let step = 0;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    t.clock.set(NOW);
    await seedBasics(t.services);
    await seedDemoPlans(t.services.db, () => t.clock.now);
    // Registering gives one more free article, so the walk reaches the wall soon after.
    await t.services.meterSettings.savePolicy({ ...DEFAULT_METER_POLICY, registeredExtra: 1 }, t.clock.now);
    stories = await publishStories(t, 5);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const story = (i: number) => stories[i - 1] as TestStory;

  async function shot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    step++;
    await page.screenshot({ path: path.join(SHOTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /** Where the page is now: the path and query on this host (never PUBLIC_URL's). */
  const here = (page: Page) => {
    const u = new URL(page.url());
    expect(u.origin).toBe(base);
    return `${u.pathname}${u.search}`;
  };

  const header = (page: Page) => page.locator('header').first();

  it('reads, registers, hits the wall, subscribes to print, reads whole, cancels and resumes', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems = watchProblems(page);

    // 1. The first free articles, counted in the page's own HTML.
    for (let i = 1; i <= 3; i++) {
      await page.goto(`${base}${story(i).path}`);
      expect(await page.locator('.meter-counter').innerText()).toContain(`You’ve read ${i} of 3 free articles this month.`);
      expect(await page.locator('.body').innerText()).toContain(WALLED_SENTENCE);
    }
    await shot(page, 'last-free-article');

    // 2. "Register for 1 more" keeps the place: the account exists, the reader is signed in and
    //    back on story 3, its reads carried over.
    await page
      .locator('.meter-register')
      .getByRole('link', { name: /Register for 1 more/ })
      .click();
    expect(here(page)).toBe(`/signup?return=${encodeURIComponent(story(3).path)}`);
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await shot(page, 'sign-up');
    await page.getByRole('button', { name: /Create|Sign up|Register/ }).click();
    expect(here(page)).toBe(story(3).path);
    expect(await header(page).innerText()).toContain('Account');
    expect(await header(page).innerText()).not.toContain('Sign in');
    expect(await page.locator('.meter-counter').innerText()).toContain('You’ve read 3 of 4 free articles this month.');
    await shot(page, 'back-on-story-signed-in');

    // 3. One more free article, then the wall.
    await page.goto(`${base}${story(4).path}`);
    expect(await page.locator('.meter-counter').innerText()).toContain('You’ve read 4 of 4 free articles this month.');
    await page.goto(`${base}${story(5).path}`);
    const wall = page.locator('.paywall');
    expect(await wall.isVisible()).toBe(true);
    expect(await page.content()).not.toContain(WALLED_SENTENCE);
    await shot(page, 'walled');

    // 4. Subscribe from the wall: the plan with the printed magazine asks for the address inside checkout.
    await wall.getByRole('link', { name: 'Subscribe', exact: true }).click();
    expect(here(page)).toBe(`/subscribe?return=${encodeURIComponent(story(5).path)}`);
    expect(await header(page).innerText()).toContain('Account');
    await shot(page, 'subscribe');
    await page
      .locator('form')
      .filter({ has: page.locator('input[name="plan"]') })
      .filter({ hasText: /All.access/i })
      .filter({ hasText: /month/i })
      .first()
      .getByRole('button')
      .click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/address|deliver|send the magazine/i);
    await shot(page, 'checkout-address');
    await page.getByLabel(/Address line 1|Street/i).fill('1 Quay Street');
    await page.getByLabel(/Town|City/i).fill('Port Ellery');
    await page.getByLabel(/Postcode|Postal code/i).fill('EL1 1AA');
    await page.getByLabel(/Country/i).fill('New Zealand');
    await page.getByRole('button', { name: /continue|pay|checkout/i }).click();

    // 5. The demo gateway says that no money moves; completing it brings the reader back to the story, whole.
    expect(await page.locator('body').innerText()).toMatch(/no (real )?(card is charged|money moves)/i);
    await shot(page, 'demo-gateway');
    await page.getByRole('button', { name: /Complete the payment/ }).click();
    expect(await header(page).innerText()).toContain('Account');
    await shot(page, 'checkout-success');
    await page.getByRole('link', { name: /Back to the story/ }).click();
    expect(here(page)).toBe(story(5).path);
    expect(await page.locator('.body').innerText()).toContain(WALLED_SENTENCE);
    expect(await page.locator('.paywall').count()).toBe(0);
    await shot(page, 'story-whole');

    // The address given in checkout is the account's; the welcome email carries the receipt.
    const reader = await t.services.accounts.findReaderByEmail(EMAIL);
    expect(reader?.address?.line1).toBe('1 Quay Street');
    await runMoneyJobs(t);
    const welcome = mailTo(t, EMAIL).filter((m) => /welcome/i.test(m.subject));
    expect(welcome).toHaveLength(1);
    expect(welcome[0]?.text).toContain('$15.00');

    // 6. Cancelling asks first, then confirms by email; the subscription can be resumed until its period ends.
    await page.goto(`${base}/account`);
    await page
      .getByRole('link', { name: /Cancel your subscription/ })
      .or(page.getByRole('button', { name: /Cancel your subscription/ }))
      .first()
      .click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Cancel your subscription?');
    expect(await page.locator('main').innerText()).toMatch(/keep access until/i);
    await shot(page, 'cancel-confirm');
    await page.getByRole('button', { name: /cancel my subscription/i }).click();
    await shot(page, 'cancelled');
    await runMoneyJobs(t);
    expect(mailTo(t, EMAIL).filter((m) => /cancel/i.test(m.subject))).toHaveLength(1);
    await page.goto(`${base}/account`);
    const resume = page.getByRole('button', { name: 'Resume your subscription' });
    expect(await resume.isVisible()).toBe(true);
    await resume.click();
    await page.goto(`${base}/account`);
    expect(await page.getByRole('button', { name: 'Resume your subscription' }).count()).toBe(0);
    await shot(page, 'resumed');
    await page.goto(`${base}${story(5).path}`);
    expect(await page.locator('.body').innerText()).toContain(WALLED_SENTENCE);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a gift: bought by one reader, redeemed by another through an email-only sign-up, the giver told', async () => {
    const giverEmail = 'aunt@example.com';
    const friendEmail = 'nephew@example.com';
    const giver = await browser.newContext({ javaScriptEnabled: false });
    const g = await giver.newPage();
    const problems = watchProblems(g);

    // The giver: an account (signed in at once), back on /gift, buys three months on the demo gateway.
    await g.goto(`${base}/signup?return=%2Fgift`);
    await g.getByLabel('Email address').fill(giverEmail);
    await g.getByLabel(/^Password/).fill(PASSWORD);
    await g.getByRole('button', { name: /Create|Sign up|Register/ }).click();
    expect(here(g)).toBe('/gift');
    await g.getByLabel('Their email address').fill(friendEmail);
    await shot(g, 'gift-buy');
    await g.getByRole('form', { name: 'Buy a gift' }).getByRole('button').click();
    await g.getByRole('button', { name: /Complete the payment/ }).click();
    await shot(g, 'gift-thanks');
    await runMoneyJobs(t);

    // The recipient: the emailed link, no account yet.
    const codeMail = mailTo(t, friendEmail).at(-1);
    const link = codeMail?.text.match(/https?:\/\/\S+\/gift\/redeem\?code=[A-Z0-9-]+/)?.[0];
    expect(link).toBeDefined();
    const redeemPath = new URL(link ?? '').pathname + new URL(link ?? '').search;
    const code = new URL(link ?? '').searchParams.get('code') ?? '';
    const friend = await browser.newContext({ javaScriptEnabled: false });
    const f = await friend.newPage();
    problems.push(...watchProblems(f));
    await f.goto(`${base}${redeemPath}`);
    await shot(f, 'gift-redeem-signed-out');
    await f
      .getByRole('link', { name: /make a free account|create an account|sign up/i })
      .first()
      .click();
    expect(here(f)).toBe(`/signup?return=${encodeURIComponent(redeemPath)}`);
    await f.getByLabel('Email address').fill(friendEmail);
    await f.getByRole('button', { name: /Create|Sign up|Register/ }).click();
    await shot(f, 'gift-check-your-email');

    // The confirmation link: opening it does nothing by itself (mail scanners); the button signs in and returns.
    const confirm = mailTo(t, friendEmail).at(-1);
    const confirmLink = confirm?.text.match(/https?:\/\/\S+/g)?.find((u) => /token=/.test(u));
    expect(confirmLink).toBeDefined();
    const confirmUrl = new URL(confirmLink ?? '');
    await f.goto(`${base}${confirmUrl.pathname}${confirmUrl.search}`);
    expect(await header(f).innerText()).toContain('Sign in');
    await shot(f, 'gift-link-button');
    await f.locator('main form').getByRole('button').first().click();
    expect(here(f)).toBe(redeemPath);
    expect(await header(f).innerText()).toContain('Account');
    expect(await f.getByLabel('Gift code').inputValue()).toBe(code);
    await shot(f, 'gift-redeem-filled');
    await f.getByRole('form', { name: 'Redeem a gift' }).getByRole('button').click();
    // The gift holds the printed magazine (the first plan on /gift): the address is asked in the same form.
    await shot(f, 'gift-redeem-address');
    expect(await f.getByLabel('Gift code').inputValue()).toBe(code);
    await f.getByLabel(/Street/i).fill('2 Harbour Road');
    await f.getByLabel(/Town|City/i).fill('Port Ellery');
    await f.getByLabel(/Postcode/i).fill('EL1 2BB');
    await f.getByLabel(/Country/i).fill('New Zealand');
    await f.getByRole('form', { name: 'Redeem a gift' }).getByRole('button').click();
    expect(here(f)).toMatch(/^\/gift\/redeemed\?/);
    expect(await f.locator('main').innerText()).toMatch(/Digital|All Access/);
    await shot(f, 'gift-redeemed');
    await f.goto(`${base}${story(5).path}`);
    expect(await f.locator('.body').innerText()).toContain(WALLED_SENTENCE);

    await runMoneyJobs(t);
    expect(mailTo(t, giverEmail).filter((m) => /redeemed/i.test(m.subject))).toHaveLength(1);
    expect(problems).toEqual([]);
    await giver.close();
    await friend.close();
  });
});
