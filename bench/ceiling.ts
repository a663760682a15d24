/**
 * The ceiling: the fastest a bare Fastify 5 route (`Fastify({ logger: false })`) serves the
 * article page's own bytes. It holds the exact bodies the app sent for each encoding it sends
 * (identity, brotli, gzip) as Buffers and answers each request with the one the app would pick
 * for that request's Accept-Encoding, with the matching Content-Encoding and Vary: one
 * `reply.send(buffer)` per request. A string would make Fastify encode ~23 KB per request
 * (about 2.3 times slower), which flattered every ratio against it.
 */
import Fastify, { type FastifyInstance } from 'fastify';

export type CeilingEncoding = 'br' | 'gzip' | 'identity';
export const CEILING_ENCODINGS: readonly CeilingEncoding[] = ['identity', 'br', 'gzip'];

/** The Accept-Encoding the bench asks the app with to get each body it holds. */
export const FETCH_ACCEPT_ENCODING: Record<CeilingEncoding, string | undefined> = {
  identity: undefined,
  br: 'gzip, deflate, br, zstd',
  gzip: 'gzip',
};

export interface CeilingBodies {
  contentType: string;
  bodies: Partial<Record<CeilingEncoding, Buffer>>;
}

/**
 * The encoding to send for `acceptEncoding`, among those held: brotli first, then gzip, else
 * identity; `q=0` refuses, `*` accepts both. The same choice as the app's page cache
 * (src/cache/page-cache.ts, negotiateEncoding; a test keeps them alike).
 */
export function pickEncoding(acceptEncoding: string | undefined, held: Partial<Record<CeilingEncoding, unknown>>): CeilingEncoding {
  if (!acceptEncoding) return 'identity';
  let br = false;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((s) => s.trim()).find((s) => s.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gzip = true;
    else if (name === '*') {
      br = true;
      gzip = true;
    }
  }
  if (br && held.br) return 'br';
  if (gzip && held.gzip) return 'gzip';
  return 'identity';
}

/**
 * Checks what the app answered for each encoding and keeps it: the body as sent, under the
 * Content-Encoding it was sent with. Throws if the app did not answer 200 or sent another
 * encoding than the one asked for (the ceiling would then hold the wrong bytes).
 */
export function ceilingBodies(
  answers: Record<CeilingEncoding, { status: number; contentEncoding: string | undefined; contentType: string | undefined; body: Buffer }>,
): CeilingBodies {
  const bodies: Partial<Record<CeilingEncoding, Buffer>> = {};
  for (const enc of CEILING_ENCODINGS) {
    const a = answers[enc];
    const sent = a.contentEncoding ?? 'identity';
    if (a.status !== 200) throw new Error(`the ceiling's ${enc} body: the app answered ${a.status}, not 200`);
    if (sent !== enc) throw new Error(`the ceiling's ${enc} body: the app sent it as ${sent}`);
    bodies[enc] = a.body;
  }
  return { contentType: answers.identity.contentType ?? 'text/html; charset=utf-8', bodies };
}

/** The ceiling's Fastify app: one route, `/`, answering from the Buffers it was given. */
export function createCeilingApp(held: CeilingBodies): FastifyInstance {
  const app = Fastify({ logger: false });
  const { contentType, bodies } = held;
  const identity = bodies.identity;
  if (!identity) throw new Error('the ceiling needs the identity body');
  app.get('/', (request, reply) => {
    const enc = pickEncoding(request.headers['accept-encoding'], bodies);
    reply.header('content-type', contentType).header('vary', 'Accept-Encoding');
    if (enc === 'identity') return reply.send(identity);
    return reply.header('content-encoding', enc).send(bodies[enc]);
  });
  return app;
}
