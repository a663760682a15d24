/**
 * Gift links: a reader entitled to `web` shares one article with a friend. `createGiftLinkService`
 * (on Services as `giftLinks`) makes links within the month's allowance (`GiftLinkPolicy`,
 * defaults 10 a month, 14 days, 1 browser each, 10 page loads per browser), and `admit` is what
 * the meter calls when a URL carries `?gift=`: it refuses previews and prefetches, checks the
 * signed token, the article, expiry and revocation, and admits the browser (by a signed `mh_gift`
 * cookie, each page load counted atomically against the link); `admissionOf` tells the article
 * page why a link did not open. `exportFor` and `revokeAllOf` are the reader's links in the data
 * download and on account closure, and `giftLinksAccountPanel` the line on /account: the
 * composition root (src/services.ts) connects them to the accounts feature.
 * `registerGiftLinkRoutes` mounts the /account/gift-links pages.
 */

export { GIFT_COOKIE } from './gift-cookie.js';
export {
  DEFAULT_GIFT_LINK_POLICY,
  GIFT_TOKEN_PATTERN,
  type GiftAdmission,
  type GiftArticle,
  type GiftLinkPolicy,
  type GiftRefusal,
  monthWindow,
} from './gift-link.js';
export { giftLinksAccountPanel } from './gift-link-panel.js';
export { type GiftLinkRouteDeps, registerGiftLinkRoutes } from './gift-link-routes.js';
export {
  createGiftLinkService,
  type GiftGiver,
  type GiftLinkExport,
  type GiftLinkService,
  type GiftLinkServiceDeps,
  type GiftLinkSummary,
  type GiftLinkWithArticle,
} from './gift-link-service.js';
