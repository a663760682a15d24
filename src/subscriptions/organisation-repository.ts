/**
 * All SQL of group licences (tables `organisations`, `organisation_members`).
 */
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import type { Organisation, OrganisationInput, OrganisationSummary } from './group-licence.js';

const strings = (v: unknown): string[] => {
  const parsed = parseJsonColumn(v);
  return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
};

type Terms = 'validUntil' | 'contactName' | 'contactEmail';

/** Inserts an organisation; the term and contact may be left out (no end, no contact). */
export async function insertOrganisation(
  db: Db,
  o: Omit<Organisation, Terms> & Partial<Pick<Organisation, Terms>>,
  at: Date,
): Promise<void> {
  await db
    .insertInto('organisations')
    .values({
      id: o.id,
      name: o.name,
      ip_ranges: JSON.stringify(o.ipRanges),
      email_domains: JSON.stringify(o.emailDomains),
      seat_limit: o.seatLimit,
      active: o.active,
      valid_until: o.validUntil ?? null,
      contact_name: o.contactName ?? '',
      contact_email: o.contactEmail ?? '',
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** Changes every field the business office sets; false when there is no such organisation. */
export async function updateOrganisation(db: Db, id: string, o: OrganisationInput, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('organisations')
    .set({
      name: o.name,
      ip_ranges: JSON.stringify(o.ipRanges),
      email_domains: JSON.stringify(o.emailDomains),
      seat_limit: o.seatLimit,
      active: o.active,
      valid_until: o.validUntil,
      contact_name: o.contactName,
      contact_email: o.contactEmail,
      updated_at: at,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

type OrganisationRow = {
  id: string;
  name: string;
  ip_ranges: unknown;
  email_domains: unknown;
  seat_limit: number | null;
  active: unknown;
  valid_until: string | null;
  contact_name: string;
  contact_email: string;
};

const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  name: r.name,
  ipRanges: strings(r.ip_ranges),
  emailDomains: strings(r.email_domains).map((d) => d.toLowerCase()),
  seatLimit: r.seat_limit,
  active: Boolean(r.active),
  validUntil: r.valid_until,
  contactName: r.contact_name,
  contactEmail: r.contact_email,
});

/** The active organisations (the entitlement service's cache; it checks each one's term itself). */
export async function listActiveOrganisations(db: Db): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().where('active', '=', true).orderBy('id').execute();
  return rows.map(toOrganisation);
}

function summaries(db: Db) {
  return db
    .selectFrom('organisations')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('organisation_members')
          .select(['organisation_id', (e) => e.fn.countAll<number>().as('n')])
          .groupBy('organisation_id')
          .as('m'),
      (join) => join.onRef('m.organisation_id', '=', 'organisations.id'),
    )
    .selectAll('organisations')
    .select('m.n as seats_used');
}

const toSummary = (r: OrganisationRow & { seats_used: unknown; created_at: Date; updated_at: Date }): OrganisationSummary => ({
  ...toOrganisation(r),
  seatsUsed: Number(r.seats_used ?? 0),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Every organisation, active or not, with its seats used, by name. */
export async function listOrganisations(db: Db): Promise<OrganisationSummary[]> {
  const rows = await summaries(db).orderBy('organisations.name').orderBy('organisations.id').execute();
  return rows.map(toSummary);
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationSummary | undefined> {
  const row = await summaries(db).where('organisations.id', '=', id).executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

/** An organisation's members (who hold a seat), with their address, earliest first; at most `limit`. */
export async function listMembers(
  db: Db,
  organisationId: string,
  limit: number,
): Promise<{ readerId: string; email: string; joinedAt: Date }[]> {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('readers', 'readers.id', 'organisation_members.reader_id')
    .select(['organisation_members.reader_id as reader_id', 'readers.email as email', 'organisation_members.joined_at as joined_at'])
    .where('organisation_members.organisation_id', '=', organisationId)
    .orderBy('organisation_members.joined_at')
    .orderBy('organisation_members.reader_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ readerId: r.reader_id, email: r.email, joinedAt: r.joined_at }));
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
