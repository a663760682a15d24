/**
 * The public "view in browser" page of an edition (/newsletter/YYYY-MM-DD), through the page
 * cache like the other reader pages (a variant for anonymous readers, one for signed-in ones;
 * emptied with every content change, so a story taken down leaves the page). Only an edition
 * that is sent, or due, has a page; any other date is a 404 (not cached).
 */
import { renderToString } from 'preact-render-to-string';
import { type CachedPage, makeCachedPage } from '../cache/page-cache.js';
import { HTML, type PageStore, PUBLIC_PAGE, SIGNED_IN_PAGE } from '../site/index.js';
import type { PageChrome } from '../views/layout.js';
import { dateLabel, viewInBrowserPath } from './edition-presenter.js';
import type { NewsletterService } from './newsletter-service.js';
import { EditionPage } from './views/edition-page.js';

export interface NewsletterPageDeps {
  newsletter: Pick<NewsletterService, 'publicEdition'>;
  pageCache: PageStore;
  chrome(): Promise<PageChrome>;
  timeZone: string;
}

export function createNewsletterPages(deps: NewsletterPageDeps) {
  return {
    async editionPage(signedIn: boolean, date: string): Promise<CachedPage> {
      const path = viewInBrowserPath(date);
      const key = `${signedIn ? 'reader' : 'anon'}|${path}`;
      const hit = deps.pageCache.get(key);
      if (hit) return hit;
      const version = deps.pageCache.version;
      const [{ edition, stories }, chrome] = await Promise.all([deps.newsletter.publicEdition(date), deps.chrome()]);
      const body = (
        <EditionPage
          chrome={signedIn ? { ...chrome, signedIn: true } : chrome}
          path={path}
          subject={edition.subject}
          dateLabel={dateLabel(edition.date)}
          intro={edition.intro}
          stories={stories}
          timeZone={deps.timeZone}
        />
      );
      const page = makeCachedPage({
        contentType: HTML,
        cacheControl: signedIn ? SIGNED_IN_PAGE : PUBLIC_PAGE,
        body: `<!doctype html>${renderToString(body)}`,
      });
      deps.pageCache.set(key, page, version);
      return page;
    },
  };
}

export type NewsletterPages = ReturnType<typeof createNewsletterPages>;
