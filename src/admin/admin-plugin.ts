/**
 * Mounting the shell. `registerAdminShell` first: the guard, the check that refuses an /admin
 * route without roles and the audit trail's hook apply only to routes added after it. Then
 * every feature's admin routes, the shell's own among them (`registerAdminRoutes`: its own
 * plugin scope, where the per-client rate limits of the sign-in forms and the CSRF check of
 * every POST apply).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AccountService, clientKey, type StaffManagement } from '../accounts/index.js';
import type { ApiKey, ApiKeyService } from '../api-keys/index.js';
import type { Clock } from '../platform.js';
import { registerAdminAssetRoutes } from './admin-asset-routes.js';
import { registerAdminAuditRoutes } from './admin-audit-routes.js';
import { registerAdminAuthRoutes } from './admin-auth-routes.js';
import { registerAdminGuard } from './admin-guard.js';
import { registerAdminHomeRoutes } from './admin-home-routes.js';
import { registerAdminKeyRoutes } from './admin-key-routes.js';
import { registerAdminStaffRoutes } from './admin-staff-routes.js';
import type { AuditTargetKind } from './audit.js';
import { type AuditRecorder, registerAuditHook } from './audit-hook.js';
import type { AuditService } from './audit-service.js';

export interface AdminShellDeps {
  accounts: Pick<AccountService, 'staffFromRequest' | 'csrf'>;
  siteName(): Promise<string>;
  audit: Pick<AuditService, 'record' | 'recordIn'>;
  staff: Pick<StaffManagement, 'find'>;
  /** The human name of what a change acted on (a story's headline, a page's title…), for the audit trail. */
  targetName(kind: AuditTargetKind, id: string): Promise<string | undefined>;
  /** The API key that authenticated an Admin API request (src/api), for the audit trail. */
  apiKeyOf(request: FastifyRequest): ApiKey | undefined;
}

/** Answers the audit recorder, whose `within(request)` the routes of changes that run in one transaction use. */
export function registerAdminShell(app: FastifyInstance, deps: AdminShellDeps): AuditRecorder {
  registerAdminGuard(app, {
    staffFromRequest: (request) => deps.accounts.staffFromRequest(request),
    siteName: deps.siteName,
    csrfToken: (request: FastifyRequest, reply: FastifyReply) => deps.accounts.csrf.token(request, reply),
  });
  return registerAuditHook(app, {
    audit: deps.audit,
    apiKeyOf: deps.apiKeyOf,
    staffName: async (id) => (await deps.staff.find(id))?.name,
    targetName: deps.targetName,
  });
}

export interface AdminRouteDeps {
  accounts: Pick<AccountService, 'auth' | 'sessions' | 'csrf' | 'staffFromRequest'>;
  staff: Pick<StaffManagement, 'list' | 'invite' | 'resendInvitation' | 'changeRole' | 'disable' | 'enable'>;
  apiKeys: Pick<ApiKeyService, 'createKey' | 'listOfStaff' | 'revokeOwn'>;
  audit: Pick<AuditService, 'page' | 'actors'>;
  siteName(): Promise<string>;
  clock: Clock;
  /** The paper's time zone: every time on a staff page is shown in it. */
  timezone: string;
}

export async function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): Promise<void> {
  registerAdminAssetRoutes(app);
  const csrfToken = (request: FastifyRequest, reply: FastifyReply) => deps.accounts.csrf.token(request, reply);
  const timezone = deps.timezone;
  await app.register(async (scope) => {
    // global: false: only the routes that name a limit in `config.rateLimit` are limited.
    await scope.register(rateLimit, { global: false, keyGenerator: (request) => clientKey(request.ip) });
    scope.addHook('preValidation', deps.accounts.csrf.guard);
    registerAdminAuthRoutes(scope, deps);
    registerAdminHomeRoutes(scope);
    registerAdminStaffRoutes(scope, { staff: deps.staff, csrfToken, timezone });
    registerAdminKeyRoutes(scope, { apiKeys: deps.apiKeys, csrfToken, timezone });
    registerAdminAuditRoutes(scope, { audit: deps.audit, csrfToken, timezone });
  });
}
