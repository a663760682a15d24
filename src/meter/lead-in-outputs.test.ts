/**
 * The lead-in in every output: a story that opens with a long list or table does not
 * give itself away on the page, in the feeds or in the Content API, and a one-paragraph story
 * shows its opening sentence or so. Through HTTP on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import type { AccessLevel } from '../articles/article.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const LIST = Array.from({ length: 40 }, (_, i) => `- Listed item ${i} of the council's secret spending plan`).join('\n');
const TABLE = ['| Ward | Budget |', '| --- | --- |', ...Array.from({ length: 40 }, (_, i) => `| Ward ${i} tabled | ${i * 1000} |`)].join(
  '\n',
);
const LATER = Array.from({ length: 6 }, (_, i) => `Paragraph ${i} after the opening, with more of the reporting behind the wall.`).join(
  '\n\n',
);
const ONE_PARAGRAPH = [
  'The harbour authority voted on Tuesday to delay the dredging until spring.',
  'Officials said the silt samples came back late.',
  'The chair said the ferry timetable is not affected.',
  'Fishermen said they would believe it when they saw the boats.',
  'The next meeting is in March, when the contract will be signed.',
  'Residents can comment until the end of January.',
].join(' ');

describe.each(DIALECTS)('the lead-in in every output on %s', (dialect) => {
  let t: TestApp;
  const paths = new Map<string, { id: string; path: string }>();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    await seedBasics(t.services);
    const publish = async (name: string, body: string, access: AccessLevel) => {
      const a = await t.services.articles.create(
        {
          headline: `The ${name} story`,
          dek: `The dek of the ${name} story.`,
          section: 'news',
          authors: ['mara-quint'],
          status: 'published',
          access,
          publishedAt: new Date('2026-11-20T08:00:00Z'),
          body,
        },
        'test',
      );
      paths.set(name, { id: a.id, path: `/news/2026/11/20/${a.slug}` });
    };
    await publish('list', `${LIST}\n\n${LATER}`, 'subscribers');
    await publish('table', `A short opening line.\n\n${TABLE}\n\n${LATER}`, 'subscribers');
    await publish('single', ONE_PARAGRAPH, 'subscribers');
  });
  afterAll(async () => {
    await t.close();
  });

  const outputs = async (name: string) => {
    const s = paths.get(name) as { id: string; path: string };
    const page = (await new TestBrowser(t.app).get(s.path)).body;
    const api = (await t.app.inject(`/api/v1/articles/${s.id}`)).json() as { lead_in_html?: string; body_html?: string };
    const feed = (await t.app.inject('/feed.xml')).body;
    return { page, api, feed };
  };

  it('stops before a long opening list: none of it on the page, in the API or in the feed', async () => {
    const { page, api, feed } = await outputs('list');
    expect(page).toContain('class="paywall"');
    for (const text of [page, api.lead_in_html ?? '', feed]) {
      expect(text).not.toContain('Listed item');
      expect(text).not.toContain('Paragraph 0 after the opening');
    }
    expect(api.body_html).toBeUndefined();
  });

  it('shows a short first block, then stops before a long table', async () => {
    const { page, api, feed } = await outputs('table');
    expect(page).toContain('A short opening line.');
    expect(api.lead_in_html).toContain('A short opening line.');
    for (const text of [page, api.lead_in_html ?? '', feed]) expect(text).not.toContain('tabled');
  });

  it('gives a one-paragraph story its opening sentences, never most of it', async () => {
    const { page, api, feed } = await outputs('single');
    for (const text of [page, api.lead_in_html ?? '']) {
      expect(text).toContain('The harbour authority voted on Tuesday to delay the dredging until spring.');
      expect(text).not.toContain('Residents can comment');
      expect(text).not.toContain('The next meeting is in March');
    }
    expect(feed).not.toContain('Residents can comment');
  });
});
