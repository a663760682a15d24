/**
 * First path segments the site itself uses. Sections live at the top level (`/{section}`), so
 * none may take one of these (decisions.md, "URLs and names").
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'api',
  'admin',
  'account',
  'subscribe',
  'checkout',
  'signin',
  'signup',
  'signout',
  'search',
  'authors',
  'tags',
  'gift',
  'webhooks',
  'assets',
  'media',
  'editions',
  'newsletter',
  'healthz',
  'readyz',
  'robots.txt',
  'feed.xml',
  'atom.xml',
  'sitemap.xml',
  'news-sitemap.xml',
  'favicon.ico',
  'rss',
  'feed',
  'feeds',
  'sitemap',
  'static',
  'login',
  'logout',
  'register',
  'print',
  'amp',
  'about',
  'contact',
  'privacy',
  'terms',
  'help',
  'staff',
  'well-known',
  '.well-known',
]);

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug.toLowerCase());
}
