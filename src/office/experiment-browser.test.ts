/**
 * An experiment run to a result in Chromium, axe 0 on every page: a copy experiment made on the
 * screen (arm B previewed through the reader's own page first), funnel events and subscriptions
 * seeded for both arms, the results read before and after they are significant, arm B rolled out,
 * and the paywall changed for every reader. Screenshots at 1280 and 390 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { signedInStaffPage } from '../admin/admin-test-support.js';
import { publishStories, type TestStory } from '../meter/meter-test-support.js';
import { isDemoGateway } from '../subscriptions/demo-gateway.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { axeViolations, launchChromium, screenshotWidths, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const SHOTS = shotsDir('experiments');
// 0: any free port; a shared machine may name one of its own.
const PORT = Number(process.env.MASTHEAD_BROWSER_TEST_PORT ?? 0);

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('experiments in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let premium: TestStory;
  let readers = 0;

  const axe = axeViolations;

  function shots(page: Page, name: string) {
    return screenshotWidths(page, SHOTS, name);
  }

  /** Paywall views and checkouts of an arm, recorded as the meter and checkout record them. */
  async function seedEvents(experimentId: string, arm: 'A' | 'B', paywalls: number, checkouts: number) {
    const at = t.clock.now;
    for (let i = 0; i < paywalls; i++) {
      t.services.funnel.record({
        type: 'paywall_shown',
        articleId: premium.id,
        sectionId: null,
        period: '2026-12',
        at,
        arm: { experimentId, arm },
      });
    }
    for (let i = 0; i < checkouts; i++) {
      t.services.funnel.record({
        type: 'checkout_started',
        articleId: null,
        sectionId: null,
        period: '2026-12',
        at,
        arm: { experimentId, arm },
      });
    }
    await t.services.funnel.flush();
  }

  /** `count` readers of an arm subscribed through the demo gateway (their reader id decides the arm). */
  async function seedSubscriptions(arm: 'A' | 'B', count: number) {
    const plan = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly');
    if (!plan) throw new Error('no plan');
    const g = t.services.subscriptions.gateway;
    if (!isDemoGateway(g)) throw new Error('expected the demo gateway');
    let made = 0;
    while (made < count) {
      const id = `experiment-reader-${++readers}`;
      if (t.services.experiments.armOfReader(id)?.arm !== arm) continue;
      const email = `${id}@example.com`;
      await insertReader(t.services.db, { id, email, passwordHash: null, at: t.clock.now });
      const { url } = await t.services.subscriptions.startCheckout({ reader: { id, email, hasPostalAddress: true }, planId: plan.id });
      await t.services.subscriptions.processEvent(g.completeSession(url.split('/').pop() ?? ''));
      made++;
    }
  }

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await seedDemoPlans(t.services.db, t.services.clock);
    await publishStories(t, 1, 'metered');
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    base = await serveForBrowser(t, PORT);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('runs an experiment to a result on seeded events, rolls out arm B, and readers meet its wall; axe 0', async () => {
    const { context, page } = await signedInStaffPage(t, browser, base, 'business');
    const problems = watchProblems(page);
    const found: string[] = [];

    await page.goto(`${base}/admin`);
    await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Experiments' }).click();
    await page.waitForURL(/\/admin\/experiments$/);
    found.push(...(await axe(page, 'experiments, none yet')));
    await page.getByRole('link', { name: 'Test the paywall’s words' }).click();
    await page.waitForURL(/\/admin\/experiments\/new\?kind=copy$/);
    await page.getByLabel('Name', { exact: true }).fill('The editor asks readers to stay');
    await page.getByLabel('Tagline over the wall').fill('Reported here, read everywhere');
    await page.getByLabel('Heading', { exact: true }).fill('Stay with the Ledger');
    await page.getByLabel('Why subscribe').fill('We were at **every** council meeting this year.');
    await page.getByRole('button', { name: 'Preview arm B' }).click();
    await page.waitForURL(/\/admin\/experiments\/preview#preview-title$/);
    const walled = page.frameLocator('iframe[title="Preview of arm B: Signed in, free articles used"]');
    await expect.poll(() => walled.getByRole('heading', { name: 'Stay with the Ledger' }).count()).toBe(1);
    expect(await walled.locator('.paywall-pitch strong').textContent()).toBe('every');
    expect(await walled.locator('.paywall-tagline').textContent()).toBe('Reported here, read everywhere');
    expect(t.services.experiments.gate.running()).toBeNull();
    found.push(...(await axe(page, 'new experiment, previewed')));
    await shots(page, 'experiment-new-preview');

    await page.getByRole('button', { name: 'Start the experiment' }).click();
    await page.waitForURL(/\/admin\/experiments\/[0-9a-f-]+\?done=started$/);
    const running = t.services.experiments.gate.running();
    expect(running).not.toBeNull();
    const id = running?.id as string;
    expect(await page.getByRole('status').first().textContent()).toContain('Started.');
    expect(await page.locator('.verdict').textContent()).toContain('No result yet');
    found.push(...(await axe(page, 'experiment started')));

    // A week in: a little more conversion in arm B, not enough to tell.
    await seedEvents(id, 'A', 400, 12);
    await seedEvents(id, 'B', 400, 15);
    await seedSubscriptions('A', 4);
    await seedSubscriptions('B', 6);
    await page.goto(`${base}/admin/experiments/${id}`);
    expect(await page.locator('.verdict').textContent()).toMatch(
      /^Not significant yet \(about [\d,]+ more paywall views needed at this rate\)\.$/,
    );
    found.push(...(await axe(page, 'results, not yet')));
    await shots(page, 'experiment-not-yet');

    // A month in: arm B clearly ahead.
    await seedEvents(id, 'A', 1600, 40);
    await seedEvents(id, 'B', 1600, 70);
    await seedSubscriptions('A', 16);
    await seedSubscriptions('B', 54);
    await page.reload();
    expect(await page.locator('.verdict').textContent()).toBe('Arm B converts better: significant at 95 %.');
    const rows = page.locator('table tbody tr');
    expect(await rows.nth(0).textContent()).toContain('2,000');
    expect(await rows.nth(0).textContent()).toContain('1.00 %'); // 20 of 2,000
    expect(await rows.nth(1).textContent()).toContain('3.00 %'); // 60 of 2,000
    expect(await rows.nth(1).textContent()).toContain('85'); // checkouts
    found.push(...(await axe(page, 'results, significant')));
    await shots(page, 'experiment-significant');

    await page.getByRole('button', { name: 'Roll out arm B' }).click();
    await page.waitForURL(/\?done=rolled-out$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Rolled out.');
    expect(await page.locator('.facts').textContent()).toContain('Rolled out arm B');
    expect(await page.getByRole('button', { name: 'Roll out arm B' }).count()).toBe(0);
    found.push(...(await axe(page, 'rolled out')));
    await shots(page, 'experiment-rolled-out');

    // The meter and paywall screen now holds arm B's words.
    await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Meter and paywall' }).click();
    expect(await page.getByLabel('Heading', { exact: true }).inputValue()).toBe('Stay with the Ledger');
    await page.goto(`${base}/admin/experiments`);
    found.push(...(await axe(page, 'experiments list')));
    await shots(page, 'experiments-list');

    // A reader in a fresh browser meets arm B's wall, tagline and all.
    const readerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reader = await readerContext.newPage();
    await reader.goto(`${base}${premium.path}`);
    expect(await reader.getByRole('heading', { name: 'Stay with the Ledger' }).count()).toBe(1);
    expect(await reader.locator('.paywall').textContent()).toContain('Reported here, read everywhere');
    await reader.locator('.paywall').scrollIntoViewIfNeeded();
    await shots(reader, 'reader-rolled-out-paywall');

    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await readerContext.close();
    await context.close();
  }, 300_000);
});
