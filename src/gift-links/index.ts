/**
 * Gift links: a reader entitled to `web` shares one article with a friend. `createGiftLinkService`
 * (on Services as `giftLinks`) makes links within the month's allowance (`GiftLinkPolicy`,
 * defaults 10 a month, 14 days, 1 browser each, 10 page loads per browser), and `admit` is what
 * the meter calls when a URL carries `?gift=`: it refuses previews and prefetches, checks the
 * signed token, the article, expiry and revocation, and admits the browser (by a signed `mh_gift`
 * cookie, each page load counted atomically against the link); `admissionOf` tells the article
 * page why a link did not open.
 * `registerGiftLinkRoutes` mounts the /account/gift-links pages and adds the reader's links to
 * the account page, the data download and account closure.
 */

export { GIFT_COOKIE } from './gift-cookie.js';
export {
  DEFAULT_GIFT_LINK_POLICY,
  GIFT_TOKEN_PATTERN,
  type GiftAdmission,
  type GiftLinkPolicy,
  type GiftRefusal,
  monthWindow,
} from './gift-link.js';
export { type GiftLinkRouteDeps, registerGiftLinkRoutes } from './gift-link-routes.js';
export {
  createGiftLinkService,
  type GiftLinkService,
  type GiftLinkServiceDeps,
  type GiftLinkSummary,
} from './gift-link-service.js';
