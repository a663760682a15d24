/**
 * Mounting the shell. `registerAdminShell` first (the guard and the check that refuses an
 * /admin route without roles apply only to routes added after it), then every feature's admin
 * routes, the shell's own among them (`registerAdminRoutes`: its own plugin scope, where the
 * per-client rate limits of the sign-in forms and the CSRF check of every POST apply).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AccountService, clientKey } from '../accounts/index.js';
import type { Clock } from '../platform.js';
import { registerAdminAssetRoutes } from './admin-asset-routes.js';
import { registerAdminAuthRoutes } from './admin-auth-routes.js';
import { registerAdminGuard } from './admin-guard.js';
import { registerAdminHomeRoutes } from './admin-home-routes.js';

export interface AdminShellDeps {
  accounts: Pick<AccountService, 'staffFromRequest' | 'csrf'>;
  siteName(): Promise<string>;
}

export function registerAdminShell(app: FastifyInstance, deps: AdminShellDeps): void {
  registerAdminGuard(app, {
    staffFromRequest: (request) => deps.accounts.staffFromRequest(request),
    siteName: deps.siteName,
    csrfToken: (request: FastifyRequest, reply: FastifyReply) => deps.accounts.csrf.token(request, reply),
  });
}

export interface AdminRouteDeps {
  accounts: Pick<AccountService, 'auth' | 'sessions' | 'csrf' | 'staffFromRequest'>;
  siteName(): Promise<string>;
  clock: Clock;
  /** The paper's time zone: every time on a staff page is shown in it. */
  timezone: string;
}

export async function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): Promise<void> {
  registerAdminAssetRoutes(app);
  await app.register(async (scope) => {
    // global: false: only the routes that name a limit in `config.rateLimit` are limited.
    await scope.register(rateLimit, { global: false, keyGenerator: (request) => clientKey(request.ip) });
    scope.addHook('preValidation', deps.accounts.csrf.guard);
    registerAdminAuthRoutes(scope, deps);
    registerAdminHomeRoutes(scope);
  });
}
