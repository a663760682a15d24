/**
 * The metered paywall. `decideAccess` (src/reading) is the one decision; the content-read
 * service applies it to every output. `createMeterService` reads and records the meter for the
 * article page (anonymous meters on the server under a keyed hash of their cookie's id,
 * registered ones by reader, budgets of fresh meters and counted reads per network);
 * `createMeterPersonalData` exports and deletes a reader's meter; `createMeterSettings` holds the
 * policy and the paywall's words; `presentMeterBox` and `MeterBox` put the counter and the
 * paywall in the page's HTML, and `presentArticleNotice` and `ArticleNotice` the gift note (or a
 * gift link's problem) at its top;
 * the Admin API (src/api/admin-meter-routes.ts) lets the business side change policy and copy.
 */
export {
  type AccessDecision,
  type AllowReason,
  ANONYMOUS,
  decideAccess,
  type MeterCount,
  type MeterUsage,
  type Viewer,
  type WallReason,
} from '../reading/index.js';
export { articleKey, hmacKey, METER_COOKIE } from './meter-cookie.js';
export { type Arm, type ArmView, type ExperimentGate, NO_EXPERIMENTS, type RunningExperiment } from './meter-experiment.js';
export { meterJobHandlers, PURGE_ENDED_METERS_JOB, schedulePurgeEndedMeters } from './meter-jobs.js';
export { monthPeriod } from './meter-period.js';
export { createMeterPersonalData, type MeterExport, type MeterPersonalData } from './meter-personal-data.js';
export { DEFAULT_METER_POLICY, type MeterPolicy, MeterPolicySchema, periodPhrase } from './meter-policy.js';
export {
  type ArticleNotice as ArticleNoticeData,
  type GiftOutcome,
  type GiftProblem,
  giftProblem,
  type MeterBox as MeterBoxData,
  type OfferFacts,
  type PageVariantFacts,
  type PaywallWords,
  pageVariant,
  passRead,
  presentArticleNotice,
  presentMeterBox,
  sharedCacheable,
} from './meter-presenter.js';
export { type GiftPass, type MeterPrincipal, type MeterRequest, NO_COOKIES } from './meter-request.js';
export {
  type ArticleMeta,
  type ArticleView,
  type CrawlerCheck,
  createMeterService,
  type FunnelSink,
  type MeterService,
  type WebHolderRequest,
} from './meter-service.js';
export { createMeterSettings, type MeterSettings } from './meter-settings.js';
export { offerFacts, paywallWords, pickOfferPlan } from './paywall-content.js';
export { DEFAULT_PAYWALL_COPY, type PaywallCopy, PaywallCopySchema } from './paywall-copy.js';
export { ArticleNotice } from './views/article-notice.js';
export { MeterBox } from './views/meter-box.js';
