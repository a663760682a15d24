/** The site's page content type and caching rules, shared by its page services. */

export const HTML = 'text/html; charset=utf-8';
/** Pages are the same for every anonymous reader: shared caches may keep them briefly. */
export const PUBLIC_PAGE = 'public, max-age=60, stale-while-revalidate=300';
export const SIGNED_IN_PAGE = 'private, max-age=0, must-revalidate';
/** A metered article's page depends on the reader's meter: never for shared caches. */
export const PRIVATE_PAGE = SIGNED_IN_PAGE;
