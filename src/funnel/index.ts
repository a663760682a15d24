/**
 * The funnel: every decision the meter takes (article counted, last-free notice, registration
 * wall, paywall, gift read, crawler served) and every checkout started, recorded without slowing
 * the page. `createFunnelService` (on Services as `funnel`) buffers events in memory and writes
 * them as per-day counters about once a second (`record` never awaits and never throws), and
 * answers the report; sections and articles come through its deps, filled by the composition
 * root. `funnelAdminRoutes` serves `GET /api/v1/admin/funnel?from=&to=`: counts per day,
 * subscriptions started, and the conversion from paywall shown to subscription started.
 */
export { type ArmCount, type ArmTag, FUNNEL_EVENTS, type FunnelEvent, type FunnelEventType } from './funnel.js';
export { createFunnelRecorder, type FunnelRecorder, type FunnelRecorderDeps } from './funnel-recorder.js';
export { countsByArm, readsByArticle } from './funnel-repository.js';
export { type FunnelRouteDeps, funnelAdminRoutes } from './funnel-routes.js';
export { FunnelQuery, FunnelReportJson } from './funnel-schemas.js';
export {
  createFunnelReports,
  createFunnelService,
  type FunnelReportDeps,
  type FunnelReports,
  type FunnelService,
  type FunnelServiceDeps,
} from './funnel-service.js';
