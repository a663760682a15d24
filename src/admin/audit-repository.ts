/** All SQL of the audit trail (table `audit_events`): rows are added, and read newest first. */
import type { Selectable } from 'kysely';
import type { AuditEventTable, Db } from '../db/database.js';

export type AuditRow = Selectable<AuditEventTable>;

/** The filters of a page of the trail, in the columns' terms. */
export interface AuditRowFilter {
  actorId?: string | undefined;
  route?: string | undefined;
  targetKind?: string | undefined;
  from?: Date | undefined;
  before?: Date | undefined;
}

/** Adds an event: `db` may be a change's own transaction, so the entry commits or rolls back with it. */
export async function insertAuditEvent(db: Db, row: AuditRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

function filtered(db: Db, f: AuditRowFilter) {
  let q = db.selectFrom('audit_events');
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.route) q = q.where('route', '=', f.route);
  if (f.targetKind) q = q.where('target_kind', '=', f.targetKind);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.before) q = q.where('occurred_at', '<', f.before);
  return q;
}

/**
 * One page, newest first: events strictly older than the cursor (time, then id), `limit` of
 * them. A keyset range on (occurred_at, id), each filter an equality in front of it in an index
 * (migration 1100), so a page costs the same on the millionth entry as on the first.
 */
export async function listAuditEvents(
  db: Db,
  p: { before?: { at: Date; id: string } | undefined; limit: number; filter?: AuditRowFilter | undefined },
): Promise<AuditRow[]> {
  let q = filtered(db, p.filter ?? {}).selectAll();
  const before = p.before;
  if (before) {
    q = q.where((eb) => eb.or([eb('occurred_at', '<', before.at), eb.and([eb('occurred_at', '=', before.at), eb('id', '<', before.id)])]));
  }
  return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(p.limit).execute();
}

/** How many events match, counted no further than `cap` + 1 (a count of every row would not stay fast). */
export async function countAuditEvents(db: Db, filter: AuditRowFilter = {}, cap = 10_000): Promise<number> {
  const r = await db
    .selectFrom(
      filtered(db, filter)
        .select('id')
        .limit(cap + 1)
        .as('matching'),
    )
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The people who appear in the trail (for its "Person" filter), by their latest name. */
export async function listAuditActors(db: Db): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['actor_id', (eb) => eb.fn.max('actor_name').as('name')])
    .groupBy('actor_id')
    .orderBy('name')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.actor_id, name: String(r.name) }));
}
