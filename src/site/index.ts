/**
 * The reader's website. `createArticlePageService` answers an article request (parsed once into
 * `ArticleRequest`, plain facts) with the page to send: the meter's decision, the page cache, and
 * on a miss the presenter (article-presenter.ts: only what this reader may see) and the view.
 * `createSitePageService` serves the listing pages (front, sections, authors, topics, search)
 * through the page cache from `SiteContent` ports. `registerSiteRoutes` mounts the thin routes
 * over both, taking `SiteRouteDeps`.
 */
export {
  type ArticlePageAnswer,
  type ArticlePageService,
  type ArticlePageServiceDeps,
  type ArticleRequest,
  createArticlePageService,
  type LiveLookup,
  type PageStore,
  PREVIEW_READERS,
  type PreviewReader,
  type PreviewSettings,
} from './article-page-service.js';
export { type ArticleViewModel, presentArticle, type StoryHead } from './article-presenter.js';
export { ARTICLE_CODE_CAPTION, qrSvg, SUBSCRIBE_CODE_CAPTION, SUBSCRIBE_PATH } from './print-codes.js';
export { HTML, PRIVATE_PAGE, PUBLIC_PAGE, SIGNED_IN_PAGE } from './site-cache-control.js';
export {
  createSitePageService,
  type ListingRequest,
  type SearchScope,
  type SiteContent,
  type SitePageService,
  type SitePageServiceDeps,
} from './site-page-service.js';
export { registerSiteRoutes, type SiteRouteDeps } from './site-routes.js';
export { StoryList, type StoryTeaser } from './story-list.js';
