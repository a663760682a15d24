/**
 * The shell: the guard (no session, a reader's session, a disabled staff member), the start-up
 * refusal of an /admin route without roles, the admin CSP beside the readers', the assets, and
 * staff sign-in and sign-out (password and emailed link, `return` kept, readers refused).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastLinkTo, mailTo, pressLinkButton, signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import { SESSION_COOKIE } from '../accounts/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { adminIslandUrl, createIslandBundler } from './admin-assets.js';
import { checkAdminRoute, decideAdminAccess, registerAdminGuard } from './admin-guard.js';
import { makeStaff, STAFF_TEST_PASSWORD, signInStaff } from './admin-test-support.js';

describe('decideAdminAccess', () => {
  const roles = ['owner', 'editor'] as const;
  it('sends a GET without staff to sign in, with where it was going', () => {
    expect(decideAdminAccess(undefined, roles, { method: 'GET', url: '/admin/fronts?x=1' })).toEqual({
      kind: 'sign-in',
      location: '/admin/sign-in?return=%2Fadmin%2Ffronts%3Fx%3D1',
    });
  });
  it('answers other methods without staff with 401', () => {
    expect(decideAdminAccess(undefined, roles, { method: 'POST', url: '/admin?from=mail' })).toEqual({ kind: 'unauthenticated' });
  });
  it('lets the listed roles in and names them to the others', () => {
    expect(decideAdminAccess({ role: 'editor' }, roles, { method: 'POST', url: '/x' })).toEqual({ kind: 'allow' });
    expect(decideAdminAccess({ role: 'writer' }, roles, { method: 'GET', url: '/x' })).toEqual({ kind: 'forbidden', roles });
  });
});

describe('an /admin route without adminRoles', () => {
  const guardDeps = { staffFromRequest: async () => undefined, siteName: async () => 'P', csrfToken: async () => 't' };
  it('stops the app from being built', () => {
    const app = Fastify();
    registerAdminGuard(app, guardDeps);
    expect(() => app.get('/admin/forgotten', async () => 'open')).toThrow(/declares no adminRoles/);
    expect(() => app.post('/admin', async () => 'open')).toThrow(/declares no adminRoles/);
    expect(() => app.get('/admin/fine', { config: { adminRoles: [] } }, async () => '')).toThrow(/declares no adminRoles/);
    // Signing in and out and the assets are open by design; other paths are not the admin's.
    expect(() => app.get('/admin/sign-in', async () => '')).not.toThrow();
    expect(() => app.get('/admin/assets/:file', async () => '')).not.toThrow();
    expect(() => app.get('/administration', async () => '')).not.toThrow();
    expect(() => app.get('/admin/fine', { config: { adminRoles: ['owner'] } }, async () => '')).not.toThrow();
  });
  it('is checked for routes of nested plugins too', async () => {
    const app = Fastify();
    registerAdminGuard(app, guardDeps);
    app.register(async (scope) => {
      scope.get('/admin/nested', async () => 'open');
    });
    await expect(app.ready()).rejects.toThrow(/declares no adminRoles/);
  });
  it('is the rule checkAdminRoute applies', () => {
    expect(() => checkAdminRoute({ url: '/admin/x', method: 'GET', config: {} })).toThrow();
    expect(() => checkAdminRoute({ url: '/admin/x', method: 'GET', config: { adminRoles: ['writer'] } })).not.toThrow();
  });
});

describe('island bundles', () => {
  it('builds an island once, serves it under its content hash, and refuses unknown names', async () => {
    const bundler = createIslandBundler({ 'copy-key': 'src/admin/copy-key-island.ts' });
    await bundler.prepare();
    const url = bundler.url('copy-key');
    expect(url).toMatch(/^\/admin\/assets\/copy-key-[0-9a-f]{12}\.js$/);
    const asset = bundler.asset(url.slice('/admin/assets/'.length));
    expect(asset?.body.toString()).toContain('Copy the key');
    expect(asset?.body.toString()).not.toContain('\n  '); // minified
    expect(() => bundler.url('nope')).toThrow(/No admin island "nope"/);
  });
  it('reports an island that does not build, for that island only', async () => {
    const bundler = createIslandBundler({ broken: 'src/admin/no-such-island.ts', 'copy-key': 'src/admin/copy-key-island.ts' });
    await bundler.prepare();
    expect(() => bundler.url('broken')).toThrow(/did not build/);
    expect(bundler.url('copy-key')).toMatch(/copy-key-/);
  });
  it('builds synchronously for a page rendered before any admin request', () => {
    const bundler = createIslandBundler({ 'copy-key': 'src/admin/copy-key-island.ts' });
    expect(bundler.url('copy-key')).toMatch(/^\/admin\/assets\/copy-key-[0-9a-f]{12}\.js$/);
  });
});

describe.each(DIALECTS)('the admin shell on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends a visitor without a session to sign in, keeping where they were going', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/admin' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/admin/sign-in?return=%2Fadmin');
    expect(r.headers['cache-control']).toBe('no-store');
    const post = await t.app.inject({ method: 'POST', url: '/admin', payload: {} });
    // POST /admin is no route: the router answers before any guard (404), and nothing is revealed.
    expect(post.statusCode).toBe(404);
  });

  it("gives staff pages a CSP that allows this site's scripts, and reader pages none", async () => {
    const admin = await t.app.inject({ method: 'GET', url: '/admin/sign-in' });
    expect(admin.headers['content-security-policy']).toContain("script-src 'self'");
    const front = await t.app.inject({ method: 'GET', url: '/' });
    expect(front.headers['content-security-policy']).toContain("script-src 'none'");
    const lookalike = await t.app.inject({ method: 'GET', url: '/administration' });
    expect(lookalike.headers['content-security-policy']).toContain("script-src 'none'");
  });

  it('serves the stylesheet, htmx and the islands under their hashes, for a year', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin/sign-in' });
    const css = page.body.match(/href="(\/admin\/assets\/admin-[0-9a-f]{12}\.css)"/)?.[1];
    const htmx = page.body.match(/src="(\/admin\/assets\/htmx-[0-9a-f]{12}\.js)"/)?.[1];
    expect(css).toBeDefined();
    expect(htmx).toBeDefined();
    for (const url of [css, htmx, adminIslandUrl('copy-key')]) {
      const r = await t.app.inject({ method: 'GET', url: String(url), headers: { 'accept-encoding': 'br' } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.headers['content-encoding']).toBe('br');
    }
    const htmxBody = await t.app.inject({ method: 'GET', url: String(htmx) });
    expect(htmxBody.body).toContain('this.version="4.0.1"');
    expect((await t.app.inject({ method: 'GET', url: '/admin/assets/admin-000000000000.css' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/admin/assets/..%2fpackage.json' })).statusCode).toBe(404);
  });

  it('signs staff in with a password and brings them back to where they were going', async () => {
    const staff = await makeStaff(t, 'editor');
    const b = new TestBrowser(t.app);
    const first = await b.get('/admin?from=mail');
    expect(first.headers.location).toBe('/admin/sign-in?return=%2Fadmin%3Ffrom%3Dmail');
    const form = await b.get(String(first.headers.location));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="return" value="/admin?from=mail"');
    const r = await b.submit('/admin/sign-in?return=%2Fadmin%3Ffrom%3Dmail', '/admin/sign-in', {
      email: staff.email,
      password: STAFF_TEST_PASSWORD,
      return: '/admin?from=mail',
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/admin?from=mail');
    expect(b.cookies.has(SESSION_COOKIE)).toBe(true);
    // Signed in: /admin is the start of the newsroom; the sign-in page sends them on.
    const home = await b.get('/admin');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/admin/stories');
    expect((await b.get('/admin/sign-in')).headers.location).toBe('/admin');
  });

  it('keeps return inside the admin', async () => {
    const staff = await makeStaff(t, 'writer');
    const b = new TestBrowser(t.app);
    const r = await b.submit('/admin/sign-in', '/admin/sign-in', {
      email: staff.email,
      password: STAFF_TEST_PASSWORD,
      return: '//evil.test/x',
    });
    expect(r.headers.location).toBe('/admin');
    const b2 = new TestBrowser(t.app);
    const r2 = await b2.submit('/admin/sign-in', '/admin/sign-in', {
      email: staff.email,
      password: STAFF_TEST_PASSWORD,
      return: '/account',
    });
    expect(r2.headers.location).toBe('/admin');
  });

  it('refuses a wrong password, a missing CSRF token and a reader, re-rendering the form', async () => {
    const staff = await makeStaff(t, 'owner');
    const b = new TestBrowser(t.app);
    const wrong = await b.submit('/admin/sign-in', '/admin/sign-in', { email: staff.email, password: 'not the password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("don't match a staff account");
    expect(wrong.body).toContain(`value="${staff.email}"`);
    const noToken = await b.post('/admin/sign-in', { email: staff.email, password: STAFF_TEST_PASSWORD });
    expect(noToken.statusCode).toBe(403);
    expect(b.cookies.has(SESSION_COOKIE)).toBe(false);
    const bad = await b.submit('/admin/sign-in', '/admin/sign-in', { email: 'nope', password: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter your email address');
    expect(bad.body).toContain('Enter your password.');

    await signUpConfirmed(t, 'reader-at-admin@example.com', 'reader password 123');
    const reader = new TestBrowser(t.app);
    const refused = await reader.submit('/admin/sign-in', '/admin/sign-in', {
      email: 'reader-at-admin@example.com',
      password: 'reader password 123',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("reader's account, not a staff account");
    expect(reader.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('treats a reader signed in on the site as nobody at /admin', async () => {
    const reader = await signUpConfirmed(t, 'reader-session@example.com', 'reader password 123');
    const r = await reader.get('/admin');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/admin/sign-in?return=%2Fadmin');
    // The sign-in page is shown (not skipped) to a reader's session.
    expect((await reader.get('/admin/sign-in')).statusCode).toBe(200);
  });

  it('emails a sign-in link to staff only, and the link brings them back signed in', async () => {
    const staff = await makeStaff(t, 'writer');
    const b = new TestBrowser(t.app);
    const asked = await b.submit('/admin/sign-in', '/admin/sign-in/link', { email: staff.email, return: '/admin/keys' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Check your email');
    const { path } = lastLinkTo(t, staff.email);
    expect(path).toContain('return=%2Fadmin%2Fkeys');
    const done = await pressLinkButton(b, path);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/keys');
    expect((await b.get('/admin')).headers.location).toBe('/admin/stories');

    // A reader's address gets the same page and no email.
    await signUpConfirmed(t, 'reader-link@example.com', 'reader password 123');
    const before = mailTo(t, 'reader-link@example.com').length;
    const r = await new TestBrowser(t.app).submit('/admin/sign-in', '/admin/sign-in/link', { email: 'reader-link@example.com' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    expect(mailTo(t, 'reader-link@example.com').length).toBe(before);
  });

  it('signs out, after which the admin asks to sign in again', async () => {
    const s = await signInStaff(t, 'editor');
    const token = await s.csrf('/admin/keys');
    const out = await s.browser.post('/admin/sign-out', { _csrf: token });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/admin/sign-in');
    expect((await s.browser.get('/admin')).headers.location).toBe('/admin/sign-in?return=%2Fadmin');
  });
});
