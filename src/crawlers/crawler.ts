/**
 * Search crawlers: which one a User-Agent claims to be, and which host names each one's
 * addresses resolve to. Pure: no DNS, no database.
 *
 * Only the crawlers that index pages for search count: the Googlebot family (Googlebot/2.1 on
 * desktop and smartphone, Googlebot-Image, -News, -Video) and Bingbot (with msnbot, Bing's older
 * name, still answering to the same checks). Google's AdsBot, Mediapartners-Google, GoogleOther
 * and the user-triggered fetchers are not search crawlers and get what any reader gets.
 */

export const CRAWLER_NAMES = ['googlebot', 'bingbot'] as const;
export type CrawlerName = (typeof CRAWLER_NAMES)[number];

export function isCrawlerName(value: string): value is CrawlerName {
  return (CRAWLER_NAMES as readonly string[]).includes(value);
}

/**
 * The crawler's product token, standing alone: at the start or after a separator (so
 * "NotGooglebot" and "AdsBot-Googlebot" claim nothing) and followed by its version, a separator
 * or the end (so "Googlebot-Evil" claims nothing). One regular expression, one pass over the
 * string: this runs on every article request.
 */
const TOKEN = /(?:^|[\s(;,+])(?:(googlebot(?:-(?:image|news|video))?)|bingbot|msnbot(?:-media)?)(?=[/;)\s,]|$)/i;

/** Longer strings are no crawler's (Googlebot's is about 200 characters); spares the regex. */
const MAX_USER_AGENT = 512;

/**
 * Which crawler a User-Agent claims to be, or null. A claim is only a claim: anyone can send
 * "Googlebot/2.1"; `CrawlerVerifier.verify` decides whether the address backs it.
 */
export function claimedCrawler(userAgent: string | undefined): CrawlerName | null {
  if (userAgent === undefined || userAgent.length > MAX_USER_AGENT) return null;
  const m = TOKEN.exec(userAgent);
  if (m === null) return null;
  return m[1] === undefined ? 'bingbot' : 'googlebot';
}

/**
 * The domains a crawler's reverse DNS name must end in. Google: "googlebot.com" (crawl-…,
 * geo-crawl-…) and "google.com" (rate-limited-proxy-…), per "Verifying Googlebot and other Google
 * crawlers" (developers.google.com/search/docs/crawling-indexing/verifying-googlebot). Its third
 * domain, googleusercontent.com, is left out on purpose: it names Google's user-triggered
 * fetchers, and any Google Cloud customer's machine has a PTR there. Bing: "search.msn.com"
 * (bing.com/webmaster/help/how-to-verify-bingbot-3905dc26).
 */
export const CRAWLER_DOMAINS: Readonly<Record<CrawlerName, readonly string[]>> = {
  googlebot: ['googlebot.com', 'google.com'],
  bingbot: ['search.msn.com'],
};

/** Whether a PTR name (any case, with or without the root's trailing dot) lies in the crawler's domains. */
export function isCrawlerHost(crawler: CrawlerName, hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  // A name under the domain, never the domain itself: a crawler's PTR is always a host in it.
  return CRAWLER_DOMAINS[crawler].some((domain) => name.length > domain.length + 1 && name.endsWith(`.${domain}`));
}
