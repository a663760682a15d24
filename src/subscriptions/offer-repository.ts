/**
 * All SQL of offers (table `offers`).
 */
import type { Db } from '../db/database.js';
import type { Offer } from './offer.js';

export async function insertOffer(db: Db, o: Offer, at: Date): Promise<void> {
  await db
    .insertInto('offers')
    .values({
      id: o.id,
      code: o.code.toUpperCase(),
      kind: o.kind,
      value: o.value,
      periods: o.periods,
      plan_id: o.planId,
      active: o.active,
      expires_at: o.expiresAt,
      created_at: at,
    })
    .execute();
}

/** Codes are matched without regard to case: readers type them. Stored codes are upper case. */
export async function findOfferByCode(db: Db, code: string): Promise<Offer | undefined> {
  const r = await db.selectFrom('offers').selectAll().where('code', '=', code.toUpperCase()).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    code: r.code,
    kind: r.kind === 'amount' ? 'amount' : 'percent',
    value: r.value,
    periods: r.periods,
    planId: r.plan_id,
    active: Boolean(r.active),
    expiresAt: r.expires_at,
  };
}
