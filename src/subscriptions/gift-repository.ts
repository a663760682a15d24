/**
 * All SQL of gift subscriptions (table `gifts`). Buying and redeeming come with the account pages.
 */
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import type { GiftFacts } from './entitlements.js';
import { entitlementsFrom } from './plan.js';

export interface NewGift {
  id: string;
  codeHash: string;
  purchaserEmail: string;
  recipientEmail: string;
  planId: string;
  months: number;
  expiresAt: Date;
  createdAt: Date;
}

export async function insertGift(db: Db, g: NewGift): Promise<void> {
  await db
    .insertInto('gifts')
    .values({
      id: g.id,
      code_hash: g.codeHash,
      purchaser_email: g.purchaserEmail,
      recipient_email: g.recipientEmail,
      plan_id: g.planId,
      months: g.months,
      redeemed_by: null,
      redeemed_at: null,
      expires_at: g.expiresAt,
      created_at: g.createdAt,
    })
    .execute();
}

/** Marks a gift redeemed by a reader, unless it already is or its code has expired. */
export async function redeemGift(db: Db, codeHash: string, readerId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('gifts')
    .set({ redeemed_by: readerId, redeemed_at: at })
    .where('code_hash', '=', codeHash)
    .where('redeemed_by', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The gifts a reader has redeemed, with their plans' entitlements. */
export async function listRedeemedGifts(db: Db, readerId: string): Promise<GiftFacts[]> {
  const rows = await db
    .selectFrom('gifts')
    .innerJoin('plans', 'plans.id', 'gifts.plan_id')
    .select(['gifts.id', 'gifts.months', 'gifts.redeemed_at', 'plans.name as plan_name', 'plans.entitlements as plan_entitlements'])
    .where('gifts.redeemed_by', '=', readerId)
    .execute();
  const gifts: GiftFacts[] = [];
  for (const r of rows) {
    if (r.redeemed_at === null) continue;
    gifts.push({
      id: r.id,
      planName: r.plan_name,
      entitlements: entitlementsFrom(parseJsonColumn(r.plan_entitlements)),
      redeemedAt: r.redeemed_at,
      months: r.months,
    });
  }
  return gifts;
}
