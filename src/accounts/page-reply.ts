/** Sending the account pages: HTML, never stored by any cache (they carry tokens and personal data). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageChrome } from '../views/layout.js';
import type { AccountRouteDeps } from './account-route-deps.js';

export function sendHtml(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** The page shell, with the header's Sign in / Account link right for this visitor. */
export async function chromeFor(deps: Pick<AccountRouteDeps, 'chrome' | 'accounts'>, request: FastifyRequest): Promise<PageChrome> {
  const [chrome, session] = await Promise.all([deps.chrome(), deps.accounts.sessions.current(request)]);
  return { ...chrome, signedIn: session !== undefined };
}

/** 303 See Other: after a POST, the browser follows with a GET (RFC 9110 §15.4.4). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('cache-control', 'no-store').redirect(location, 303);
}

/** Seconds until `retryAt`, at least one: the Retry-After of a limited request (RFC 9110 §10.2.3). */
export function retryAfter(reply: FastifyReply, retryAt: Date, now: Date): FastifyReply {
  return reply.header('retry-after', String(Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000))));
}
