/**
 * The Admin API under /api/v1/admin: one scope whose every route needs an admin API key with a
 * role the route's action allows (ADMIN_ROUTE_ROLES in src/api-keys/api-key.ts).
 */
import type { FastifyInstance } from 'fastify';
import { funnelAdminRoutes } from '../funnel/index.js';
import { type MagazineAdminRouteDeps, magazineAdminRoutes } from '../magazine/index.js';
import { type NewsletterAdminRouteDeps, newsletterAdminRoutes } from '../newsletter/index.js';
import { type AdminArticleRouteDeps, registerAdminArticleRoutes } from './admin-article-routes.js';
import { type ExperimentAdminRouteDeps, experimentAdminRoutes } from './admin-experiment-routes.js';
import { type AdminImageRouteDeps, registerAdminImageRoutes } from './admin-image-routes.js';
import { meterAdminRoutes } from './admin-meter-routes.js';
import { type AdminOfferRouteDeps, registerAdminOfferRoutes } from './admin-offer-routes.js';
import { type AdminOrganisationRouteDeps, registerAdminOrganisationRoutes } from './admin-organisation-routes.js';
import { type AdminPlanRouteDeps, registerAdminPlanRoutes } from './admin-plan-routes.js';
import { type AdminReaderRouteDeps, registerAdminReaderRoutes } from './admin-reader-routes.js';
import { type AdminTaxonomyRouteDeps, registerAdminTaxonomyRoutes } from './admin-taxonomy-routes.js';
import { type KeyVerifier, requireAdminKeys, savedByOf } from './api-auth.js';

/** The meter's and the funnel's admin routes take what their own features declare. */
type MeterAdminDeps = Parameters<typeof meterAdminRoutes>[1];
type FunnelAdminDeps = Parameters<typeof funnelAdminRoutes>[1];

/** Everything the Admin API's routes use: the union of each route module's deps. */
export type AdminApiDeps = AdminArticleRouteDeps &
  AdminTaxonomyRouteDeps &
  AdminImageRouteDeps &
  AdminPlanRouteDeps &
  AdminOfferRouteDeps &
  Omit<AdminOrganisationRouteDeps, 'config'> &
  AdminReaderRouteDeps &
  MeterAdminDeps &
  ExperimentAdminRouteDeps &
  FunnelAdminDeps &
  Omit<NewsletterAdminRouteDeps, 'actorOf' | 'config'> &
  Omit<MagazineAdminRouteDeps, 'actorOf'> & { apiKeys: KeyVerifier; config: NewsletterAdminRouteDeps['config'] };

export async function registerAdminApiRoutes(scope: FastifyInstance, s: AdminApiDeps): Promise<void> {
  requireAdminKeys(scope, s.apiKeys);
  await scope.register(async (articles) => registerAdminArticleRoutes(articles, s));
  await scope.register(async (taxonomy) => registerAdminTaxonomyRoutes(taxonomy, s));
  await scope.register(async (images) => registerAdminImageRoutes(images, s));
  await scope.register(async (plans) => registerAdminPlanRoutes(plans, s));
  await scope.register(async (offers) => registerAdminOfferRoutes(offers, s));
  await scope.register(async (orgs) => registerAdminOrganisationRoutes(orgs, s));
  await scope.register(async (readers) => registerAdminReaderRoutes(readers, s));
  await scope.register(async (meter) => meterAdminRoutes(meter, s));
  await scope.register(async (experiments) => experimentAdminRoutes(experiments, s));
  await scope.register(async (funnel) => funnelAdminRoutes(funnel, s));
  // The daily email's editions: who acts is recorded as revisions record it.
  await scope.register(async (editions) => newsletterAdminRoutes(editions, { ...s, actorOf: savedByOf }));
  // The weekly magazine's editions.
  await scope.register(async (magazine) => magazineAdminRoutes(magazine, { ...s, actorOf: savedByOf }));
}
