/**
 * The magazine's reader pages through the page cache, as the other reader pages: each is the same
 * for everyone of its variant (signed in or not), rendered once per content version with its
 * compressed bodies. Only frozen editions are public (a draft is a 404): freezing fires the
 * content-change event, which empties the cache here and, through PostgreSQL NOTIFY, everywhere.
 * The stories come from the edition's snapshot (as printed) and link to the website, whose gate
 * decides who reads them.
 *
 * A story unpublished or deleted since the edition went to the printer is left out of the public
 * page (its headline and dek, its cover line, its picture as the cover), and the page says how
 * many printed stories are no longer online. Listing it without a link would keep on the website
 * the words a newsroom took down, often for a legal reason; a reader holding the printed copy
 * is told why the page has fewer stories than the magazine. The printed edition and its PDF keep
 * it: they are the record of what was printed. A story still online links to its address now.
 */
import { renderToString } from 'preact-render-to-string';
import type { ImageRef } from '../articles/index.js';
import { type CachedPage, makeCachedPage } from '../cache/page-cache.js';
import { notFound } from '../http/app-error.js';
import { HTML, type PageStore, PUBLIC_PAGE, SIGNED_IN_PAGE } from '../site/index.js';
import type { PageChrome } from '../views/layout.js';
import { editionLabel, type MagazineEdition, magazineName, type PrintStory } from './magazine.js';
import type { MagazineService } from './magazine-service.js';
import { MagazineEditionPage, MagazineIndexPage, type PublicEdition } from './views/magazine-public-pages.js';

export interface MagazinePagesDeps {
  magazine: Pick<MagazineService, 'frozen' | 'get' | 'content'>;
  findImages(ids: readonly string[]): Promise<Map<string, ImageRef>>;
  /** Of these stories, those readers can open now (published), with their address now. */
  liveStories(ids: readonly string[]): Promise<Map<string, string>>;
  pageCache: PageStore;
  chrome(): Promise<PageChrome>;
}

/** How many editions /magazine lists (a year of weeks and some). */
const INDEX_EDITIONS = 60;

export function createMagazinePages(deps: MagazinePagesDeps) {
  async function publicEdition(e: MagazineEdition): Promise<PublicEdition> {
    const { content } = await deps.magazine.content(e.number);
    const live = await deps.liveStories(content.stories.map((s) => s.articleId));
    const online = (s: PrintStory) => {
      const path = live.get(s.articleId);
      return path === undefined ? [] : [{ ...s, path }];
    };
    const stories = content.stories.flatMap(online);
    const gone = content.stories.filter((s) => !live.has(s.articleId));
    // The printed cover story: named on the page only while it is online (another story is not "on the cover").
    // A deleted cover story leaves no id on the edition: the printed cover's picture still names it.
    const printedCover =
      content.stories.find((s) => s.articleId === e.coverArticleId) ??
      content.stories.find((s) => e.coverArticleId === null && s.hero !== null && s.hero.imageId === content.cover?.imageId) ??
      content.stories[0];
    const coverStory = printedCover ? online(printedCover)[0] : undefined;
    // A picture of a story taken down does not stay up as the cover.
    const withdrawnPictures = new Set(gone.flatMap((s) => (s.hero ? [s.hero.imageId] : [])));
    const imageId = content.cover && !withdrawnPictures.has(content.cover.imageId) ? content.cover.imageId : undefined;
    const image = imageId ? (await deps.findImages([imageId])).get(imageId) : undefined;
    // The edition's own cover picture has no words of its own: it is named for what it is.
    const cover =
      image && content.cover
        ? { image, alt: content.cover.alt || `The cover picture of ${editionLabel(e)}`, credit: content.cover.credit }
        : null;
    return { edition: e, cover, coverStory, stories, notOnline: gone.length };
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
