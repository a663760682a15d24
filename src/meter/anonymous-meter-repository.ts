/**
 * All SQL of the anonymous meter: one row per meter under the keyed hash of its
 * cookie's id, the articles it counted, and the network's budget, counted in the same
 * transaction as each read. Every count is atomic on both dialects, as a registered reader's is
 * (meter-repository.ts `countRead`): the read's primary key stops a second count of one article,
 * the guarded update (used < allowance) stops concurrent reads of other articles from passing the
 * allowance, and a refused count rolls back whole. On PostgreSQL the update takes the row lock and
 * a waiting transaction re-checks the guard on the committed row (READ COMMITTED).
 */
import { CompiledQuery, type Transaction } from 'kysely';
import { onSqliteConnection, preparedPostgres, type SqliteHandle, sqliteHandleOf } from '../db/connect.js';
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

/** What starting a meter answers: counted, or refused past the network's budget (nothing written). */
export type AnonymousStart = { outcome: 'counted'; used: 1 } | { outcome: 'network' };

export interface AnonymousStartParams {
  meterHash: string;
  periodKey: string;
  periodEndsAt: Date;
  articleKey: string;
  articleId: string;
  network: NetworkBudget | null;
  at: Date;
}

// Starting a meter is the write of every first visit, so it is prepared SQL rather than a query
// built per call. The network's budget is one guarded upsert: the row is taken (or made) and
// raised only while both counts are under the policy's bounds, so concurrent starts from one
// network never pass them (SQLite: one writer at a time; PostgreSQL: ON CONFLICT DO UPDATE locks
// the row and evaluates the guard on the latest committed version). Nothing is written when the
// guard refuses. A new network row starts at 1 and 1, within any policy (both bounds are >= 1).
const SPEND_NETWORK_FOR_START = `insert into meter_networks (period_key, network_hash, fresh_meters, counted_reads, period_ends_at)
values (?, ?, 1, 1, ?)
on conflict (period_key, network_hash) do update
set fresh_meters = meter_networks.fresh_meters + 1, counted_reads = meter_networks.counted_reads + 1
where meter_networks.fresh_meters < ? and meter_networks.counted_reads < ?
returning fresh_meters`;
const INSERT_METER = `insert into meter_anonymous (meter_hash, period_key, period_ends_at, used, created_at, updated_at)
values (?, ?, ?, 1, ?, ?)`;
const INSERT_FIRST_READ = `insert into meter_anonymous_reads (meter_hash, article_key, article_id, counted_at)
values (?, ?, ?, ?)`;

// PostgreSQL: the same three writes as one statement (one round trip, atomic without a
// transaction block): the meter's row is inserted only from the budget's returned row, the read
// only from the meter's.
const START_ON_NETWORK_PG = `with net as (
  insert into meter_networks (period_key, network_hash, fresh_meters, counted_reads, period_ends_at)
  values ($1, $2, 1, 1, $3::timestamptz)
  on conflict (period_key, network_hash) do update
  set fresh_meters = meter_networks.fresh_meters + 1, counted_reads = meter_networks.counted_reads + 1
  where meter_networks.fresh_meters < $4::integer and meter_networks.counted_reads < $5::integer
  returning 1
), meter as (
  insert into meter_anonymous (meter_hash, period_key, period_ends_at, used, created_at, updated_at)
  select $6::text, $7::text, $8::timestamptz, 1, $9::timestamptz, $9::timestamptz from net
  returning meter_hash
)
insert into meter_anonymous_reads (meter_hash, article_key, article_id, counted_at)
select meter_hash, $10::text, $11::text, $9::timestamptz from meter
returning 1 as counted`;
const START_PG = `with meter as (
  insert into meter_anonymous (meter_hash, period_key, period_ends_at, used, created_at, updated_at)
  values ($1::text, $2::text, $3::timestamptz, 1, $4::timestamptz, $4::timestamptz)
  returning meter_hash
)
insert into meter_anonymous_reads (meter_hash, article_key, article_id, counted_at)
select meter_hash, $5::text, $6::text, $4::timestamptz from meter
returning 1 as counted`;

/**
 * Starts on SQLite are committed in groups: the starts asked for during one turn of the event
 * loop run in one better-sqlite3 transaction, at most `GROUP_MAX` to a transaction (so one commit
 * holds the event loop for milliseconds: 256 made commits of ~80 ms on the loaded machine, 64
 * of ~17 ms), each as before (its network's
 * guard, then its meter and its read, or nothing when refused), so the pages they share are
 * written to the WAL once and there is one BEGIN and one COMMIT for the group. Each start keeps
 * its own outcome; a reader's answer (and cookie) waits for its group's commit. Should one start
 * throw, the group rolls back whole and each start runs again alone, so only that one fails.
 */
const GROUP_MAX = 64;

