import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { noneMatch, strongEtag } from './content-api-routes.js';

describe.each(DIALECTS)('Content API on %s', (dialect) => {
  let t: TestApp;
  let harbourId: string;
  let draftId: string;
  let partnerSecret: string;
  let fullTextSecret: string;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    const a = t.services.articles;
    const harbour = await a.create(
      {
        headline: 'Harbour dredging delayed',
        dek: 'The vote pushes the work into spring.',
        section: 'news',
        authors: ['mara-quint'],
        tags: ['harbour'],
        dateline: 'PORT ELLERY',
        status: 'published',
        publishedAt: new Date('2026-11-24T08:00:00Z'),
        updates: [{ notedAt: new Date('2026-11-24T12:00:00Z'), note: 'Adds the chair’s comments.' }],
        body: `${SAMPLE_BODY}\n\nSee [the news desk](/news) for more.`,
      },
      'test',
    );
    harbourId = harbour.id;
    await a.create(
      {
        headline: 'Rovers win the derby',
        section: 'sport',
        authors: ['tobias-renn'],
        tags: ['football'],
        status: 'published',
        publishedAt: new Date('2026-11-23T20:00:00Z'),
        body: 'Two goals late on.',
      },
      'test',
    );
    const draft = await a.create({ headline: 'Secret draft', section: 'news', authors: ['mara-quint'], body: 'Not yet.' }, 'test');
    draftId = draft.id;
    await a.create(
      {
        headline: 'Ferry timetable holds',
        section: 'news',
        authors: ['mara-quint', 'tobias-renn'],
        tags: ['harbour'],
        status: 'published',
        publishedAt: new Date('2026-11-25T07:00:00Z'),
        related: ['harbour-dredging-delayed', 'secret-draft'],
        body: 'The ferries run as before.',
      },
      'test',
    );
    partnerSecret = (await t.services.apiKeys.createKey({ name: 'Wire partner', kind: 'content-partner', role: null, createdBy: 'test' }))
      .secret;
    fullTextSecret = (
      await t.services.apiKeys.createKey({
        name: 'Syndication partner',
        kind: 'content-partner',
        role: null,
        scopes: ['full_text'],
        createdBy: 'test',
      })
    ).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists published articles newest first with paging metadata and caching headers', async () => {
    const r = await get('/api/v1/articles');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/json');
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    expect(r.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(r.headers.vary).toContain('Authorization');
    const json = r.json();
    expect(json.articles.map((x: { slug: string }) => x.slug)).toEqual([
      'ferry-timetable-holds',
      'harbour-dredging-delayed',
      'rovers-win-the-derby',
    ]);
    expect(json.meta).toEqual({ page: 1, per_page: 20, total: 3, pages: 1 });
    const first = json.articles[1];
    expect(first).toMatchObject({
      id: harbourId,
      url: 'https://paper.test/news/2026/11/24/harbour-dredging-delayed',
      section: { slug: 'news', name: 'News' },
      authors: [{ slug: 'mara-quint', name: 'Mara Quint' }],
      access: 'metered',
      published_at: '2026-11-24T08:00:00.000Z',
      hero: null,
    });
    expect(first.body_html).toBeUndefined();
  });

  it('filters by section, tag and author, combined', async () => {
    const slugs = async (q: string) => (await get(`/api/v1/articles?${q}`)).json().articles.map((x: { slug: string }) => x.slug);
    expect(await slugs('section=sport')).toEqual(['rovers-win-the-derby']);
    expect(await slugs('tag=harbour')).toEqual(['ferry-timetable-holds', 'harbour-dredging-delayed']);
    expect(await slugs('author=tobias-renn')).toEqual(['ferry-timetable-holds', 'rovers-win-the-derby']);
    expect(await slugs('author=tobias-renn&section=news&tag=harbour')).toEqual(['ferry-timetable-holds']);
  });

  it('answers 404 naming an unknown section, tag or author', async () => {
    for (const [q, what] of [
      ['section=weather', 'section "weather"'],
      ['tag=nothing-here', 'tag "nothing-here"'],
      ['author=nobody', 'author "nobody"'],
    ] as const) {
      const r = await get(`/api/v1/articles?${q}`);
      expect(r.statusCode).toBe(404);
      expect(r.json().error.message).toContain(what);
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('pages, and refuses bad paging by name', async () => {
    const r = await get('/api/v1/articles?per_page=2&page=2');
    expect(r.json().articles).toHaveLength(1);
    expect(r.json().meta).toEqual({ page: 2, per_page: 2, total: 3, pages: 2 });
    expect((await get('/api/v1/articles?page=9')).json().articles).toEqual([]);
    for (const [q, field] of [
      ['page=0', 'querystring.page'],
      ['page=abc', 'querystring.page'],
      ['per_page=0', 'querystring.per_page'],
      ['per_page=101', 'querystring.per_page'],
      ['per_page=2.5', 'querystring.per_page'],
      ['section=Not%20A%20Slug', 'querystring.section'],
    ]) {
      const bad = await get(`/api/v1/articles?${q}`);
      expect(bad.statusCode, q).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
      expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await get('/api/v1/articles?utm_source=x')).statusCode).toBe(200);
  });

  it('serves a metered article without its body to the public: the lead-in only', async () => {
    const r = await get('/api/v1/articles/harbour-dredging-delayed');
    expect(r.statusCode).toBe(200);
    const a = r.json();
    expect(a.full_text).toBe(false);
    expect(a.body_html).toBeUndefined();
    expect(a.body_text).toBeUndefined();
    expect(a.lead_in_html).toContain('The harbour authority voted on Tuesday');
    expect(r.body).not.toContain('The ferry timetable is not affected.');
  });

  it('serves one published article by slug or id, with the body from the content-read service', async () => {
    const r = await get('/api/v1/articles/harbour-dredging-delayed', { authorization: `Bearer ${fullTextSecret}` });
    expect(r.statusCode).toBe(200);
    const a = r.json();
    expect(a).toMatchObject({
      id: harbourId,
      headline: 'Harbour dredging delayed',
      dek: 'The vote pushes the work into spring.',
      dateline: 'PORT ELLERY',
      tags: [{ slug: 'harbour', name: 'harbour' }],
      updates: [{ at: '2026-11-24T12:00:00.000Z', note: 'Adds the chair’s comments.' }],
      full_text: true,
    });
    expect(a.word_count).toBeGreaterThan(40);
    expect(a.body_html).toContain('<p>The harbour authority voted on Tuesday');
    expect(a.body_html).toContain('href="https://paper.test/news"');
    expect(a.body_text).toContain('Officials said the silt samples');
    expect(a.body_text).not.toContain('<');
    expect(a.lead_in_html).toBeUndefined();
    expect((await get(`/api/v1/articles/${harbourId}`, { authorization: `Bearer ${fullTextSecret}` })).json().slug).toBe(
      'harbour-dredging-delayed',
    );
  });

  it('lists only live related stories and never serves drafts', async () => {
    const ferry = (await get('/api/v1/articles/ferry-timetable-holds')).json();
    expect(ferry.related).toEqual([
      {
        id: harbourId,
        slug: 'harbour-dredging-delayed',
        url: 'https://paper.test/news/2026/11/24/harbour-dredging-delayed',
        headline: 'Harbour dredging delayed',
      },
    ]);
    expect((await get(`/api/v1/articles/${draftId}`)).statusCode).toBe(404);
    expect((await get('/api/v1/articles/secret-draft')).statusCode).toBe(404);
    const missing = await get('/api/v1/articles/no-such-story');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('no-such-story');
  });

  it('answers If-None-Match with 304, and a changed document gets a new ETag', async () => {
    const first = await get('/api/v1/articles/harbour-dredging-delayed');
    const etag = first.headers.etag as string;
    expect(etag).toBe(strongEtag(first.body));
    const again = await get('/api/v1/articles/harbour-dredging-delayed', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await get('/api/v1/articles/harbour-dredging-delayed', { 'if-none-match': `"x", W/${etag}` })).statusCode).toBe(304);
    expect((await get('/api/v1/articles/harbour-dredging-delayed', { 'if-none-match': '"other"' })).statusCode).toBe(200);
    const list = await get('/api/v1/articles');
    expect((await get('/api/v1/articles', { 'if-none-match': list.headers.etag as string })).statusCode).toBe(304);
    await t.services.articles.create(
      {
        headline: 'Late story',
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: new Date('2026-11-25T08:00:00Z'),
        body: 'Late.',
      },
      'test',
    );
    const changed = await get('/api/v1/articles', { 'if-none-match': list.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(list.headers.etag);
  });

  it('reads as a partner with a content-partner key, privately cached; refuses a bad key', async () => {
    const r = await get('/api/v1/articles/harbour-dredging-delayed', { authorization: `Bearer ${partnerSecret}` });
    expect(r.statusCode).toBe(200);
    // A partner key without the full-text grant reads what the public reads.
    expect(r.json().full_text).toBe(false);
    expect(r.body).not.toContain('The ferry timetable is not affected.');
    expect(r.headers['cache-control']).toBe('private, no-cache');
    const bad = await get('/api/v1/articles', {
      authorization: `Bearer ${partnerSecret.slice(0, -2)}${partnerSecret.endsWith('xx') ? 'yy' : 'xx'}`,
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('API_KEY_INVALID');
    expect(bad.headers['www-authenticate']).toContain('Bearer');
    expect((await get('/api/v1/articles', { authorization: 'Basic dXNlcjpwYXNz' })).statusCode).toBe(401);
  });

  it('lists sections, authors and tags', async () => {
    const sections = await get('/api/v1/sections');
    expect(sections.statusCode).toBe(200);
    expect(sections.headers.etag).toBeDefined();
    expect(sections.json().sections.map((x: { slug: string }) => x.slug)).toEqual(['news', 'sport']);
    expect(sections.json().sections[0]).toMatchObject({ name: 'News', description: 'Local news.', url: 'https://paper.test/news' });
    const authors = (await get('/api/v1/authors')).json().authors;
    expect(authors.map((x: { slug: string }) => x.slug)).toEqual(['mara-quint', 'tobias-renn']);
    expect(authors[0]).toMatchObject({ bio: 'Covers the city.', url: 'https://paper.test/authors/mara-quint', photo: null });
    const tags = (await get('/api/v1/tags')).json().tags;
    expect(tags.map((x: { slug: string }) => x.slug)).toEqual(['football', 'harbour']);
  });
});

describe('If-None-Match matching', () => {
  it('uses the weak comparison and understands lists and *', () => {
    expect(noneMatch(undefined, '"a"')).toBe(false);
    expect(noneMatch('"a"', '"a"')).toBe(true);
    expect(noneMatch('W/"a"', '"a"')).toBe(true);
    expect(noneMatch('"b", "a"', '"a"')).toBe(true);
    expect(noneMatch('*', '"a"')).toBe(true);
    expect(noneMatch('"b"', '"a"')).toBe(false);
  });
});
