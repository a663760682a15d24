/**
 * All SQL of the anonymous meter: one row per meter under the keyed hash of its
 * cookie's id, the articles it counted, and the network's budget, counted in the same
 * transaction as each read. Every count is atomic on both dialects, as a registered reader's is
 * (meter-repository.ts `countRead`): the read's primary key stops a second count of one article,
 * the guarded update (used < allowance) stops concurrent reads of other articles from passing the
 * allowance, and a refused count rolls back whole. On PostgreSQL the update takes the row lock and
 * a waiting transaction re-checks the guard on the committed row (READ COMMITTED).
 */
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/database.js';

export interface AnonymousMeterState {
  periodKey: string;
  periodEndsAt: Date;
  used: number;
  /** Article keys counted, in no particular order. */
  articles: string[];
}

/** The budget of the network a request comes from, for this period (meter-network.ts). */
export interface NetworkBudget {
  networkHash: string;
  periodKey: string;
  periodEndsAt: Date;
  /** Fresh meters the network may start (policy `networkFreshMeters`). */
  freshMeters: number;
  /** Anonymous reads the network may have counted (policy `networkCountedReads`). */
  countedReads: number;
}

export type AnonymousCount =
  | { outcome: 'counted'; used: number }
  | { outcome: 'already'; used: number }
  | { outcome: 'quota' }
  /** The network has started all its fresh meters, or counted all its reads, this period. */
  | { outcome: 'network' }
  /** No such meter any more (carried over on sign-in, or forgotten): the reader starts afresh. */
  | { outcome: 'gone' };

class Refused extends Error {
  constructor(readonly outcome: 'quota' | 'network' | 'gone') {
    super(outcome);
  }
}

/** A meter still running at `now`, with every article it counted (one query). */
export async function findAnonymousMeter(db: Db, meterHash: string, now: Date): Promise<AnonymousMeterState | undefined> {
  const rows = await db
    .selectFrom('meter_anonymous as m')
    .leftJoin('meter_anonymous_reads as r', 'r.meter_hash', 'm.meter_hash')
    .select(['m.period_key', 'm.period_ends_at', 'm.used', 'r.article_key'])
    .where('m.meter_hash', '=', meterHash)
    .where('m.period_ends_at', '>', now)
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  return {
    periodKey: first.period_key,
    periodEndsAt: first.period_ends_at,
    used: first.used,
    articles: rows.flatMap((r) => (r.article_key === null ? [] : [r.article_key])),
  };
}

/** One more counted read (and, for a new meter, one more fresh meter) for the network; refuses past either budget. */
async function spendNetwork(tx: Transaction<Database>, n: NetworkBudget, freshMeter: boolean): Promise<void> {
  const fresh = freshMeter ? 1 : 0;
  const row = await tx
    .insertInto('meter_networks')
    .values({ period_key: n.periodKey, network_hash: n.networkHash, fresh_meters: fresh, counted_reads: 1, period_ends_at: n.periodEndsAt })
    .onConflict((oc) =>
      oc.columns(['period_key', 'network_hash']).doUpdateSet((eb) => ({
        fresh_meters: eb('meter_networks.fresh_meters', '+', fresh),
        counted_reads: eb('meter_networks.counted_reads', '+', 1),
      })),
    )
    .returning(['fresh_meters', 'counted_reads'])
    .executeTakeFirstOrThrow();
  if ((freshMeter && row.fresh_meters > n.freshMeters) || row.counted_reads > n.countedReads) throw new Refused('network');
}

async function refusable<T>(work: () => Promise<T>): Promise<T | { outcome: Refused['outcome'] }> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof Refused) return { outcome: e.outcome };
    throw e;
  }
}

/**
 * Starts a meter with its first counted article: the network's budget (fresh meters and counted
 * reads), the meter's row and the read, in one transaction. Refused past the network's budget,
 * leaving nothing behind.
 */
