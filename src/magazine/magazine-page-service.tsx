/**
 * The magazine's reader pages through the page cache, as the other reader pages: each is the same
 * for everyone of its variant (signed in or not), rendered once per content version with its
 * compressed bodies. Only frozen editions are public (a draft is a 404): freezing fires the
 * content-change event, which empties the cache here and, through PostgreSQL NOTIFY, everywhere.
 * The stories come from the edition's snapshot (as printed) and link to the website, whose gate
 * decides who reads them.
 */
import { renderToString } from 'preact-render-to-string';
import type { ImageRef } from '../articles/index.js';
import { type CachedPage, makeCachedPage } from '../cache/page-cache.js';
import { notFound } from '../http/app-error.js';
import { HTML, type PageStore, PUBLIC_PAGE, SIGNED_IN_PAGE } from '../site/index.js';
import type { PageChrome } from '../views/layout.js';
import { editionLabel, type MagazineEdition, magazineName } from './magazine.js';
import type { MagazineService } from './magazine-service.js';
import { MagazineEditionPage, MagazineIndexPage, type PublicEdition } from './views/magazine-public-pages.js';

export interface MagazinePagesDeps {
  magazine: Pick<MagazineService, 'frozen' | 'get' | 'content'>;
  findImages(ids: readonly string[]): Promise<Map<string, ImageRef>>;
  pageCache: PageStore;
  chrome(): Promise<PageChrome>;
}

/** How many editions /magazine lists (a year of weeks and some). */
const INDEX_EDITIONS = 60;

export function createMagazinePages(deps: MagazinePagesDeps) {
  async function publicEdition(e: MagazineEdition): Promise<PublicEdition> {
    const { content } = await deps.magazine.content(e.number);
    const coverStory = content.stories.find((s) => s.articleId === e.coverArticleId) ?? content.stories[0];
    const imageId = content.cover?.imageId;
    const image = imageId ? (await deps.findImages([imageId])).get(imageId) : undefined;
    // The edition's own cover picture has no words of its own: it is named for what it is.
    const cover =
      image && content.cover
        ? { image, alt: content.cover.alt || `The cover picture of ${editionLabel(e)}`, credit: content.cover.credit }
        : null;
    return { edition: e, cover, coverStory, stories: content.stories };
  }

  async function cached(key: string, signedIn: boolean, render: (chrome: PageChrome) => Promise<string>): Promise<CachedPage> {
    const hit = deps.pageCache.get(key);
    if (hit) return hit;
    const version = deps.pageCache.version;
    const chrome = await deps.chrome();
    const body = await render(signedIn ? { ...chrome, signedIn: true } : chrome);
    const page = makeCachedPage({ contentType: HTML, cacheControl: signedIn ? SIGNED_IN_PAGE : PUBLIC_PAGE, body });
    deps.pageCache.set(key, page, version);
    return page;
  }

  return {
    /** /magazine: every printed edition, the newest first. */
    index(signedIn: boolean): Promise<CachedPage> {
      return cached(`${signedIn ? 'reader' : 'anon'}|/magazine`, signedIn, async (chrome) => {
        const editions = await Promise.all((await deps.magazine.frozen(INDEX_EDITIONS)).map(publicEdition));
        const name = magazineName(chrome.site.name);
        return `<!doctype html>${renderToString(<MagazineIndexPage chrome={chrome} name={name} editions={editions} />)}`;
      });
    },

    /** /magazine/:number: a printed edition; a draft or an edition that does not exist is a 404. */
    edition(signedIn: boolean, number: number): Promise<CachedPage> {
      return cached(`${signedIn ? 'reader' : 'anon'}|/magazine/${number}`, signedIn, async (chrome) => {
        const e = await deps.magazine.get(number).catch(() => undefined);
        if (e?.status !== 'frozen') throw notFound();
        const name = magazineName(chrome.site.name);
        return `<!doctype html>${renderToString(<MagazineEditionPage chrome={chrome} name={name} x={await publicEdition(e)} />)}`;
      });
    },
  };
}

export type MagazinePages = ReturnType<typeof createMagazinePages>;
