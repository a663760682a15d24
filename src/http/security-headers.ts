/**
 * Headers every response carries: no sniffing, no framing, a strict CSP. Reader pages run no
 * script (`script-src 'none'`); the staff's pages under /admin may load scripts from this site
 * only (the admin's islands and htmx, src/admin), and show pictures picked from the disk
 * (`blob:`) before they are uploaded.
 */
import type { FastifyInstance } from 'fastify';

const DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];
const CSP = DIRECTIVES.join('; ');
export const ADMIN_CSP = DIRECTIVES.map((d) =>
  d.startsWith('script-src') ? "script-src 'self'" : d.startsWith('img-src') ? "img-src 'self' data: blob:" : d,
).join('; ');

/** `/admin` and everything under it, not `/administration`. */
function isAdminUrl(url: string): boolean {
  return url.startsWith('/admin') && (url.length === 6 || url[6] === '/' || url[6] === '?');
}

export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }): void {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'content-security-policy': CSP,
    ...(opts.hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  const adminHeaders = { ...headers, 'content-security-policy': ADMIN_CSP };
  // A callback hook, not an async one: it runs on every response, and a promise per request shows in the bench.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isAdminUrl(request.url) ? adminHeaders : headers);
    done();
  });
}
