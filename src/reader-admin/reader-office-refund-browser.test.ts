/**
 * "Refund a subscriber" in Chromium with axe: an owner goes from the grouped navigation to the
 * reader, asks for more than was paid (the problem shown by its field), then refunds part with
 * access ending now, and sees the refund listed and the subscription lapsed. The navigation at
 * 390 px is one row of groups that open by keyboard, with JavaScript off too; at 1280 px every
 * link shows. Screenshots at 1280 and 390 in `shotsDir` (test-support/browser.ts).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { type SignedInStaff, signInStaff, staffContext } from '../admin/admin-test-support.js';
import type { Plan } from '../subscriptions/index.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, WCAG21_AA, watchProblems } from '../test-support/browser.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const SHOTS = shotsDir('reader-office-refund');
const NAV_LINKS = [
  'Stories',
  'Fronts',
  'Pages',
  'Daily email',
  'Dashboard',
  'Readers',
  'Group licences',
  'Plans',
  'Offers',
  'Gifts',
  'Meter and paywall',
  'Staff',
  'API keys',
  'Audit trail',
];

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('refunding a subscriber in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let owner: SignedInStaff;
  let plan: Plan;

  const axe = (page: Page, label: string) => axeViolations(page, label, [...WCAG21_AA, 'wcag22aa', 'best-practice']);
  /** Both widths; nothing may stick out sideways at either. */
  async function shots(page: Page, name: string) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'))
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      );
      expect(wide, `${name} at ${width} px`).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  async function signedIn(opts: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await staffContext(browser, base, owner, {
      viewport: { width: opts.width ?? 1280, height: 900 },
      javaScriptEnabled: opts.javaScriptEnabled ?? true,
    });
    return { context, page: await context.newPage() };
  }

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedDemoPlans(t.services.db, () => t.clock.now);
    plan = (await t.services.plans.listAll()).find((p) => p.slug === 'all-access-monthly') as Plan;
    await insertReader(t.services.db, { id: 'wen', email: 'wen@example.org', passwordHash: null, at: t.clock.now });
    await t.services.db.updateTable('readers').set({ name: 'Wen Li', email_verified_at: t.clock.now }).where('id', '=', 'wen').execute();
    await insertSubscription(t.services.db, {
      id: 'sub-wen',
      readerId: 'wen',
      planId: plan.id,
      status: 'active',
      currentPeriodEnd: new Date(t.clock.now.getTime() + 20 * 86_400_000),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: 'sub_demo_wen',
      providerCustomerId: 'cus_demo_wen',
      providerVersion: 0,
      createdAt: t.clock.now,
      updatedAt: t.clock.now,
      priceCents: plan.priceCents,
      firstPaymentCents: plan.priceCents,
      currency: plan.currency,
    });
    base = await serveForBrowser(t);
    browser = await launchChromium();
    owner = await signInStaff(t, 'owner');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refunds a subscriber: too much first, then part with access ending now; axe 0', async () => {
    const { context, page } = await signedIn();
    const problems = watchProblems(page);
    const found: string[] = [];
    await page.goto(`${base}/admin/keys`);
    const nav = page.getByRole('navigation', { name: 'Newsroom' });
    for (const name of NAV_LINKS) expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    await nav.getByRole('link', { name: 'Readers' }).click();
    await page.waitForURL(/\/admin\/readers$/);
    await page.getByRole('link', { name: 'wen@example.org' }).click();
    await page.waitForURL(/\/admin\/readers\/wen$/);
    found.push(...(await axe(page, 'reader')));
    await shots(page, 'reader-refund-form');

    const amount = page.getByLabel(`Amount in ${plan.currency.toUpperCase()}`);
    await amount.fill('999');
    await page.getByLabel('Reason').fill('Charged after cancelling by phone');
    await page.getByLabel('Ends now: the subscription is cancelled at once').check();
    await page.getByLabel(`Yes, refund ${plan.name}`).check();
    await page.getByRole('button', { name: 'Refund the payment' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('is more than what is left to refund of the last payment');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    // What was typed comes back, with the same form key.
    expect(await page.getByLabel('Reason').inputValue()).toBe('Charged after cancelling by phone');
    found.push(...(await axe(page, 'refund problem')));
    await shots(page, 'reader-refund-problem');
    problems.length = 0; // the 400 above was the point

    await amount.fill('5');
    await page.getByLabel(`Yes, refund ${plan.name}`).check();
    await page.getByRole('button', { name: 'Refund the payment' }).click();
    await page.waitForURL(/done=refund-demo$/);
    expect(await page.getByRole('status').textContent()).toContain('no money moved');
    const refunds = await page.locator('section[aria-labelledby="refunds"] table').textContent();
    expect(refunds).toContain('$5.00');
    expect(refunds).toContain('Charged after cancelling by phone');
    expect(refunds).toContain('Ended at once');
    expect(refunds).toContain(owner.staff.name);
    expect(await page.locator('section[aria-labelledby="subscriptions"] table').textContent()).toContain('lapsed');
    found.push(...(await axe(page, 'refunded')));
    await shots(page, 'reader-refunded');

    expect((await t.services.audit.page()).events.map((e) => e.route)).toContain(
      'POST /admin/readers/:id/subscriptions/:subscriptionId/refund',
    );
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('groups the navigation on a phone: one row, each group opened by keyboard, JavaScript off; axe 0', async () => {
    // JavaScript off: only the browser's own <details> behaviour (no page script, and nothing
    // evaluated in the page: Playwright's locators only).
    const off = await signedIn({ javaScriptEnabled: false, width: 390 });
    let page = off.page;
    await page.goto(`${base}/admin/readers`);
    let nav = page.getByRole('navigation', { name: 'Newsroom' });
    // One row of three groups (a link row is about 46 px high), where the flat list took five.
    expect((await nav.boundingBox())?.height ?? 0).toBeLessThan(60);
    expect(await nav.getByRole('link', { name: 'Plans' }).isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/nav-closed-390.png` });
    await nav.locator('summary', { hasText: 'Business' }).focus();
    await page.keyboard.press('Enter');
    expect(await nav.getByRole('link', { name: 'Plans' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: 'Readers' }).getAttribute('aria-current')).toBe('page');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Dashboard');
    await page.screenshot({ path: `${SHOTS}/nav-open-390.png` });
    // Opening another group closes this one (details name=…); its link leads on.
    await nav.locator('summary', { hasText: 'Settings' }).click();
    expect(await nav.getByRole('link', { name: 'Audit trail' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: 'Plans' }).isVisible()).toBe(false);
    await nav.getByRole('link', { name: 'Audit trail' }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await off.context.close();

    // axe needs script in the page: the same markup with it on, a group open at 390, then at 1280.
    const on = await signedIn({ width: 390 });
    page = on.page;
    await page.goto(`${base}/admin/readers`);
    nav = page.getByRole('navigation', { name: 'Newsroom' });
    await nav.locator('summary', { hasText: 'Business' }).click();
    const found = await axe(page, 'nav open at 390');
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const name of NAV_LINKS) expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    expect((await nav.boundingBox())?.height ?? 0).toBeLessThan(100);
    found.push(...(await axe(page, 'nav at 1280')));
    await page.screenshot({ path: `${SHOTS}/nav-1280.png` });
    expect(found).toEqual([]);
    await on.context.close();
  }, 240_000);
});
