/**
 * The static pages' use-cases: the newsroom lists, reads and saves them; readers get each written
 * page through the page cache (rendered on a miss, keyed like the other reader pages by signed-in
 * or not). A save fires the content-change event: the page cache and the page chrome (whose
 * footer names the pages) are emptied here and, through PostgreSQL NOTIFY, everywhere.
 */
import { renderToString } from 'preact-render-to-string';
import { type AlsoInTransaction, renderBody } from '../articles/index.js';
import { type CachedPage, makeCachedPage } from '../cache/page-cache.js';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../http/app-error.js';
import type { Clock, ContentEvents } from '../platform.js';
import { HTML, type PageStore, PUBLIC_PAGE, SIGNED_IN_PAGE } from '../site/index.js';
import type { PageChrome } from '../views/layout.js';
import { findStoredPage, listStoredPages, upsertPage } from './pages-repository.js';
import { checkPageInput, STATIC_PAGES, type StaticPage, type StaticPageSlug, unwritten } from './static-page.js';
import { StaticPageView } from './views/static-page-view.js';

export interface PagesServiceDeps {
  db: Db;
  clock: Clock;
  events: Pick<ContentEvents, 'changed'>;
  timeZone: string;
  pageCache: PageStore;
  chrome(): Promise<PageChrome>;
}

export function createPagesService(deps: PagesServiceDeps) {
  const { db, clock, events, pageCache } = deps;

  async function get(slug: StaticPageSlug): Promise<StaticPage> {
    return (await findStoredPage(db, slug)) ?? unwritten(slug);
  }

  return {
    /** Every static page in the footer's order, written or not. */
    async list(): Promise<StaticPage[]> {
      const stored = new Map((await listStoredPages(db)).map((p) => [p.slug, p]));
      return STATIC_PAGES.map((p) => stored.get(p.slug) ?? unwritten(p.slug));
    },

    get,

    /** Saves a page's title and body (400 naming the field when one is empty or too long). */
    async save(
      slug: StaticPageSlug,
      input: { title: string; body: string },
      by: string | null,
      also?: AlsoInTransaction,
    ): Promise<StaticPage> {
      const checked = checkPageInput(input);
      if (Array.isArray(checked)) throw invalid(checked);
      const at = clock();
      await db.transaction().execute(async (tx) => {
        await upsertPage(tx, { slug, title: checked.title, body: checked.body, at, by });
        // The audit trail's entry, in the same transaction.
        if (also) await also(tx, { id: slug, name: checked.title });
      });
      events.changed();
      return { slug, title: checked.title, bodyMarkdown: checked.body, updatedAt: at, updatedBy: by };
    },

    /** The written pages, for the footer. */
    async footerLinks(): Promise<{ path: string; title: string }[]> {
      const stored = new Map((await listStoredPages(db)).map((p) => [p.slug, p]));
      return STATIC_PAGES.flatMap((p) => {
        const page = stored.get(p.slug);
        return page ? [{ path: `/${p.slug}`, title: page.title }] : [];
      });
    },

    /** The reader's page, from the page cache; a page nobody has written is a 404. */
    async readerPage(signedIn: boolean, slug: StaticPageSlug): Promise<CachedPage> {
      const key = `${signedIn ? 'reader' : 'anon'}|/${slug}`;
      const hit = pageCache.get(key);
      if (hit) return hit;
      const version = pageCache.version;
      const [page, chrome] = await Promise.all([findStoredPage(db, slug), deps.chrome()]);
      if (!page) throw notFound();
      const body = (
        <StaticPageView
          chrome={signedIn ? { ...chrome, signedIn: true } : chrome}
          path={`/${slug}`}
          title={page.title}
          blocks={renderBody(page.bodyMarkdown)}
          updatedAt={page.updatedAt}
          timeZone={deps.timeZone}
        />
      );
      const rendered = makeCachedPage({
        contentType: HTML,
        cacheControl: signedIn ? SIGNED_IN_PAGE : PUBLIC_PAGE,
        body: `<!doctype html>${renderToString(body)}`,
      });
      pageCache.set(key, rendered, version);
      return rendered;
    },
  };
}

export type PagesService = ReturnType<typeof createPagesService>;
