import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

// Bad input never reaches a 500: every reader route answers a clear 4xx (or a page) for it.
describe('reader routes under bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await t.services.articles.create(
      {
        headline: 'Storm warning',
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: new Date('2026-11-24T08:00:00Z'),
        body: SAMPLE_BODY,
      },
      'test',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['/?page=abc', 400],
    ['/?page=1&page=2', 400],
    ['/?page=99999999999999999999', 400],
    ['/news?page=-1', 400],
    ['/search?q=%E0%A4%A', 200],
    [`/search?q=${'x'.repeat(500)}`, 400],
    ['/search?q="unbalanced AND OR NOT (', 200],
    ['/search?q=*', 200],
    ['/search?q=%00%01', 200],
    ['/search?page=0', 400],
    ['/authors/Not_A_Slug', 400],
    ['/tags/UPPER', 400],
    ['/news/2026/13/99/storm-warning', 301],
    ['/news/20x6/11/24/storm-warning', 400],
    [`/news/2026/11/24/${'a'.repeat(300)}`, 414],
    ['/%ZZ', 400],
  ])('%s → %i', async (url, status) => {
    const r = await t.app.inject(url);
    expect(r.statusCode).toBe(status);
    if (status >= 400) {
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('answers JSON, not a page, under /api', async () => {
    const r = await t.app.inject('/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('never answers 5xx to random paths and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.constantFrom('news', 'search', 'authors', 'tags', '2026', '11', 'storm-warning', '..', '%2F', '%'), fc.string()),
          { maxLength: 6 },
        ),
        fc.dictionary(fc.constantFrom('q', 'page', 'utm_source', 'x'), fc.string(), { maxKeys: 3 }),
        async (segments, query) => {
          const qs = new URLSearchParams(query).toString();
          const url = `/${segments.map((s) => encodeURIComponent(s)).join('/')}${qs ? `?${qs}` : ''}`;
          const r = await t.app.inject(url);
          expect(r.statusCode, url).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});
