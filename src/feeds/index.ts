/**
 * The reader site's machine-readable outputs: RSS and Atom feeds, sitemaps, the Google News
 * sitemap, robots.txt. `createFeedService` builds each document from `FeedContent` ports and keeps
 * it in the page cache; `registerFeedRoutes` mounts the routes, taking `FeedRouteDeps`.
 */

export { type FeedRouteDeps, type FeedRouteOptions, registerFeedRoutes } from './feed-routes.js';
export {
  createFeedService,
  FEED_SIZE,
  type FeedContent,
  type FeedPageStore,
  type FeedService,
  type FeedServiceDeps,
  robotsTxt,
  type SitemapEntry,
} from './feed-service.js';
