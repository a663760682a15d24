/**
 * The article page, as one use-case: from the request's plain facts to the page to send. In
 * order (docs/ARCHITECTURE.md, "The article page's path in five steps"): find where the URL leads
 * (memoised per URL), let the meter decide and count, serve the page of that decision's variant
 * from the page cache, and only on a miss load the article, present what this reader may see and
 * render it. A re-read from the cache awaits nothing and sends the cached bytes.
 */
import { renderToString } from 'preact-render-to-string';
import type { Article } from '../articles/index.js';
import { articlePath } from '../articles/index.js';
import { type CachedPage, makeCachedPage } from '../cache/page-cache.js';
import { AppError, notFound } from '../http/app-error.js';
import {
  type ArticleMeta,
  type ArticleNoticeData,
  type ArticleView,
  type MeterPolicy,
  type MeterRequest,
  type MeterService,
  type MeterSettings,
  NO_COOKIES,
  offerFacts,
  type PaywallCopy,
  pageVariant,
  paywallWords,
  pickOfferPlan,
  presentArticleNotice,
  presentMeterBox,
  sharedCacheable,
} from '../meter/index.js';
import { type AccessDecision, allowanceOf, type ContentReader, decideAccess, type MeterUsage, type Viewer } from '../reading/index.js';
import type { Plan } from '../subscriptions/index.js';
import type { PageChrome } from '../views/layout.js';
import { ArticlePage } from './article-page.js';
import { presentArticle } from './article-presenter.js';
import { printCodesFor } from './print-codes.js';
import { HTML, PRIVATE_PAGE, PUBLIC_PAGE } from './site-cache-control.js';

/** The article request, parsed once by the route: the meter's facts and the URL's. */
export interface ArticleRequest extends MeterRequest {
  /** The URL's path, query left off. */
  path: string;
  slug: string;
  /** `?gift=`, as sent. */
  giftToken: string | undefined;
}

/** What the route sends: a page (with the cookies to set), or a redirect carrying a gift token. */
export type ArticlePageAnswer =
  | { kind: 'page'; page: CachedPage; setCookies: readonly string[] }
  | { kind: 'redirect'; location: string; cacheControl: string };

/** Where an article is found now, under its slug or an earlier one. */
export type LiveLookup = { kind: 'found' | 'moved'; article: Article } | { kind: 'gone' } | { kind: 'missing' };

/** The page cache as this service uses it (src/cache/page-cache.ts). */
export interface PageStore {
  get(key: string): CachedPage | undefined;
  set(key: string, page: CachedPage, renderedAtVersion: number): void;
  readonly version: number;
}

export interface ArticlePageServiceDeps {
  timeZone: string;
  pageCache: PageStore;
  /** Called on every content change, in this process or (on PostgreSQL) another. */
  onContentChange(listener: () => void): void;
  lookupLiveBySlug(slug: string): Promise<LiveLookup>;
  meter: Pick<MeterService, 'readArticle'>;
  meterSettings: Pick<MeterSettings, 'policy' | 'copy'>;
  reader: Pick<ContentReader, 'apply'>;
  activePlans(): Promise<Plan[]>;
  chrome(): Promise<PageChrome>;
}

/** The kinds of reader the business office previews the meter and the paywall as. */
export const PREVIEW_READERS = ['anonymous-reading', 'anonymous-wall', 'registered-wall', 'subscriber'] as const;
export type PreviewReader = (typeof PREVIEW_READERS)[number];

/** The meter's settings a preview is rendered under (saved or not). */
export interface PreviewSettings {
  policy: MeterPolicy;
  copy: PaywallCopy;
  /** The tagline over the wall, when not the site's (an experiment's arm B). */
  tagline?: string | undefined;
}

/** A preview's meter: `used` articles counted this period, this story not among them. */
const usageOf = (used: number): MeterUsage => ({
  periodKey: 'preview',
  used,
  alreadyCounted: false,
  freshMeter: false,
  networkExhausted: false,
});

/** Memoised targets per process: past this many URLs the memo starts again. */
const MAX_TARGETS = 50_000;

