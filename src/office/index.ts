/**
 * The business office's money and meter screens under /admin (business and owner): plans and
 * offers (over the same services as the Admin API, so the same rules hold), gift subscriptions
 * (list by status, a gift's page, its code sent again), and the meter's policy with the
 * paywall's words, previewed as each kind of reader sees them through the reader's own article
 * page before they are saved. `registerOfficeRoutes(app, deps)` mounts them; each screen's deps
 * name only the services and ports it uses.
 */
import type { FastifyInstance } from 'fastify';
import { type MeterOfficeRouteDeps, registerMeterOfficeRoutes } from './meter-routes.js';

export type OfficeRouteDeps = MeterOfficeRouteDeps;

export function registerOfficeRoutes(app: FastifyInstance, deps: OfficeRouteDeps): void {
  registerMeterOfficeRoutes(app, deps);
}
