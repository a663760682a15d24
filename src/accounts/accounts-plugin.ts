/**
 * Mounts the account pages in their own plugin scope: the rate limiter (@fastify/rate-limit,
 * keyed by the client: an IPv4 address, or an IPv6 /56, see client-key.ts) and the CSRF check
 * apply to these routes only, and every answer is `Cache-Control: no-store`.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { registerAccountChangeRoutes } from './account-change-routes.js';
import type { AccountRouteDeps } from './account-route-deps.js';
import { registerAccountPageRoutes } from './account-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { clientKey } from './client-key.js';

export async function registerAccountRoutes(app: FastifyInstance, deps: AccountRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    // global: false: only routes that name a limit in `config.rateLimit` are limited.
    await scope.register(rateLimit, { global: false, keyGenerator: (request) => clientKey(request.ip) });
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.header('cache-control', 'no-store');
      done();
    });
    // Every POST in this scope carries the form's `_csrf` field; checked before validation.
    scope.addHook('preValidation', deps.accounts.csrf.guard);
    registerAuthRoutes(scope, deps);
    registerAccountPageRoutes(scope, deps);
    registerAccountChangeRoutes(scope, deps);
  });
}
