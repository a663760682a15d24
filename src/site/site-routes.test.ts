import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('reader website on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    await t.services.articles.create(
      {
        headline: 'Harbour dredging delayed',
        dek: 'The vote pushes the work into spring.',
        section: 'news',
        authors: ['mara-quint', 'tobias-renn'],
        tags: ['harbour'],
        dateline: 'PORT ELLERY',
        status: 'published',
        publishedAt: new Date('2026-11-24T08:00:00Z'),
        revisedAt: new Date('2026-11-24T12:00:00Z'),
        updates: [{ notedAt: new Date('2026-11-24T12:00:00Z'), note: 'Updated with the chair’s comments.' }],
        body: SAMPLE_BODY,
      },
      'test',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the front page with the story', async () => {
    const r = await t.app.inject('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('Harbour dredging delayed');
    expect(r.body).toContain('/news/2026/11/24/harbour-dredging-delayed');
  });

  it('serves the article with its parts in order', async () => {
    const r = await t.app.inject('/news/2026/11/24/harbour-dredging-delayed');
    expect(r.statusCode).toBe(200);
    const order = [
      '<h1>Harbour dredging delayed',
      'class="dek"',
      'class="byline"',
      'The harbour authority voted',
      'Updates and corrections',
    ];
    const main = r.body.slice(r.body.indexOf('<article'));
    const positions = order.map((s) => main.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(r.body).toContain('application/ld+json');
    expect(r.body).toContain('rel="canonical" href="https://paper.test/news/2026/11/24/harbour-dredging-delayed"');
    expect(r.body).toContain('Mara Quint</a> and <a');
  });

  it('redirects a wrong date or section to the canonical URL', async () => {
    const r = await t.app.inject('/sport/2026/01/01/harbour-dredging-delayed');
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe('/news/2026/11/24/harbour-dredging-delayed');
  });

  it('sends security headers, a public cache policy on fronts and a private one on metered articles', async () => {
    const r = await t.app.inject('/news/2026/11/24/harbour-dredging-delayed');
    expect(r.headers['content-security-policy']).toContain("script-src 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // The page carries this reader's meter: no shared cache may keep it.
    expect(r.headers['cache-control']).toMatch(/^private/);
    expect(r.headers.vary).toBe('Accept-Encoding');
    const front = await t.app.inject('/');
    expect(front.headers['cache-control']).toMatch(/^public/);
  });

  it('serves compressed bodies once negotiated', async () => {
    const r = await t.app.inject({
      url: '/news/2026/11/24/harbour-dredging-delayed',
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    expect(r.headers['content-encoding']).toBe('br');
    const etag = r.headers.etag as string;
    const again = await t.app.inject({ url: '/news/2026/11/24/harbour-dredging-delayed', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it('answers 404 for unknown pages and 400 for bad paging', async () => {
    expect((await t.app.inject('/no-such-section')).statusCode).toBe(404);
    expect((await t.app.inject('/news/2026/11/24/no-such-story')).statusCode).toBe(404);
    const bad = await t.app.inject('/?page=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('page');
    expect((await t.app.inject('/news?page=0')).statusCode).toBe(400);
  });

  it("shows an author page with the author's photo and stories", async () => {
    const sharp = (await import('sharp')).default;
    const jpeg = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#885533' } })
      .jpeg()
      .toBuffer();
    const photo = await t.services.media.ingestImage(jpeg);
    const { findAuthorBySlug, updateAuthor } = await import('../authors/author-repository.js');
    const author = await findAuthorBySlug(t.services.db, 'mara-quint');
    if (!author) throw new Error('the seeded author is missing');
    await updateAuthor(t.services.db, author.id, { photoImageId: photo.id }, new Date());
    t.services.events.changed();
    const r = await t.app.inject('/authors/mara-quint');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Portrait of Mara Quint');
    expect(r.body).toContain(`/media/${photo.id}/`);
    expect(r.body).toContain('Harbour dredging delayed');
    expect((await t.app.inject('/authors/nobody-here')).statusCode).toBe(404);
  });

  it('searches with snippets', async () => {
    const r = await t.app.inject('/search?q=dredging');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('1 story matches');
    expect(r.body).toContain('<mark>dredging</mark>');
    // The story is metered: for a reader without web only its headline and dek match (search-scope.test.ts).
    expect((await t.app.inject('/search?q=silt')).body).toContain('No stories match');
  });

  it('renames: the old slug redirects and unpublished answers 410', async () => {
    const a = await t.services.articles.get('harbour-dredging-delayed');
    if (!a) throw new Error('missing');
    const { inputFromArticle } = await import('../articles/article-service.js');
    const renamed = await t.services.articles.update(
      a.id,
      { ...inputFromArticle(a), slug: 'dredging-delayed-to-spring' },
      'test',
      a.version,
    );
    const r = await t.app.inject('/news/2026/11/24/harbour-dredging-delayed');
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe('/news/2026/11/24/dredging-delayed-to-spring');
    await t.services.articles.unpublish(renamed.id, 'test');
    expect((await t.app.inject('/news/2026/11/24/dredging-delayed-to-spring')).statusCode).toBe(410);
  });
});
