/**
 * All SQL of the meter for registered readers: counts per period, the articles counted, and
 * (with anonymous-meter-repository.ts) the budget of fresh anonymous meters per network.
 */
import type { Db } from '../db/database.js';
import { deleteEndedAnonymousMeters } from './anonymous-meter-repository.js';

export interface StoredUsage {
  periodKey: string;
  periodEndsAt: Date;
  used: number;
  alreadyCounted: boolean;
}

/**
 * A reader's meter: by exact period key (calendar months), or the latest still-running period
 * whose key starts with `rollingPrefix` (rolling periods start at the first counted read).
 */
export async function findUsage(
  db: Db,
  p: { readerId: string; articleKey: string; now: Date } & ({ periodKey: string } | { rollingPrefix: string }),
): Promise<StoredUsage | undefined> {
  let q = db
    .selectFrom('meter_usage as u')
    .leftJoin('meter_reads as r', (j) =>
      j.onRef('r.reader_id', '=', 'u.reader_id').onRef('r.period_key', '=', 'u.period_key').on('r.article_key', '=', p.articleKey),
    )
    .select(['u.period_key', 'u.period_ends_at', 'u.used', 'r.article_key'])
    .where('u.reader_id', '=', p.readerId)
    .where('u.period_ends_at', '>', p.now);
  q = 'periodKey' in p ? q.where('u.period_key', '=', p.periodKey) : q.where('u.period_key', 'like', `${p.rollingPrefix}%`);
  const row = await q.orderBy('u.period_ends_at', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  return { periodKey: row.period_key, periodEndsAt: row.period_ends_at, used: row.used, alreadyCounted: row.article_key !== null };
}

export type CountOutcome = { outcome: 'counted'; used: number } | { outcome: 'already' } | { outcome: 'quota' };

class QuotaReached extends Error {}

/**
 * Counts one article for a reader, atomically: the read's primary key stops a second count of
 * the same article, and the guarded update (used < allowance) stops concurrent reads of other
 * articles from passing the allowance. On PostgreSQL the update takes the row lock, and a
 * waiting transaction re-checks the guard on the committed row (READ COMMITTED).
 */
export async function countRead(
  db: Db,
  p: { readerId: string; periodKey: string; periodEndsAt: Date; articleKey: string; articleId?: string; allowance: number; at: Date },
): Promise<CountOutcome> {
  try {
    return await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('meter_usage')
        .values({ reader_id: p.readerId, period_key: p.periodKey, period_ends_at: p.periodEndsAt, used: 0, updated_at: p.at })
        .onConflict((oc) => oc.columns(['reader_id', 'period_key']).doNothing())
        .execute();
      const inserted = await tx
        .insertInto('meter_reads')
        .values({
          reader_id: p.readerId,
          period_key: p.periodKey,
          article_key: p.articleKey,
          article_id: p.articleId ?? null,
          counted_at: p.at,
        })
        .onConflict((oc) => oc.columns(['reader_id', 'period_key', 'article_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { outcome: 'already' as const };
      const row = await tx
        .updateTable('meter_usage')
        .set((eb) => ({ used: eb('used', '+', 1), updated_at: p.at }))
        .where('reader_id', '=', p.readerId)
        .where('period_key', '=', p.periodKey)
        .where('used', '<', p.allowance)
        .returning('used')
        .executeTakeFirst();
      // Over the allowance: undo the read's row with the rest of the transaction.
      if (!row) throw new QuotaReached();
      return { outcome: 'counted' as const, used: row.used };
    });
  } catch (e) {
    if (e instanceof QuotaReached) return { outcome: 'quota' };
    throw e;
  }
}

/** Forgets meters of periods that ended before `before` (the hourly clean-up): readers', networks' and anonymous ones. */
export async function deleteEndedMeters(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('meter_usage').where('period_ends_at', '<', before).execute();
  await db.deleteFrom('meter_networks').where('period_ends_at', '<', before).execute();
  await deleteEndedAnonymousMeters(db, before);
}

/** Every period and counted read kept for a reader's meter, oldest first (for "download my data"). */
export async function listReaderMeter(
  db: Db,
  readerId: string,
): Promise<
  { periodKey: string; periodEndsAt: Date; used: number; reads: { articleKey: string; articleId: string | null; countedAt: Date }[] }[]
> {
  const [usage, reads] = await Promise.all([
    db
      .selectFrom('meter_usage')
      .select(['period_key', 'period_ends_at', 'used'])
      .where('reader_id', '=', readerId)
      .orderBy('period_ends_at')
      .execute(),
    db
      .selectFrom('meter_reads')
      .select(['period_key', 'article_key', 'article_id', 'counted_at'])
      .where('reader_id', '=', readerId)
      .orderBy('counted_at')
      .execute(),
  ]);
  return usage.map((u) => ({
    periodKey: u.period_key,
    periodEndsAt: u.period_ends_at,
    used: u.used,
    reads: reads
      .filter((r) => r.period_key === u.period_key)
      .map((r) => ({ articleKey: r.article_key, articleId: r.article_id, countedAt: r.counted_at })),
  }));
}

/** Deletes every row of a reader's meter (their account is closing). */
export async function deleteReaderMeter(db: Db, readerId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('meter_reads').where('reader_id', '=', readerId).execute();
    await tx.deleteFrom('meter_usage').where('reader_id', '=', readerId).execute();
  });
}
