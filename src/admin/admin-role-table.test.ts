/**
 * Every route under /admin against every staff role and against no session. The route list
 * comes from the app itself (`printRoutes`), so a route another part adds is covered at once:
 * without a session it must send a GET to sign in and refuse anything else with 401, and it
 * fails the first test below until someone writes down who may use it in EXPECTED. Allowed
 * means the guard let the request through (neither 401 nor its 403 page nor a sign-in
 * redirect; what the page then does with a made-up id or an empty form is its own business);
 * refused means the guard's 403 page.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../accounts/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { isPublicAdminPath } from './admin-roles.js';
import { type SignedInStaff, signInStaff } from './admin-test-support.js';

const ALL: readonly StaffRole[] = STAFF_ROLES;
const NEWSROOM: readonly StaffRole[] = ['owner', 'editor', 'writer'];
const EDITORS: readonly StaffRole[] = ['owner', 'editor'];
const OWNER: readonly StaffRole[] = ['owner'];
const BUSINESS: readonly StaffRole[] = ['owner', 'business'];
const MAGAZINE_ARCHIVE: readonly StaffRole[] = ['owner', 'editor', 'business'];

/**
 * Who may use each admin route: one entry per route the app serves under /admin (signing in
 * and out and the assets excepted: they are open). Parts that add admin routes add their lines.
 */