interface PendingStart {
  params: AnonymousStartParams;
  resolve(start: AnonymousStart): void;
  reject(err: unknown): void;
}

function sqliteStarter(db: Db, sqlite: SqliteHandle): (p: AnonymousStartParams) => Promise<AnonymousStart> {
  const spend = sqlite.prepare(SPEND_NETWORK_FOR_START);
  const meter = sqlite.prepare(INSERT_METER);
  const read = sqlite.prepare(INSERT_FIRST_READ);
  const one = (p: AnonymousStartParams): AnonymousStart => {
    const n = p.network;
    if (n && spend.get(n.periodKey, n.networkHash, n.periodEndsAt.toISOString(), n.freshMeters, n.countedReads) === undefined) {
      return { outcome: 'network' };
    }
    const at = p.at.toISOString();
    meter.run(p.meterHash, p.periodKey, p.periodEndsAt.toISOString(), at, at);
    read.run(p.meterHash, p.articleKey, p.articleId, at);
    return { outcome: 'counted', used: 1 };
  };
  const alone = sqlite.raw.transaction(one);
  const together = sqlite.raw.transaction((group: readonly AnonymousStartParams[]) => group.map(one));
  let queue: PendingStart[] = [];
  let scheduled = false;

  async function commit(group: PendingStart[]): Promise<void> {
    try {
      const outcomes = await onSqliteConnection(db, () => together(group.map((g) => g.params)));
      group.forEach((g, i) => {
        const outcome = outcomes[i];
        if (outcome) g.resolve(outcome);
        else g.reject(new Error('no outcome for a meter start'));
      });
    } catch {
      for (const g of group) {
        try {
          g.resolve(await onSqliteConnection(db, () => alone(g.params)));
        } catch (err) {
          g.reject(err);
        }
      }
    }
  }

  function flush(): void {
    scheduled = false;
    const all = queue;
    queue = [];
    for (let i = 0; i < all.length; i += GROUP_MAX) void commit(all.slice(i, i + GROUP_MAX));
  }

  return (params) =>
    new Promise<AnonymousStart>((resolve, reject) => {
      queue.push({ params, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

const sqliteStarters = new WeakMap<SqliteHandle, (p: AnonymousStartParams) => Promise<AnonymousStart>>();

function startOnSqlite(db: Db, sqlite: SqliteHandle, p: AnonymousStartParams): Promise<AnonymousStart> {
  let start = sqliteStarters.get(sqlite);
  if (start === undefined) {
    start = sqliteStarter(db, sqlite);
    sqliteStarters.set(sqlite, start);
  }
  return start(p);
}

// PostgreSQL, many starts at once: the starts asked for during one turn of the event loop go to
// the server as one statement (arrays unnested into rows), each row as above: its network's
// guarded upsert, then its meter only from a network row the upsert returned (or with no
// network), then its read only from its meter. One round trip and one parse instead of one per
// start: the node process's CPU per first visit was ~3× SQLite's with a statement each.
// The statement is prepared once per connection (named: its text never changes, whatever the
// group's size) and commits without waiting for its WAL to reach the disk (`synchronous_commit`
// off for this transaction only, set inside the statement as `set local` would): the durability
// SQLite gives every commit here (`synchronous = NORMAL` in WAL mode, src/db/connect.ts). A crash
// of the PostgreSQL server may forget the newest fraction of a second of new meters: those readers'
// cookies then start a meter again, a count of at most one read lost; money and accounts never
// take this path.
const START_GROUP_PG_NAME = 'masthead_meter_start_group_v1';
export const START_GROUP_PG = `with input as (
  select t.* from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::timestamptz[],
    $7::timestamptz[], $8::text[], $9::text[])
    as t(net_period, net_hash, net_ends, meter_hash, period_key, period_ends, at, article_key, article_id),
    (select set_config('synchronous_commit', 'off', true)) as local_setting
), net as (
  insert into meter_networks (period_key, network_hash, fresh_meters, counted_reads, period_ends_at)
  select net_period, net_hash, 1, 1, net_ends from input where net_hash is not null
  on conflict (period_key, network_hash) do update
  set fresh_meters = meter_networks.fresh_meters + 1, counted_reads = meter_networks.counted_reads + 1
  where meter_networks.fresh_meters < $10::integer and meter_networks.counted_reads < $11::integer
  returning period_key, network_hash
), meter as (
  insert into meter_anonymous (meter_hash, period_key, period_ends_at, used, created_at, updated_at)
  select i.meter_hash, i.period_key, i.period_ends, 1, i.at, i.at from input i
  where i.net_hash is null or exists (select 1 from net n where n.period_key = i.net_period and n.network_hash = i.net_hash)
  returning meter_hash
)
insert into meter_anonymous_reads (meter_hash, article_key, article_id, counted_at)
select i.meter_hash, i.article_key, i.article_id, i.at from input i join meter m on m.meter_hash = i.meter_hash
returning meter_hash`;

/**
 * PostgreSQL's starts of one event-loop turn in statements of at most `GROUP_MAX`. One statement
 * may not upsert one network row twice, and the network's bounds are the statement's: a start
 * whose network is already in the statement, or whose bounds differ (a policy change within the
 * turn), waits for the next statement. Should a statement fail, each of its starts runs alone.
 */
function postgresStarter(db: Db): (p: AnonymousStartParams) => Promise<AnonymousStart> {
  const prepared = preparedPostgres(db);
  let queue: PendingStart[] = [];
  let scheduled = false;

  async function commit(group: PendingStart[], bounds: { fresh: number; reads: number }): Promise<void> {
    const col = <T>(f: (p: AnonymousStartParams) => T) => group.map((g) => f(g.params));
    const iso = (d: Date | undefined) => (d === undefined ? null : d.toISOString());
    try {
      const values = [
        col((p) => p.network?.periodKey ?? null),
        col((p) => p.network?.networkHash ?? null),
        col((p) => iso(p.network?.periodEndsAt)),
        col((p) => p.meterHash),
        col((p) => p.periodKey),
        col((p) => p.periodEndsAt.toISOString()),
        col((p) => p.at.toISOString()),
        col((p) => p.articleKey),
        col((p) => p.articleId),
        bounds.fresh,
        bounds.reads,
      ];
      const { rows } = (await (prepared
        ? prepared(START_GROUP_PG_NAME, START_GROUP_PG, values)
        : db.executeQuery(CompiledQuery.raw(START_GROUP_PG, values)))) as { rows: { meter_hash: string }[] };
      const counted = new Set(rows.map((r) => r.meter_hash));
      for (const g of group) g.resolve(counted.has(g.params.meterHash) ? { outcome: 'counted', used: 1 } : { outcome: 'network' });
    } catch {
      for (const g of group) startOnPostgres(db, g.params).then(g.resolve, g.reject);
    }
  }

  function flush(): void {
    scheduled = false;
    let rest = queue;
    queue = [];
    while (rest.length > 0) {
      const group: PendingStart[] = [];
      const later: PendingStart[] = [];
      const networks = new Set<string>();
      const first = rest[0]?.params.network;
      const bounds = { fresh: first?.freshMeters ?? 1, reads: first?.countedReads ?? 1 };
      for (const g of rest) {
        const n = g.params.network;
        const key = n ? `${n.periodKey}\u0000${n.networkHash}` : undefined;
        const fits =
          group.length < GROUP_MAX &&
          (n === null || (!networks.has(key as string) && n.freshMeters === bounds.fresh && n.countedReads === bounds.reads));
        if (!fits) {
          later.push(g);
          continue;
        }
        if (key !== undefined) networks.add(key);
        group.push(g);
      }
      void commit(group, bounds);
      rest = later;
    }
  }

  return (params) =>
    new Promise<AnonymousStart>((resolve, reject) => {
      queue.push({ params, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

const postgresStarters = new WeakMap<Db, (p: AnonymousStartParams) => Promise<AnonymousStart>>();

function startGroupedOnPostgres(db: Db, p: AnonymousStartParams): Promise<AnonymousStart> {
  let start = postgresStarters.get(db);
  if (start === undefined) {
    start = postgresStarter(db);
    postgresStarters.set(db, start);
  }
  return start(p);
}

async function startOnPostgres(db: Db, p: AnonymousStartParams): Promise<AnonymousStart> {
  const { network: n } = p;
  const query = n
    ? CompiledQuery.raw(START_ON_NETWORK_PG, [
        n.periodKey,
        n.networkHash,
        n.periodEndsAt,
        n.freshMeters,
        n.countedReads,
        p.meterHash,
        p.periodKey,
        p.periodEndsAt,
        p.at,
        p.articleKey,
        p.articleId,
      ])
    : CompiledQuery.raw(START_PG, [p.meterHash, p.periodKey, p.periodEndsAt, p.at, p.articleKey, p.articleId]);
  const { rows } = await db.executeQuery(query);
  return rows.length === 1 ? { outcome: 'counted', used: 1 } : { outcome: 'network' };
}

/**
 * Starts a meter with its first counted article: the network's budget (fresh meters and counted
 * reads), the meter's row and the read, atomically (in one transaction with the other starts of
 * the same event-loop turn on SQLite; in one statement with them on PostgreSQL). Refused past the
 * network's budget, leaving nothing behind.
 */
export function startAnonymousMeter(db: Db, p: AnonymousStartParams): Promise<AnonymousStart> {
  const sqlite = sqliteHandleOf(db);
  return sqlite ? startOnSqlite(db, sqlite, p) : startGroupedOnPostgres(db, p);
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
