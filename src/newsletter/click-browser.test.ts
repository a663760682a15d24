/**
 * Click counting in Chromium: with MASTHEAD_NEWSLETTER_CLICKS=on an edition goes out to a real
 * SMTP server; a reader's click link, opened in the browser, lands on the story (the redirect
 * followed as a browser follows it) and counts; the edition's admin page then shows clicks per
 * link, at 1280 and 390 pixels, with no axe violation. Screenshots go to
 * `shotsDir` (test-support/browser.ts) for a person to look at.
 */
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff, staffContext } from '../admin/admin-test-support.js';
import { axeViolations, launchChromium, shotsDir, watchProblems } from '../test-support/browser.js';
import { must } from '../test-support/must.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

const SHOTS = shotsDir('clicks');
const PORT = 41_501;

describe('click counting, in Chromium', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  const base = `http://127.0.0.1:${PORT}`;

  const axe = axeViolations;

  /**
   * The click links of a recipient's copy (HTML part), in order of first appearance: "view in
   * browser" (position 1), the front page (0), then the stories (2…): index i is position i from 2.
   */
  async function clickLinks(to: string): Promise<string[]> {
    const raw = must(sink.received.find((m) => m.to === to)).raw;
    const html = String((await simpleParser(raw)).html);
    return [...new Set([...html.matchAll(/href="([^"]+\/newsletter\/c\/[^"]+)"/g)].map((m) => m[1] ?? ''))];
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp('sqlite', {
      MASTHEAD_TIMEZONE: 'Europe/London',
      MASTHEAD_NEWSLETTER_SMTP_URL: sink.url,
      MASTHEAD_NEWSLETTER_RATE: '0',
      MASTHEAD_NEWSLETTER_CLICKS: 'on',
      // The email's links, and so the redirects, lead to this test server.
      PUBLIC_URL: base,
    });
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T05:00:00Z'));
    const headlines = [
      'Harbour dredging delayed until the spring tides have passed',
      'Council budget: what the new ferry timetable costs',
      'School roof repairs finished a week early',
      'The fish market reopens',
      'A long night for the lifeboat crew off the north pier',
    ];
    for (const [i, headline] of headlines.entries())
      await t.services.articles.create(
        {
          headline,
          dek: `What happened ${i + 1}`,
          section: 'news',
          authors: ['mara-quint'],
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 11, 6, 10 + i)),
          body: SAMPLE_BODY,
        },
        'test',
      );
    await insertTestReaders(
      t.services.db,
      Array.from({ length: 12 }, (_, i) => ({ email: `reader${i}@mail.example`, optedIn: true })),
      t.clock.now,
    );
    await t.services.newsletterSending.send('2026-12-07', { assemble: true });
    t.clock.set(new Date('2026-12-07T07:20:00Z'));
    await t.app.listen({ port: PORT, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  it('follows a click link to the story and counts it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const link = must((await clickLinks('reader0@mail.example'))[2]);
    expect(link).toMatch(new RegExp(`^${base}/newsletter/c/[A-Za-z0-9_-]{40}$`));
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    const story = must((await t.services.editionReports.report('2026-12-07')).clicks?.links.find((l) => l.position === 2));
    expect(page.url()).toBe(story.url);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(story.label);
    expect(story).toMatchObject({ clicks: 1, unique: 1 });
    expect(problems).toEqual([]);
    await context.close();
    // More readers click, some twice, some on other stories.
    for (let i = 1; i < 8; i++) {
      const links = await clickLinks(`reader${i}@mail.example`);
      for (const position of i % 2 ? [2, 3] : [2, 2, 6])
        await t.app.inject({ method: 'GET', url: new URL(must(links[position])).pathname });
    }
  });

  it("shows clicks per link on the edition's admin page", async () => {
    const editor = await signInStaff(t, 'editor');
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await staffContext(browser, base, editor, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/admin/newsletter/2026-12-07`);
      const report = page.getByRole('region', { name: 'Report' });
      const clicks = report.getByRole('table', { name: 'Clicks' });
      const row = async (name: string) =>
        await clicks
          .getByRole('row', { name: new RegExp(`^${name}`) })
          .locator('td')
          .allTextContents();
      // Reader 0 once; readers 1–7 each at least once; 2, 4 and 6 twice more.
      // The first story of the edition: the newest on the front.
      expect(await row('A long night for the lifeboat crew')).toEqual(['8', '11']);
      expect(await row('The front page')).toEqual(['0', '0']);
      await expect(report.textContent()).resolves.toContain('8 readers (66.7 % of the recipients) clicked a link');
      found.push(...(await axe(page, `report ${width}`)));
      await report.screenshot({ path: `${SHOTS}/admin-edition-report-clicks-${width}.png` });
      expect(problems).toEqual([]);
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
