/**
 * The routes of the reader site's machine-readable outputs (feed-service.ts builds them): thin,
 * each parses its input and sends the cached document. Registered before the site routes so
 * these names win over `/:section`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isSlug } from '../articles/index.js';
import { notFound } from '../http/app-error.js';
import { sendPage } from '../http/send-page.js';
import { readerValidatorCompiler } from '../http/typebox-validation.js';
import type { FeedService } from './feed-service.js';
import { SITEMAP_URLS_PER_FILE } from './sitemap.js';

export interface FeedRouteOptions {
  /** URLs per sitemap file before /sitemap.xml becomes an index (tests use a small one). */
  sitemapUrlsPerFile?: number;
}

/** What the feed routes use: the feed service alone. */
export interface FeedRouteDeps {
  feeds: FeedService;
}

const SectionParams = Type.Object({ section: Type.String({ maxLength: 200 }) });
const SitemapPageParams = Type.Object({ n: Type.String({ pattern: '^[0-9]{1,9}$' }) });

export function registerFeedRoutes(scope: FastifyInstance, deps: FeedRouteDeps, opts: FeedRouteOptions = {}): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const perFile = opts.sitemapUrlsPerFile ?? SITEMAP_URLS_PER_FILE;
  const { feeds } = deps;

  app.get('/feed.xml', async (request, reply) => sendPage(request, reply, await feeds.rss()));

  app.get('/atom.xml', async (request, reply) => sendPage(request, reply, await feeds.atom()));

  app.get(
    '/:section/feed.xml',
    { schema: { params: SectionParams }, validatorCompiler: readerValidatorCompiler },
    async (request, reply) => {
      const slug = request.params.section;
      if (!isSlug(slug)) throw notFound('section');
      return sendPage(request, reply, await feeds.sectionRss(slug));
    },
  );

  app.get('/sitemap.xml', async (request, reply) => sendPage(request, reply, await feeds.sitemap(perFile)));

  // find-my-way: a parameter with a regular expression and a static suffix in one segment.
  app.get(
    '/sitemap-:n(^\\d+).xml',
    { schema: { params: SitemapPageParams }, validatorCompiler: readerValidatorCompiler },
    async (request, reply) => {
      const raw = request.params.n;
      const n = Number(raw);
      // One URL per file: `sitemap-01.xml` is not `sitemap-1.xml`.
      if (String(n) !== raw) throw notFound();
      return sendPage(request, reply, await feeds.sitemapFile(n, perFile));
    },
  );

  app.get('/news-sitemap.xml', async (request, reply) => sendPage(request, reply, await feeds.newsSitemap()));

  app.get('/robots.txt', async (request, reply) => sendPage(request, reply, await feeds.robots()));
}
