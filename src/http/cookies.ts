/**
 * Reading one cookie from a request and writing Set-Cookie values, without a plugin: the site's
 * hot path reads only the session cookie, and only when the header mentions it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The value of cookie `name`, or undefined. Values are not URL-decoded: ours are base64url. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header?.includes(`${name}=`)) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; absent: a browser-session cookie. 0 deletes it. */
  maxAge?: number | undefined;
}

/** HttpOnly, SameSite=Lax, Path=/ always (RFC 6265bis §4.1); Secure when the site is https. */
export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (opts.secure) parts.push('Secure');
  if (opts.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(opts.maxAge))}`);
    // Expires as well, for the few clients that ignore Max-Age.
    parts.push(`Expires=${new Date(Date.now() + Math.max(0, opts.maxAge) * 1000).toUTCString()}`);
  }
  return parts.join('; ');
}

/** Adds a Set-Cookie header, keeping any already set on the reply. */
export function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  reply.header('set-cookie', [...list.filter((c) => c.split('=')[0] !== cookie.split('=')[0]), cookie]);
}
