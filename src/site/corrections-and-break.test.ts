/**
 * Corrections as data (the story's JSON-LD and the public /corrections page) and the editor's
 * paywall break (where a walled reader's lead-in ends), through real HTTP on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const FIRST = 'The ferry company said on Monday that two crossings a day would stop until February.';
const SECOND = 'Crew numbers have fallen since the summer, when six deckhands left for the oil terminal.';
const THIRD = 'The council has asked the company to publish a recovery plan before the end of the month.';

function jsonLd(html: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m?.[1]) throw new Error('no JSON-LD');
  return JSON.parse(m[1]);
}

describe.each(DIALECTS)('corrections and the paywall break on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    const base = { section: 'news', authors: ['mara-quint'], status: 'published' as const };
    await t.services.articles.create(
      {
        ...base,
        headline: 'Ferry crossings cut',
        publishedAt: new Date('2026-11-20T08:00:00Z'),
        updates: [
          { notedAt: new Date('2026-11-20T12:00:00Z'), note: 'Adds the council’s response.' },
          { notedAt: new Date('2026-11-21T09:00:00Z'), note: 'An earlier version gave the wrong month for the cut.', correction: true },
        ],
        access: 'subscribers',
        bodyDoc: {
          type: 'doc',
          content: [
            para(FIRST),
            { type: 'paywallBreak' },
            para(SECOND),
            para(THIRD),
            ...Array.from({ length: 8 }, (_, i) => para(`Paragraph ${i + 4} of the story goes on about timetables, crews and the winter.`)),
          ],
        },
      },
      'desk',
    );
    await t.services.articles.create(
      {
        ...base,
        headline: 'Harbour dredging delayed',
        publishedAt: new Date('2026-11-22T08:00:00Z'),
        updates: [{ notedAt: new Date('2026-11-23T10:00:00Z'), note: 'We misspelt the harbour master’s name.', correction: true }],
        body: 'The harbour authority voted to delay the dredging.',
      },
      'desk',
    );
    await t.services.articles.create(
      {
        ...base,
        status: 'draft',
        headline: 'Draft with a correction',
        updates: [{ notedAt: new Date('2026-11-24T10:00:00Z'), note: 'Not yet public.', correction: true }],
        body: 'Draft.',
      },
      'desk',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks corrections in the story’s JSON-LD as CorrectionComments, and labels them on the page', async () => {
    const r = await t.app.inject('/news/2026/11/20/ferry-crossings-cut');
    expect(r.statusCode).toBe(200);
    expect(jsonLd(r.body).correction).toEqual([
      {
        '@type': 'CorrectionComment',
        text: 'An earlier version gave the wrong month for the cut.',
        datePublished: '2026-11-21T09:00:00.000Z',
      },
    ]);
    expect(r.body).toContain('<strong class="update-kind">Correction: </strong>An earlier version gave the wrong month');
    const plain = await t.app.inject('/news/2026/11/22/harbour-dredging-delayed');
    expect(jsonLd(plain.body).correction).toHaveLength(1);
  });

  it('lists corrections on live stories at /corrections, newest first, each linking to its story', async () => {
    const r = await t.app.inject('/corrections');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toContain('public');
    const body = r.body;
    expect(body).toContain('<h1 class="page-title">Corrections</h1>');
    const harbour = body.indexOf('We misspelt the harbour master’s name.');
    const ferry = body.indexOf('An earlier version gave the wrong month for the cut.');
    expect(harbour).toBeGreaterThan(0);
    expect(ferry).toBeGreaterThan(harbour);
    expect(body).toContain('href="/news/2026/11/22/harbour-dredging-delayed"');
    expect(body).toContain('href="/news/2026/11/20/ferry-crossings-cut"');
    expect(body).not.toContain('Not yet public.');
    expect(body).not.toContain('Adds the council’s response.');
    // The paper's chrome: the site header and footer.
    expect(body).toContain('class="site-head"');
    expect((await t.app.inject('/corrections?page=2')).statusCode).toBe(404);
    expect((await t.app.inject('/corrections?page=0')).statusCode).toBe(400);
  });

  it('ends a walled reader’s lead-in at the editor’s paywall break', async () => {
    const article = await t.services.articles.get('ferry-crossings-cut');
    expect(article?.paywallBreak).toBe(1);
    const r = await t.app.inject('/news/2026/11/20/ferry-crossings-cut');
    expect(r.body).toContain(FIRST);
    // Without the break, the policy's caps (two blocks, a quarter of the text) would allow the
    // second paragraph's opening; the break stops before it.
    expect(r.body).not.toContain(SECOND.slice(0, 30));
    expect(r.body).not.toContain(THIRD.slice(0, 30));
  });
});
