/** GET /admin: where a signed-in staff member starts, the first page of the navigation their role sees (the stories list for the newsroom). */
import type { FastifyInstance } from 'fastify';
import type { StaffRole } from '../accounts/index.js';
import { staffOf } from './admin-guard.js';
import { ADMIN_NAV } from './admin-layout.js';
import { seeOther } from './admin-page.js';
import { ALL_STAFF, adminRoute } from './admin-roles.js';

export function landingPath(role: StaffRole): string {
  return ADMIN_NAV.find((e) => e.roles.includes(role))?.href ?? '/admin/keys';
}

export function registerAdminHomeRoutes(app: FastifyInstance): void {
  app.get('/admin', { config: adminRoute(ALL_STAFF) }, async (request, reply) => seeOther(reply, landingPath(staffOf(request).role)));
}
