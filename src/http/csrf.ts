/**
 * CSRF protection for server-rendered forms: the synchronizer-token pattern (OWASP CSRF
 * Prevention Cheat Sheet), stateless. A form's hidden `_csrf` field carries
 * HMAC-SHA256(signing key, binding), where the binding is the signed-in session's id, or, before
 * sign-in, a random visitor id kept in the `mh_csrf` cookie. A token is therefore worthless in
 * another browser, and changes at sign-in. The first signing key signs; every key verifies, so
 * keys can be rotated (MASTHEAD_SECRET_KEYS).
 *
 * Reader pages never carry a token (they are cached, and vary by a few variants only): forms that
 * need one live on their own pages. Any feature's POST route opts in with `csrf.guard` as its
 * preValidation hook (the body is parsed by then), and renders `csrf.token(request, reply)`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { appendSetCookie, readCookie, serializeCookie } from './cookies.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_COOKIE = 'mh_csrf';

export interface CsrfOptions {
  keys: readonly string[];
  /** Set the Secure attribute on the visitor cookie (the site is served over https). */
  secure: boolean;
  /** The id of the request's signed-in session, if any; tokens are bound to it. */
  sessionIdOf(request: FastifyRequest): Promise<string | undefined>;
}

export interface Csrf {
  /** The value for a form's hidden `_csrf` field; sets the visitor cookie when there is none. */
  token(request: FastifyRequest, reply: FastifyReply): Promise<string>;
  /** Whether the request's `_csrf` field matches its session or visitor cookie. */
  verify(request: FastifyRequest): Promise<boolean>;
  /** A preValidation hook: a mismatched or missing token is a 403, before anything runs. */
  guard(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

export const csrfFailed = () =>
  new AppError('CSRF_FAILED', 403, 'This form has expired or did not come from this site. Go back, reload the page and try again.');

const VISITOR_ID = /^[A-Za-z0-9_-]{22,64}$/;

export function createCsrf(opts: CsrfOptions): Csrf {
  if (opts.keys.length === 0) throw new Error('createCsrf needs at least one signing key');
  const sign = (key: string, binding: string) => createHmac('sha256', key).update(`csrf\u0000${binding}`).digest();
  // A visitor id made during this request (the cookie reaches the browser with the response).
  const fresh = new WeakMap<FastifyRequest, string>();

  async function bindingOf(request: FastifyRequest): Promise<string | undefined> {
    const session = await opts.sessionIdOf(request);
    if (session) return `s:${session}`;
    const visitor = fresh.get(request) ?? readCookie(request, CSRF_COOKIE);
    return visitor && VISITOR_ID.test(visitor) ? `v:${visitor}` : undefined;
  }

  async function verify(request: FastifyRequest): Promise<boolean> {
    const body = request.body;
    const presented = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
    if (typeof presented !== 'string' || presented.length > 100) return false;
    const binding = await bindingOf(request);
    if (!binding) return false;
    const given = Buffer.from(presented, 'base64url');
    return opts.keys.some((key) => {
      const expected = sign(key, binding);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  return {
    async token(request, reply) {
      let binding = await bindingOf(request);
      if (!binding) {
        const visitor = randomBytes(18).toString('base64url');
        fresh.set(request, visitor);
        appendSetCookie(reply, serializeCookie(CSRF_COOKIE, visitor, { secure: opts.secure }));
        binding = `v:${visitor}`;
      }
      return sign(opts.keys[0] as string, binding).toString('base64url');
    },
    verify,
    async guard(request) {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
      if (!(await verify(request))) throw csrfFailed();
    },
  };
}
