/**
 * The reader's website: fronts, articles, authors, tags, search. Thin routes: parse, ask a
 * service, render through the page cache.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import type { Article, ArticleSummary } from '../articles/article.js';
import { articlePath } from '../articles/article.js';
import {
  findArticlesByIds,
  findImagesByIds,
  listArticles,
  type SearchScope,
  searchArticleIds,
  searchTerms,
} from '../articles/article-repository.js';
import { findAuthorBySlug } from '../authors/author-repository.js';
import type { CachedPage } from '../cache/page-cache.js';
import { makeCachedPage } from '../cache/page-cache.js';
import { AppError, notFound } from '../http/app-error.js';
import { sendPage } from '../http/send-page.js';
import {
  type ArticleMeta,
  offerFacts,
  pageVariant,
  paywallWords,
  pickOfferPlan,
  presentArticleNotice,
  presentMeterBox,
  sharedCacheable,
} from '../meter/index.js';
import { ANONYMOUS } from '../reading/content-reader.js';
import { isReservedSlug } from '../sections/reserved-slugs.js';
import { findSectionBySlug } from '../sections/section-repository.js';
import type { Services } from '../services.js';
import { findTagBySlug } from '../tags/tag-repository.js';
import { ASSETS } from '../views/assets.js';
import type { PageChrome } from '../views/layout.js';
import { ArticlePage } from './article-page.js';
import { AuthorPage, FrontPage, SearchPage, SectionPage, TagPage } from './listing-pages.js';
import { printCodesFor } from './print-codes.js';

const PER_PAGE = 20;
const MAX_PAGE = 500;

const SLUG = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })) });
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
});

const HTML = 'text/html; charset=utf-8';
/** Pages are the same for every anonymous reader: shared caches may keep them briefly. */
const PUBLIC_PAGE = 'public, max-age=60, stale-while-revalidate=300';
const SIGNED_IN_PAGE = 'private, max-age=0, must-revalidate';
/** A metered article's page depends on the reader's meter: never for shared caches. */
const PRIVATE_PAGE = SIGNED_IN_PAGE;

