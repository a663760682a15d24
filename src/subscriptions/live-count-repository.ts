/**
 * All SQL of the live subscriptions' counts (tables `subscription_live_counts`, `subscriber_live`,
 * `subscriber_live_counts`, and the columns `live_until_at`, `live_kind`, `live_plan_id` of
 * `subscriptions`): see live-count.ts for the design.
 *
 * `syncLiveCount` runs in the transaction of every write to a subscription or its refunds
 * (subscription-repository.ts, refund-repository.ts). It compares the key the row is counted under
 * (stored on the row) with the key its state gives now and, when they differ, moves one count from
 * the first to the second; it does the same for the reader (the latest end over their
 * subscriptions, for "readers with access"). Because it moves a count from what was counted to
 * what is true, under the row's lock (the caller's update, or `for update` on PostgreSQL;
 * SQLite writes one transaction at a time), it stays exact whatever order concurrent writers
 * commit in; writes that end on the same day on the same plan take turns on that day's count row.
 * The two rows of a move are locked in one order (`inLockOrder`), so opposite moves cannot
 * deadlock. `recountLive` rebuilds everything from the rows (the migration's backfill, the bench's
 * seed, the tests' reference).
 */
import { PostgresAdapter, type Selectable, sql } from 'kysely';
import type { Db, SubscriptionTable } from '../db/database.js';
import { type LiveKey, type LiveKind, liveKeyOf, nextUtcDay, sameLiveKey, untilDay } from './live-count.js';
import { countsAsRefunded, refundStatusOf } from './refund.js';

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;
/** The count tables' stand-ins for an unknown agreed currency or price (a key column cannot be null on PostgreSQL). */
const NO_CURRENCY = '';
const NO_PRICE = -1;

/** Runs `f` in the caller's transaction, or in one of its own. */
export function inTransaction<T>(db: Db, f: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? f(db) : db.transaction().execute(f);
}

const isLiveKind = (k: string | null): k is LiveKind => k === 'trial' || k === 'comp' || k === 'paying' || k === 'refunded';

/** The columns of a subscription that decide its key, and the key it is counted under (stored on the row). */
const KEY_COLUMNS = [
  'plan_id',
  'status',
  'provider',
  'current_period_end_at',
  'cancel_at_period_end',
  'trial_end_at',
  'grace_until_at',
  'live_until_at',
  'live_kind',
  'live_plan_id',
] as const;
type KeyRow = Pick<Selectable<SubscriptionTable>, (typeof KEY_COLUMNS)[number]>;

/** The key the row is counted under (`counted`) and the key its state gives now (`fresh`). */
function keysOf(row: KeyRow, refundedToPeriodEnd: boolean): { counted: LiveKey | null; fresh: LiveKey | null } {
  return {
    counted:
      row.live_until_at && row.live_plan_id && isLiveKind(row.live_kind)
        ? { until: row.live_until_at, planId: row.live_plan_id, kind: row.live_kind }
        : null,
    fresh: liveKeyOf({
      planId: row.plan_id,
      status: row.status,
      provider: row.provider,
      currentPeriodEnd: row.current_period_end_at,
      cancelAtPeriodEnd: Boolean(row.cancel_at_period_end),
      trialEnd: row.trial_end_at,
      graceUntil: row.grace_until_at,
      refundedToPeriodEnd,
    }),
  };
}

/** Of these subscriptions, the ones with a refund (not failed) made with access left to the period's end. */
async function refundedToPeriodEnd(tx: Db, subscriptionIds: readonly string[]): Promise<Set<string>> {
  const refunds = await tx
    .selectFrom('subscription_refunds')
    .select(['subscription_id', 'status'])
    .where('subscription_id', 'in', subscriptionIds)
    .where('access', '=', 'period-end')
    .execute();
  return new Set(refunds.filter((r) => countsAsRefunded(refundStatusOf(r.status))).map((r) => r.subscription_id));
}

/** Stores on the row the key it is now counted under (null: none). */
async function storeKey(tx: Db, subscriptionId: string, key: LiveKey | null): Promise<void> {
  await tx
    .updateTable('subscriptions')
    .set({ live_until_at: key?.until ?? null, live_kind: key?.kind ?? null, live_plan_id: key?.planId ?? null })
    .where('id', '=', subscriptionId)
    .execute();
}

