/**
 * All SQL of gift subscriptions (table `gifts`). A bought gift is inserted `pending` before its
 * checkout, becomes `paid` (with its code's hash) when the payment completes, and is redeemed
 * once into a reader's account.
 */
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database, Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import type { GiftFacts } from './entitlements.js';
import { type GiftRecord, isGiftStatus } from './gift.js';
import { entitlementsFrom } from './plan.js';

/** A gift issued with its code at once (tests, and any gift not sold through checkout). */
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
      status: 'paid',
      provider: null,
      checkout_session_id: null,
      message: null,
      amount_cents: null,
      currency: null,
      purchaser_reader_id: null,
      paid_at: g.createdAt,
    })
    .execute();
}

/** A gift being bought: no code yet, nothing redeemable until it is paid. */
export interface NewPendingGift {
  id: string;
  purchaserReaderId: string;
  purchaserEmail: string;
  recipientEmail: string;
  planId: string;
  months: number;
  message: string | null;
  amountCents: number;
  currency: string;
  provider: string;
  /** Replaced when the gift is paid (see `markGiftPaid`). */
  expiresAt: Date;
  createdAt: Date;
}

export async function insertPendingGift(db: Db, g: NewPendingGift): Promise<void> {
  await db
    .insertInto('gifts')
    .values({
      id: g.id,
      code_hash: null,
      purchaser_email: g.purchaserEmail,
      recipient_email: g.recipientEmail,
      plan_id: g.planId,
      months: g.months,
      redeemed_by: null,
      redeemed_at: null,
      expires_at: g.expiresAt,
      created_at: g.createdAt,
      status: 'pending',
      provider: g.provider,
      checkout_session_id: null,
      message: g.message,
      amount_cents: g.amountCents,
      currency: g.currency,
      purchaser_reader_id: g.purchaserReaderId,
      paid_at: null,
    })
    .execute();
}

export async function setGiftCheckoutSession(db: Db, giftId: string, checkoutSessionId: string): Promise<void> {
  await db.updateTable('gifts').set({ checkout_session_id: checkoutSessionId }).where('id', '=', giftId).execute();
}

