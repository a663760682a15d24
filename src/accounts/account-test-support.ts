/**
 * Test support for the account pages: a tiny browser over `app.inject` that keeps cookies and
 * fills in CSRF tokens, and readers of the outbox the test app's mail goes to.
 */
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { startJobRunner } from '../jobs/job-queue.js';
import { type ReadMessage, readOutbox } from '../mail/eml-reader.js';
import { linksIn } from '../mail/index.js';
import type { TestApp } from '../test-support/test-app.js';
import { accountJobHandlers } from './account-jobs.js';
import { SESSION_COOKIE } from './session-service.js';

let browsers = 0;

/** A client address no other browser of this test process has (10.x.y.z). */
export function freshIp(): string {
  browsers++;
  return `10.${(browsers >> 16) & 255}.${(browsers >> 8) & 255}.${browsers & 255}`;
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    /** Each browser its own client address, so rate limits of one test don't touch another. */
    readonly ip = freshIp(),
  ) {}

  private keep(r: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of r.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (c.maxAge === 0 || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return r;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader } }));
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      }),
    );
  }

  /** Opens `page`, takes its CSRF token, and posts `form` to `action`. */
  async submit(page: string, action: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    const r = await this.get(page);
    return this.post(action, { _csrf: csrfIn(r.body), ...form });
  }
}

/** The value, or the test fails here naming what was missing (instead of a non-null assertion). */
export function present<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

export function csrfIn(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m?.[1]) throw new Error('no CSRF field on the page');
  return m[1];
}

/** Runs every due job of the accounts feature, as a worker would (the email-changed notice among them). */
export async function runAccountJobs(t: TestApp): Promise<void> {
  const runner = startJobRunner({
    db: t.services.db,
    dialect: t.services.dialect,
    clock: t.services.clock,
    log: pino({ level: 'silent' }),
    handlers: accountJobHandlers(t.services),
    pollMs: 3_600_000,
  });
  await runner.runDue();
  await runner.stop();
}

export function outbox(t: TestApp): ReadMessage[] {
  return readOutbox(path.join(t.config.dataDir, 'outbox'));
}

export function mailTo(t: TestApp, to: string): ReadMessage[] {
  return outbox(t).filter((m) => m.to === to);
}

/** The newest message to an address, and its first link on this site, as a path. */
export function lastLinkTo(t: TestApp, to: string): { message: ReadMessage; path: string } {
  const message = mailTo(t, to).at(-1);
  if (!message) throw new Error(`no mail to ${to}`);
  const link = linksIn(message.text).find((l) => l.startsWith(t.config.publicUrl));
  if (!link) throw new Error(`no link in "${message.subject}"`);
  return { message, path: link.slice(t.config.publicUrl.length) };
}

/** The hidden fields and action of the form on a page that carries `name="token"` (an emailed link's page). */
export function tokenFormIn(html: string): { action: string; fields: Record<string, string> } {
  const form = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) =>
    m[2]?.includes('name="token"'),
  );
  if (!form?.[1] || form[2] === undefined) throw new Error('no form with a token on the page');
  const fields: Record<string, string> = {};
  for (const m of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    if (m[1]) fields[m[1]] = decodeEntities(m[2] ?? '');
  }
  return { action: form[1], fields };
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Opens an emailed link in `b` (a GET: it must use nothing) and presses the page's button. */
export async function pressLinkButton(b: TestBrowser, path: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const page = await b.get(path);
  if (page.statusCode !== 200) return page;
  const { action, fields } = tokenFormIn(page.body);
  return b.post(action, { ...fields, ...extra });
}

/**
 * A reader who signed up with a password and confirmed the address by the emailed link; the
 * browser that signed up is signed in. For other features' tests.
 */
export async function signUpConfirmed(t: TestApp, email: string, password: string, b = new TestBrowser(t.app)): Promise<TestBrowser> {
  const r = await b.submit('/signup', '/signup', { email, password });
  if (r.statusCode !== 303) throw new Error(`sign-up answered ${r.statusCode}`);
  const confirmed = await pressLinkButton(b, lastLinkTo(t, email).path);
  if (confirmed.statusCode !== 303) throw new Error(`confirming answered ${confirmed.statusCode}`);
  // Other features' tests rely on this browser being signed in (they used to sign in themselves).
  if (!b.cookies.has(SESSION_COOKIE)) throw new Error('signed up and confirmed, but the browser holds no session');
  return b;
}
