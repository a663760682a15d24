/**
 * The Admin API under /api/v1/admin: one scope whose every route needs an admin API key with a
 * role the route's action allows (ADMIN_ROUTE_ROLES in src/api-keys/api-key.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { adminArticleRoutes } from './admin-article-routes.js';
import { adminImageRoutes } from './admin-image-routes.js';
import { adminTaxonomyRoutes } from './admin-taxonomy-routes.js';
import { requireAdminKeys } from './api-auth.js';

export async function adminApiRoutes(scope: FastifyInstance, s: Services): Promise<void> {
  requireAdminKeys(scope, s.apiKeys);
  await scope.register(async (articles) => adminArticleRoutes(articles, s));
  await scope.register(async (taxonomy) => adminTaxonomyRoutes(taxonomy, s));
  await scope.register(async (images) => adminImageRoutes(images, s));
}
