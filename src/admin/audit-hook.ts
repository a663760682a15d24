/**
 * Records the audit trail for the whole app. A change that runs in one transaction records
 * itself in it: its route asks `within(request)` for a writer and hands it to the service, which
 * calls it inside the transaction with the target's id and name, so the entry commits or rolls
 * back with the change. For every other successful change under /admin or the Admin API, one
 * hook that sees every response writes the entry just after the change, before the answer
 * leaves, naming the target by the `targetName` port. Either way: who (the signed-in staff
 * member, or the API key's owner: never just a key), through what, what, on what, and when. A
 * failure of the hook's write is logged, never turned into a failed answer: the change is done.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffMember } from '../accounts/index.js';
import type { ApiKey } from '../api-keys/index.js';
import type { Db } from '../db/database.js';
import { guardedStaffOf } from './admin-guard.js';
import { type AuditActor, type AuditTarget, type AuditTargetKind, auditedArea, isAuditable, targetKindOf, targetOf } from './audit.js';
import type { AuditService } from './audit-service.js';

const explicitTargets = new WeakMap<FastifyRequest, string>();

/** Names what a request acted on, for the audit trail, when its route and answer do not (e.g. a key just made). */
export function setAuditTarget(request: FastifyRequest, id: string): void {
  explicitTargets.set(request, id);
}

const notChanges = new WeakSet<FastifyRequest>();

/** Marks a POST that changes nothing (a form's "Preview" button), so the trail leaves it out. */
export function setNotAChange(request: FastifyRequest): void {
  notChanges.add(request);
}

/** Writes a request's audit entry inside the change's transaction, naming what it acted on. */
export type AuditInTransaction = (tx: Db, target: AuditTarget) => Promise<void>;

export interface AuditRecorder {
  /**
   * The writer for this request's entry (the route's pattern, the signed-in member), or
   * undefined when nobody is to be named. Once it has written, the after-the-fact hook leaves
   * the request alone. `status` is the answer the route gives on success (303 for a form).
   */
  within(request: FastifyRequest, status?: number): Promise<AuditInTransaction | undefined>;
}

export interface AuditHookDeps {
  audit: Pick<AuditService, 'record' | 'recordIn'>;
  /** The API key that authenticated an Admin API request (src/api). */
  apiKeyOf(request: FastifyRequest): ApiKey | undefined;
  /** A staff member's name by id (for a key's owner). */
  staffName(id: string): Promise<string | undefined>;
  /** The human name of what a change acted on (a story's headline, a page's title…), if it still exists. */
  targetName(kind: AuditTargetKind, id: string): Promise<string | undefined>;
}

/** Who acted: the session's staff member, else the key's owner, else the key's maker. */
export async function actorOf(
  staff: StaffMember | undefined,
  key: ApiKey | undefined,
  staffName: (id: string) => Promise<string | undefined>,
): Promise<AuditActor | undefined> {
  if (staff) return { kind: 'staff', id: staff.id, name: staff.name };
  if (!key) return undefined;
  if (key.staffId) return { kind: 'staff', id: key.staffId, name: (await staffName(key.staffId)) ?? 'a former staff member' };
  return { kind: 'cli', id: key.createdBy, name: `${key.createdBy.replace(/^cli:/, '')} (command-line key "${key.name}")` };
}

export function registerAuditHook(app: FastifyInstance, deps: AuditHookDeps): AuditRecorder {
  const recordedInTransaction = new WeakSet<FastifyRequest>();
  const routeOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;

  async function record(request: FastifyRequest, status: number, payload: unknown, area: 'admin' | 'api', location: string | undefined) {
    const key = area === 'api' ? deps.apiKeyOf(request) : undefined;
    const actor = await actorOf(guardedStaffOf(request), key, deps.staffName);
    if (!actor) return;
    const route = routeOf(request);
    const targetId = explicitTargets.get(request) ?? targetOf(request.params, payload, location);
    const targetKind = targetKindOf(route);
    const targetName = targetId && targetKind ? ((await deps.targetName(targetKind, targetId).catch(() => undefined)) ?? null) : null;
    await deps.audit.record({
      actor,
      via: key ? 'api' : 'admin',
      apiKeyId: key?.id ?? null,
      method: request.method,
      route,
      targetId,
      targetKind,
      targetName,
      status,
    });
  }

  // A callback hook: most responses (reads, reader pages) pass with no promise made.
  app.addHook('onSend', (request, reply, payload, done) => {
    const area = isAuditable(request.method, reply.statusCode) ? auditedArea(request.url) : undefined;
    if (!area || recordedInTransaction.has(request) || notChanges.has(request)) {
      done(null, payload);
      return;
    }
    const location = reply.getHeader('location');
    record(request, reply.statusCode, payload, area, typeof location === 'string' ? location : undefined).then(
      () => done(null, payload),
      (err: unknown) => {
        request.log.error({ err }, 'writing the audit trail failed');
        done(null, payload);
      },
    );
  });

  return {
    async within(request, status = 303) {
      const area = auditedArea(request.url);
      if (!area) return undefined;
      const key = area === 'api' ? deps.apiKeyOf(request) : undefined;
      const actor = await actorOf(guardedStaffOf(request), key, deps.staffName);
      if (!actor) return undefined;
      const route = routeOf(request);
      return async (tx, target) => {
        await deps.audit.recordIn(tx, {
          actor,
          via: key ? 'api' : 'admin',
          apiKeyId: key?.id ?? null,
          method: request.method,
          route,
          targetId: target.id,
          targetKind: targetKindOf(route),
          targetName: target.name,
          status,
        });
        recordedInTransaction.add(request);
      };
    },
  };
}
