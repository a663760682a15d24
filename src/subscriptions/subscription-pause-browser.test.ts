/**
 * /account of a reader whose subscription's payment collection is paused, in Chromium with
 * JavaScript off at 1280 and 390 pixels (axe with it on): the panel says paused, until when, and
 * that the printed magazine is not mailed. Screenshots go to MASTHEAD_SHOTS_DIR for a person to
 * look at. On SQLite: the page does not depend on the database (stripe-pause.test.ts runs both).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { Plan } from './plan.js';
import { seedDemoPlans } from './plan-service.js';

const SHOTS = shotsDir('subscription-pause');
const secs = (d: Date) => Math.floor(d.getTime() / 1000);

describe('a paused subscription on /account in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedDemoPlans(t.services.db, () => t.clock.now);
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says paused, until when, and that no printed copy is mailed; axe 0', { timeout: 120_000 }, async () => {
    const b = new TestBrowser(t.app);
    await signUpConfirmed(t, 'paused-reader@example.com', 'correct horse battery', b);
    const reader = await t.services.accounts.findReaderByEmail('paused-reader@example.com');
    if (!reader) throw new Error('no reader');
    const plan = (await t.services.plans.listActive()).find((p) => p.slug === 'all-access-monthly') as Plan;
    const snapshot = {
      providerSubscriptionId: 'sub_demo_paused',
      providerCustomerId: 'cus_demo_paused',
      status: 'active' as const,
      currentPeriodEnd: new Date('2026-12-25T09:00:00Z'),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      readerId: reader.id,
      planId: plan.id,
      priceId: null,
      version: secs(t.clock.now),
      pause: { behavior: 'void', resumesAt: new Date('2027-01-05T12:00:00Z') },
    };
    await t.services.subscriptions.processEvent({
      provider: 'demo',
      eventId: 'evt_demo_paused',
      type: 'test',
      created: snapshot.version,
      change: { kind: 'subscription_changed', snapshot },
    });
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      await context.addCookies([...b.cookies].map(([name, value]) => ({ name, value, url: base })));
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/account`);
      expect(await page.locator('.subscription-status').textContent()).toBe('Status: Paused until 5 January 2027');
      expect(await page.locator('.subscription-panel').textContent()).toContain('the printed magazine is not mailed to you');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.locator('#subscription').screenshot({ path: `${SHOTS}/account-paused-${width}-nojs.png` });
      await page.screenshot({ path: `${SHOTS}/account-paused-${width}-nojs-page.png`, fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
      const js = await browser.newContext({ viewport: { width, height: 900 } });
      await js.addCookies([...b.cookies].map(([name, value]) => ({ name, value, url: base })));
      const jsPage = await js.newPage();
      await jsPage.goto(`${base}/account`);
      found.push(...(await axeViolations(jsPage, String(width))));
      await js.close();
    }
    expect(found).toEqual([]);
  });
});
