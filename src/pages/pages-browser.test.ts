import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff } from '../admin/admin-test-support.js';
import { launchChromium, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

// On SQLite: the markup and the browser's view do not depend on the database (the HTTP tests run both).
describe('static pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  async function axe(page: Page, label: string) {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.map((v) => `${label}: ${v.id} (${v.impact}) — ${v.help}`);
  }

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await t.services.pages.save('about', { title: 'About us', body: 'A paper.\n\n## Who we are\n\n- Reporters\n- Editors' }, null);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an editor writes a page with the plain form, and a reader finds it from the footer; axe 0 on every page', async () => {
    const editor = await signInStaff(t, 'editor');
    // JavaScript on: axe runs in the page (the pages' forms have no script of their own).
    const context = await browser.newContext();
    await context.addCookies([...editor.browser.cookies].map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const problems = watchProblems(page);
    const found: string[] = [];

    await page.goto(`${base}/admin/pages`);
    found.push(...(await axe(page, 'list')));
    await page.getByRole('link', { name: 'Corrections policy' }).click();
    found.push(...(await axe(page, 'edit')));
    await page.getByLabel('Title').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('must not be empty');
    found.push(...(await axe(page, 'edit with a problem')));
    problems.length = 0; // the 400 above was the point
    await page.getByLabel('Title').fill('How we correct mistakes');
    await page.getByLabel('Body').fill('We say what was wrong.\n\nSee [the corrections](/corrections).');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=1$/);
    await page.getByRole('link', { name: '/corrections-policy' }).click();
    await page.waitForURL(/\/corrections-policy$/);
    expect(await page.locator('h1').textContent()).toBe('How we correct mistakes');
    found.push(...(await axe(page, 'reader page')));

    const readerContext = await browser.newContext();
    const reader = await readerContext.newPage();
    await reader.goto(`${base}/`);
    await reader.getByRole('navigation', { name: 'About the paper' }).getByRole('link', { name: 'About us' }).click();
    await reader.waitForURL(/\/about$/);
    expect(await reader.locator('.body h2').textContent()).toBe('Who we are');
    found.push(...(await axe(reader, 'about')));
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await readerContext.close();
    await context.close();
  }, 240_000);
});
