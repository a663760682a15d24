/**
 * API keys for the Content and Admin APIs. `createApiKeyService` creates, lists, verifies and
 * revokes keys (only a hash of each secret is stored); `ApiKey`, the admin roles and
 * `ADMIN_ROUTE_ROLES` say which admin key may perform which action (`mayPerform`), and
 * `adminRoute` tags an Admin API route with its action. `apiKeyCommand` is `masthead api-key`.
 */
export {
  ADMIN_ROLES,
  ADMIN_ROUTE_ROLES,
  type AdminAction,
  type AdminRole,
  type ApiKey,
  type ApiKeyKind,
  FULL_TEXT_SCOPE,
  isAdminAction,
  mayPerform,
} from './api-key.js';
export { apiKeyCommand } from './api-key-command.js';
export { adminRoute, BEARER_SECURITY } from './api-key-routes.js';
export { type ApiKeyService, createApiKeyService, type NewApiKey } from './api-key-service.js';
