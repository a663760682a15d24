import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Article } from '../articles/article.js';
import type { ArticleInput } from '../articles/article-service.js';
import { DIALECTS } from '../db/test-databases.js';
import { ANONYMOUS } from '../reading/index.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { registerFeedRoutes } from './feed-routes.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['item', 'entry', 'url', 'sitemap', 'category', 'dc:creator'].includes(name),
});

/** A character XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF), or DEL and C1 controls. */
function isBadChar(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f) || c === 0xfffe || c === 0xffff;
}

interface Text {
  '#text': string;
  [attr: `@_${string}`]: string;
}
interface RssItem {
  title: string;
  link: string;
  guid: Text;
  pubDate: string;
  description: string;
  'dc:creator': string[];
  category: Text[];
  'content:encoded': string;
}
interface AtomEntry {
  id: string;
  title: Text;
  link: { '@_href': string } | { '@_href': string }[];
  published: string;
  summary: Text;
  content: Text;
}
interface NewsUrl {
  loc: string;
  'news:news': unknown;
}

/** Validates, checks for forbidden characters, and parses (the parser's result is untyped). */
function parse(body: string) {
  expect(XMLValidator.validate(body)).toBe(true);
  expect([...body].some(isBadChar)).toBe(false);
  return parser.parse(body);
}

const hrefOf = (e: AtomEntry) => (Array.isArray(e.link) ? (e.link[0]?.['@_href'] ?? '') : e.link['@_href']);

const NASTY_HEADLINE = `Fish & chips <b>"best"</b> it's\u0007 here`;
const CLEAN_HEADLINE = `Fish & chips <b>"best"</b> it's here`;
const HIDDEN = ['secret-draft', 'embargoed-story', 'withdrawn-story', 'Secret draft', 'Embargoed story', 'Withdrawn story'];

