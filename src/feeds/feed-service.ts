/**
 * The reader site's machine-readable outputs as use-cases: RSS and Atom feeds (whole paper and
 * per section), sitemaps (split into an index past SITEMAP_URLS_PER_FILE), the Google News
 * sitemap and robots.txt. Each is built with the pure builders and kept in the page cache. The
 * content comes through `FeedContent`, ports the composition root wires to the repositories.
 */
import type { Article, ArticleSummary } from '../articles/index.js';
import { articlePath } from '../articles/index.js';
import type { CachedPage } from '../cache/page-cache.js';
import { makeCachedPage } from '../cache/page-cache.js';
import { notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { ANONYMOUS, type ContentReader } from '../reading/index.js';
import { isReservedSlug } from '../sections/index.js';
import type { SiteSettings } from '../settings/index.js';
import { buildAtom } from './atom.js';
import { type FeedChannel, type FeedEntry, presentFeedEntry } from './feed-presenter.js';
import { buildRss } from './rss.js';
import {
  buildNewsSitemap,
  buildSitemapIndex,
  buildUrlset,
  NEWS_SITEMAP_MAX,
  NEWS_SITEMAP_WINDOW_MS,
  type SitemapUrl,
  sitemapFileCount,
  sitemapPageRange,
} from './sitemap.js';

/** Stories in each feed. */
export const FEED_SIZE = 30;

const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const CACHE_CONTROL = 'public, max-age=300';

/** The news sitemap depends on the clock as well as on content: its cache key moves this often. */
const NEWS_BUCKET_MS = 5 * 60 * 1000;

/** A published story's place in a sitemap. */
export interface SitemapEntry {
  slug: string;
  sectionSlug: string;
  publishedAt: Date | null;
  revisedAt: Date | null;
  updatedAt: Date;
}

/** What the feeds read of the content (published stories only). */
export interface FeedContent {
  listRecentArticles(limit: number, sectionId?: string): Promise<Article[]>;
  listPublishedSince(since: Date, limit: number): Promise<ArticleSummary[]>;
  listSitemapEntries(limit: number, offset: number): Promise<SitemapEntry[]>;
  countPublished(): Promise<number>;
  findSectionBySlug(slug: string): Promise<{ id: string; slug: string; name: string; description: string } | undefined>;
  listSections(): Promise<{ slug: string }[]>;
  listAuthors(): Promise<{ slug: string }[]>;
}

/** The page cache as the feeds use it (src/cache/page-cache.ts). */
export interface FeedPageStore {
  get(key: string): CachedPage | undefined;
  set(key: string, page: CachedPage, renderedAtVersion: number): void;
  readonly version: number;
}

export interface FeedServiceDeps {
  publicUrl: string;
  timeZone: string;
  clock: Clock;
  pageCache: FeedPageStore;
  content: FeedContent;
  reader: Pick<ContentReader, 'read'>;
  /** The site's settings (name, language, description), memoised until content changes. */
  chrome(): Promise<{ site: SiteSettings }>;
}

export function createFeedService(deps: FeedServiceDeps) {
  const { publicUrl: base, timeZone: tz, pageCache, content } = deps;

  /** Query strings never change these documents: keys are fixed names. */
  async function cached(key: string, render: () => Promise<CachedPage>): Promise<CachedPage> {
    const fullKey = `feed|${key}`;
    const hit = pageCache.get(fullKey);
    if (hit) return hit;
    const version = pageCache.version;
    const page = await render();
    pageCache.set(fullKey, page, version);
    return page;
  }

  const page = (contentType: string, body: string) => makeCachedPage({ contentType, cacheControl: CACHE_CONTROL, body });

  async function feedEntries(sectionId?: string): Promise<FeedEntry[]> {
    const articles = await content.listRecentArticles(FEED_SIZE, sectionId);
    return articles.map((a) => presentFeedEntry(a, deps.reader.read(a, ANONYMOUS), { publicUrl: base, timeZone: tz }));
  }

  function channel(
    site: SiteSettings,
    entries: FeedEntry[],
    c: { title: string; description: string; path: string; selfPath: string },
  ): FeedChannel {
    const newest = entries.reduce<Date | undefined>((max, e) => (!max || e.updatedAt > max ? e.updatedAt : max), undefined);
    return {
      title: c.title,
      description: c.description,
      language: site.language,
      siteUrl: `${base}${c.path}`,
      selfUrl: `${base}${c.selfPath}`,
      updatedAt: newest ?? deps.clock(),
      publisher: site.name,
    };
  }

  async function paperFeed(selfPath: string): Promise<{ chan: FeedChannel; entries: FeedEntry[] }> {
    const [chrome, entries] = await Promise.all([deps.chrome(), feedEntries()]);
    const { site } = chrome;
    const chan = channel(site, entries, { title: site.name, description: site.description || site.tagline, path: '/', selfPath });
    return { chan, entries };
  }

  /** The URLs that are not stories: the front, the section fronts, the author pages. */
  async function fixedUrls(): Promise<SitemapUrl[]> {
    const [sections, authors] = await Promise.all([content.listSections(), content.listAuthors()]);
    return [
      { loc: `${base}/` },
      ...sections.filter((x) => !isReservedSlug(x.slug)).map((x) => ({ loc: `${base}/${x.slug}` })),
      ...authors.map((a) => ({ loc: `${base}/authors/${a.slug}` })),
    ];
  }

  /** One sitemap file's URLs, or undefined past the last file. */
  async function sitemapUrls(n: number, perFile: number, fixed: SitemapUrl[], articleCount: number): Promise<SitemapUrl[] | undefined> {
    const range = sitemapPageRange(n, perFile, fixed.length, articleCount);
    if (!range) return undefined;
    const entries = range.articleLimit > 0 ? await content.listSitemapEntries(range.articleLimit, range.articleOffset) : [];
    const stories = entries.map((e) => {
      const published = e.publishedAt ?? e.updatedAt;
      const revised = e.revisedAt && e.revisedAt > published ? e.revisedAt : published;
      const path = articlePath(
        { slug: e.slug, section: { id: '', slug: e.sectionSlug, name: '' }, publishedAt: e.publishedAt, updatedAt: e.updatedAt },
        tz,
      );
      return { loc: `${base}${path}`, lastmod: revised };
    });
    return [...fixed.slice(range.fixedFrom, range.fixedTo), ...stories];
  }

  return {
    /** The whole paper's RSS feed. */
    rss: () =>
      cached('/feed.xml', async () => {
        const { chan, entries } = await paperFeed('/feed.xml');
        return page(RSS, buildRss(chan, entries));
      }),

    /** The whole paper's Atom feed. */
    atom: () =>
      cached('/atom.xml', async () => {
        const { chan, entries } = await paperFeed('/atom.xml');
        return page(ATOM, buildAtom(chan, entries));
      }),

    /** A section's RSS feed; 404 for a slug that is not a section's. */
    async sectionRss(slug: string): Promise<CachedPage> {
      if (isReservedSlug(slug)) throw notFound('section');
      return cached(`/${slug}/feed.xml`, async () => {
        const section = await content.findSectionBySlug(slug);
        if (!section) throw notFound('section');
        const [{ site }, entries] = await Promise.all([deps.chrome(), feedEntries(section.id)]);
        const chan = channel(site, entries, {
          title: `${section.name} | ${site.name}`,
          description: section.description || site.description,
          path: `/${slug}`,
          selfPath: `/${slug}/feed.xml`,
        });
        return page(RSS, buildRss(chan, entries));
      });
    },

    /** /sitemap.xml: the one file, or the index of files past `perFile` URLs. */
    sitemap: (perFile: number) =>
      cached('/sitemap.xml', async () => {
        const [fixed, articleCount] = await Promise.all([fixedUrls(), content.countPublished()]);
        const files = sitemapFileCount(fixed.length + articleCount, perFile);
        if (files > 1) {
          const locs = Array.from({ length: files }, (_, i) => ({ loc: `${base}/sitemap-${i + 1}.xml` }));
          return page(XML, buildSitemapIndex(locs));
        }
        return page(XML, buildUrlset((await sitemapUrls(1, perFile, fixed, articleCount)) ?? []));
      }),

    /** Sitemap file `n` (from 1); 404 past the last. */
    sitemapFile: (n: number, perFile: number) =>
      cached(`/sitemap-${n}.xml`, async () => {
        const [fixed, articleCount] = await Promise.all([fixedUrls(), content.countPublished()]);
        const urls = await sitemapUrls(n, perFile, fixed, articleCount);
        if (!urls) throw notFound();
        return page(XML, buildUrlset(urls));
      }),

    /** The Google News sitemap: the stories of the last two days. */
    newsSitemap(): Promise<CachedPage> {
      const now = deps.clock();
      const bucket = Math.floor(now.getTime() / NEWS_BUCKET_MS);
      return cached(`/news-sitemap.xml|${bucket}`, async () => {
        const since = new Date(now.getTime() - NEWS_SITEMAP_WINDOW_MS);
        const [{ site }, recent] = await Promise.all([deps.chrome(), content.listPublishedSince(since, NEWS_SITEMAP_MAX)]);
        const entries = recent
          .filter((a) => a.publishedAt !== null && a.publishedAt <= now)
          .map((a) => ({ loc: `${base}${articlePath(a, tz)}`, title: a.headline, publishedAt: a.publishedAt ?? a.updatedAt }));
        return page(XML, buildNewsSitemap({ name: site.name, language: site.language }, entries));
      });
    },

    robots: () => cached('/robots.txt', async () => page(TEXT, robotsTxt(base))),
  };
}

export type FeedService = ReturnType<typeof createFeedService>;

/**
 * Everything may be crawled except the API, accounts, the newsroom and search results.
 * `$` ends a pattern (RFC 9309 §2.2.3), so `/account` and `/search` are blocked without also
 * blocking a section that merely starts with those letters.
 */
export function robotsTxt(publicUrl: string): string {
  const blocked = ['account', 'admin', 'search'].flatMap((p) => [`Disallow: /${p}$`, `Disallow: /${p}/`, `Disallow: /${p}?`]);
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /api/',
    ...blocked,
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    `Sitemap: ${publicUrl}/news-sitemap.xml`,
    '',
  ].join('\n');
}
