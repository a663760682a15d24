import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildNewsSitemap,
  buildSitemapIndex,
  buildUrlset,
  newsLanguage,
  SITEMAP_URLS_PER_FILE,
  sitemapFileCount,
  sitemapPageRange,
} from './sitemap.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (n) => n === 'url' || n === 'sitemap',
});

describe('buildUrlset', () => {
  it('writes locations, escaped, with lastmod when known', () => {
    const xml = buildUrlset([
      { loc: 'https://paper.test/' },
      { loc: 'https://paper.test/search?q=a&b=<c>', lastmod: new Date('2026-11-24T08:00:00.500Z') },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const set = parser.parse(xml).urlset;
    expect(set['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(set.url).toEqual([
      { loc: 'https://paper.test/' },
      { loc: 'https://paper.test/search?q=a&b=<c>', lastmod: '2026-11-24T08:00:00Z' },
    ]);
    expect(xml).toContain('<loc>https://paper.test/search?q=a&amp;b=&lt;c&gt;</loc>');
  });

  it('is valid when empty', () => {
    expect(XMLValidator.validate(buildUrlset([]))).toBe(true);
  });
});

describe('buildSitemapIndex', () => {
  it('lists the sitemap files', () => {
    const xml = buildSitemapIndex([{ loc: 'https://paper.test/sitemap-1.xml' }, { loc: 'https://paper.test/sitemap-2.xml' }]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const index = parser.parse(xml).sitemapindex;
    expect(index['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(index.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      'https://paper.test/sitemap-1.xml',
      'https://paper.test/sitemap-2.xml',
    ]);
  });
});

describe('buildNewsSitemap', () => {
  it('writes the publication, the date and the title of each story', () => {
    const xml = buildNewsSitemap({ name: 'Tom & Jerry Daily', language: 'en-GB' }, [
      { loc: 'https://paper.test/news/2026/11/24/a', title: `"Quotes" & <tags>\u0008`, publishedAt: new Date('2026-11-24T08:00:00Z') },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const set = parser.parse(xml).urlset;
    expect(set['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    expect(set.url[0]).toEqual({
      loc: 'https://paper.test/news/2026/11/24/a',
      'news:news': {
        'news:publication': { 'news:name': 'Tom & Jerry Daily', 'news:language': 'en' },
        'news:publication_date': '2026-11-24T08:00:00Z',
        'news:title': `"Quotes" & <tags>`,
      },
    });
  });

  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['de', 'de'],
    ['zh-CN', 'zh-cn'],
    ['zh-TW', 'zh-tw'],
    ['zh', 'zh-cn'],
  ])('language %s → %s', (input, expected) => {
    expect(newsLanguage(input)).toBe(expected);
  });
});

describe('sitemap paging', () => {
  it('needs one file up to the limit and an index past it', () => {
    expect(sitemapFileCount(0, 45_000)).toBe(1);
    expect(sitemapFileCount(45_000, 45_000)).toBe(1);
    expect(sitemapFileCount(45_001, 45_000)).toBe(2);
    expect(sitemapFileCount(100_000 + 57, SITEMAP_URLS_PER_FILE)).toBe(3);
  });

  it.each([
    // page, perFile, fixed, articles → range
    [1, 10, 3, 5, { fixedFrom: 0, fixedTo: 3, articleOffset: 0, articleLimit: 5 }],
    [1, 3, 5, 4, { fixedFrom: 0, fixedTo: 3, articleOffset: 0, articleLimit: 0 }],
    [2, 3, 5, 4, { fixedFrom: 3, fixedTo: 5, articleOffset: 0, articleLimit: 1 }],
    [3, 3, 5, 4, { fixedFrom: 5, fixedTo: 5, articleOffset: 1, articleLimit: 3 }],
    [1, 10, 0, 0, { fixedFrom: 0, fixedTo: 0, articleOffset: 0, articleLimit: 0 }],
  ])('page %i of %i per file, %i fixed, %i stories', (page, perFile, fixed, articles, expected) => {
    expect(sitemapPageRange(page, perFile, fixed, articles)).toEqual(expected);
  });

  it('has no page 0, no fractional page and nothing past the end', () => {
    expect(sitemapPageRange(0, 3, 5, 4)).toBeUndefined();
    expect(sitemapPageRange(1.5, 3, 5, 4)).toBeUndefined();
    expect(sitemapPageRange(4, 3, 5, 4)).toBeUndefined();
    expect(sitemapPageRange(2, 10, 3, 5)).toBeUndefined();
  });

  it('covers 100,000 stories and the fixed pages exactly once, no file over the limit', () => {
    const fixed = 60;
    const articles = 100_000;
    const files = sitemapFileCount(fixed + articles, SITEMAP_URLS_PER_FILE);
    let nextFixed = 0;
    let nextArticle = 0;
    for (let page = 1; page <= files; page++) {
      const r = sitemapPageRange(page, SITEMAP_URLS_PER_FILE, fixed, articles);
      if (!r) throw new Error(`no page ${page}`);
      expect(r.fixedFrom).toBe(nextFixed);
      expect(r.articleOffset).toBe(nextArticle);
      const size = r.fixedTo - r.fixedFrom + r.articleLimit;
      expect(size).toBeLessThanOrEqual(SITEMAP_URLS_PER_FILE);
      expect(size).toBeLessThanOrEqual(50_000);
      nextFixed = r.fixedTo;
      nextArticle += r.articleLimit;
    }
    expect(nextFixed).toBe(fixed);
    expect(nextArticle).toBe(articles);
    expect(sitemapPageRange(files + 1, SITEMAP_URLS_PER_FILE, fixed, articles)).toBeUndefined();
  });
});
