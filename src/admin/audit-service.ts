/**
 * The audit trail: `record` adds an event (the app-level hook in audit-hook.ts calls it for a
 * successful change under /admin and the Admin API that did not record itself); `recordIn`
 * adds one inside a change's own transaction; `page` reads them newest first, filtered, a page
 * at a time, by a cursor that later events do not shift.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform.js';
import { AUDIT_TARGET_KINDS, type AuditEvent, type AuditFilter, type AuditTargetKind } from './audit.js';
import { type AuditRow, countAuditEvents, insertAuditEvent, listAuditActors, listAuditEvents } from './audit-repository.js';

export interface AuditServiceDeps {
  db: Db;
  clock: Clock;
}

export const AUDIT_PAGE_SIZE = 50;

/** An event to record, before it has an id and a time. */
export type AuditEntry = Omit<AuditEvent, 'id' | 'at'>;

const kindOf = (k: string | null): AuditTargetKind | null =>
  ((AUDIT_TARGET_KINDS as readonly string[]).find((x) => x === k) as AuditTargetKind | undefined) ?? null;

function eventFromRow(r: AuditRow): AuditEvent {
  return {
    id: r.id,
    at: r.occurred_at,
    actor: { kind: r.actor_kind === 'cli' || r.actor_kind === 'system' ? r.actor_kind : 'staff', id: r.actor_id, name: r.actor_name },
    via: r.via === 'api' || r.via === 'job' ? r.via : 'admin',
    apiKeyId: r.api_key_id,
    method: r.method,
    route: r.route,
    targetId: r.target_id,
    targetKind: kindOf(r.target_kind),
    targetName: r.target_name,
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
  const rowOf = (e: AuditEntry): AuditRow => ({
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
    target_kind: e.targetKind,
    target_name: e.targetName?.slice(0, 300) ?? null,
    status: e.status,
  });
  return {
    async record(e: AuditEntry) {
      await insertAuditEvent(db, rowOf(e));
    },

    /** Records inside a change's transaction: the entry exists exactly when the change does. */
    async recordIn(tx: Db, e: AuditEntry) {
      await insertAuditEvent(tx, rowOf(e));
    },

    /** Newest first, filtered; `next` is the cursor of the following page, if there is one; `total` counts to 10,000 at most. */
    async page(
      cursor?: string,
      size = AUDIT_PAGE_SIZE,
      filter: AuditFilter = {},
    ): Promise<{ events: AuditEvent[]; next: string | undefined; total: number }> {
      const rows = await listAuditEvents(db, { before: parseCursor(cursor), limit: size + 1, filter });
      const events = rows.slice(0, size).map(eventFromRow);
      const last = events.at(-1);
      return { events, next: rows.length > size && last ? cursorOf(last) : undefined, total: await countAuditEvents(db, filter) };
    },

    /** The people in the trail, for its filter. */
    actors: () => listAuditActors(db),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
