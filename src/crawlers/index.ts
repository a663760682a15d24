/**
 * Verified search crawlers. `claimedCrawler(userAgent)` says which crawler a request claims to
 * be (pure, run on every article request); `createCrawlerVerifier` makes the service that
 * decides whether the claim holds for the request's address: the crawler's published ranges
 * (Google's list ships with the project; `masthead crawlers load` stores a newer one, or Bing's,
 * in the database for every process) or forward-confirmed reverse DNS, with the verdict cached
 * per address. The meter serves a verified crawler the full text, marked up as paywalled.
 */
export { CRAWLER_DOMAINS, CRAWLER_NAMES, type CrawlerName, claimedCrawler, isCrawlerName } from './crawler.js';
export { type CrawlerRanges, parseRangeFile } from './crawler-ranges.js';
export { type CrawlerVerifier, type CrawlerVerifierDeps, type CrawlerVerifierService, createCrawlerVerifier } from './crawler-service.js';
export type { DnsResolver } from './reverse-dns.js';