export function startAnonymousMeter(
  db: Db,
  p: {
    meterHash: string;
    periodKey: string;
    periodEndsAt: Date;
    articleKey: string;
    articleId: string;
    network: NetworkBudget | null;
    at: Date;
  },
): Promise<{ outcome: 'counted'; used: 1 } | { outcome: 'network' | 'quota' | 'gone' }> {
  return refusable(() =>
    db.transaction().execute(async (tx) => {
      if (p.network) await spendNetwork(tx, p.network, true);
      await tx
        .insertInto('meter_anonymous')
        .values({
          meter_hash: p.meterHash,
          period_key: p.periodKey,
          period_ends_at: p.periodEndsAt,
          used: 1,
          created_at: p.at,
          updated_at: p.at,
        })
        .execute();
      await tx
        .insertInto('meter_anonymous_reads')
        .values({ meter_hash: p.meterHash, article_key: p.articleKey, article_id: p.articleId, counted_at: p.at })
        .execute();
      return { outcome: 'counted' as const, used: 1 as const };
    }),
  );
}

/** Counts one more article on a running meter, atomically (see the file's comment). */
export function countAnonymousRead(
  db: Db,
  p: { meterHash: string; articleKey: string; articleId: string; allowance: number; network: NetworkBudget | null; at: Date },
): Promise<AnonymousCount> {
  return refusable(() =>
    db.transaction().execute(async (tx): Promise<AnonymousCount> => {
      const used = () => tx.selectFrom('meter_anonymous').select('used').where('meter_hash', '=', p.meterHash).executeTakeFirst();
      const inserted = await tx
        .insertInto('meter_anonymous_reads')
        .values({ meter_hash: p.meterHash, article_key: p.articleKey, article_id: p.articleId, counted_at: p.at })
        .onConflict((oc) => oc.columns(['meter_hash', 'article_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        const row = await used();
        return row ? { outcome: 'already', used: row.used } : { outcome: 'gone' };
      }
      const row = await tx
        .updateTable('meter_anonymous')
        .set((eb) => ({ used: eb('used', '+', 1), updated_at: p.at }))
        .where('meter_hash', '=', p.meterHash)
        .where('used', '<', p.allowance)
        .returning('used')
        .executeTakeFirst();
      // Over the allowance, or the meter went (carried over): undo the read with the rest.
      if (!row) throw new Refused((await used()) ? 'quota' : 'gone');
      if (p.network) await spendNetwork(tx, p.network, false);
      return { outcome: 'counted', used: row.used };
    }),
  );
}

/**
 * Deletes a meter and answers what it had counted (for carrying over to a reader's meter on
 * sign-in); undefined when there was none. Its cookie names nothing afterwards.
 */
export async function takeAnonymousMeter(
  db: Db,
  meterHash: string,
): Promise<{ periodKey: string; periodEndsAt: Date; reads: { articleKey: string; articleId: string; countedAt: Date }[] } | undefined> {
  return db.transaction().execute(async (tx) => {
    const meter = await tx
      .deleteFrom('meter_anonymous')
      .where('meter_hash', '=', meterHash)
      .returning(['period_key', 'period_ends_at'])
      .executeTakeFirst();
    const reads = await tx
      .deleteFrom('meter_anonymous_reads')
      .where('meter_hash', '=', meterHash)
      .returning(['article_key', 'article_id', 'counted_at'])
      .execute();
    if (!meter) return undefined;
    return {
      periodKey: meter.period_key,
      periodEndsAt: meter.period_ends_at,
      reads: reads.map((r) => ({ articleKey: r.article_key, articleId: r.article_id, countedAt: r.counted_at })),
    };
  });
}

/** Forgets anonymous meters whose period ended before `before` (the hourly clean-up). */
export async function deleteEndedAnonymousMeters(db: Db, before: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const ended = tx.selectFrom('meter_anonymous').select('meter_hash').where('period_ends_at', '<', before);
    await tx.deleteFrom('meter_anonymous_reads').where('meter_hash', 'in', ended).execute();
    await tx.deleteFrom('meter_anonymous').where('period_ends_at', '<', before).execute();
  });
}
