/**
 * All SQL of offers (table `offers`).
 */
import type { Selectable } from 'kysely';
import type { Db, OfferTable } from '../db/database.js';
import type { Offer } from './offer.js';

/** An offer as stored, with when it was made. */
export type OfferRecord = Offer & { createdAt: Date };

function offerFromRow(r: Selectable<OfferTable>): OfferRecord {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind === 'amount' ? 'amount' : 'percent',
    value: r.value,
    months: r.months,
    planId: r.plan_id,
    active: Boolean(r.active),
    expiresAt: r.expires_at,
    createdAt: r.created_at,
  };
}

export async function insertOffer(db: Db, o: Offer, at: Date): Promise<void> {
  await db
    .insertInto('offers')
    .values({
      id: o.id,
      code: o.code.toUpperCase(),
      kind: o.kind,
      value: o.value,
      months: o.months,
      plan_id: o.planId,
      active: o.active,
      expires_at: o.expiresAt,
      created_at: at,
    })
    .execute();
}

/** Codes are matched without regard to case: readers type them. Stored codes are upper case. */
export async function findOfferByCode(db: Db, code: string): Promise<OfferRecord | undefined> {
  const r = await db.selectFrom('offers').selectAll().where('code', '=', code.toUpperCase()).executeTakeFirst();
  return r ? offerFromRow(r) : undefined;
}

export async function findOfferById(db: Db, id: string): Promise<OfferRecord | undefined> {
  const r = await db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? offerFromRow(r) : undefined;
}

/** Newest first. */
export async function listOffers(db: Db, opts: { activeOnly: boolean }): Promise<OfferRecord[]> {
  let q = db.selectFrom('offers').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', true);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(offerFromRow);
}

/** The parts of an offer that may change once made (its terms may not: see offer.ts). */
export async function updateOfferAvailability(db: Db, id: string, o: { active: boolean; expiresAt: Date | null }): Promise<void> {
  await db.updateTable('offers').set({ active: o.active, expires_at: o.expiresAt }).where('id', '=', id).execute();
}
