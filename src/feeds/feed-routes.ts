/**
 * The reader site's machine-readable outputs: RSS and Atom feeds (whole paper and per section),
 * sitemaps (split into an index past SITEMAP_URLS_PER_FILE), the Google News sitemap and
 * robots.txt. Thin routes: parse, read, build with the pure builders, serve through the page
 * cache. Registered before the site routes so these names win over `/:section`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articlePath, isSlug } from '../articles/article.js';
import { countPublished, listPublishedSince, listRecentArticles, listSitemapEntries } from '../articles/article-repository.js';
import { listAuthors } from '../authors/author-repository.js';
import type { CachedPage } from '../cache/page-cache.js';
import { makeCachedPage } from '../cache/page-cache.js';
import { notFound } from '../http/app-error.js';
import { sendPage } from '../http/send-page.js';
import { ANONYMOUS } from '../reading/index.js';
import { isReservedSlug } from '../sections/reserved-slugs.js';
import { findSectionBySlug, listSections } from '../sections/section-repository.js';
import type { Services } from '../services.js';
import type { SiteSettings } from '../settings/site-settings.js';
import { buildAtom } from './atom.js';
import { type FeedChannel, type FeedEntry, presentFeedEntry } from './feed-presenter.js';
import { buildRss } from './rss.js';
import {
  buildNewsSitemap,
  buildSitemapIndex,
  buildUrlset,
  NEWS_SITEMAP_MAX,
  NEWS_SITEMAP_WINDOW_MS,
  SITEMAP_URLS_PER_FILE,
  type SitemapUrl,
  sitemapFileCount,
  sitemapPageRange,
} from './sitemap.js';

export interface FeedRouteOptions {
  /** URLs per sitemap file before /sitemap.xml becomes an index (tests use a small one). */
  sitemapUrlsPerFile?: number;
}

/** Stories in each feed. */
export const FEED_SIZE = 30;

const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const CACHE_CONTROL = 'public, max-age=300';

/** The news sitemap depends on the clock as well as on content: its cache key moves this often. */
const NEWS_BUCKET_MS = 5 * 60 * 1000;

const SectionParams = Type.Object({ section: Type.String({ maxLength: 200 }) });
const SitemapPageParams = Type.Object({ n: Type.String({ pattern: '^[0-9]{1,9}$' }) });