const EXPECTED: Record<string, readonly StaffRole[]> = {
  'GET /admin': ALL,
  'GET /admin/staff': OWNER,
  'POST /admin/staff': OWNER,
  'POST /admin/staff/:id/role': OWNER,
  'POST /admin/staff/:id/disable': OWNER,
  'POST /admin/staff/:id/enable': OWNER,
  'POST /admin/staff/:id/invite': OWNER,
  'GET /admin/keys': ALL,
  'POST /admin/keys': ALL,
  'POST /admin/keys/:id/revoke': ALL,
  'GET /admin/audit': OWNER,
  'GET /admin/fronts': EDITORS,
  'GET /admin/fronts/:front': EDITORS,
  'POST /admin/fronts/:front': EDITORS,
  'POST /admin/fronts/:front/add': EDITORS,
  'POST /admin/fronts/:front/rule': EDITORS,
  'GET /admin/pages': EDITORS,
  'GET /admin/pages/:slug': EDITORS,
  'POST /admin/pages/:slug': EDITORS,
  // The daily email (src/newsletter).
  'GET /admin/newsletter': EDITORS,
  'POST /admin/newsletter': EDITORS,
  'GET /admin/newsletter/:date': EDITORS,
  'POST /admin/newsletter/:date': EDITORS,
  'GET /admin/newsletter/:date/preview': EDITORS,
  // The weekly magazine (src/magazine): editors make editions; the business office shares the printed archive and PDFs.
  'GET /admin/magazine': EDITORS,
  'POST /admin/magazine': EDITORS,
  'GET /admin/magazine/archive': MAGAZINE_ARCHIVE,
  'GET /admin/magazine/editions/:number': EDITORS,
  'POST /admin/magazine/editions/:number': EDITORS,
  'GET /admin/magazine/editions/:number/freeze': EDITORS,
  'POST /admin/magazine/editions/:number/freeze': EDITORS,
  'POST /admin/magazine/editions/:number/pdf': MAGAZINE_ARCHIVE,
  'POST /admin/magazine/editions/:number/pdf/:trim/again': MAGAZINE_ARCHIVE,
  'GET /admin/magazine/editions/:number/pdf/:trim': MAGAZINE_ARCHIVE,
  'GET /admin/magazine/editions/:number/pdf/:trim/file': MAGAZINE_ARCHIVE,
  // The desk (src/newsroom): business has no stories access; editors and owners run bulk actions.
  'GET /admin/stories': NEWSROOM,
  'POST /admin/stories': NEWSROOM,
  'GET /admin/stories/desk-:hash.css': NEWSROOM,
  'POST /admin/stories/bulk': EDITORS,
  'GET /admin/stories/new': NEWSROOM,
  'POST /admin/stories/autosave': NEWSROOM,
  'GET /admin/stories/:id': NEWSROOM,
  'POST /admin/stories/:id': NEWSROOM,
  'POST /admin/stories/:id/autosave': NEWSROOM,
  'POST /admin/stories/:id/updates': NEWSROOM,
  'GET /admin/stories/:id/preview': NEWSROOM,
  'POST /admin/stories/:id/preview-link': NEWSROOM,
  'POST /admin/stories/:id/preview-link/revoke': NEWSROOM,
  'GET /admin/stories/:id/revisions': NEWSROOM,
  'POST /admin/stories/:id/revisions/:version/restore': NEWSROOM,
  'POST /admin/images': NEWSROOM,
  // Group licences (src/subscriptions): the business office.
  // The business office's dashboard (src/dashboard).
  'GET /admin/dashboard': BUSINESS,
  'GET /admin/dashboard/csv/:table': BUSINESS,
  'GET /admin/organisations': BUSINESS,
  'GET /admin/organisations/new': BUSINESS,
  'POST /admin/organisations': BUSINESS,
  'GET /admin/organisations/:id': BUSINESS,
  'POST /admin/organisations/:id': BUSINESS,
  'GET /admin/readers': BUSINESS,
  'POST /admin/readers/export': BUSINESS,
  'GET /admin/readers/:id': BUSINESS,
  'POST /admin/readers/:id/comp': BUSINESS,
  'POST /admin/readers/:id/subscriptions/:subscriptionId/cancel': BUSINESS,
  'POST /admin/readers/:id/subscriptions/:subscriptionId/refund': BUSINESS,
  'POST /admin/readers/:id/link': BUSINESS,
  'POST /admin/readers/:id/export': BUSINESS,
  'POST /admin/readers/:id/close': BUSINESS,
  // Plans, offers, gifts, the meter and the paywall (src/office): the business office.
  'GET /admin/plans': BUSINESS,
  'GET /admin/plans/new': BUSINESS,
  'POST /admin/plans': BUSINESS,
  'GET /admin/plans/:id': BUSINESS,
  'POST /admin/plans/:id': BUSINESS,
  'GET /admin/offers': BUSINESS,
  'GET /admin/offers/new': BUSINESS,
  'POST /admin/offers': BUSINESS,
  'GET /admin/offers/:id': BUSINESS,
  'POST /admin/offers/:id': BUSINESS,
  'GET /admin/gifts': BUSINESS,
  'GET /admin/gifts/:id': BUSINESS,
  'POST /admin/gifts/:id/resend': BUSINESS,
  'GET /admin/meter': BUSINESS,
  'POST /admin/meter': BUSINESS,
  'POST /admin/meter/preview': BUSINESS,
  // The magazine's mailing lists (src/magazine): circulation and print production, not writers.
  'GET /admin/magazine/editions/:number/mailing-list.csv': ['owner', 'business', 'editor'],
  'GET /admin/magazine/editions/:number/mailing-list-incomplete.csv': ['owner', 'business', 'editor'],
  // Experiments on the meter and the paywall (src/office/experiment-routes.tsx).
  'GET /admin/experiments': BUSINESS,
  'GET /admin/experiments/new': BUSINESS,
  'POST /admin/experiments': BUSINESS,
  'POST /admin/experiments/preview': BUSINESS,
  'GET /admin/experiments/:id': BUSINESS,
  'POST /admin/experiments/:id/stop': BUSINESS,
  'POST /admin/experiments/:id/rollout': BUSINESS,
};
// The lists the parts' routes are expected to use, for their lines above.
void NEWSROOM;
void EDITORS;

/** A made-up id for every path parameter: the guard decides before the route looks at it. */
const FAKE_ID = '01900000-0000-7000-8000-000000000000';

