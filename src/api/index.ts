/**
 * The JSON APIs: the Content API (published content under /api/v1, an API key optional), the
 * Admin API (the newsroom's and the business's writes under /api/v1/admin, an admin key
 * required) and their OpenAPI document (/api/openapi.json). `registerApi` mounts all three;
 * `ApiDeps` names every service they use, each route module's own deps interface in one type.
 */
export type { AdminApiDeps } from './admin-api-routes.js';
export { type ArticleSaveDecision, decideArticleSave } from './admin-article-access.js';
export type { AdminArticleRouteDeps } from './admin-article-routes.js';
export type { AdminImageRouteDeps } from './admin-image-routes.js';
export type { AdminOfferRouteDeps } from './admin-offer-routes.js';
export type { AdminPlanRouteDeps } from './admin-plan-routes.js';
export type { AdminReaderRouteDeps } from './admin-reader-routes.js';
export type { AdminTaxonomyRouteDeps } from './admin-taxonomy-routes.js';
export { requestKeyOf } from './api-auth.js';
export { type ApiDeps, registerApi } from './api-plugin.js';
export type { ContentApiRouteDeps } from './content-api-routes.js';
