/**
 * The shell in a real browser (Debian's Chromium, JavaScript on, as staff use it): signing in
 * with the keyboard at /admin, the staff's pages under the admin CSP with no console error (a
 * blocked script or style would be one), axe with 0 violations on each page, the copy-key
 * island, and screenshots at 1280 and 390 px wide (`shotsDir`, test-support/browser.ts). SQLite only: the HTTP
 * suites cover both dialects.
 */
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { makeStaff, STAFF_TEST_PASSWORD } from './admin-test-support.js';

const SHOTS = shotsDir('admin');

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}) — ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Screenshots at 1280 and 390 px; at either width nothing may stick out sideways (the page never scrolls sideways). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'))
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    expect(wide, `${name} at ${width} px`).toEqual([]);
    if (fs.existsSync(SHOTS)) await page.screenshot({ path: `${SHOTS}/shell-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the admin shell in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs an owner in with the keyboard and runs every shell page cleanly', async () => {
    const owner = await makeStaff(t, 'owner', 'Olga Brennan');
    const writer = await makeStaff(t, 'writer', 'Sam Ortiz');
    await t.services.staff.invite({ name: 'Priya Natarajan', email: 'priya@paper.test', role: 'editor' }, owner);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = watchProblems(page);

    // /admin/keys without a session: sent to sign in, and back after.
    await page.goto(`${base}/admin/keys`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'sign-in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByLabel('Email address').first().focus();
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(STAFF_TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/keys`);

    // API keys: make one; the island offers to copy it.
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Key name').fill('Election results feed');
    await page.getByRole('button', { name: 'Make the key' }).click();
    await page.waitForSelector('[data-copy-source]');
    const secret = (await page.textContent('[data-copy-source]'))?.trim() ?? '';
    expect(secret).toMatch(/^mh_/);
    await page.getByRole('button', { name: 'Copy the key' }).click();
    await expect.poll(() => page.textContent('[role="status"].copy-status')).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'keys');

    // Staff: the list and the invitation form, then a role change by keyboard-reachable controls.
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.waitForURL(`${base}/admin/staff`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(`Role of ${writer.name}`, { exact: true }).selectOption('editor');
    await page
      .getByRole('form', { name: `Change the role of ${writer.name}` })
      .getByRole('button', { name: 'Change role' })
      .click();
    await page.waitForURL(`${base}/admin/staff?done=role`);
    expect(await page.textContent('.notice')).toContain('Role changed');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'staff');

    expect(problems).toEqual([]);
    // A form with problems keeps its labels and says what is wrong next to each field (a 400).
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForSelector('.error-summary');
    expect(problems.every((p) => p.includes('400'))).toBe(true);
    problems.length = 0;
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'staff-problems');

    // The audit trail names the owner for the changes just made.
    await page.goto(`${base}/admin/audit`);
    expect(await page.textContent('table')).toContain('Olga Brennan');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'audit');

    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('shows a writer the 403 page, with a navigation that offers only what they may open', async () => {
    const writer = await makeStaff(t, 'writer', 'Wren Writer');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${base}/admin/sign-in?return=${encodeURIComponent('/admin/audit')}`);
    await page.getByLabel('Email address').first().fill(writer.email);
    await page.getByLabel('Password', { exact: true }).fill(STAFF_TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${base}/admin/audit`);
    expect(await page.textContent('h1')).toBe('Not allowed');
    expect(await page.textContent('main')).toContain('for the owner role');
    const nav = await page.getByRole('navigation', { name: 'Newsroom' }).textContent();
    expect(nav).toContain('API keys');
    expect(nav).not.toContain('Staff');
    expect(nav).not.toContain('Audit trail');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'forbidden');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/admin/sign-in`);
    await ctx.close();
  }, 120_000);

  it('pages the audit trail in place with htmx, under the admin CSP', async () => {
    const owner = await makeStaff(t, 'owner', 'Paging Owner');
    const actor = { kind: 'staff' as const, id: owner.id, name: owner.name };
    for (let i = 0; i < 60; i++) {
      t.clock.advance(1000);
      await t.services.audit.record({
        actor,
        via: 'admin',
        apiKeyId: null,
        method: 'POST',
        route: `POST /admin/page-test/${i}`,
        targetId: null,
        targetKind: null,
        targetName: null,
        status: 303,
      });
    }
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    const problems = watchProblems(page);
    await page.goto(`${base}/admin/sign-in?return=${encodeURIComponent('/admin/audit')}`);
    await page.getByLabel('Email address').first().fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(STAFF_TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${base}/admin/audit`);
    expect(await page.textContent('#audit-list tbody')).toContain('POST /admin/page-test/59');
    // A full page load would lose this.
    await page.evaluate(() => Object.assign(window, { stillHere: true }));
    await page.getByRole('link', { name: 'Older entries' }).click();
    await page.waitForURL(/\/admin\/audit\?before=/);
    await page.getByRole('link', { name: 'Newest entries' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await page.textContent('#audit-list tbody')).toContain('POST /admin/page-test/9');
    expect(await page.textContent('#audit-list tbody')).not.toContain('POST /admin/page-test/59');
    expect(await page.locator('#audit-list').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('answers a request for a sign-in link with a page that passes axe', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/admin/sign-in`);
    await page.locator('#link-email').fill('someone@paper.test');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.waitForSelector('h1:text("Check your email")');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'check-email');
    await ctx.close();
  });
});
