/**
 * Records the audit trail for the whole app: one hook sees every response, and for a
 * successful change under /admin or the Admin API writes who (the signed-in staff member, or
 * the API key's owner: never just a key), through what, what and when, before the answer
 * leaves. Features do nothing for it. A failure to write is logged, never turned into a failed
 * answer: the change itself is done.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffMember } from '../accounts/index.js';
import type { ApiKey } from '../api-keys/index.js';
import { guardedStaffOf } from './admin-guard.js';
import { type AuditActor, auditedArea, isAuditable, targetOf } from './audit.js';
import type { AuditService } from './audit-service.js';

export interface AuditHookDeps {
  audit: Pick<AuditService, 'record'>;
  /** The API key that authenticated an Admin API request (src/api). */
  apiKeyOf(request: FastifyRequest): ApiKey | undefined;
  /** A staff member's name by id (for a key's owner). */
  staffName(id: string): Promise<string | undefined>;
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

export function registerAuditHook(app: FastifyInstance, deps: AuditHookDeps): void {
  async function record(request: FastifyRequest, status: number, payload: unknown, area: 'admin' | 'api') {
    const key = area === 'api' ? deps.apiKeyOf(request) : undefined;
    const actor = await actorOf(guardedStaffOf(request), key, deps.staffName);
    if (!actor) return;
    await deps.audit.record({
      actor,
      via: key ? 'api' : 'admin',
      apiKeyId: key?.id ?? null,
      method: request.method,
      route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      targetId: targetOf(request.params, payload),
      status,
    });
  }

  // A callback hook: most responses (reads, reader pages) pass with no promise made.
  app.addHook('onSend', (request, reply, payload, done) => {
    const area = isAuditable(request.method, reply.statusCode) ? auditedArea(request.url) : undefined;
    if (!area) {
      done(null, payload);
      return;
    }
    record(request, reply.statusCode, payload, area).then(
      () => done(null, payload),
      (err: unknown) => {
        request.log.error({ err }, 'writing the audit trail failed');
        done(null, payload);
      },
    );
  });
}
