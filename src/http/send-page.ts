/**
 * Sends a cached page: picks the encoding, answers conditional requests with 304, and sets the
 * caching headers the page was made with.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CachedPage, negotiateEncoding } from '../cache/page-cache.js';

export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  const enc = negotiateEncoding(request.headers['accept-encoding']);
  reply.code(page.status);
  reply.header('content-type', page.contentType);
  reply.header('cache-control', page.cacheControl);
  reply.header('vary', 'Accept-Encoding');
  if (page.headers) for (const [k, v] of Object.entries(page.headers)) reply.header(k, v);
  if (page.status === 200) {
    reply.header('etag', page.etag);
    const inm = request.headers['if-none-match'];
    if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag)) {
      return reply.code(304).send();
    }
  }
  if (request.method === 'HEAD') {
    reply.header('content-length', page.body.length);
    return reply.send();
  }
  if (enc === 'br') return reply.header('content-encoding', 'br').send(page.br);
  if (enc === 'gzip') return reply.header('content-encoding', 'gzip').send(page.gzip);
  return reply.send(page.body);
}
