/**
 * How an Admin API route says what it does: its action, which `requireAdminKeys` (src/api)
 * checks against ADMIN_ROUTE_ROLES. Here, beside the roles, so that features serving admin
 * routes (the meter's, the funnel's) need not import the API that mounts them.
 */
import type { AdminAction } from './api-key.js';

/** Security requirement for the OpenAPI document: a bearer API key (the scheme is declared where the API is mounted). */
export const BEARER_SECURITY: Record<string, string[]>[] = [{ apiKey: [] }];

/** Route config of every Admin API route: the action it performs, checked against ADMIN_ROUTE_ROLES. */
export function adminRoute(action: AdminAction): { action: AdminAction } {
  return { action };
}