/** `METHOD /path` of every route the app serves, from `printRoutes` (as src/api/admin-roles.test.ts reads it). */
function routesOf(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = (m[1] ?? '').length / 4;
    stack.push(m[2] ?? '');
    const path = stack.join('');
    for (const method of (m[3] ?? '').split(', ')) if (method && method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

const concrete = (path: string) => path.replace(/:[A-Za-z0-9_]+/g, FAKE_ID).replace(/\*$/, 'x');

function verdict(r: LightMyRequestResponse): 'allowed' | 'refused' | 'sign-in' | 'unauthenticated' {
  if (r.statusCode === 401) return 'unauthenticated';
  if (r.statusCode === 303 && String(r.headers.location).startsWith('/admin/sign-in')) return 'sign-in';
  if (r.statusCode === 403 && r.body.includes('This page is for the')) return 'refused';
  return 'allowed';
}

describe.each(DIALECTS)('the admin role table on %s', (dialect) => {
  let t: TestApp;
  const signedIn = new Map<StaffRole, { s: SignedInStaff; csrf: string }>();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const role of STAFF_ROLES) {
      const s = await signInStaff(t, role);
      signedIn.set(role, { s, csrf: await s.csrf('/admin/keys') });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const adminRoutes = () =>
    routesOf(t.app.printRoutes({ commonPrefix: false })).filter((r) => {
      const path = r.split(' ')[1] ?? '';
      return (path === '/admin' || path.startsWith('/admin/')) && !isPublicAdminPath(path);
    });

  it('has an entry for every admin route the app serves, and none for a route it does not', () => {
    const served = adminRoutes();
    expect(served).toContain('GET /admin/keys');
    expect(served.filter((r) => !Object.hasOwn(EXPECTED, r))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((r) => !served.includes(r))).toEqual([]);
  });

  it('sends every admin GET without a session to sign in, and refuses every other method with 401', async () => {
    const wrong: string[] = [];
    for (const route of adminRoutes()) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const url = concrete(path);
      const r = await t.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
      const want = method === 'GET' ? 'sign-in' : 'unauthenticated';
      if (verdict(r) !== want) wrong.push(`${route}: expected ${want}, got ${r.statusCode}`);
      if (want === 'sign-in' && r.headers.location !== `/admin/sign-in?return=${encodeURIComponent(url)}`) {
        wrong.push(`${route}: sign-in redirect without return (${r.headers.location})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(STAFF_ROLES)('answers %s as the table says on every admin route', async (role) => {
    const who = signedIn.get(role);
    if (!who) throw new Error(`no ${role} signed in`);
    const wrong: string[] = [];
    for (const route of adminRoutes()) {
      const allowed = EXPECTED[route];
      if (!allowed) continue; // reported by the first test
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const r =
        method === 'GET'
          ? await who.s.browser.get(concrete(path))
          : await t.app.inject({
              method,
              url: concrete(path),
              remoteAddress: who.s.browser.ip,
              headers: { cookie: who.s.browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
              payload: new URLSearchParams({ _csrf: who.csrf }).toString(),
            });
      const want = allowed.includes(role) ? 'allowed' : 'refused';
      const got = verdict(r);
      if (got !== want) wrong.push(`${route}: expected ${want}, got ${got} (${r.statusCode} ${r.body.slice(0, 120)})`);
      if (got === 'allowed' && r.statusCode >= 500) wrong.push(`${route}: ${r.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps sign-in, sign-out and the assets open', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/sign-in' })).statusCode).toBe(200);
    const served = routesOf(t.app.printRoutes({ commonPrefix: false }));
    expect(served).toEqual(
      expect.arrayContaining(['GET /admin/sign-in', 'POST /admin/sign-in', 'POST /admin/sign-out', 'GET /admin/assets/:file']),
    );
  });
});
