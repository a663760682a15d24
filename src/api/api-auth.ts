/**
 * API keys on requests: `Authorization: Bearer <secret>` (RFC 6750). The Admin API needs an
 * admin key whose role the route's action allows (ADMIN_ROUTE_ROLES); the Content API takes an
 * optional key, which only changes who the viewer is.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffActor } from '../accounts/index.js';
import { type ApiKey, type ApiKeyService, FULL_TEXT_SCOPE, isAdminAction, mayPerform } from '../api-keys/index.js';
import { AppError } from '../http/app-error.js';
import type { Viewer } from '../reading/index.js';

/** The key that authenticated a request: request-scoped, so kept beside the request, not on it. */
const keyOfRequest = new WeakMap<FastifyRequest, ApiKey>();

// Declared beside the admin roles (src/api-keys), so that features serving admin routes need not import the API.
export { adminRoute, BEARER_SECURITY } from '../api-keys/index.js';

/** RFC 6750 §3: a request with no credentials gets a bare challenge; a bad one says why. */
function challenge(reply: FastifyReply, error?: 'invalid_request' | 'invalid_token'): void {
  reply.header('www-authenticate', error ? `Bearer realm="masthead", error="${error}"` : 'Bearer realm="masthead"');
}

/**
 * The key presented with a request: undefined when none was sent; a 401 when one was sent and
 * is not a live key (a wrong key is never quietly treated as no key).
 */
/** The key check the API needs: a presented secret, verified. */
export type KeyVerifier = Pick<ApiKeyService, 'verify'>;

export async function presentedKey(request: FastifyRequest, reply: FastifyReply, keys: KeyVerifier): Promise<ApiKey | undefined> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!m?.[1]) {
    challenge(reply, 'invalid_request');
    throw new AppError('API_KEY_INVALID', 401, 'Send the API key as "Authorization: Bearer <key>".');
  }
  const key = await keys.verify(m[1]);
  if (!key) {
    challenge(reply, 'invalid_token');
    throw new AppError('API_KEY_INVALID', 401, 'That API key is not valid: it is unknown, mistyped or revoked.');
  }
  keyOfRequest.set(request, key);
  return key;
}

/** The viewer a Content API request reads as: partners by their key (full text only with the scope), staff by an admin key. */
export function viewerOf(key: ApiKey | undefined): Viewer {
  if (!key) return { kind: 'anonymous' };
  return key.kind === 'content-partner' ? { kind: 'partner', fullText: key.scopes.includes(FULL_TEXT_SCOPE) } : { kind: 'staff' };
}

/** The authenticated key of an Admin API request (set by `requireAdminKeys`). */
export function adminKeyOf(request: FastifyRequest): ApiKey {
  const key = keyOfRequest.get(request);
  if (!key) throw new AppError('API_KEY_REQUIRED', 401, 'This needs an API key.');
  return key;
}

/**
 * Who saved a revision, as recorded in article_revisions.saved_by: the person whose own key it
 * is (`staff:<id>`, as the admin records them), else the key (`api-key:<id>`, a key made on the
 * command line).
 */
export function savedByOf(request: FastifyRequest): string {
  const key = adminKeyOf(request);
  return key.staffId ? staffActor(key.staffId) : `api-key:${key.id}`;
}

/** The key of an Admin API request, if it was authenticated (for the audit trail). */
export function requestKeyOf(request: FastifyRequest): ApiKey | undefined {
  return keyOfRequest.get(request);
}

/**
 * Guards every route of `scope`: a live admin key is required (401), and its role must be one the
 * route's action allows (403). A route without a declared action is refused: closed by default.
 */
export function requireAdminKeys(scope: FastifyInstance, keys: KeyVerifier): void {
  scope.addHook('onRequest', async (request, reply) => {
    const key = await presentedKey(request, reply, keys);
    if (!key) {
      challenge(reply);
      throw new AppError('API_KEY_REQUIRED', 401, 'The Admin API needs an API key: send "Authorization: Bearer <key>".');
    }
    const config = request.routeOptions.config;
    const action = 'action' in config ? config.action : undefined;
    if (!isAdminAction(action)) throw new AppError('FORBIDDEN', 403, 'This route is not open to API keys.');
    if (!mayPerform(key, action)) {
      const who = key.kind === 'admin' ? `an admin key with role "${key.role}"` : `a ${key.kind} key`;
      throw new AppError('FORBIDDEN', 403, `${who[0]?.toUpperCase()}${who.slice(1)} may not do this (${action}).`);
    }
  });
}
