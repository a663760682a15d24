/**
 * Plans, entitlements and payments. Other features ask `entitlementsFor` which entitlements a
 * reader (or an anonymous request, by its address) holds and why; nothing outside this folder
 * reads subscription rows. Payments go through the `PaymentsGateway` seam: Stripe when
 * configured, otherwise a demo gateway whose events take the same path.
 */

export { ACCESS_ENDED_JOB, accessEndedJobHandlers, scheduleAccessEndedNotices } from './access-ended-jobs.js';
export { createEntitlementService, type EntitlementQuery, type EntitlementService } from './entitlement-service.js';
export { decideEntitlements, type EntitlementDecision, type EntitlementReason, type EntitlementSource } from './entitlements.js';
export { type GiftRouteDeps, registerGiftRoutes } from './gift-routes.js';
export type { GiftService } from './gift-service.js';
export type { Offer, OfferInput } from './offer.js';
export type { OfferRecord } from './offer-repository.js';
export type { OfferService } from './offer-service.js';
export type { CheckoutReader, PaymentEvent, PaymentsGateway } from './payments-gateway.js';
export { ENTITLEMENTS, type Entitlement, formatPlanPrice, type Plan, type PlanInput } from './plan.js';
export { createPlanService, DEMO_PLANS, type PlanService, seedDemoPlans } from './plan-service.js';
export type { SubscriptionRecord, SubscriptionStatus } from './subscription.js';
export { type SubscriptionAccountPanelDeps, subscriptionAccountPanel } from './subscription-account-panel.js';
export { type ReaderAccounts, registerSubscriptionRoutes, type SubscriptionRouteDeps } from './subscription-routes.js';
export { createSubscriptionService, type SubscriptionService, type SubscriptionServiceDeps } from './subscription-service.js';
export type { SubscriptionState } from './subscription-state.js';
export { countSubscriptionsStartedByDay } from './subscription-stats.js';
