/**
 * One error handler for the whole app: JSON under /api, an HTML page elsewhere. Client errors
 * name the problem; server errors are logged with their cause and shown without detail.
 */

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { isUniqueViolation } from '../db/errors.js';
import { Layout, type PageChrome } from '../views/layout.js';
import { AppError, type ErrorCode, type FieldProblem } from './app-error.js';
import { noteErrorLogged } from './request-log.js';

/**
 * The one JSON error shape, for every client: the API, the webhooks and Fastify's own errors
 * alike. `statusCode` repeats the response's status, for clients that log the body alone.
 */
export interface ErrorBody {
  statusCode: number;
  error: { code: ErrorCode; message: string; fields: FieldProblem[] };
}

const TITLES: Record<number, string> = {
  400: 'That request could not be read',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  410: 'This story has been removed',
  412: 'Someone else changed this first',
  413: 'Too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

export function errorBody(statusCode: number, code: ErrorCode, message: string, fields: FieldProblem[] = []): ErrorBody {
  return { statusCode, error: { code, message, fields } };
}

/** What a thrown error may carry: Fastify's errors, a validator's, a driver's. Read, never trusted. */
interface LooseError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
}

/**
 * Fastify's own request errors, in our words: its `FST_ERR_*` codes never reach a client (see
 * https://fastify.dev/docs/latest/Reference/Errors/). Most are the body parser's, and say what
 * was wrong with what the client sent.
 */
const FASTIFY_ERRORS = new Map<string, { status: number; code: ErrorCode; message: string }>(
  Object.entries({
    FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'The body is not valid JSON.' },
    FST_ERR_CTP_EMPTY_JSON_BODY: {
      status: 400,
      code: 'INVALID_JSON',
      message: 'The body is empty, but its Content-Type says JSON: send a JSON body, or no Content-Type.',
    },
    FST_ERR_CTP_INVALID_MEDIA_TYPE: {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'This route does not read bodies of that Content-Type.',
    },
    FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: 'The body is larger than this route accepts.' },
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The Content-Length does not match the body that was sent.',
    },
    FST_ERR_NOT_FOUND: { status: 404, code: 'NOT_FOUND', message: 'No such page.' },
  }),
);

/** A 4xx none of the above names, by its status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 405) return 'METHOD_NOT_ALLOWED';
  if (status === 413) return 'BODY_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'TOO_MANY_REQUESTS';
  return 'BAD_REQUEST';
}

export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return errorBody(err.statusCode, err.code, err.message, err.fields);
  const fe: LooseError = typeof err === 'object' && err !== null ? err : {};
  if (fe.validation) {
    const context = fe.validationContext ?? 'input';
    const fields = fe.validation.map((v) => {
      const missing = v.params && typeof v.params.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
      const path = `${context}${(v.instancePath ?? '') + missing}`.replace(/\//g, '.');
      return { field: path, message: v.message ?? 'is invalid' };
    });
    return errorBody(400, 'VALIDATION_FAILED', `Invalid input — ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
  }
  // A race a service did not name (two requests saving the same unique value at once): the
  // database refused the second, so nothing of it was written. Not our fault, and not the reader's.
  if (isUniqueViolation(err)) {
    return errorBody(
      409,
      'CONFLICT',
      'Something with the same name, address or code was saved at the same moment. Nothing was changed: reload and try again.',
    );
  }
  const known = typeof fe.code === 'string' ? FASTIFY_ERRORS.get(fe.code) : undefined;
  if (known) return errorBody(known.status, known.code, known.message);
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status < 500) {
    const message = typeof fe.message === 'string' && fe.message !== '' ? fe.message : (TITLES[status] ?? 'Bad request');
    return errorBody(status, codeForStatus(status), message);
  }
  return errorBody(500, 'INTERNAL', 'Something went wrong on our side. It has been logged.');
}

/**
 * Whether the visitor is signed in, for the page header: `accounts.signedIn` (synchronous
 * without a cookie or on a cache hit).
 */
export type SignedInProbe = (request: FastifyRequest) => boolean | Promise<boolean>;

/** How long an error page waits to learn the header's state before rendering without it. */
const SIGNED_IN_WAIT_MS = 500;

/**
 * The header's signed-in state on an error page. The error may be the session store failing or
 * hanging: then the page still renders, promptly, as for a visitor who is not signed in.
 */
async function signedInFor(request: FastifyRequest, probe: SignedInProbe | undefined): Promise<boolean> {
  if (!probe) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const known = probe(request);
    if (typeof known === 'boolean') return known;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), SIGNED_IN_WAIT_MS);
      timer.unref();
    });
    return await Promise.race([known, late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function isApiRequest(url: string): boolean {
  return url.startsWith('/api/') || url === '/api';
}

export function renderErrorPage(chrome: PageChrome, body: ErrorBody): string {
  const title = TITLES[body.statusCode] ?? 'Error';
  const { message, fields } = body.error;
  return `<!doctype html>${renderToString(
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <div class="error">
        <h1>{title}</h1>
        <p>{body.statusCode === 404 ? 'We could not find that page. It may have moved, or the address may be mistyped.' : message}</p>
        {fields.length > 0 ? (
          <ul>
            {fields.map((f) => (
              <li key={f.field}>
                <strong>{f.field}</strong>: {f.message}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <a href="/">Go to the front page</a> or <a href="/search">search the paper</a>.
        </p>
      </div>
    </Layout>,
  )}`;
}

/** For Fastify's `frameworkErrors` (a malformed URL never reaches a route or the error handler). */
export function frameworkErrorHandler(getChrome: () => Promise<PageChrome>, signedIn?: SignedInProbe) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
    const message = status === 414 ? 'The address is too long.' : 'The address is malformed (bad percent-encoding).';
    void sendError(getChrome, signedIn, request, reply, errorBody(status, status === 414 ? 'URL_TOO_LONG' : 'BAD_URL', message));
  };
}

async function sendError(
  getChrome: () => Promise<PageChrome>,
  signedIn: SignedInProbe | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  body: ErrorBody,
) {
  reply.code(body.statusCode).header('cache-control', 'no-store');
  if (isApiRequest(request.url)) {
    return reply.type('application/json; charset=utf-8').send(body);
  }
  let chrome: PageChrome;
  try {
    chrome = await getChrome();
  } catch {
    return reply.type('text/plain; charset=utf-8').send(body.error.message);
  }
  const header = { ...chrome, signedIn: await signedInFor(request, signedIn) };
  return reply.type('text/html; charset=utf-8').send(renderErrorPage(header, body));
}

/** `signedIn` shows the visitor's state in the page header; without it every error page says "Sign in". */
export function registerErrorHandling(app: FastifyInstance, getChrome: () => Promise<PageChrome>, signedIn?: SignedInProbe): void {
  const send = (request: FastifyRequest, reply: FastifyReply, body: ErrorBody) => sendError(getChrome, signedIn, request, reply, body);

  app.setErrorHandler(async (err, request, reply) => {
    const body = toErrorBody(err);
    if (body.statusCode >= 500) {
      // The request's one line (src/http/request-log.ts): method, redacted path and client network, with the cause.
      request.log.error({ err, req: request }, 'request failed');
      noteErrorLogged(request);
    }
    // Logged whole: a unique violation no service expected may be a race, or a bug.
    else if (body.error.code === 'CONFLICT') request.log.warn({ err }, 'unique constraint refused a write');
    else request.log.info({ code: body.error.code, status: body.statusCode }, body.error.message);
    return send(request, reply, body);
  });

  app.setNotFoundHandler(async (request, reply) => send(request, reply, errorBody(404, 'NOT_FOUND', 'No such page.')));
}
