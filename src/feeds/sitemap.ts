/**
 * Sitemaps (https://www.sitemaps.org/protocol.html), sitemap indexes, and Google News sitemaps
 * (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap). Pure:
 * typed values in, XML out, plus the arithmetic of splitting many URLs over several files.
 */
import { el, parentEl, rfc3339, XML_DECLARATION } from './xml.js';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/**
 * The protocol allows 50,000 URLs (and 50 MB) a file; we stay below it with room to spare, so
 * a few stories published between the count and the page never push a file over.
 */
export const SITEMAP_URLS_PER_FILE = 45_000;

/** Google News reads stories from the last two days, at most 1,000 a sitemap. */
export const NEWS_SITEMAP_WINDOW_MS = 48 * 60 * 60 * 1000;
export const NEWS_SITEMAP_MAX = 1_000;

export interface SitemapUrl {
  loc: string;
  lastmod?: Date | undefined;
}

export interface NewsSitemapEntry {
  loc: string;
  title: string;
  publishedAt: Date;
}

export interface NewsPublication {
  name: string;
  /** The site's BCP 47 language; written as Google News wants it. */
  language: string;
}

const lines = (xs: readonly string[]) => xs.map((x) => `\n${x}`).concat('\n');

export function buildUrlset(urls: readonly SitemapUrl[]): string {
  const items = urls.map((u) => parentEl('url', [el('loc', u.loc), ...(u.lastmod ? [el('lastmod', rfc3339(u.lastmod))] : [])]));
  return `${XML_DECLARATION}\n${parentEl('urlset', lines(items), { xmlns: SITEMAP_NS })}\n`;
}

export function buildSitemapIndex(sitemaps: readonly SitemapUrl[]): string {
  const items = sitemaps.map((s) => parentEl('sitemap', [el('loc', s.loc), ...(s.lastmod ? [el('lastmod', rfc3339(s.lastmod))] : [])]));
  return `${XML_DECLARATION}\n${parentEl('sitemapindex', lines(items), { xmlns: SITEMAP_NS })}\n`;
}

export function buildNewsSitemap(publication: NewsPublication, entries: readonly NewsSitemapEntry[]): string {
  const pub = parentEl('news:publication', [el('news:name', publication.name), el('news:language', newsLanguage(publication.language))]);
  const items = entries.map((e) =>
    parentEl('url', [
      el('loc', e.loc),
      parentEl('news:news', [pub, el('news:publication_date', rfc3339(e.publishedAt)), el('news:title', e.title)]),
    ]),
  );
  return `${XML_DECLARATION}\n${parentEl('urlset', lines(items), { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS })}\n`;
}

/**
 * Google News wants an ISO 639 code, lowercase, except `zh-cn` and `zh-tw` for Chinese:
 * `en-GB` → `en`, `zh-TW` → `zh-tw`.
 */
export function newsLanguage(bcp47: string): string {
  const lower = bcp47.toLowerCase();
  if (lower === 'zh-tw' || lower === 'zh-hant' || lower.startsWith('zh-hant-')) return 'zh-tw';
  if (lower.startsWith('zh')) return 'zh-cn';
  return lower.split('-')[0] || 'en';
}

/** How many sitemap files `total` URLs need; more than one means /sitemap.xml is an index. */
export function sitemapFileCount(total: number, perFile: number): number {
  return Math.max(1, Math.ceil(total / perFile));
}

/**
 * Which URLs file `page` (1-based) holds, when the fixed URLs (front, section fronts, author
 * pages) come first and the stories after them, oldest first so that publishing only ever
 * changes the last file. Undefined for a page past the end.
 */
export function sitemapPageRange(
  page: number,
  perFile: number,
  fixedCount: number,
  articleCount: number,
): { fixedFrom: number; fixedTo: number; articleOffset: number; articleLimit: number } | undefined {
  if (!Number.isInteger(page) || page < 1 || page > sitemapFileCount(fixedCount + articleCount, perFile)) return undefined;
  const start = (page - 1) * perFile;
  const end = Math.min(start + perFile, fixedCount + articleCount);
  const fixedFrom = Math.min(start, fixedCount);
  const fixedTo = Math.min(end, fixedCount);
  const articleOffset = Math.max(0, start - fixedCount);
  const articleLimit = Math.max(0, end - Math.max(start, fixedCount));
  return { fixedFrom, fixedTo, articleOffset, articleLimit };
}
