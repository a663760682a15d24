/**
 * Test support for staff pages: a staff member of a given role, signed in through the staff
 * sign-in page, with a session cookie for `t.app.inject` and a way to get a page's CSRF token;
 * for browser tests, a Chromium context and page carrying that session.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { csrfIn, TestBrowser } from '../accounts/account-test-support.js';
import type { StaffMember, StaffRole } from '../accounts/index.js';
import { createStaffMember } from '../accounts/staff-service.js';
import type { TestApp } from '../test-support/test-app.js';

export const STAFF_TEST_PASSWORD = 'correct horse battery staple';

export interface SignedInStaff {
  /** The Cookie header value: the staff session (and the CSRF visitor cookie, if any). */
  cookie: string;
  staff: StaffMember;
  /** Opens `path` as this staff member and returns its form's CSRF token. */
  csrf(path: string): Promise<string>;
  /** The cookie-keeping browser over app.inject that signed in. */
  browser: TestBrowser;
}

let made = 0;

/** A new active staff member with this role (and a password), not signed in. */
export async function makeStaff(t: TestApp, role: StaffRole, name = `Test ${role}`): Promise<StaffMember> {
  made++;
  const email = `${role}-${made}-${randomBytes(4).toString('hex')}@staff.test`;
  const { staff } = await createStaffMember(
    { db: t.services.db, clock: t.services.clock, publicUrl: t.config.publicUrl },
    { email, name, role, password: STAFF_TEST_PASSWORD },
  );
  return staff;
}

/** Signs a browser in as `staff` through /admin/sign-in; throws unless it lands signed in. */
export async function signInAs(t: TestApp, staff: StaffMember, b = new TestBrowser(t.app)): Promise<TestBrowser> {
  const r = await b.submit('/admin/sign-in', '/admin/sign-in', { email: staff.email, password: STAFF_TEST_PASSWORD, return: '/admin' });
  if (r.statusCode !== 303) throw new Error(`staff sign-in answered ${r.statusCode}: ${r.body.slice(0, 300)}`);
  return b;
}

export async function signInStaff(t: TestApp, role: StaffRole): Promise<SignedInStaff> {
  const staff = await makeStaff(t, role);
  const browser = await signInAs(t, staff);
  return {
    get cookie() {
      return browser.cookieHeader;
    },
    staff,
    browser,
    async csrf(path: string) {
      const page = await browser.get(path);
      if (page.statusCode !== 200) throw new Error(`GET ${path} answered ${page.statusCode}`);
      return csrfIn(page.body);
    },
  };
}

/** A Chromium context that carries `staff`'s session (its cookies, for `base`). */
export async function staffContext(
  browser: Browser,
  base: string,
  staff: SignedInStaff,
  options: BrowserContextOptions = { viewport: { width: 1280, height: 900 } },
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addCookies([...staff.browser.cookies].map(([name, value]) => ({ name, value, url: base })));
  return context;
}

/**
 * A new staff member of `role`, signed in, and a Chromium context (1280 × 900 unless `options`
 * say otherwise) and page that carry their session: the start of every staff browser test.
 */
export async function signedInStaffPage(
  t: TestApp,
  browser: Browser,
  base: string,
  role: StaffRole,
  options?: BrowserContextOptions,
): Promise<{ staff: SignedInStaff; context: BrowserContext; page: Page }> {
  const staff = await signInStaff(t, role);
  const context = await staffContext(browser, base, staff, options);
  return { staff, context, page: await context.newPage() };
}