export function registerSiteRoutes(app: FastifyInstance, s: Services): void {
  const tz = s.config.timezone;

  /**
   * Serves a page from the cache, rendering it on a miss. The variant joins the key: `anon` or
   * `reader` (signed in: the header links to the account). Without a session cookie, and on the
   * session cache's hits, finding the variant costs no promise.
   */
  async function cached(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: (loadChrome: () => Promise<PageChrome>) => Promise<CachedPage>,
  ) {
    const known = s.accounts.signedIn(request);
    const signedIn = typeof known === 'boolean' ? known : await known;
    const fullKey = `${signedIn ? 'reader' : 'anon'}|${key}`;
    const hit = s.pageCache.get(fullKey);
    if (hit) return sendPage(request, reply, hit);
    const version = s.pageCache.version;
    const rendered = await render(signedIn ? async () => ({ ...(await s.chrome()), signedIn: true }) : () => s.chrome());
    // The signed-in variant is not for shared caches.
    const page = signedIn && rendered.cacheControl.startsWith('public') ? { ...rendered, cacheControl: SIGNED_IN_PAGE } : rendered;
    s.pageCache.set(fullKey, page, version);
    return sendPage(request, reply, page);
  }

  const html = (body: preact.VNode, status = 200): CachedPage =>
    makeCachedPage({ status, contentType: HTML, cacheControl: PUBLIC_PAGE, body: `<!doctype html>${renderToString(body)}` });

  const paging = (page: number, total: number) => ({ page, pages: Math.max(1, Math.ceil(total / PER_PAGE)) });
  const teasers = (items: ArticleSummary[]) => items.map((story) => ({ story }));

  for (const asset of Object.values(ASSETS)) {
    app.get(asset.url, async (request, reply) =>
      sendPage(request, reply, {
        status: 200,
        contentType: asset.contentType,
        cacheControl: 'public, max-age=31536000, immutable',
        etag: asset.etag,
        body: asset.body,
        gzip: asset.gzip,
        br: asset.br,
        size: 0,
      }),
    );
  }

  // Browsers that ignore the icon link still ask for /favicon.ico.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect(ASSETS.favicon.url, 301),
  );

  app.get('/', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const page = (request.query as { page?: number }).page ?? 1;
    return cached(request, reply, `/?page=${page}`, async (loadChrome) => {
      const [chrome, list] = await Promise.all([loadChrome(), listArticles(s.db, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })]);
      if (page > 1 && list.items.length === 0) throw notFound();
      return html(<FrontPage chrome={chrome} items={teasers(list.items)} paging={paging(page, list.total)} timeZone={tz} />);
    });
  });

  app.get('/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const { q = '', page = 1 } = request.query as { q?: string; page?: number };
    const query = q.trim().replace(/\s+/g, ' ');
    // Only readers who may read walled stories search their body text (SearchScope); what they
    // find is theirs alone, so never for shared caches.
    const scope: SearchScope = query === '' || !(await s.meter.holdsWeb(request)) ? 'public' : 'full';
    const key = `/search?q=${encodeURIComponent(query.toLowerCase())}&page=${page}&scope=${scope}`;
    return cached(request, reply, key, async (loadChrome) => {
      const chrome = await loadChrome();
      const terms = searchTerms(query);
      const { ids, total } = await searchArticleIds(s.db, s.dialect, query, PER_PAGE, (page - 1) * PER_PAGE, scope);
      const articles = await findArticlesByIds(s.db, ids);
      const items = articles.map((a) => ({ story: a, snippet: s.reader.snippet(a, ANONYMOUS, terms) }));
      const body = <SearchPage chrome={chrome} query={query} items={items} total={total} paging={paging(page, total)} timeZone={tz} />;
      const cacheControl = scope === 'full' ? PRIVATE_PAGE : PUBLIC_PAGE;
      return makeCachedPage({ contentType: HTML, cacheControl, body: `<!doctype html>${renderToString(body)}` });
    });
  });

  app.get('/authors/:slug', { schema: { params: Type.Object({ slug: SLUG }), querystring: PageQuery } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const page = (request.query as { page?: number }).page ?? 1;
    return cached(request, reply, `/authors/${slug}?page=${page}`, async (loadChrome) => {
      const author = await findAuthorBySlug(s.db, slug);
      if (!author) throw notFound('author');
      const [chrome, list] = await Promise.all([
        loadChrome(),
        listArticles(s.db, { authorId: author.id, limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
      ]);
      const photo = author.photoImageId ? (await findImagesByIds(s.db, [author.photoImageId])).get(author.photoImageId) : undefined;
      return html(
        <AuthorPage
          chrome={chrome}
          author={author}
          photo={photo}
          items={teasers(list.items)}
          paging={paging(page, list.total)}
          timeZone={tz}
        />,
      );
    });
  });

  app.get('/tags/:slug', { schema: { params: Type.Object({ slug: SLUG }), querystring: PageQuery } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const page = (request.query as { page?: number }).page ?? 1;
    return cached(request, reply, `/tags/${slug}?page=${page}`, async (loadChrome) => {
      const tag = await findTagBySlug(s.db, slug);
      if (!tag) throw notFound('topic');
      const [chrome, list] = await Promise.all([
        loadChrome(),
        listArticles(s.db, { tagId: tag.id, limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
      ]);
      return html(<TagPage chrome={chrome} tag={tag} items={teasers(list.items)} paging={paging(page, list.total)} timeZone={tz} />);
    });
  });

  app.get(
    '/:section',
    { schema: { params: Type.Object({ section: Type.String({ maxLength: 80 }) }), querystring: PageQuery } },
    async (request, reply) => {
      const { section: slug } = request.params as { section: string };
      const page = (request.query as { page?: number }).page ?? 1;
      if (isReservedSlug(slug)) throw notFound();
      return cached(request, reply, `/${slug}?page=${page}`, async (loadChrome) => {
        const section = await findSectionBySlug(s.db, slug);
        if (!section) throw notFound('section');
        const [chrome, list] = await Promise.all([
          loadChrome(),
          listArticles(s.db, { sectionId: section.id, limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
        ]);
        if (page > 1 && list.items.length === 0) throw notFound();
        return html(
          <SectionPage chrome={chrome} section={section} items={teasers(list.items)} paging={paging(page, list.total)} timeZone={tz} />,
        );
      });
    },
  );

  const ArticleParams = Type.Object({
    section: Type.String({ maxLength: 80 }),
    yyyy: Type.String({ pattern: '^\\d{4}$' }),
    mm: Type.String({ pattern: '^\\d{2}$' }),
    dd: Type.String({ pattern: '^\\d{2}$' }),
    slug: Type.String({ maxLength: 200 }),
  });
  // Other query parameters (UTM tags and the like) are ignored: they never change the page.
  const ArticleQuery = Type.Object({ gift: Type.Optional(Type.String({ maxLength: 200 })) });

  /**
   * Per URL, what the meter needs of the article (or where the URL leads instead), so a page
   * served from the cache costs no query. Emptied on every content change, like the page cache.
   */
  type Target = { kind: 'article'; meta: ArticleMeta } | { kind: 'page'; page: CachedPage };
  const targets = new Map<string, Target>();
  const MAX_TARGETS = 50_000;
  s.events.onChange(() => targets.clear());

  /** The live article of a slug (found under it now or before); withdrawn: 410; never: 404. */
  async function loadLive(slug: string): Promise<Article> {
    const found = await s.articles.lookupLiveBySlug(slug);
    if (found.kind === 'gone') throw new AppError('ARTICLE_GONE', 410, 'This story has been withdrawn.');
    if (found.kind === 'missing') throw notFound('story');
    return found.article;
  }

  async function resolveTarget(path: string, slug: string): Promise<{ target: Target; article?: Article }> {
    const known = targets.get(path);
    if (known) return { target: known };
    const version = s.pageCache.version;
    const article = await loadLive(slug);
    const canonical = articlePath(article, tz);
    const target: Target =
      canonical === path
        ? { kind: 'article', meta: { id: article.id, access: article.access, sectionId: article.section.id } }
        : {
            kind: 'page',
            page: makeCachedPage({ status: 301, contentType: HTML, cacheControl: PUBLIC_PAGE, body: '', headers: { location: canonical } }),
          };
    if (version === s.pageCache.version) {
      if (targets.size >= MAX_TARGETS) targets.clear();
      targets.set(path, target);
    }
    return { target, article };
  }

  app.get('/:section/:yyyy/:mm/:dd/:slug', { schema: { params: ArticleParams, querystring: ArticleQuery } }, async (request, reply) => {
    const path = request.url.split('?')[0] as string;
    const { slug } = request.params as { slug: string };
    const { gift } = request.query as { gift?: string };
    const { target, article: loaded } = await resolveTarget(path, slug);
    if (target.kind === 'page') {
      // A gift link to a story whose address changed keeps its token on the way (a relative redirect).
      const location = target.page.headers?.location;
      if (gift !== undefined && location !== undefined) {
        return reply.header('cache-control', PRIVATE_PAGE).redirect(`${location}?gift=${encodeURIComponent(gift)}`, 301);
      }
      return sendPage(request, reply, target.page);
    }
    // The meter decides (and counts) on every request; the page is cached per variant.
    const view = await s.meter.readArticle(request, reply, target.meta, gift);
    const notice = presentArticleNotice({
      access: view.access,
      viewer: view.viewer,
      policy: s.meterSettings.policy(),
      gift: gift === undefined ? undefined : s.giftLinks.admissionOf(request),
      returnPath: path,
      signedIn: view.signedIn,
    });
    const variant = pageVariant(view.access, view.viewer, notice?.kind === 'gift-problem' ? notice.problem : null);
    const key = `${view.signedIn ? 'reader' : 'anon'}|${variant}|${path}`;
    const hit = s.pageCache.get(key);
    if (hit) return sendPage(request, reply, hit);
    const version = s.pageCache.version;
    const live = loaded ?? (await loadLive(slug));
    const [chrome, copy] = await Promise.all([s.chrome(), s.meterSettings.copy()]);
    const reading = s.reader.apply(live, view.access);
    const meter = presentMeterBox({
      access: view.access,
      viewer: view.viewer,
      policy: s.meterSettings.policy(),
      words: paywallWords(copy, chrome.site.tagline, s.meterSettings.policy()),
      offer: view.access.allow ? null : offerFacts(pickOfferPlan(await s.plans.listActive(), copy.offerPlanSlug)),
      returnPath: path,
      articleId: live.id,
      signedIn: view.signedIn,
    });
    const body = (
      <ArticlePage
        chrome={{ ...chrome, signedIn: view.signedIn }}
        article={live}
        reading={reading}
        meter={meter}
        notice={notice}
        printCodes={printCodesFor(chrome.publicUrl, path)}
        timeZone={tz}
      />
    );
    const shared = sharedCacheable(view.access) && !view.signedIn;
    const page = makeCachedPage({
      contentType: HTML,
      cacheControl: shared ? PUBLIC_PAGE : PRIVATE_PAGE,
      body: `<!doctype html>${renderToString(body)}`,
    });
    s.pageCache.set(key, page, version);
    return sendPage(request, reply, page);
  });
}
