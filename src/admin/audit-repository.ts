/** All SQL of the audit trail (table `audit_events`): rows are added, and read newest first. */
import type { Selectable } from 'kysely';
import type { AuditEventTable, Db } from '../db/database.js';

export type AuditRow = Selectable<AuditEventTable>;

export async function insertAuditEvent(db: Db, row: AuditRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

/** One page, newest first: events strictly older than the cursor (time, then id), `limit` of them. */
export async function listAuditEvents(db: Db, p: { before?: { at: Date; id: string } | undefined; limit: number }): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_events').selectAll();
  const before = p.before;
  if (before) {
    q = q.where((eb) => eb.or([eb('occurred_at', '<', before.at), eb.and([eb('occurred_at', '=', before.at), eb('id', '<', before.id)])]));
  }
  return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(p.limit).execute();
}

export async function countAuditEvents(db: Db): Promise<number> {
  const r = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
