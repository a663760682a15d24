/**
 * The business office's money and meter screens under /admin (business and owner): plans and
 * offers (over the same services as the Admin API, so the same rules hold), gift subscriptions
 * (list by status, a gift's page, its code sent again), and the meter's policy with the
 * paywall's words, previewed as each kind of reader sees them through the reader's own article
 * page before they are saved; and experiments on the meter and the paywall (src/experiments),
 * their results and roll-out. `registerOfficeRoutes(app, deps)` mounts them; each screen gets
 * only its own part of the deps.
 */
import type { FastifyInstance } from 'fastify';
import { type ExperimentOfficeRouteDeps, registerExperimentOfficeRoutes } from './experiment-routes.js';
import { type GiftOfficeRouteDeps, registerGiftOfficeRoutes } from './gift-routes.js';
import { type MeterOfficeRouteDeps, registerMeterOfficeRoutes } from './meter-routes.js';
import { type OfferOfficeRouteDeps, registerOfferOfficeRoutes } from './offer-routes.js';
import { type PlanOfficeRouteDeps, registerPlanOfficeRoutes } from './plan-routes.js';

export interface OfficeRouteDeps {
  meter: MeterOfficeRouteDeps;
  plans: PlanOfficeRouteDeps;
  offers: OfferOfficeRouteDeps;
  gifts: GiftOfficeRouteDeps;
  experiments: ExperimentOfficeRouteDeps;
}

export function registerOfficeRoutes(app: FastifyInstance, deps: OfficeRouteDeps): void {
  registerPlanOfficeRoutes(app, deps.plans);
  registerOfferOfficeRoutes(app, deps.offers);
  registerGiftOfficeRoutes(app, deps.gifts);
  registerMeterOfficeRoutes(app, deps.meter);
  registerExperimentOfficeRoutes(app, deps.experiments);
}
