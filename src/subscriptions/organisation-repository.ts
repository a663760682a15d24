/**
 * All SQL of group licences (tables `organisations`, `organisation_members`).
 */
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import type { Organisation } from './group-licence.js';

const strings = (v: unknown): string[] => {
  const parsed = parseJsonColumn(v);
  return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
};

export async function insertOrganisation(db: Db, o: Organisation, at: Date): Promise<void> {
  await db
    .insertInto('organisations')
    .values({
      id: o.id,
      name: o.name,
      ip_ranges: JSON.stringify(o.ipRanges),
      email_domains: JSON.stringify(o.emailDomains),
      seat_limit: o.seatLimit,
      active: o.active,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export async function listActiveOrganisations(db: Db): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().where('active', '=', true).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    ipRanges: strings(r.ip_ranges),
    emailDomains: strings(r.email_domains).map((d) => d.toLowerCase()),
    seatLimit: r.seat_limit,
    active: Boolean(r.active),
  }));
}

/** Seats used in each organisation, and which of them the reader holds. */
export async function seatUsage(
  db: Db,
  organisationIds: string[],
  readerId: string,
): Promise<Map<string, { used: number; isMember: boolean }>> {
  const usage = new Map<string, { used: number; isMember: boolean }>(organisationIds.map((id) => [id, { used: 0, isMember: false }]));
  if (organisationIds.length === 0) return usage;
  const counts = await db
    .selectFrom('organisation_members')
    .select(['organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organisation_id', 'in', organisationIds)
    .groupBy('organisation_id')
    .execute();
  for (const c of counts) {
    const u = usage.get(c.organisation_id);
    if (u) u.used = Number(c.n);
  }
  const mine = await db
    .selectFrom('organisation_members')
    .select('organisation_id')
    .where('organisation_id', 'in', organisationIds)
    .where('reader_id', '=', readerId)
    .execute();
  for (const m of mine) {
    const u = usage.get(m.organisation_id);
    if (u) u.isMember = true;
  }
  return usage;
}

/**
 * Takes a seat if one is free (or the reader already has one). The count and the insert run in
 * the caller's transaction; on PostgreSQL the organisation row is locked first so two readers
 * cannot both take the last seat.
 */
export async function claimSeat(
  db: Db,
  o: { id: string; seatLimit: number | null },
  readerId: string,
  at: Date,
  lockRow: boolean,
): Promise<boolean> {
  if (lockRow) await db.selectFrom('organisations').select('id').where('id', '=', o.id).forUpdate().execute();
  const existing = await db
    .selectFrom('organisation_members')
    .select('reader_id')
    .where('organisation_id', '=', o.id)
    .where('reader_id', '=', readerId)
    .executeTakeFirst();
  if (existing) return true;
  if (o.seatLimit !== null) {
    const r = await db
      .selectFrom('organisation_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', o.id)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= o.seatLimit) return false;
  }
  await db
    .insertInto('organisation_members')
    .values({ organisation_id: o.id, reader_id: readerId, joined_at: at })
    .onConflict((oc) => oc.columns(['organisation_id', 'reader_id']).doNothing())
    .execute();
  return true;
}

/** A reader's group memberships, with the organisation's name, oldest first (for "download my data"). */
export async function listMembershipsOf(db: Db, readerId: string): Promise<{ organisation: string; joinedAt: Date }[]> {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
    .select(['organisations.name as name', 'organisation_members.joined_at as joined_at'])
    .where('organisation_members.reader_id', '=', readerId)
    .orderBy('organisation_members.joined_at')
    .execute();
  return rows.map((r) => ({ organisation: r.name, joinedAt: r.joined_at }));
}

/** Removes a reader from every organisation (closing the account frees their seats). */
export async function deleteMembershipsOf(db: Db, readerId: string): Promise<number> {
  const r = await db.deleteFrom('organisation_members').where('reader_id', '=', readerId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
