/**
 * The guard of every staff page. Each route under /admin declares the roles it is open to
 * (`config.adminRoles`, admin-roles.ts); one app-level hook checks them before anything else
 * runs: no staff session → a GET is sent to /admin/sign-in with `return` set to where it was
 * going (303), any other method gets a 401 page; a staff member whose role is not listed gets a
 * 403 page naming the roles that may. A reader's session is no staff session. Disabled staff
 * have none either (their sessions stop counting at once).
 *
 * And the rule is enforced when the app is built: a route under /admin that declares no roles
 * (other than signing in and out, and the static assets) stops the app from starting, so a page
 * cannot be left open by forgetting.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type StaffMember, type StaffRole, staffActor } from '../accounts/index.js';
import { islandBundler } from './admin-assets.js';
import { AdminBarePage, AdminLayout, setAdminContext } from './admin-layout.js';
import { sendAdminPage } from './admin-page.js';
import { isAdminPath, isPublicAdminPath, rolesInWords } from './admin-roles.js';

export interface AdminGuardDeps {
  /** The active staff member of the request's session, if any (accounts). */
  staffFromRequest(request: FastifyRequest): Promise<StaffMember | undefined>;
  /** The paper's name, for the page header. */
  siteName(): Promise<string>;
  /** The form token of the request (the Sign out button of the 403 page). */
  csrfToken(request: FastifyRequest, reply: FastifyReply): Promise<string>;
}

const staffOfRequest = new WeakMap<FastifyRequest, StaffMember>();

/** The signed-in staff member of a guarded admin route. Throws where the guard did not run. */
export function staffOf(request: FastifyRequest): StaffMember {
  const staff = staffOfRequest.get(request);
  if (!staff) throw new Error(`staffOf: no staff member on ${request.method} ${request.url} (does the route declare adminRoles?)`);
  return staff;
}

/**
 * Who saves, as revisions' `saved_by` and articles' `created_by` record it: `staff:<id>`, the
 * same as for the member's own API key (src/api/api-auth.ts `savedByOf`).
 */
export function adminSavedByOf(request: FastifyRequest): string {
  return staffActor(staffOf(request).id);
}

/** The staff member of a request the guard let through, if any (the audit trail's "who"). */
export function guardedStaffOf(request: FastifyRequest): StaffMember | undefined {
  return staffOfRequest.get(request);
}

/** Where a GET without a staff session is sent: the sign-in page, then back here. */
export function signInRedirect(url: string): string {
  return `/admin/sign-in?return=${encodeURIComponent(url)}`;
}

/** The decision, pure: what the guard does with a request to a route open to `roles`. */
export type GuardDecision =
  | { kind: 'allow' }
  | { kind: 'sign-in'; location: string }
  | { kind: 'unauthenticated' }
  | { kind: 'forbidden'; roles: readonly StaffRole[] };

export function decideAdminAccess(
  staff: Pick<StaffMember, 'role'> | undefined,
  roles: readonly StaffRole[],
  request: { method: string; url: string },
): GuardDecision {
  if (!staff) {
    return request.method === 'GET' || request.method === 'HEAD'
      ? { kind: 'sign-in', location: signInRedirect(request.url) }
      : { kind: 'unauthenticated' };
  }
  return roles.includes(staff.role) ? { kind: 'allow' } : { kind: 'forbidden', roles };
}

/** Throws when a route under /admin declares no roles: called for every route as it is added. */
export function checkAdminRoute(route: Pick<RouteOptions, 'url' | 'method' | 'config'>): void {
  if (!isAdminPath(route.url) || isPublicAdminPath(route.url)) return;
  const roles = route.config?.adminRoles;
  if (!Array.isArray(roles) || roles.length === 0) {
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    throw new Error(`${method} ${route.url} is under /admin but declares no adminRoles: every admin route must say who may use it.`);
  }
}

export function registerAdminGuard(app: FastifyInstance, deps: AdminGuardDeps): void {
  app.addHook('onRoute', (route) => checkAdminRoute(route));

  async function guard(request: FastifyRequest, reply: FastifyReply, roles: readonly StaffRole[]): Promise<boolean> {
    reply.header('cache-control', 'no-store');
    const staff = await deps.staffFromRequest(request);
    const decision = decideAdminAccess(staff, roles, request);
    const siteName = await deps.siteName();
    switch (decision.kind) {
      case 'allow': {
        if (!staff) return false;
        staffOfRequest.set(request, staff);
        setAdminContext(staff, { siteName });
        // The islands are bundled once, before the first page that might name one renders.
        if (request.method === 'GET') await islandBundler.prepare();
        return true;
      }
      case 'sign-in':
        reply.redirect(decision.location, 303);
        return false;
      case 'unauthenticated':
        sendAdminPage(
          reply,
          <AdminBarePage title="Please sign in" siteName={siteName}>
            <h1>Please sign in</h1>
            <p>Your session has ended, so nothing was changed. Sign in and try again.</p>
            <p>
              <a href={signInRedirect('/admin')}>Sign in to the newsroom</a>
            </p>
          </AdminBarePage>,
          401,
        );
        return false;
      case 'forbidden': {
        if (!staff) return false;
        setAdminContext(staff, { siteName });
        const csrf = await deps.csrfToken(request, reply);
        sendAdminPage(
          reply,
          <AdminLayout title="Not allowed" staff={staff} csrf={csrf} nav={null}>
            <h1>Not allowed</h1>
            <p>
              This page is for the {rolesInWords(decision.roles)} role{decision.roles.length > 1 ? 's' : ''}. You are signed in as{' '}
              {staff.role}. Ask the paper's owner if you need it.
            </p>
          </AdminLayout>,
          403,
        );
        return false;
      }
    }
  }

  // A callback hook: reader pages (no adminRoles) pass with no promise made.
  app.addHook('onRequest', (request, reply, done) => {
    const roles = request.routeOptions.config.adminRoles;
    if (roles === undefined) {
      done();
      return;
    }
    guard(request, reply, roles).then((allowed) => {
      if (allowed) done();
    }, done);
  });
}
