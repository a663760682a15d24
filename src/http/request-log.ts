/**
 * What a request leaves in the log, decided in one place: which requests get a line
 * (`RequestLogController` below) and what a line holds (the pino serializers handed to Fastify).
 *
 * Fastify's own two lines per request ("incoming request", "request completed") are replaced:
 * serializing and writing them was most of what the default level cost a busy page (bench/README.md
 * compares the default level with `LOG_LEVEL=warn`). By default a request gets a line only when something is wrong: a server error the error handler did not log already
 * (src/http/error-pages.tsx logs the ones it handles, with their cause), or a response slower than
 * `MASTHEAD_SLOW_REQUEST_MS`, both at `warn`. A paper that wants every request turns the access log
 * on (`MASTHEAD_ACCESS_LOG=1`): one `info` line per request, with its status and time. README.md,
 * "Configuration".
 *
 * Logs are kept for weeks and read by people and tools that never see a reader's session, so
 * they hold no secret and as little personal data as still helps:
 * - the path, with every query value replaced (sign-in tokens, gift codes, offer codes, Stripe's
 *   `session_id`, `return` paths: a list of "secret" names would miss the next one added), and a
 *   route's path parameter replaced when its name says it is one (`/checkout/demo/:session`);
 * - the client's network, not its address: IPv4 to its /24, IPv6 to its /48 (an IPv4 client on a
 *   dual-stack socket, `::ffff:198.51.100.7` in any spelling, counts as IPv4);
 * - no header at all: no cookie, no authorization, no referrer.
 */
import { isIP } from 'node:net';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pino from 'pino';

export const REDACTED = '[redacted]';

/** Route parameters whose value is a credential or a code (by name, e.g. `:session`, `:code`). */
const SECRET_PARAM = /token|code|session|secret|key|signature|gift|reset/i;

/**
 * "/verify?token=abc&return=%2Fnews" → "/verify?token=[redacted]&return=[redacted]". With the
 * route's pattern, a path parameter that names a secret is replaced by its name (":session").
 */
export function redactUrl(url: string, routePattern?: string): string {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const path = routePattern !== undefined && hasSecretParam(routePattern) ? routePattern : rawPath;
  if (q === -1) return path;
  const names = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      // A name is short and chosen by us; anything else in its place is treated as a value.
      return /^[A-Za-z0-9_.[\]-]{1,40}$/.test(name) ? `${name}=${REDACTED}` : REDACTED;
    });
  return names.length > 0 ? `${path}?${names.join('&')}` : path;
}

// Route patterns are few and fixed: each is looked at once (this runs on every logged request).
const secretPatterns = new Map<string, boolean>();

function hasSecretParam(pattern: string): boolean {
  let known = secretPatterns.get(pattern);
  if (known === undefined) {
    known = (pattern.match(/:[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some((p) => SECRET_PARAM.test(p));
    if (secretPatterns.size < 1000) secretPatterns.set(pattern, known);
  }
  return known;
}

/** "203.0.113.77" → "203.0.113.0/24"; "2001:db8:42:1::9" → "2001:db8:42::/48"; else undefined. */
export function clientNetwork(ip: string | undefined): string | undefined {
  if (ip === undefined) return undefined;
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return `${bare.split('.').slice(0, 3).join('.')}.0/24`;
  if (version !== 6) return undefined;
  const groups = ipv6Groups(bare);
  if (!groups) return undefined;
  // ::ffff:a.b.c.d and ::ffff:XXXX:XXXX (RFC 4291 §2.5.5.2): an IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.0/24`;
  }
  return `${groups
    .slice(0, 3)
    .map((g) => g.toString(16))
    .join(':')}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address (as `isIP` accepted it), dotted tail included. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip;
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * Serializers for every line a request writes (the hook's, the error handler's, Fastify's own).
 * A child logger carries them, so they win over Fastify's defaults (which log the full URL and
 * the address: fastify/lib/logger-pino.js).
 */
export const requestLogSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url, request.routeOptions?.url),
      network: clientNetwork(request.ip),
    };
  },
  res(reply: FastifyReply) {
    return { statusCode: reply.statusCode };
  },
  err: pino.stdSerializers.err,
};

// Requests whose server error the error handler has logged with its cause: no second line.
const errorLogged = new WeakSet<FastifyRequest>();

/** Called by the error handler when it logs a server error, so the request is not logged twice. */
export function noteErrorLogged(request: FastifyRequest): void {
  errorLogged.add(request);
}

export interface RequestLogOptions {
  /** One `info` line per request (`MASTHEAD_ACCESS_LOG`). */
  accessLog: boolean;
  /** A response slower than this is logged at `warn` (`MASTHEAD_SLOW_REQUEST_MS`). */
  slowRequestMs: number;
}

/**
 * Fastify's request logging, handed to `Fastify({ logController })`: its two lines per request are
 * replaced by at most one, with the serializers above: `{ req: { method, url, network },
 * res: { statusCode }, responseTime }` (milliseconds). Fastify calls `requestCompleted` once per
 * response, after the `onResponse` hooks (and, through `refusedBeforeRouting`, for a request it
 * refuses before routing), so the access log misses none. Fastify's other lines stay (a response
 * stream that failed, a serializer that threw), which `disableRequestLogging` would silence too.
 * A request that needs no line costs two property reads and two comparisons: nothing is allocated.
 */
export class RequestLogController extends LogController {
  readonly #accessLog: boolean;
  readonly #slowRequestMs: number;

  constructor(options: RequestLogOptions) {
    super();
    this.#accessLog = options.accessLog;
    this.#slowRequestMs = options.slowRequestMs;
  }

  override incomingRequest(): void {}

  /**
   * For `frameworkErrors`: Fastify answers a malformed address or a parameter too long before any
   * route, and never reports that response as completed. Its line is written when it is sent;
   * Fastify does not time such a response (its time reads 0).
   */
  refusedBeforeRouting(request: FastifyRequest, reply: FastifyReply): void {
    reply.raw.once('finish', () => this.requestCompleted(null, request, reply));
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // The response failed while being sent: Fastify's own error line, which says so.
    if (error) {
      super.requestCompleted(error, request, reply);
      return;
    }
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    if (status >= 500 && !errorLogged.has(request)) {
      request.log.warn({ req: request, res: reply, responseTime: ms }, 'server error');
    } else if (ms > this.#slowRequestMs) {
      request.log.warn({ req: request, res: reply, responseTime: ms }, 'slow request');
    } else if (this.#accessLog) {
      request.log.info({ req: request, res: reply, responseTime: ms }, 'request completed');
    }
  }
}
