import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff } from '../admin/admin-test-support.js';
import type { Article } from '../articles/index.js';
import { launchChromium, watchProblems } from '../test-support/browser.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

// On SQLite: what this checks (the island, the keyboard, the markup) does not depend on the
// database; the HTTP tests run every action on both dialects.
describe('the front editor in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let context: BrowserContext;
  const stories: Article[] = [];

  const placedOrder = async () => {
    const home = await t.services.fronts.find('home');
    if (!home) throw new Error('no home front');
    return (await t.services.fronts.editorView(home)).rows.map((r) => r.story.headline);
  };
  const readerLead = async () => {
    const html = (await t.app.inject('/')).body;
    return /<h2><a href="[^"]+">([^<]+)<\/a>/.exec(html.slice(html.indexOf('class="front-lead')))?.[1];
  };
  const saves = (page: Page) => page.locator('form.front-layout').getAttribute('data-saved');
  async function axe(page: Page, path: string) {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.map((v) => `${path}: ${v.id} (${v.impact}) — ${v.help}`);
  }

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    for (let i = 1; i <= 4; i++)
      stories.push(
        await t.services.articles.create(
          {
            headline: `Story ${['one', 'two', 'three', 'four'][i - 1]}`,
            dek: 'A dek.',
            section: 'news',
            authors: ['mara-quint'],
            status: 'published',
            publishedAt: new Date(Date.UTC(2026, 10, 20 + i, 8)),
            body: SAMPLE_BODY,
          },
          'test',
        ),
      );
    const home = await t.services.fronts.find('home');
    if (!home) throw new Error('no home front');
    // Placed, top to bottom: one, two, three (each add goes on top), all as list stories: the first leads.
    for (const i of [2, 1, 0]) await t.services.fronts.add(home, (stories[i] as Article).id);
    const { rows } = await t.services.fronts.editorView(home);
    await t.services.fronts.edit(
      home,
      rows.map((r) => ({ ...r.entry, tier: 'list' as const })),
      { kind: 'save' },
    );

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
    const editor = await signInStaff(t, 'editor');
    context = await browser.newContext();
    await context.addCookies([...editor.browser.cookies].map(([name, value]) => ({ name, value, url: base })));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('reorders by keyboard: Space picks up, arrows move, Space drops and saves; the reader front follows', async () => {
    expect(await placedOrder()).toEqual(['Story one', 'Story two', 'Story three']);
    expect(await readerLead()).toBe('Story one');
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${base}/admin/fronts/home`);
    const handle = page.getByRole('button', { name: 'Reorder: Story three' });
    await handle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('[data-front-order-live]').textContent()).toContain('Picked up Story three, in place 3 of 3');
    expect(await handle.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.locator('[data-front-order-live]').textContent()).toContain('Story three: place 2 of 3');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp'); // already first: stays
    await expect.poll(() => page.locator('[data-front-order-live]').textContent()).toContain('already first');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Reorder: Story three');
    await page.keyboard.press('Space');
    await expect.poll(() => saves(page)).toBe('1');
    await expect.poll(() => page.locator('[data-front-order-live]').textContent()).toContain('Saved. Story three is in place 1 of 3.');
    expect(await page.locator('tbody [data-place]').allTextContents()).toEqual(['1', '2', '3']);
    expect(await placedOrder()).toEqual(['Story three', 'Story one', 'Story two']);
    expect(await readerLead()).toBe('Story three');

    // Escape puts a picked-up story back and saves nothing.
    const two = page.getByRole('button', { name: 'Reorder: Story two' });
    await two.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-front-order-live]').textContent()).toContain('Cancelled. Story two is back in place 3.');
    expect(await saves(page)).toBe('1');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reorders by dragging a row with the pointer; the reader front follows', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/admin/fronts/home`);
    const handle = page.getByRole('button', { name: 'Reorder: Story two' });
    const target = page.locator('tbody tr').first();
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('not laid out');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => saves(page)).toBe('1');
    expect(await placedOrder()).toEqual(['Story two', 'Story three', 'Story one']);
    expect(await readerLead()).toBe('Story two');
    // A drag is not also a click: nothing is left picked up.
    expect(await handle.getAttribute('aria-pressed')).toBe('false');
    await page.close();
  });

  it('works without JavaScript: Move up posts the form and the page comes back reordered', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    await noJs.addCookies(await context.cookies());
    const page = await noJs.newPage();
    await page.goto(`${base}/admin/fronts/home`);
    expect(await page.getByRole('button', { name: /^Reorder/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Move up: Story one' }).click();
    await page.waitForURL(/saved=layout$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Layout saved.');
    expect(await placedOrder()).toEqual(['Story two', 'Story one', 'Story three']);
    await noJs.close();
  });

  it('has no axe violations on the fronts list, the editor (also with a story picked up and with errors) and search results', async () => {
    const page = await context.newPage();
    const found: string[] = [];
    for (const path of ['/admin/fronts', '/admin/fronts/home', '/admin/fronts/news', '/admin/fronts/home?q=story']) {
      await page.goto(`${base}${path}`);
      found.push(...(await axe(page, path)));
    }
    await page.goto(`${base}/admin/fronts/home`);
    await page.getByRole('button', { name: 'Reorder: Story one' }).focus();
    await page.keyboard.press('Space');
    found.push(...(await axe(page, 'picked up')));
    await page.keyboard.press('Escape');
    // A refused form: a pin in the past, shown next to its field.
    await page.locator('#pin-1').fill('2020-01-01T10:00');
    await page.getByRole('button', { name: 'Save layout' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').textContent()).toContain('A pin must end in the future.');
    found.push(...(await axe(page, 'with errors')));
    expect(found).toEqual([]);
    await page.close();
  }, 240_000);
});