describe.each(DIALECTS)('feeds and sitemaps on %s', (dialect) => {
  let t: TestApp;
  const story = (over: Partial<ArticleInput> & { headline: string }): ArticleInput => ({
    section: 'news',
    authors: ['mara-quint'],
    status: 'published',
    body: SAMPLE_BODY,
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    const a = t.services.articles;
    await a.create(
      story({
        headline: 'Harbour dredging delayed',
        dek: 'The vote pushes the work into spring.',
        authors: ['mara-quint', 'tobias-renn'],
        tags: ['harbour'],
        publishedAt: new Date('2026-11-24T08:00:00Z'),
      }),
      'test',
    );
    await a.create(
      story({ headline: NASTY_HEADLINE, slug: 'fish-and-chips', section: 'sport', publishedAt: new Date('2026-11-25T07:00:00Z') }),
      'test',
    );
    await a.create(story({ headline: 'Council budget passed', publishedAt: new Date('2026-11-10T10:00:00Z') }), 'test');
    await a.create(story({ headline: 'Secret draft', slug: 'secret-draft', status: 'draft' }), 'test');
    await a.create(story({ headline: 'Embargoed story', status: 'scheduled', publishedAt: new Date('2026-12-01T06:00:00Z') }), 'test');
    const withdrawn = await a.create(story({ headline: 'Withdrawn story', publishedAt: new Date('2026-11-24T10:00:00Z') }), 'test');
    await a.unpublish(withdrawn.id, 'test');
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the paper’s RSS feed with the published stories, newest first', async () => {
    const r = await t.app.inject('/feed.xml');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    const channel = parse(r.body).rss.channel;
    expect(channel.link).toBe('https://paper.test/');
    expect(channel['atom:link']['@_href']).toBe('https://paper.test/feed.xml');
    const items: RssItem[] = channel.item;
    expect(items.map((i) => i.title)).toEqual([CLEAN_HEADLINE, 'Harbour dredging delayed', 'Council budget passed']);
    const harbour = items[1] as RssItem;
    const article = (await t.services.articles.get('harbour-dredging-delayed')) as Article;
    expect(harbour.link).toBe('https://paper.test/news/2026/11/24/harbour-dredging-delayed');
    expect(harbour.guid).toEqual({ '#text': article.id, '@_isPermaLink': 'false' });
    expect(harbour.pubDate).toBe('Tue, 24 Nov 2026 08:00:00 +0000');
    expect(harbour.description).toBe('The vote pushes the work into spring.');
    expect(harbour['dc:creator']).toEqual(['Mara Quint', 'Tobias Renn']);
    expect(harbour.category.map((c) => c['#text'])).toEqual(['News', 'harbour']);
    // Metered: the dek, the lead-in and a link; never the walled text.
    expect(harbour['content:encoded']).toContain('The harbour authority voted on Tuesday');
    expect(harbour['content:encoded']).toContain('Read the full story');
    expect(harbour['content:encoded']).not.toContain('The ferry timetable is not affected.');
    expect(r.body).not.toContain('The ferry timetable is not affected.');
  });

  it('escapes headlines: ampersands, markup, quotes and control characters', async () => {
    // The control character really is stored: the feeds must drop it, not the newsroom.
    expect((await t.services.articles.get('fish-and-chips'))?.headline).toBe(NASTY_HEADLINE);
    const r = await t.app.inject('/feed.xml');
    expect(r.body).toContain('<title>Fish &amp; chips &lt;b&gt;&quot;best&quot;&lt;/b&gt; it&apos;s here</title>');
    const atom = await t.app.inject('/atom.xml');
    const entries: AtomEntry[] = parse(atom.body).feed.entry;
    const entry = entries.find((e) => hrefOf(e).endsWith('/fish-and-chips'));
    expect(entry?.title['#text']).toBe(CLEAN_HEADLINE);
    const news = await t.app.inject('/news-sitemap.xml');
    expect(news.body).toContain('<news:title>Fish &amp; chips &lt;b&gt;&quot;best&quot;&lt;/b&gt; it&apos;s here</news:title>');
  });

  it('serves the same stories as Atom', async () => {
    const r = await t.app.inject('/atom.xml');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    const feed = parse(r.body).feed;
    const entries: AtomEntry[] = feed.entry;
    expect(entries).toHaveLength(3);
    const article = (await t.services.articles.get('harbour-dredging-delayed')) as Article;
    const harbour = entries.find((e) => e.id === `urn:uuid:${article.id}`);
    expect(harbour?.published).toBe('2026-11-24T08:00:00Z');
    expect(harbour?.content['@_type']).toBe('html');
    // The lead-in: at most a quarter of this short story's text (src/meter/lead-in.ts), so its
    // first paragraph and not the second.
    expect(harbour?.content['#text']).toContain('The harbour authority voted on Tuesday');
    expect(harbour?.content['#text']).not.toContain('silt samples');
    expect(harbour?.summary['#text']).toBe('The vote pushes the work into spring.');
  });

  it('serves a section’s feed, and 404 for unknown or reserved sections', async () => {
    const news = parse((await t.app.inject('/news/feed.xml')).body).rss.channel;
    expect(news.title).toBe('News | Masthead');
    expect(news.link).toBe('https://paper.test/news');
    expect(news.item.map((i: { title: string }) => i.title)).toEqual(['Harbour dredging delayed', 'Council budget passed']);
    const sport = parse((await t.app.inject('/sport/feed.xml')).body).rss.channel;
    expect(sport.item.map((i: { title: string }) => i.title)).toEqual([CLEAN_HEADLINE]);
    for (const url of [
      '/nowhere/feed.xml',
      '/api/feed.xml',
      '/admin/feed.xml',
      '/News/feed.xml',
      '/b%20d/feed.xml',
      `/${'x'.repeat(150)}/feed.xml`,
    ]) {
      expect((await t.app.inject(url)).statusCode, url).toBe(404);
    }
  });

  it('takes feed text from the content-read service, and only the lead-in when it is not full', async () => {
    const reader = t.services.reader;
    const real = reader.read.bind(reader);
    const spy = vi.spyOn(reader, 'read').mockImplementation((article, viewer) => {
      const reading = real(article, viewer);
      return { ...reading, blocks: reading.leadIn, full: false };
    });
    try {
      t.services.pageCache.clear();
      const r = await t.app.inject('/feed.xml');
      expect(spy).toHaveBeenCalledTimes(3);
      for (const call of spy.mock.calls) expect(call.slice(1)).toEqual([ANONYMOUS]);
      const items: RssItem[] = parse(r.body).rss.channel.item;
      const content = items[1]?.['content:encoded'] ?? '';
      expect(content).toContain('<p>The vote pushes the work into spring.</p>');
      expect(content).toContain('The harbour authority voted');
      expect(content).not.toContain('ferry timetable');
      expect(content).toContain('<a href="https://paper.test/news/2026/11/24/harbour-dredging-delayed">Read the full story</a>');
      const atom: AtomEntry[] = parse((await t.app.inject('/atom.xml')).body).feed.entry;
      expect(atom[1]?.content['#text']).not.toContain('ferry timetable');
    } finally {
      spy.mockRestore();
      t.services.pageCache.clear();
    }
  });

  it('lists the front, sections, authors and published stories in the sitemap', async () => {
    const r = await t.app.inject('/sitemap.xml');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    const urls = parse(r.body).urlset.url as { loc: string; lastmod?: string }[];
    expect(urls.map((u) => u.loc).sort()).toEqual(
      [
        'https://paper.test/',
        'https://paper.test/news',
        'https://paper.test/sport',
        'https://paper.test/authors/mara-quint',
        'https://paper.test/authors/tobias-renn',
        'https://paper.test/news/2026/11/10/council-budget-passed',
        'https://paper.test/news/2026/11/24/harbour-dredging-delayed',
        'https://paper.test/sport/2026/11/25/fish-and-chips',
      ].sort(),
    );
    expect(urls.find((u) => u.loc.endsWith('/harbour-dredging-delayed'))?.lastmod).toBe('2026-11-24T08:00:00Z');
  });

  it('has only the last 48 hours in the news sitemap, by the app’s clock', async () => {
    const r = await t.app.inject('/news-sitemap.xml');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/xml; charset=utf-8');
    const urls: NewsUrl[] = parse(r.body).urlset.url;
    expect(urls.map((u) => u.loc)).toEqual([
      'https://paper.test/sport/2026/11/25/fish-and-chips',
      'https://paper.test/news/2026/11/24/harbour-dredging-delayed',
    ]);
    expect(urls[1]?.['news:news']).toEqual({
      'news:publication': { 'news:name': 'Masthead', 'news:language': 'en' },
      'news:publication_date': '2026-11-24T08:00:00Z',
      'news:title': 'Harbour dredging delayed',
    });
    const saved = t.clock.now;
    try {
      t.clock.set(new Date('2026-11-26T12:00:00Z'));
      const later = parse((await t.app.inject('/news-sitemap.xml')).body).urlset.url as { loc: string }[];
      expect(later.map((u) => u.loc)).toEqual(['https://paper.test/sport/2026/11/25/fish-and-chips']);
      t.clock.set(new Date('2026-11-28T12:00:00Z'));
      expect(parse((await t.app.inject('/news-sitemap.xml')).body).urlset.url).toBeUndefined();
    } finally {
      t.clock.set(saved);
    }
  });

  it('never shows drafts, scheduled or unpublished stories', async () => {
    for (const url of ['/feed.xml', '/atom.xml', '/news/feed.xml', '/sitemap.xml', '/sitemap-1.xml', '/news-sitemap.xml']) {
      const r = await t.app.inject(url);
      expect(r.statusCode, url).toBe(200);
      for (const hidden of HIDDEN) expect(r.body, `${url} ${hidden}`).not.toContain(hidden);
    }
  });

  it('serves robots.txt', async () => {
    const r = await t.app.inject('/robots.txt');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    const lines = r.body.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    for (const line of [
      'Allow: /',
      'Disallow: /api/',
      'Disallow: /account$',
      'Disallow: /account/',
      'Disallow: /admin$',
      'Disallow: /admin/',
      'Disallow: /search$',
      'Disallow: /search?',
    ]) {
      expect(lines).toContain(line);
    }
    expect(lines).toContain('Sitemap: https://paper.test/sitemap.xml');
    expect(lines).toContain('Sitemap: https://paper.test/news-sitemap.xml');
    expect(lines.filter((l) => l.startsWith('Disallow: /news') || l.startsWith('Disallow: /sport'))).toEqual([]);
  });

  it('ignores query strings, and never answers 500 for odd ones', async () => {
    const plain = await t.app.inject('/feed.xml');
    for (const url of [
      '/feed.xml?page=abc',
      '/feed.xml?%zz=%zz&a[b]=1&a=2',
      '/atom.xml?utm_source=x&utm_source=y',
      '/news/feed.xml?page=-1',
      '/sitemap.xml?page=0',
      '/news-sitemap.xml?since=yesterday',
      '/robots.txt?x',
    ]) {
      const r = await t.app.inject(url);
      expect(r.statusCode, url).toBe(200);
    }
    expect((await t.app.inject('/feed.xml?page=abc')).body).toBe(plain.body);
    for (const url of ['/sitemap-0.xml', '/sitemap-2.xml', '/sitemap-01.xml', '/sitemap-abc.xml', '/sitemap-99999999999.xml']) {
      const r = await t.app.inject(url);
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, url).toBeLessThan(500);
    }
  });

  it('serves from the page cache: compressed, with an ETag, 304 when unchanged, HEAD without a body', async () => {
    const r = await t.app.inject({ url: '/feed.xml', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(r.headers['content-encoding']).toBe('br');
    const again = await t.app.inject({ url: '/feed.xml', headers: { 'if-none-match': r.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    const head = await t.app.inject({ method: 'HEAD', url: '/sitemap.xml' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('splits the sitemap into an index of files past the threshold', async () => {
    // Same services, a second app with a tiny threshold: 5 fixed URLs + 3 stories over files of 3.
    const small = Fastify();
    registerFeedRoutes(small, t.services, { sitemapUrlsPerFile: 3 });
    await small.ready();
    t.services.pageCache.clear();
    try {
      const index = parse((await small.inject('/sitemap.xml')).body).sitemapindex;
      const locs = (index.sitemap as { loc: string }[]).map((s) => s.loc);
      expect(locs).toEqual(['https://paper.test/sitemap-1.xml', 'https://paper.test/sitemap-2.xml', 'https://paper.test/sitemap-3.xml']);
      const all: string[] = [];
      for (const loc of locs) {
        const r = await small.inject(new URL(loc).pathname);
        expect(r.statusCode).toBe(200);
        const urls = parse(r.body).urlset.url as { loc: string }[];
        expect(urls.length).toBeLessThanOrEqual(3);
        all.push(...urls.map((u) => u.loc));
      }
      expect(all).toHaveLength(8);
      expect(new Set(all).size).toBe(8);
      expect(all).toContain('https://paper.test/sport/2026/11/25/fish-and-chips');
      expect((await small.inject('/sitemap-4.xml')).statusCode).toBe(404);
    } finally {
      t.services.pageCache.clear();
      await small.close();
    }
  });

  it('shows a story once it is published (content changes empty the cache)', async () => {
    const before = await t.app.inject('/feed.xml');
    expect(before.body).not.toContain('Secret draft');
    const draft = (await t.services.articles.get('secret-draft')) as Article;
    await t.services.articles.publish(draft.id, 'test');
    const after = parse((await t.app.inject('/feed.xml')).body).rss.channel.item as { title: string }[];
    expect(after[0]?.title).toBe('Secret draft');
    expect((await t.app.inject('/sitemap.xml')).body).toContain('/news/2026/11/25/secret-draft');
  });
});