async function addCount(tx: Db, key: LiveKey, agreed: { currency: string | null; priceCents: number | null }, delta: number) {
  await tx
    .insertInto('subscription_live_counts')
    .values({
      until_day: untilDay(key.until),
      plan_id: key.planId,
      kind: key.kind,
      currency: agreed.currency ?? NO_CURRENCY,
      price_cents: agreed.priceCents ?? NO_PRICE,
      n: delta,
    })
    .onConflict((oc) =>
      oc
        .columns(['until_day', 'plan_id', 'kind', 'currency', 'price_cents'])
        .doUpdateSet({ n: sql<number>`${sql.ref('subscription_live_counts.n')} + ${delta}` }),
    )
    .execute();
}

async function addReaderCount(tx: Db, until: Date, delta: number) {
  await tx
    .insertInto('subscriber_live_counts')
    .values({ until_day: untilDay(until), n: delta })
    .onConflict((oc) => oc.column('until_day').doUpdateSet({ n: sql<number>`${sql.ref('subscriber_live_counts.n')} + ${delta}` }))
    .execute();
}

/**
 * A move of one count from one key to another, its two rows in one order whatever the direction:
 * two writers moving counts between the same two days in opposite directions (a reader cancels
 * at the period's end while another resumes, on one plan and period end) would otherwise each
 * lock one row and wait for the other's, a deadlock PostgreSQL breaks by failing one of the two
 * writes (live-count-concurrency.test.ts made it happen).
 */
function inLockOrder<K>(moves: { key: K; delta: number }[], order: (key: K) => string): { key: K; delta: number }[] {
  return moves.sort((a, b) => (order(a.key) < order(b.key) ? -1 : order(a.key) > order(b.key) ? 1 : 0));
}

/** Brings the counts of one subscription, and of its reader, up to date with its row. Call it in the write's transaction. */
export async function syncLiveCount(db: Db, subscriptionId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    let q = tx
      .selectFrom('subscriptions')
      .select([...KEY_COLUMNS, 'reader_id', 'currency', 'price_cents'])
      .where('id', '=', subscriptionId);
    if (isPostgres(tx)) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) return;
    const { counted, fresh } = keysOf(row, (await refundedToPeriodEnd(tx, [subscriptionId])).has(subscriptionId));
    if (!sameLiveKey(counted, fresh)) {
      const agreed = { currency: row.currency, priceCents: row.price_cents === null ? null : Number(row.price_cents) };
      const moves = [...(counted ? [{ key: counted, delta: -1 }] : []), ...(fresh ? [{ key: fresh, delta: 1 }] : [])];
      for (const m of inLockOrder(moves, (k) => `${untilDay(k.until)}|${k.planId}|${k.kind}`)) await addCount(tx, m.key, agreed, m.delta);
      await storeKey(tx, subscriptionId, fresh);
    }
    await syncReader(tx, row.reader_id);
  });
}

/**
 * The reader's latest end of access over their subscriptions, counted once per reader. The
 * reader's row in `subscriber_live` is locked first (PostgreSQL), so two writes to two of their
 * subscriptions take turns and the second reads the first's committed end.
 */
