import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStaff, STAFF_TEST_PASSWORD } from '../admin/admin-test-support.js';
import { inputFromArticle } from '../articles/index.js';
import { launchChromium, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

const SHOTS = shotsDir('desk');

// The browser tests run on SQLite: what they check (the pages in a real browser, with and without
// JavaScript) does not depend on the database, which the HTTP tests cover on both dialects.
describe('the desk in Chromium', { timeout: 120_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  async function signedIn(role: 'editor' | 'writer', name: string, js = true): Promise<{ page: Page; problems: string[] }> {
    const staff = await makeStaff(t, role, name);
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/sign-in/);
    await page.getByLabel('Email address').first().fill(staff.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(STAFF_TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/stories$/);
    return { page, problems };
  }

  async function axe(page: Page, what: string) {
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.map((v) => `${what}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  async function shots(page: Page, name: string) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}/desk-${name}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/desk-${name}-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** The Body field: the Markdown textarea, or the editor island's editable area when it has loaded. */
  async function fillBody(page: Page, text: string) {
    const area = page.locator('textarea[name=body]');
    if (await area.isVisible()) await area.fill(text);
    else {
      const editable = page.locator('[data-body-editor] [contenteditable=true]').first();
      await editable.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
    }
  }

  async function writeStory(page: Page, headline: string) {
    await page.getByRole('link', { name: 'New story' }).click();
    await page.waitForURL(/\/admin\/stories\/new$/);
    await page.getByLabel('Headline').fill(headline);
    await page.getByLabel('Dek', { exact: true }).fill('What the council decided, and what happens next.');
    await fillBody(page, 'The council met on Monday.\n\nIt voted to rebuild the harbour wall.');
    await page.getByLabel('Section').selectOption('news');
    await page.getByLabel('Mara Quint').check();
  }

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await t.services.articles.create(
      {
        headline: 'Yesterday’s lead story',
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
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  it('signs in, writes and publishes a story, which then leads the front page', async () => {
    const { page, problems } = await signedIn('editor', 'Edna Editor');
    await axe(page, 'stories list');
    await shots(page, 'list');
    await page.getByRole('link', { name: 'New story' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByText('Headline is required').count()).toBeGreaterThan(0);
    await axe(page, 'form with problems');
    await shots(page, 'problems');
    await page.goto(`${base}/admin/stories`);
    await writeStory(page, 'Council backs the new harbour wall');
    // The editor took the textarea's place: the Markdown hint is hidden, whatever class it has.
    expect(await page.locator('#body-hint').isHidden()).toBe(true);
    // The search-result and social-card previews follow what was typed, before any save.
    const serp = page.locator('.serp');
    await expect.poll(() => serp.locator('[data-preview-title]').textContent()).toBe('Council backs the new harbour wall');
    expect(await serp.locator('[data-preview-desc]').textContent()).toBe('What the council decided, and what happens next.');
    expect(await serp.locator('[data-preview-path]').textContent()).toBe('/news/…/council-backs-the-new-harbour-wall');
    expect(await page.locator('.social-card [data-preview-title]').textContent()).toBe('Council backs the new harbour wall');
    await page.getByLabel('Slug').fill('harbour-wall-vote');
    await expect.poll(() => serp.locator('[data-preview-path]').textContent()).toBe('/news/…/harbour-wall-vote');
    await page.getByLabel('Slug').fill('');
    await axe(page, 'new story');
    await shots(page, 'new');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/admin\/stories\/[0-9a-f-]{36}\?done=publish$/);
    await expect.poll(() => page.getByText('Published: the story is live.').count()).toBe(1);
    await axe(page, 'edit story');
    await shots(page, 'edit');
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByRole('link', { name: 'Council backs the new harbour wall' }).count()).toBeGreaterThan(0);
    await page.goto(`${base}/admin/stories?status=published`);
    await expect.poll(() => page.getByRole('link', { name: 'Council backs the new harbour wall' }).count()).toBe(1);
    // The one refusal is the empty form's (400), on purpose.
    expect(problems.filter((p) => !/\b400\b/.test(p))).toEqual([]);
  });

  it('works without JavaScript too: a bad form comes back with its problem, then saves', async () => {
    const { page, problems } = await signedIn('writer', 'Wren Writer', false);
    await page.getByRole('link', { name: 'New story' }).click();
    await page.getByLabel('Dek', { exact: true }).fill('A dek without a headline.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByText('Headline is required').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Dek', { exact: true }).inputValue()).toBe('A dek without a headline.');
    // Without JavaScript the server draws the previews from the form it was sent.
    expect(await page.locator('.serp [data-preview-desc]').textContent()).toBe('A dek without a headline.');
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await page.getByLabel('Headline').fill('A writer’s first draft');
    await page.getByLabel('Section').selectOption('news');
    await page.getByLabel('Mara Quint').check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\?done=save$/);
    await expect.poll(() => page.getByText('Saved.', { exact: true }).count()).toBe(1);
    expect(problems.filter((p) => !/\b400\b/.test(p))).toEqual([]);
  });

  it('schedules a story for a time in the paper’s time zone', async () => {
    const { page } = await signedIn('editor', 'Sam Scheduler');
    await writeStory(page, 'Ferry fares rise in January');
    await page.getByLabel(/^Publish at/).fill('2026-12-01T07:30');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/\?done=schedule$/);
    await expect.poll(() => page.locator('.story-side .status').first().textContent()).toBe('Scheduled');
    await page.goto(`${base}/admin/stories?status=scheduled`);
    const row = page.getByRole('row', { name: /Ferry fares rise in January/ });
    await expect.poll(() => row.textContent()).toContain('Publishes 1 December 2026 at 07:30');
    await page.goto(`${base}/`);
    expect(await page.getByRole('link', { name: 'Ferry fares rise in January' }).count()).toBe(0);
  });

  it('edits with a conflict in two browsers: autosave says so, the save shows both copies, "Keep my copy" wins', async () => {
    const a = await signedIn('editor', 'Ada First');
    const b = await signedIn('editor', 'Ben Second');
    const story = await t.services.articles.create(
      { headline: 'Bridge repairs start', section: 'news', authors: ['mara-quint'], body: SAMPLE_BODY },
      'test',
    );
    await a.page.goto(`${base}/admin/stories/${story.id}`);
    await b.page.goto(`${base}/admin/stories/${story.id}`);

    await a.page.getByLabel('Headline').fill('Bridge repairs start on Monday');
    await expect.poll(() => a.page.locator('[data-save-state]').textContent(), { timeout: 10_000 }).toMatch(/^Saved at \d\d:\d\d$/);

    await b.page.getByLabel('Dek', { exact: true }).fill('Traffic will be diverted for six weeks.');
    await expect.poll(() => b.page.locator('[data-save-state]').textContent(), { timeout: 10_000 }).toContain('Ada First saved this story');
    expect((await t.services.articles.get(story.id))?.dek).toBe('');

    await b.page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => b.page.getByRole('heading', { name: 'Someone else saved this story' }).count()).toBe(1);
    await axe(b.page, 'conflict');
    await shots(b.page, 'conflict');
    expect(await b.page.getByText('Bridge repairs start on Monday').count()).toBeGreaterThan(0);
    await b.page.getByRole('button', { name: 'Keep my copy' }).click();
    await b.page.waitForURL(/\?done=save$/);
    const saved = await t.services.articles.get(story.id);
    expect(saved?.dek).toBe('Traffic will be diverted for six weeks.');
    expect(saved?.headline).toBe('Bridge repairs start');
    expect((await t.services.articles.revisionsOf(story.id)).length).toBe(3);

    // Restore Ada's version 2 from the revisions page.
    await b.page.getByRole('link', { name: 'All revisions, differences and restore' }).click();
    await expect.poll(() => b.page.getByRole('cell', { name: 'Ada First' }).count()).toBe(1);
    await axe(b.page, 'revisions');
    await shots(b.page, 'revisions');
    await b.page.getByRole('button', { name: 'Restore version 2' }).click();
    await b.page.waitForURL(/\?done=restore$/);
    expect((await t.services.articles.get(story.id))?.headline).toBe('Bridge repairs start on Monday');
    expect(await b.page.getByLabel('Headline').inputValue()).toBe('Bridge repairs start on Monday');
  });

  it('shows what changed between two versions and restores an earlier one, keeping both in the history', async () => {
    const { page, problems } = await signedIn('editor', 'Rhea Revisions');
    const first = await t.services.articles.create(
      { headline: 'Ferry fares rise in spring', section: 'news', authors: ['mara-quint'], status: 'draft', body: SAMPLE_BODY },
      'test',
    );
    await t.services.articles.update(
      first.id,
      { ...inputFromArticle(first), headline: 'Ferry fares rise by a fifth' },
      'test',
      first.version,
    );
    await page.goto(`${base}/admin/stories/${first.id}`);
    await page.getByRole('link', { name: 'All revisions, differences and restore' }).click();
    await page.waitForURL(/\/revisions$/);
    await page.getByRole('link', { name: 'Changes in version 2' }).click();
    await expect.poll(() => page.getByText('Ferry fares rise by a fifth').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Ferry fares rise in spring').count()).toBeGreaterThan(0);
    await axe(page, 'revisions with a difference');
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.waitForURL(new RegExp(`/admin/stories/${first.id}`));
    const restored = await t.services.articles.get(first.id);
    expect(restored?.headline).toBe('Ferry fares rise in spring');
    // The restore is a new version: nothing of the history is lost; the story keeps its address.
    expect(restored?.version).toBe(3);
    expect(restored?.slug).toBe(first.slug);
    await page.goto(`${base}/admin/stories/${first.id}/revisions`);
    await expect.poll(() => page.getByText('3 (current)').count()).toBe(1);
    await shots(page, 'revisions-restored');
    expect(problems).toEqual([]);
  });

  it('adds an update note in two clicks, and previews the story as readers and walled readers see it', async () => {
    const { page, problems } = await signedIn('editor', 'Nora Notes');
    const story = await t.services.articles.create(
      {
        headline: 'Storm closes the coast road',
        section: 'news',
        authors: ['mara-quint'],
        access: 'subscribers',
        status: 'published',
        body: SAMPLE_BODY,
      },
      'test',
    );
    await page.goto(`${base}/admin/stories/${story.id}`);
    await page.getByLabel('Update note').fill('The road reopened at 18:00.');
    await page.getByLabel('This is a correction').check();
    await page.getByRole('button', { name: 'Add update' }).click();
    await page.waitForURL(/\?done=update$/);
    const live = await t.services.articles.get(story.id);
    expect(live?.updates.map((u) => [u.note, u.correction])).toEqual([['The road reopened at 18:00.', true]]);
    await page.goto(`${base}/corrections`);
    await expect.poll(() => page.getByText('The road reopened at 18:00.').count()).toBe(1);
    await page.goto(`${base}/news/2026/11/25/storm-closes-the-coast-road`);
    await expect.poll(() => page.getByText('The road reopened at 18:00.').count()).toBe(1);

    await page.goto(`${base}/admin/stories/${story.id}/preview?as=walled`);
    expect(await page.getByText('The ferry timetable is not affected.').count()).toBe(0);
    await shots(page, 'preview-walled');
    await page.goto(`${base}/admin/stories/${story.id}`);
    await page.getByRole('button', { name: 'Make a preview link' }).click();
    const link = await page.getByLabel(/^Preview link/).inputValue();
    expect(link).toMatch(/\/preview\//);
    await axe(page, 'story with a preview link');
    const stranger = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(stranger);
    const sp = await stranger.newPage();
    const response = await sp.goto(link.replace('https://paper.test', base));
    expect(response?.headers()['x-robots-tag']).toContain('noindex');
    await expect.poll(() => sp.getByText('The ferry timetable is not affected.').count()).toBe(1);
    // axe runs in the page: only in a context with JavaScript (the editor's).
    await page.goto(link.replace('https://paper.test', base));
    await axe(page, 'preview link page');
    expect(problems).toEqual([]);
  });
});
