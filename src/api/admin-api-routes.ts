/**
 * The Admin API under /api/v1/admin: one scope whose every route needs an admin API key with a
 * role the route's action allows (ADMIN_ROUTE_ROLES in src/api-keys/api-key.ts).
 */
import type { FastifyInstance } from 'fastify';
import { funnelAdminRoutes } from '../funnel/index.js';
import type { Services } from '../services.js';
import { adminArticleRoutes } from './admin-article-routes.js';
import { adminImageRoutes } from './admin-image-routes.js';
import { meterAdminRoutes } from './admin-meter-routes.js';
import { adminOfferRoutes } from './admin-offer-routes.js';
import { adminPlanRoutes } from './admin-plan-routes.js';
import { adminReaderRoutes } from './admin-reader-routes.js';
import { adminTaxonomyRoutes } from './admin-taxonomy-routes.js';
import { requireAdminKeys } from './api-auth.js';

export async function adminApiRoutes(scope: FastifyInstance, s: Services): Promise<void> {
  requireAdminKeys(scope, s.apiKeys);
  await scope.register(async (articles) => adminArticleRoutes(articles, s));
  await scope.register(async (taxonomy) => adminTaxonomyRoutes(taxonomy, s));
  await scope.register(async (images) => adminImageRoutes(images, s));
  await scope.register(async (plans) => adminPlanRoutes(plans, s));
  await scope.register(async (offers) => adminOfferRoutes(offers, s));
  await scope.register(async (readers) => adminReaderRoutes(readers, s));
  await scope.register(async (meter) => meterAdminRoutes(meter, s));
  await scope.register(async (funnel) => funnelAdminRoutes(funnel, s));
}