/** A checkout that failed, expired or never started: the pending gift is canceled (a paid one stays paid). */
export async function cancelPendingGift(db: Db, giftId: string): Promise<boolean> {
  const r = await db
    .updateTable('gifts')
    .set({ status: 'canceled' })
    .where('id', '=', giftId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Marks a gift paid with its code's hash, unless it already is. The session must be the gift's
 * own (or not yet recorded, if the payment beat our update). A canceled gift whose payment
 * completes after all is paid: the money was taken.
 */
export async function markGiftPaid(
  db: Db,
  p: { giftId: string; checkoutSessionId: string; codeHash: string; paidAt: Date; expiresAt: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('gifts')
    .set({ status: 'paid', code_hash: p.codeHash, paid_at: p.paidAt, expires_at: p.expiresAt, checkout_session_id: p.checkoutSessionId })
    .where('id', '=', p.giftId)
    .where('status', '<>', 'paid')
    .where((eb) => eb.or([eb('checkout_session_id', '=', p.checkoutSessionId), eb('checkout_session_id', 'is', null)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A new code for a paid gift nobody has redeemed yet; the old code stops working. */
export async function replaceGiftCode(db: Db, giftId: string, codeHash: string): Promise<boolean> {
  const r = await db
    .updateTable('gifts')
    .set({ code_hash: codeHash })
    .where('id', '=', giftId)
    .where('status', '=', 'paid')
    .where('redeemed_by', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function toGift(r: Selectable<Database['gifts']>): GiftRecord {
  return {
    id: r.id,
    status: isGiftStatus(r.status) ? r.status : 'canceled',
    planId: r.plan_id,
    months: r.months,
    purchaserEmail: r.purchaser_email,
    purchaserReaderId: r.purchaser_reader_id,
    recipientEmail: r.recipient_email,
    message: r.message,
    amountCents: r.amount_cents,
    currency: r.currency,
    provider: r.provider,
    checkoutSessionId: r.checkout_session_id,
    redeemedBy: r.redeemed_by,
    redeemedAt: r.redeemed_at,
    expiresAt: r.expires_at,
    paidAt: r.paid_at,
    createdAt: r.created_at,
  };
}

export async function findGiftById(db: Db, id: string): Promise<GiftRecord | undefined> {
  const r = await db.selectFrom('gifts').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toGift(r);
}

export async function findGiftByCodeHash(db: Db, codeHash: string): Promise<GiftRecord | undefined> {
  const r = await db.selectFrom('gifts').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  return r && toGift(r);
}

/** The gifts a reader bought, with their plans' names, newest first (pending ones included, canceled ones not). */
export async function listGiftsBoughtBy(db: Db, readerId: string): Promise<(GiftRecord & { planName: string })[]> {
  const rows = await db
    .selectFrom('gifts')
    .innerJoin('plans', 'plans.id', 'gifts.plan_id')
    .selectAll('gifts')
    .select('plans.name as plan_name')
    .where('gifts.purchaser_reader_id', '=', readerId)
    .where('gifts.status', '<>', 'canceled')
    .orderBy('gifts.created_at', 'desc')
    .orderBy('gifts.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...toGift(r), planName: r.plan_name }));
}

/** Marks a paid gift redeemed by a reader, unless it already is or its code has expired. */
export async function redeemGift(db: Db, codeHash: string, readerId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('gifts')
    .set({ redeemed_by: readerId, redeemed_at: at })
    .where('code_hash', '=', codeHash)
    .where('status', '=', 'paid')
    .where('redeemed_by', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The gifts a reader has redeemed, with their plans' entitlements. */
export async function listRedeemedGifts(db: Db, readerId: string): Promise<GiftFacts[]> {
  return (await listRedeemedGiftsOfReaders(db, [readerId])).map(({ readerId: _, ...g }) => g);
}

/** The gifts many readers have redeemed (the daily email's audience, a page at a time). */
export async function listRedeemedGiftsOfReaders(db: Db, readerIds: readonly string[]): Promise<(GiftFacts & { readerId: string })[]> {
  if (readerIds.length === 0) return [];
  const rows = await db
    .selectFrom('gifts')
    .innerJoin('plans', 'plans.id', 'gifts.plan_id')
    .select([
      'gifts.id',
      'gifts.months',
      'gifts.redeemed_at',
      'gifts.redeemed_by',
      'plans.name as plan_name',
      'plans.entitlements as plan_entitlements',
    ])
    .where('gifts.redeemed_by', 'in', readerIds)
    .execute();
  const gifts: (GiftFacts & { readerId: string })[] = [];
  for (const r of rows) {
    if (r.redeemed_at === null || r.redeemed_by === null) continue;
    gifts.push({
      readerId: r.redeemed_by,
      id: r.id,
      planName: r.plan_name,
      entitlements: entitlementsFrom(parseJsonColumn(r.plan_entitlements)),
      redeemedAt: r.redeemed_at,
      months: r.months,
    });
  }
  return gifts;
}

/** A reader as the purchaser of gifts: their account, and their address for gifts recorded before accounts were. */
export interface GiftPurchaser {
  id: string;
  email: string;
}

function boughtBy(p: GiftPurchaser) {
  return (eb: ExpressionBuilder<Database, 'gifts'>) =>
    eb.or([
      eb('gifts.purchaser_reader_id', '=', p.id),
      eb(eb.fn<string>('lower', ['gifts.purchaser_email']), '=', p.email.trim().toLowerCase()),
    ]);
}

/** Every gift a reader bought, in any status, with its plan's name, oldest first: for "download my data". */
export async function listAllGiftsBoughtBy(db: Db, purchaser: GiftPurchaser): Promise<(GiftRecord & { planName: string })[]> {
  const rows = await db
    .selectFrom('gifts')
    .innerJoin('plans', 'plans.id', 'gifts.plan_id')
    .selectAll('gifts')
    .select('plans.name as plan_name')
    .where(boughtBy(purchaser))
    .orderBy('gifts.created_at')
    .orderBy('gifts.id')
    .execute();
  return rows.map((r) => ({ ...toGift(r), planName: r.plan_name }));
}

/**
 * When the purchaser closes their account: the billing record stays (plan, months, amount,
 * currency, status, dates, provider and checkout ids), the message goes, the purchaser's address
 * becomes `closedEmail`, and the recipient's address goes from gifts already redeemed. A gift
 * not yet redeemed keeps it: it is paid for (or may still be: a late payment completes a pending
 * or canceled one), so its recipient can still redeem it. One statement: all or nothing.
 */
/** The recipient's address on gifts a closing reader redeemed: it was theirs, and is no longer needed. */
export async function eraseRecipientOfGiftsRedeemedBy(db: Db, readerId: string): Promise<void> {
  await db.updateTable('gifts').set({ recipient_email: '' }).where('redeemed_by', '=', readerId).execute();
}

export async function eraseGiftsBoughtBy(db: Db, purchaser: GiftPurchaser, closedEmail: string): Promise<number> {
  const r = await db
    .updateTable('gifts')
    .set((eb) => ({
      message: null,
      purchaser_email: closedEmail,
      recipient_email: eb.case().when('gifts.redeemed_by', 'is not', null).then('').else(eb.ref('gifts.recipient_email')).end(),
    }))
    .where(boughtBy(purchaser))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Where a gift stands, as the business office filters them (`expired`: paid, never redeemed, past its redeem-by). */
export type GiftStanding = 'unredeemed' | 'redeemed' | 'expired' | 'pending' | 'canceled';

/**
 * Gifts newest first, a page at a time: those created before the cursor (created_at, id), with
 * their plans' names, optionally only those standing as asked at `now`.
 */
export async function listGiftsPage(
  db: Db,
  q: { standing?: GiftStanding | undefined; before?: { createdAt: Date; id: string } | undefined; limit: number; now: Date },
): Promise<(GiftRecord & { planName: string })[]> {
  let query = db.selectFrom('gifts').innerJoin('plans', 'plans.id', 'gifts.plan_id').selectAll('gifts').select('plans.name as plan_name');
  switch (q.standing) {
    case 'unredeemed':
      query = query.where('gifts.status', '=', 'paid').where('gifts.redeemed_by', 'is', null).where('gifts.expires_at', '>', q.now);
      break;
    case 'redeemed':
      query = query.where('gifts.redeemed_by', 'is not', null);
      break;
    case 'expired':
      query = query.where('gifts.status', '=', 'paid').where('gifts.redeemed_by', 'is', null).where('gifts.expires_at', '<=', q.now);
      break;
    case 'pending':
    case 'canceled':
      query = query.where('gifts.status', '=', q.standing);
      break;
    default:
      break;
  }
  const before = q.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('gifts.created_at', '<', before.createdAt),
        eb.and([eb('gifts.created_at', '=', before.createdAt), eb('gifts.id', '<', before.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('gifts.created_at', 'desc').orderBy('gifts.id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({ ...toGift(r), planName: r.plan_name }));
}

/** Readers who redeemed a gift of one of these plans, after `after` in id order (keyset pages, as `listReaderIdsOnPlans`). */
export async function listGiftRecipientsOnPlans(db: Db, planIds: readonly string[], after: string, limit: number): Promise<string[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .selectFrom('gifts')
    .select('redeemed_by')
    .distinct()
    .where('plan_id', 'in', planIds)
    .where('redeemed_by', 'is not', null)
    .where('redeemed_by', '>', after)
    .orderBy('redeemed_by')
    .limit(limit)
    .execute();
  return rows.flatMap((r) => (r.redeemed_by === null ? [] : [r.redeemed_by]));
}
