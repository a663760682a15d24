/**
 * The audit trail: `record` adds an event (the app-level hook in audit-hook.ts calls it for
 * every successful change under /admin and the Admin API); `page` reads them newest first, a
 * page at a time, by a cursor that later events do not shift.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform.js';
import type { AuditActor, AuditEvent } from './audit.js';
import { type AuditRow, countAuditEvents, insertAuditEvent, listAuditEvents } from './audit-repository.js';

export interface AuditServiceDeps {
  db: Db;
  clock: Clock;
}

export const AUDIT_PAGE_SIZE = 50;

function eventFromRow(r: AuditRow): AuditEvent {
  return {
    id: r.id,
    at: r.occurred_at,
    actor: { kind: r.actor_kind === 'cli' ? 'cli' : 'staff', id: r.actor_id, name: r.actor_name },
    via: r.via === 'api' ? 'api' : 'admin',
    apiKeyId: r.api_key_id,
    method: r.method,
    route: r.route,
    targetId: r.target_id,
    status: r.status,
  };
}

/** A page's cursor: the last event's time and id, as one opaque string. */
export function cursorOf(e: Pick<AuditEvent, 'at' | 'id'>): string {
  return `${e.at.getTime()}_${e.id}`;
}

export function parseCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  const m = cursor ? /^(\d{1,15})_([0-9a-f-]{36})$/.exec(cursor) : null;
  return m?.[1] && m[2] ? { at: new Date(Number(m[1])), id: m[2] } : undefined;
}

export function createAuditService(deps: AuditServiceDeps) {
  const { db, clock } = deps;
  return {
    async record(e: {
      actor: AuditActor;
      via: 'admin' | 'api';
      apiKeyId: string | null;
      method: string;
      route: string;
      targetId: string | null;
      status: number;
    }) {
      await insertAuditEvent(db, {
        id: uuidv7(),
        occurred_at: clock(),
        actor_kind: e.actor.kind,
        actor_id: e.actor.id,
        actor_name: e.actor.name.slice(0, 200),
        via: e.via,
        api_key_id: e.apiKeyId,
        method: e.method,
        route: e.route.slice(0, 300),
        target_id: e.targetId,
        status: e.status,
      });
    },

    /** Newest first; `next` is the cursor of the following page, if there is one. */
    async page(cursor?: string, size = AUDIT_PAGE_SIZE): Promise<{ events: AuditEvent[]; next: string | undefined; total: number }> {
      const rows = await listAuditEvents(db, { before: parseCursor(cursor), limit: size + 1 });
      const events = rows.slice(0, size).map(eventFromRow);
      const last = events.at(-1);
      return { events, next: rows.length > size && last ? cursorOf(last) : undefined, total: await countAuditEvents(db) };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
