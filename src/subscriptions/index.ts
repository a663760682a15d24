/**
 * Plans, entitlements and payments. Other features ask `entitlementsFor` which entitlements a
 * reader (or an anonymous request, by its address) holds and why; nothing outside this folder
 * reads subscription rows. Payments go through the `PaymentsGateway` seam: Stripe when
 * configured (or the gateway given in `createSubscriptionService`'s deps), otherwise a demo
 * gateway whose events take the same path. The subscriber's emails are jobs enqueued with the
 * change they follow (`accessEndedJobHandlers` runs them). What the accounts feature shows or
 * erases of a reader's money (`subscriptionAccountPanel`, `subscriptions.exportFor`,
 * `subscriptions.closeAccountOf`, `gifts.exportFor`, `gifts.eraseFor`) is connected by the
 * composition root (src/services.ts).
 */

export { ACCESS_ENDED_JOB, accessEndedJobHandlers, scheduleAccessEndedNotices } from './access-ended-jobs.js';
export { PRINT_VISITOR_COOKIE } from './checkout-routes.js';
export { type CompOutcome, compNeeded, grantComplimentary } from './complimentary.js';
export { isDemoGateway } from './demo-gateway.js';
export { createEntitlementService, type EntitlementQuery, type EntitlementService } from './entitlement-service.js';
export {
  decideEntitlements,
  type EntitlementDecision,
  type EntitlementReason,
  type EntitlementSource,
  type EntitlementTerm,
  entitlementTerm,
  type GiftFacts,
  RENEWAL_LEEWAY_MS,
  type SubscriptionFacts,
  type WithheldEntitlement,
} from './entitlements.js';
export type { GiftRecord } from './gift.js';
export type { GiftStanding } from './gift-repository.js';
export { type GiftRouteDeps, registerGiftRoutes } from './gift-routes.js';
export type { GiftService } from './gift-service.js';
export {
  checkOrganisationInput,
  isCalendarDate,
  licenceInForce,
  type Organisation,
  type OrganisationInput,
  type OrganisationSummary,
} from './group-licence.js';
/**
 * Live subscriptions counted on write (live-count.ts): the counts at an instant, read without a
 * pass over the subscriptions, and the full recount for rows written around the repository.
 */
export { type LiveKind, liveKeyOf, liveUntil, OPEN_END } from './live-count.js';
export { liveCountsAt, liveReadersAt, recountLive } from './live-count-repository.js';
export { describeOffer, type Offer, type OfferInput, offerOnPlan, offerPriceText, offerProblemOnPlan } from './offer.js';
export type { OfferRecord } from './offer-repository.js';
export type { OfferService } from './offer-service.js';
export { type OrganisationAdminRouteDeps, registerOrganisationAdminRoutes } from './organisation-admin-routes.js';
export { createOrganisationService, MEMBERS_SHOWN, type OrganisationService } from './organisation-service.js';
export type { CheckoutReader, PaymentChange, PaymentEvent, PaymentsGateway, SubscriptionSnapshot } from './payments-gateway.js';
export { ENTITLEMENTS, type Entitlement, formatPlanPrice, formatPrice, type Plan, type PlanInput } from './plan.js';
export { listPlans } from './plan-repository.js';
export { createPlanService, DEMO_PLANS, type PlanService, seedDemoPlans } from './plan-service.js';
export { parseRefundAmount, type RefundAccess, type RefundRecord, type RefundStatus } from './refund.js';
export type { StaffRefundInput, StaffRefundOutcome, StaffRefunds } from './staff-refunds.js';
export type { StaffCancelWhen, StaffSubscriptionActions } from './staff-subscription-actions.js';
export { COMPLIMENTARY, pauseInForce, type SubscriptionPause, type SubscriptionRecord, type SubscriptionStatus } from './subscription.js';
export { type SubscriptionAccountPanelDeps, subscriptionAccountPanel } from './subscription-account-panel.js';
export type { ReaderAccounts, SubscriptionRouteDeps } from './subscription-route-deps.js';
export { registerSubscriptionRoutes } from './subscription-routes.js';
export { createSubscriptionService, type SubscriptionService, type SubscriptionServiceDeps } from './subscription-service.js';
export type { SubscriptionState } from './subscription-state.js';
export { countSubscriptionsStartedByDay, readersSubscribedBetween } from './subscription-stats.js';
