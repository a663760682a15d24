/**
 * The site's listing pages (the front, section fronts, authors, topics, search), as use-cases:
 * each is served from the page cache, rendered on a miss. The variant joins the key: `anon` or
 * `reader` (signed in: the header links to the account). The content comes through `SiteContent`,
 * ports the composition root wires to the content features' repositories.
 */
import { renderToString } from 'preact-render-to-string';
import type { Article, ArticleSummary, CorrectionEntry, ImageRef } from '../articles/index.js';
import type { Author } from '../authors/index.js';
import { type CachedPage, makeCachedPage } from '../cache/page-cache.js';
import { notFound } from '../http/app-error.js';
import type { MeterService, WebHolderRequest } from '../meter/index.js';
import { ANONYMOUS, type ContentReader } from '../reading/index.js';
import type { Section } from '../sections/index.js';
import { isReservedSlug } from '../sections/index.js';
import type { Tag } from '../tags/index.js';
import type { PageChrome } from '../views/layout.js';
import type { PageStore } from './article-page-service.js';
import { CORRECTIONS_PATH, CorrectionsPage } from './corrections-page.js';
import { AuthorPage, FrontPage, SearchPage, SectionPage, TagPage } from './listing-pages.js';
import { HTML, PRIVATE_PAGE, PUBLIC_PAGE, SIGNED_IN_PAGE } from './site-cache-control.js';

export const PER_PAGE = 20;

/** Who searches body text: readers who may read walled stories (src/articles search scopes). */
export type SearchScope = 'full' | 'public';

/** What the listing pages read of the content (published stories only). */
export interface SiteContent {
  listArticles(f: {
    sectionId?: string | undefined;
    tagId?: string | undefined;
    authorId?: string | undefined;
    limit: number;
    offset: number;
  }): Promise<{ items: ArticleSummary[]; total: number }>;
  /** Ranked full-text search within `scope`: one page of stories, in rank order, and the total. */
  search(query: string, limit: number, offset: number, scope: SearchScope): Promise<{ articles: Article[]; total: number }>;
  /** The query's terms, as search matches them (for marking snippets). */
  searchTerms(query: string): string[];
  findAuthorBySlug(slug: string): Promise<Author | undefined>;
  findImage(id: string): Promise<ImageRef | undefined>;
  findTagBySlug(slug: string): Promise<Tag | undefined>;
  findSectionBySlug(slug: string): Promise<Section | undefined>;
  /** Corrections on published stories, newest first. */
  listCorrections(f: { limit: number; offset: number }): Promise<{ items: CorrectionEntry[]; total: number }>;
}

export interface SitePageServiceDeps {
  timeZone: string;
  pageCache: PageStore;
  content: SiteContent;
  meter: Pick<MeterService, 'holdsWeb'>;
  reader: Pick<ContentReader, 'snippet'>;
  chrome(): Promise<PageChrome>;
}

/** Who asks for a listing page: signed in or not picks the variant. */
export type ListingRequest = WebHolderRequest;