/**
 * Per URL, what the meter needs of the article (or where the URL leads instead), so a page
 * served from the cache costs no query. Emptied on every content change, like the page cache.
 */
type Target = { kind: 'article'; meta: ArticleMeta } | { kind: 'page'; page: CachedPage };

export function createArticlePageService(deps: ArticlePageServiceDeps) {
  const { timeZone: tz, pageCache, meter, meterSettings } = deps;
  const targets = new Map<string, Target>();
  deps.onContentChange(() => targets.clear());

  /** The live article of a slug (found under it now or before); withdrawn: 410; never: 404. */
  async function loadLive(slug: string): Promise<Article> {
    const found = await deps.lookupLiveBySlug(slug);
    if (found.kind === 'gone') throw new AppError('ARTICLE_GONE', 410, 'This story has been withdrawn.');
    if (found.kind === 'missing') throw notFound('story');
    return found.article;
  }

  /** Where a URL leads, given its live article; remembered unless content changed meanwhile. */
  function targetOf(path: string, article: Article, version: number): Target {
    const canonical = articlePath(article, tz);
    const target: Target =
      canonical === path
        ? { kind: 'article', meta: { id: article.id, access: article.access, sectionId: article.section.id } }
        : {
            kind: 'page',
            page: makeCachedPage({ status: 301, contentType: HTML, cacheControl: PUBLIC_PAGE, body: '', headers: { location: canonical } }),
          };
    if (version === pageCache.version) {
      if (targets.size >= MAX_TARGETS) targets.clear();
      targets.set(path, target);
    }
    return target;
  }

  async function render(path: string, meta: ArticleMeta, view: ArticleView, notice: ArticleNoticeData | null, live: Article) {
    const [chrome, baseCopy] = await Promise.all([deps.chrome(), meterSettings.copy()]);
    // An experiment's arm reads under its own allowance and sees its own words (src/experiments).
    const arm = view.arm;
    const policy = arm ? arm.experiment.policyFor(arm.arm, meterSettings.policy()) : meterSettings.policy();
    const copy = arm ? arm.experiment.copyFor(arm.arm, baseCopy) : baseCopy;
    const box = presentMeterBox({
      access: view.access,
      viewer: view.viewer,
      policy,
      words: () => paywallWords(copy, arm ? arm.experiment.taglineFor(arm.arm, chrome.site.tagline) : chrome.site.tagline, policy),
      offer: view.access.allow ? null : offerFacts(pickOfferPlan(await deps.activePlans(), copy.offerPlanSlug)),
      returnPath: path,
      articleId: meta.id,
      signedIn: view.signedIn,
    });
    const body = (
      <ArticlePage
        chrome={{ ...chrome, signedIn: view.signedIn }}
        page={presentArticle(live, deps.reader.apply(live, view.access))}
        meter={box}
        notice={notice}
        printCodes={printCodesFor(chrome.publicUrl, path)}
        timeZone={tz}
      />
    );
    const shared = sharedCacheable(view.access) && !view.signedIn;
    return makeCachedPage({
      contentType: HTML,
      cacheControl: shared ? PUBLIC_PAGE : PRIVATE_PAGE,
      body: `<!doctype html>${renderToString(body)}`,
    });
  }

  /**
   * The preview of a story in any status, exactly as the page renders it for readers: as an
   * anonymous reader who may read it all, or (`walled`) as one whose meter is spent, with the
   * wall that reader meets. Never cached, and marked noindex: the desk serves it privately.
   */
  async function preview(article: Article, opts: { walled: boolean }): Promise<string> {
    const viewer: Viewer = { kind: 'anonymous' };
    const policy = meterSettings.policy();
    const access = opts.walled
      ? decideAccess(viewer, article, usageOf(Number.MAX_SAFE_INTEGER), policy)
      : ({ allow: true, reason: 'staff', count: null, countThis: false } as const);
    return renderPreview(article, viewer, access, false, { policy, copy: await meterSettings.copy() });
  }

  /**
   * A story as one kind of reader sees it under a meter policy and paywall copy that may not be
   * saved yet (the business office's preview): the same decision, presenter and views as the
   * reader's page, from the given settings. Never cached; noindex.
   */
  async function previewAs(article: Article, as: PreviewReader, settings: PreviewSettings): Promise<string> {
    const { policy } = settings;
    const anonymous: Viewer = { kind: 'anonymous' };
    const registered = (entitled: boolean): Viewer => ({ kind: 'registered', readerId: 'preview', entitled });
    const [viewer, used]: [Viewer, number] =
      as === 'anonymous-reading'
        ? [anonymous, 0]
        : as === 'anonymous-wall'
          ? [anonymous, policy.anonymousFree]
          : as === 'registered-wall'
            ? [registered(false), allowanceOf(policy, true)]
            : [registered(true), 0];
    const access = decideAccess(viewer, article, usageOf(used), policy);
    return renderPreview(article, viewer, access, viewer.kind === 'registered', settings);
  }

  async function renderPreview(article: Article, viewer: Viewer, access: AccessDecision, signedIn: boolean, settings: PreviewSettings) {
    const { policy, copy } = settings;
    const chrome = await deps.chrome();
    const path = articlePath(article, tz);
    const box = presentMeterBox({
      access,
      viewer,
      policy,
      words: () => paywallWords(copy, settings.tagline ?? chrome.site.tagline, policy),
      offer: access.allow ? null : offerFacts(pickOfferPlan(await deps.activePlans(), copy.offerPlanSlug)),
      returnPath: path,
      articleId: article.id,
      signedIn,
    });
    const body = (
      <ArticlePage
        chrome={{ ...chrome, signedIn }}
        page={presentArticle(article, deps.reader.apply(article, access, policy))}
        meter={box}
        notice={null}
        printCodes={printCodesFor(chrome.publicUrl, path)}
        timeZone={tz}
        noindex
      />
    );
    return `<!doctype html>${renderToString(body)}`;
  }

  return {
    preview,
    previewAs,
    /**
     * The page for an article request. The meter decides (and counts) on every request; the page
     * is cached per variant of that decision (src/meter/meter-presenter.ts `pageVariant`).
     */
    async open(request: ArticleRequest): Promise<ArticlePageAnswer> {
      const { path } = request;
      let target = targets.get(path);
      let live: Article | undefined;
      if (target === undefined) {
        const version = pageCache.version;
        live = await loadLive(request.slug);
        target = targetOf(path, live, version);
      }
      if (target.kind === 'page') {
        // A gift link to a story whose address changed keeps its token on the way (a relative redirect).
        const location = target.page.headers?.location;
        if (request.giftToken !== undefined && location !== undefined) {
          return { kind: 'redirect', location: `${location}?gift=${encodeURIComponent(request.giftToken)}`, cacheControl: PRIVATE_PAGE };
        }
        return { kind: 'page', page: target.page, setCookies: NO_COOKIES };
      }
      const read = meter.readArticle(request, target.meta);
      const view = read instanceof Promise ? await read : read;
      // Without a gift link's answer there is no notice (a gift read always has one).
      const notice =
        view.gift === undefined
          ? null
          : presentArticleNotice({
              access: view.access,
              viewer: view.viewer,
              policy: meterSettings.policy(),
              gift: view.gift,
              returnPath: path,
              signedIn: view.signedIn,
            });
      const variant = pageVariant({ access: view.access, viewer: view.viewer, notice, arm: view.arm });
      const key = `${view.signedIn ? 'reader' : 'anon'}|${variant}|${path}`;
      const hit = pageCache.get(key);
      if (hit) return { kind: 'page', page: hit, setCookies: view.setCookies };
      const version = pageCache.version;
      const page = await render(path, target.meta, view, notice, live ?? (await loadLive(request.slug)));
      pageCache.set(key, page, version);
      return { kind: 'page', page, setCookies: view.setCookies };
    },
  };
}

export type ArticlePageService = ReturnType<typeof createArticlePageService>;