async function syncReader(tx: Db, readerId: string): Promise<void> {
  await tx
    .insertInto('subscriber_live')
    .values({ reader_id: readerId, live_until_at: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  let q = tx.selectFrom('subscriber_live').select('live_until_at').where('reader_id', '=', readerId);
  if (isPostgres(tx)) q = q.forUpdate();
  const had = (await q.executeTakeFirst())?.live_until_at ?? null;
  const latest = await tx
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.max('live_until_at').as('latest_at'))
    .where('reader_id', '=', readerId)
    .executeTakeFirst();
  const now = latest?.latest_at ? new Date(latest.latest_at) : null;
  if ((had?.getTime() ?? null) === (now?.getTime() ?? null)) return;
  const moves = [...(had ? [{ key: had, delta: -1 }] : []), ...(now ? [{ key: now, delta: 1 }] : [])];
  for (const m of inLockOrder(moves, untilDay)) await addReaderCount(tx, m.key, m.delta);
  await tx.updateTable('subscriber_live').set({ live_until_at: now }).where('reader_id', '=', readerId).execute();
}

interface CountRow {
  plan_id: string | null;
  kind: string | null;
  currency: string | null;
  price_cents: number | string | null;
  n: number | string;
}

/** Live subscriptions at `now` per plan, kind and agreed price (null: the plan's): the counts of later days plus today's rows. */
export async function liveCountsAt(
  db: Db,
  now: Date,
): Promise<{ planId: string; kind: LiveKind; currency: string | null; priceCents: number | null; n: number }[]> {
  const today = untilDay(now);
  // One statement, so PostgreSQL reads both parts from one snapshot.
  const rows = await db
    .selectFrom('subscription_live_counts')
    .select(['plan_id', 'kind', 'currency', 'price_cents', (eb) => eb.fn.sum<number | string>('n').as('n')])
    .where('until_day', '>', today)
    .groupBy(['plan_id', 'kind', 'currency', 'price_cents'])
    .$castTo<CountRow>()
    .unionAll(
      db
        .selectFrom('subscriptions')
        .select([
          'live_plan_id as plan_id',
          'live_kind as kind',
          (eb) => eb.fn.coalesce('currency', sql.lit(NO_CURRENCY)).as('currency'),
          (eb) => eb.fn.coalesce('price_cents', sql.lit(NO_PRICE)).as('price_cents'),
          (eb) => eb.fn.countAll<number | string>().as('n'),
        ])
        .where('live_until_at', '>', now)
        .where('live_until_at', '<', nextUtcDay(now))
        .groupBy(['live_plan_id', 'live_kind', 'currency', 'price_cents'])
        .$castTo<CountRow>(),
    )
    .execute();
  const out = new Map<string, { planId: string; kind: LiveKind; currency: string | null; priceCents: number | null; n: number }>();
  for (const r of rows) {
    const n = Number(r.n);
    if (!r.plan_id || !isLiveKind(r.kind) || n === 0) continue;
    const currency = r.currency === NO_CURRENCY || r.currency === null ? null : r.currency;
    const price = Number(r.price_cents);
    const priceCents = price === NO_PRICE ? null : price;
    const k = JSON.stringify([r.plan_id, r.kind, currency, priceCents]);
    const had = out.get(k);
    if (had) had.n += n;
    else out.set(k, { planId: r.plan_id, kind: r.kind, currency, priceCents, n });
  }
  return [...out.values()].filter((r) => r.n !== 0);
}

/** Readers with a subscription giving access at `now`. */
export async function liveReadersAt(db: Db, now: Date): Promise<number> {
  const rows = await db
    .selectFrom('subscriber_live_counts')
    .select((eb) => eb.fn.sum<number | string>('n').as('n'))
    .where('until_day', '>', untilDay(now))
    .unionAll(
      db
        .selectFrom('subscriber_live')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('live_until_at', '>', now)
        .where('live_until_at', '<', nextUtcDay(now)),
    )
    .execute();
  return rows.reduce((sum, r) => sum + Number(r.n ?? 0), 0);
}

/**
 * Rebuilds every count from the rows: each subscription's stored key recomputed where it differs
 * (pages of 1,000 by id), then the three count tables summed afresh in SQL. For the migration's
 * backfill and the bench's seed (rows written without the repository), and the tests' full
 * recount. One transaction.
 */
export async function recountLive(db: Db): Promise<void> {
  await inTransaction(db, async (tx) => {
    let after = '';
    for (;;) {
      const rows = await tx
        .selectFrom('subscriptions')
        .select(['id', ...KEY_COLUMNS])
        .where('id', '>', after)
        .orderBy('id')
        .limit(1_000)
        .execute();
      const last = rows[rows.length - 1];
      if (!last) break;
      after = last.id;
      const refunded = await refundedToPeriodEnd(
        tx,
        rows.map((r) => r.id),
      );
      for (const row of rows) {
        const { counted, fresh } = keysOf(row, refunded.has(row.id));
        if (!sameLiveKey(counted, fresh)) await storeKey(tx, row.id, fresh);
      }
    }
    const day = (col: string) =>
      isPostgres(tx) ? sql`to_char(${sql.ref(col)} at time zone 'UTC', 'YYYY-MM-DD')` : sql`substr(${sql.ref(col)}, 1, 10)`;
    await tx.deleteFrom('subscription_live_counts').execute();
    await tx.deleteFrom('subscriber_live_counts').execute();
    await tx.deleteFrom('subscriber_live').execute();
    await sql`insert into subscription_live_counts (until_day, plan_id, kind, currency, price_cents, n)
      select ${day('live_until_at')}, live_plan_id, live_kind, coalesce(currency, ${sql.lit(NO_CURRENCY)}), coalesce(price_cents, ${sql.lit(NO_PRICE)}), count(*)
      from subscriptions where live_until_at is not null
      group by 1, 2, 3, 4, 5`.execute(tx);
    await sql`insert into subscriber_live (reader_id, live_until_at)
      select reader_id, max(live_until_at) from subscriptions where live_until_at is not null group by reader_id`.execute(tx);
    await sql`insert into subscriber_live_counts (until_day, n)
      select ${day('live_until_at')}, count(*) from subscriber_live group by 1`.execute(tx);
  });
}