export function createSitePageService(deps: SitePageServiceDeps) {
  const { timeZone: tz, pageCache, content } = deps;

  /** Serves a page from the cache, rendering it on a miss. */
  async function cached(
    signedIn: boolean,
    key: string,
    render: (loadChrome: () => Promise<PageChrome>) => Promise<CachedPage>,
  ): Promise<CachedPage> {
    const fullKey = `${signedIn ? 'reader' : 'anon'}|${key}`;
    const hit = pageCache.get(fullKey);
    if (hit) return hit;
    const version = pageCache.version;
    const rendered = await render(signedIn ? async () => ({ ...(await deps.chrome()), signedIn: true }) : () => deps.chrome());
    // The signed-in variant is not for shared caches.
    const page = signedIn && rendered.cacheControl.startsWith('public') ? { ...rendered, cacheControl: SIGNED_IN_PAGE } : rendered;
    pageCache.set(fullKey, page, version);
    return page;
  }

  const html = (body: preact.VNode, status = 200): CachedPage =>
    makeCachedPage({ status, contentType: HTML, cacheControl: PUBLIC_PAGE, body: `<!doctype html>${renderToString(body)}` });
  const paging = (page: number, total: number) => ({ page, pages: Math.max(1, Math.ceil(total / PER_PAGE)) });
  const teasers = (items: ArticleSummary[]) => items.map((story) => ({ story }));
  const window = (page: number) => ({ limit: PER_PAGE, offset: (page - 1) * PER_PAGE });

  return {
    front(request: ListingRequest, page: number): Promise<CachedPage> {
      return cached(request.principal !== null, `/?page=${page}`, async (loadChrome) => {
        const [chrome, list] = await Promise.all([loadChrome(), content.listArticles(window(page))]);
        if (page > 1 && list.items.length === 0) throw notFound();
        return html(<FrontPage chrome={chrome} items={teasers(list.items)} paging={paging(page, list.total)} timeZone={tz} />);
      });
    },

    /**
     * Search results. Only readers who may read walled stories search their body text; what
     * they find is theirs alone, so never for shared caches.
     */
    async search(request: ListingRequest, q: string, page: number): Promise<CachedPage> {
      const query = q.trim().replace(/\s+/g, ' ');
      const scope: SearchScope = query === '' || !(await deps.meter.holdsWeb(request)) ? 'public' : 'full';
      const key = `/search?q=${encodeURIComponent(query.toLowerCase())}&page=${page}&scope=${scope}`;
      return cached(request.principal !== null, key, async (loadChrome) => {
        const chrome = await loadChrome();
        const terms = content.searchTerms(query);
        const { articles, total } = await content.search(query, PER_PAGE, (page - 1) * PER_PAGE, scope);
        const items = articles.map((a) => ({ story: a, snippet: deps.reader.snippet(a, ANONYMOUS, terms) }));
        const body = <SearchPage chrome={chrome} query={query} items={items} total={total} paging={paging(page, total)} timeZone={tz} />;
        const cacheControl = scope === 'full' ? PRIVATE_PAGE : PUBLIC_PAGE;
        return makeCachedPage({ contentType: HTML, cacheControl, body: `<!doctype html>${renderToString(body)}` });
      });
    },

    author(request: ListingRequest, slug: string, page: number): Promise<CachedPage> {
      return cached(request.principal !== null, `/authors/${slug}?page=${page}`, async (loadChrome) => {
        const author = await content.findAuthorBySlug(slug);
        if (!author) throw notFound('author');
        const [chrome, list] = await Promise.all([loadChrome(), content.listArticles({ authorId: author.id, ...window(page) })]);
        const photo = author.photoImageId ? await content.findImage(author.photoImageId) : undefined;
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
    },

    tag(request: ListingRequest, slug: string, page: number): Promise<CachedPage> {
      return cached(request.principal !== null, `/tags/${slug}?page=${page}`, async (loadChrome) => {
        const tag = await content.findTagBySlug(slug);
        if (!tag) throw notFound('topic');
        const [chrome, list] = await Promise.all([loadChrome(), content.listArticles({ tagId: tag.id, ...window(page) })]);
        return html(<TagPage chrome={chrome} tag={tag} items={teasers(list.items)} paging={paging(page, list.total)} timeZone={tz} />);
      });
    },

    section(request: ListingRequest, slug: string, page: number): Promise<CachedPage> {
      if (isReservedSlug(slug)) throw notFound();
      return cached(request.principal !== null, `/${slug}?page=${page}`, async (loadChrome) => {
        const section = await content.findSectionBySlug(slug);
        if (!section) throw notFound('section');
        const [chrome, list] = await Promise.all([loadChrome(), content.listArticles({ sectionId: section.id, ...window(page) })]);
        if (page > 1 && list.items.length === 0) throw notFound();
        return html(
          <SectionPage chrome={chrome} section={section} items={teasers(list.items)} paging={paging(page, list.total)} timeZone={tz} />,
        );
      });
    },

    /** The public list of corrections (corrections-page.tsx). */
    corrections(request: ListingRequest, page: number): Promise<CachedPage> {
      return cached(request.principal !== null, `${CORRECTIONS_PATH}?page=${page}`, async (loadChrome) => {
        const [chrome, list] = await Promise.all([loadChrome(), content.listCorrections(window(page))]);
        if (page > 1 && list.items.length === 0) throw notFound();
        return html(<CorrectionsPage chrome={chrome} items={list.items} paging={paging(page, list.total)} timeZone={tz} />);
      });
    },
  };
}

export type SitePageService = ReturnType<typeof createSitePageService>;