export function registerFeedRoutes(app: FastifyInstance, s: Services, opts: FeedRouteOptions = {}): void {
  const perFile = opts.sitemapUrlsPerFile ?? SITEMAP_URLS_PER_FILE;
  const base = s.config.publicUrl;
  const tz = s.config.timezone;

  /** Query strings never change these documents: keys are fixed names, queries are ignored. */
  async function cached(request: FastifyRequest, reply: FastifyReply, key: string, render: () => Promise<CachedPage>) {
    const fullKey = `feed|${key}`;
    const hit = s.pageCache.get(fullKey);
    if (hit) return sendPage(request, reply, hit);
    const version = s.pageCache.version;
    const page = await render();
    s.pageCache.set(fullKey, page, version);
    return sendPage(request, reply, page);
  }

  const page = (contentType: string, body: string) => makeCachedPage({ contentType, cacheControl: CACHE_CONTROL, body });

  async function feedEntries(sectionId?: string): Promise<FeedEntry[]> {
    const articles = await listRecentArticles(s.db, FEED_SIZE, sectionId);
    return articles.map((a) => presentFeedEntry(a, s.reader.read(a, ANONYMOUS), { publicUrl: base, timeZone: tz }));
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
      updatedAt: newest ?? s.clock(),
      publisher: site.name,
    };
  }

  async function paperFeed(selfPath: string): Promise<{ chan: FeedChannel; entries: FeedEntry[] }> {
    const [chrome, entries] = await Promise.all([s.chrome(), feedEntries()]);
    const { site } = chrome;
    const chan = channel(site, entries, { title: site.name, description: site.description || site.tagline, path: '/', selfPath });
    return { chan, entries };
  }

  app.get('/feed.xml', async (request, reply) =>
    cached(request, reply, '/feed.xml', async () => {
      const { chan, entries } = await paperFeed('/feed.xml');
      return page(RSS, buildRss(chan, entries));
    }),
  );

  app.get('/atom.xml', async (request, reply) =>
    cached(request, reply, '/atom.xml', async () => {
      const { chan, entries } = await paperFeed('/atom.xml');
      return page(ATOM, buildAtom(chan, entries));
    }),
  );

  app.get('/:section/feed.xml', { schema: { params: SectionParams } }, async (request, reply) => {
    const { section: slug } = request.params as { section: string };
    if (!isSlug(slug) || isReservedSlug(slug)) throw notFound('section');
    return cached(request, reply, `/${slug}/feed.xml`, async () => {
      const section = await findSectionBySlug(s.db, slug);
      if (!section) throw notFound('section');
      const [{ site }, entries] = await Promise.all([s.chrome(), feedEntries(section.id)]);
      const chan = channel(site, entries, {
        title: `${section.name} | ${site.name}`,
        description: section.description || site.description,
        path: `/${slug}`,
        selfPath: `/${slug}/feed.xml`,
      });
      return page(RSS, buildRss(chan, entries));
    });
  });

  /** The URLs that are not stories: the front, the section fronts, the author pages. */
  async function fixedUrls(): Promise<SitemapUrl[]> {
    const [sections, authors] = await Promise.all([listSections(s.db), listAuthors(s.db)]);
    return [
      { loc: `${base}/` },
      ...sections.filter((x) => !isReservedSlug(x.slug)).map((x) => ({ loc: `${base}/${x.slug}` })),
      ...authors.map((a) => ({ loc: `${base}/authors/${a.slug}` })),
    ];
  }

  /** One sitemap file's URLs, or undefined past the last file. */
  async function sitemapPage(n: number, fixed: SitemapUrl[], articleCount: number): Promise<SitemapUrl[] | undefined> {
    const range = sitemapPageRange(n, perFile, fixed.length, articleCount);
    if (!range) return undefined;
    const entries = range.articleLimit > 0 ? await listSitemapEntries(s.db, range.articleLimit, range.articleOffset) : [];
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

  app.get('/sitemap.xml', async (request, reply) =>
    cached(request, reply, '/sitemap.xml', async () => {
      const [fixed, articleCount] = await Promise.all([fixedUrls(), countPublished(s.db)]);
      const files = sitemapFileCount(fixed.length + articleCount, perFile);
      if (files > 1) {
        const locs = Array.from({ length: files }, (_, i) => ({ loc: `${base}/sitemap-${i + 1}.xml` }));
        return page(XML, buildSitemapIndex(locs));
      }
      return page(XML, buildUrlset((await sitemapPage(1, fixed, articleCount)) ?? []));
    }),
  );

  // find-my-way: a parameter with a regular expression and a static suffix in one segment.
  app.get('/sitemap-:n(^\\d+).xml', { schema: { params: SitemapPageParams } }, async (request, reply) => {
    const raw = (request.params as { n: string }).n;
    const n = Number(raw);
    // One URL per file: `sitemap-01.xml` is not `sitemap-1.xml`.
    if (String(n) !== raw) throw notFound();
    return cached(request, reply, `/sitemap-${n}.xml`, async () => {
      const [fixed, articleCount] = await Promise.all([fixedUrls(), countPublished(s.db)]);
      const urls = await sitemapPage(n, fixed, articleCount);
      if (!urls) throw notFound();
      return page(XML, buildUrlset(urls));
    });
  });

  app.get('/news-sitemap.xml', async (request, reply) => {
    const now = s.clock();
    const bucket = Math.floor(now.getTime() / NEWS_BUCKET_MS);
    return cached(request, reply, `/news-sitemap.xml|${bucket}`, async () => {
      const since = new Date(now.getTime() - NEWS_SITEMAP_WINDOW_MS);
      const [{ site }, recent] = await Promise.all([s.chrome(), listPublishedSince(s.db, since, NEWS_SITEMAP_MAX)]);
      const entries = recent
        .filter((a) => a.publishedAt !== null && a.publishedAt <= now)
        .map((a) => ({ loc: `${base}${articlePath(a, tz)}`, title: a.headline, publishedAt: a.publishedAt ?? a.updatedAt }));
      return page(XML, buildNewsSitemap({ name: site.name, language: site.language }, entries));
    });
  });

  app.get('/robots.txt', async (request, reply) => cached(request, reply, '/robots.txt', async () => page(TEXT, robotsTxt(base))));
}

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
