/**
 * The anonymous meter's state on the server: on both dialects, and under real concurrency on the
 * PostgreSQL server (several pools, as several app processes would be).
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, sqliteHandleOf } from '../db/connect.js';
import type { Db, DbHandle } from '../db/database.js';
import { DIALECTS, openServerPostgres, openTestDatabase } from '../db/test-databases.js';
import { must } from '../test-support/must.js';
import {
  countAnonymousRead,
  deleteEndedAnonymousMeters,
  findAnonymousMeter,
  type NetworkBudget,
  START_GROUP_PG,
  startAnonymousMeter,
  takeAnonymousMeter,
} from './anonymous-meter-repository.js';

const AT = new Date('2026-12-06T10:00:00Z');

const END = new Date('2027-01-01T00:00:00Z');
let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

const budget = (over: Partial<NetworkBudget> = {}): NetworkBudget => ({
  networkHash: unique('net'),
  periodKey: '2026-12',
  periodEndsAt: END,
  freshMeters: 1000,
  countedReads: 3000,
  ...over,
});

async function started(db: Db, network: NetworkBudget | null = null, first = 'art00000'): Promise<string> {
  const meterHash = unique('meter');
  const r = await startAnonymousMeter(db, {
    meterHash,
    periodKey: '2026-12',
    periodEndsAt: END,
    articleKey: first,
    articleId: `id-${first}`,
    network,
    at: AT,
  });
  expect(r).toEqual({ outcome: 'counted', used: 1 });
  return meterHash;
}

const count = (db: Db, meterHash: string, article: string, allowance = 3, network: NetworkBudget | null = null) =>
  countAnonymousRead(db, { meterHash, articleKey: article, articleId: `id-${article}`, allowance, network, at: AT });

describe.each(DIALECTS)('the anonymous meter repository on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('starts a meter with its first read, counts each article once, up to the allowance', async () => {
    const m = await started(h.db);
    expect(await count(h.db, m, 'art00000')).toEqual({ outcome: 'already', used: 1 });
    expect(await count(h.db, m, 'art00001')).toEqual({ outcome: 'counted', used: 2 });
    expect(await count(h.db, m, 'art00002')).toEqual({ outcome: 'counted', used: 3 });
    expect(await count(h.db, m, 'art00003')).toEqual({ outcome: 'quota' });
    expect(await count(h.db, m, 'art00001')).toEqual({ outcome: 'already', used: 3 });
    const state = await findAnonymousMeter(h.db, m, AT);
    expect(state).toMatchObject({ periodKey: '2026-12', periodEndsAt: END, used: 3 });
    // The refused read left nothing behind.
    expect(state?.articles.sort()).toEqual(['art00000', 'art00001', 'art00002']);
    expect(await findAnonymousMeter(h.db, m, END)).toBeUndefined();
    expect(await findAnonymousMeter(h.db, 'no-such-meter', AT)).toBeUndefined();
  });

  it('gives a meter that was taken away nothing more: its reads go with it', async () => {
    const m = await started(h.db);
    await count(h.db, m, 'art00001');
    const taken = await takeAnonymousMeter(h.db, m);
    expect(taken?.periodKey).toBe('2026-12');
    expect(taken?.reads.map((r) => r.articleId).sort()).toEqual(['id-art00000', 'id-art00001']);
    expect(await findAnonymousMeter(h.db, m, AT)).toBeUndefined();
    expect(await count(h.db, m, 'art00002')).toEqual({ outcome: 'gone' });
    expect(await count(h.db, m, 'art00000')).toEqual({ outcome: 'gone' });
    expect(await takeAnonymousMeter(h.db, m)).toBeUndefined();
    const orphans = await h.db.selectFrom('meter_anonymous_reads').select('article_key').where('meter_hash', '=', m).execute();
    expect(orphans).toEqual([]);
  });

  it('bounds the fresh meters a network starts and the reads it has counted, refusing with nothing left behind', async () => {
    const net = budget({ freshMeters: 2, countedReads: 5 });
    const a = await started(h.db, net);
    const b = await started(h.db, net, 'art00001');
    const refused = await startAnonymousMeter(h.db, {
      meterHash: unique('meter'),
      periodKey: '2026-12',
      periodEndsAt: END,
      articleKey: 'art00002',
      articleId: 'x',
      network: net,
      at: AT,
    });
    expect(refused).toEqual({ outcome: 'network' });
    // Two reads counted so far; three more, then the network's reads are spent for every meter.
    expect(await count(h.db, a, 'art00010', 3, net)).toEqual({ outcome: 'counted', used: 2 });
    expect(await count(h.db, a, 'art00011', 3, net)).toEqual({ outcome: 'counted', used: 3 });
    expect(await count(h.db, b, 'art00012', 3, net)).toEqual({ outcome: 'counted', used: 2 });
    expect(await count(h.db, b, 'art00013', 3, net)).toEqual({ outcome: 'network' });
    expect((await findAnonymousMeter(h.db, b, AT))?.used).toBe(2);
    // A re-read is no new read.
    expect(await count(h.db, b, 'art00012', 3, net)).toEqual({ outcome: 'already', used: 2 });
    // Another network (or none: an address that is not one) is not touched.
    expect(await count(h.db, b, 'art00013', 3, budget())).toEqual({ outcome: 'counted', used: 3 });
    const row = await h.db
      .selectFrom('meter_networks')
      .select(['fresh_meters', 'counted_reads'])
      .where('network_hash', '=', net.networkHash)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ fresh_meters: 2, counted_reads: 5 });
  });

  it('refuses a new meter once the network has counted all its reads, though fresh meters remain', async () => {
    const net = budget({ freshMeters: 10, countedReads: 2 });
    const a = await started(h.db, net);
    expect(await count(h.db, a, 'art00001', 3, net)).toEqual({ outcome: 'counted', used: 2 });
    const meterHash = unique('meter');
    const refused = await startAnonymousMeter(h.db, {
      meterHash,
      periodKey: '2026-12',
      periodEndsAt: END,
      articleKey: 'art00002',
      articleId: 'x',
      network: net,
      at: AT,
    });
    expect(refused).toEqual({ outcome: 'network' });
    // The refused start wrote nothing: no meter, no read, the network's counts unchanged.
    expect(await findAnonymousMeter(h.db, meterHash, AT)).toBeUndefined();
    const reads = await h.db.selectFrom('meter_anonymous_reads').select('article_key').where('meter_hash', '=', meterHash).execute();
    expect(reads).toEqual([]);
    const row = await h.db
      .selectFrom('meter_networks')
      .select(['fresh_meters', 'counted_reads'])
      .where('network_hash', '=', net.networkHash)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ fresh_meters: 1, counted_reads: 2 });
  });

  it('starts no more meters at once from one network than its budget allows', async () => {
    const net = budget({ freshMeters: 3, countedReads: 100 });
    const hashes = Array.from({ length: 10 }, () => unique('meter'));
    const outcomes = await Promise.all(
      hashes.map((meterHash) =>
        startAnonymousMeter(h.db, {
          meterHash,
          periodKey: '2026-12',
          periodEndsAt: END,
          articleKey: 'art00000',
          articleId: 'x',
          network: net,
          at: AT,
        }).then((r) => r.outcome),
      ),
    );
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(3);
    const meters = await h.db.selectFrom('meter_anonymous').select('meter_hash').where('meter_hash', 'in', hashes).execute();
    expect(meters).toHaveLength(3);
    const reads = await h.db.selectFrom('meter_anonymous_reads').select('meter_hash').where('meter_hash', 'in', hashes).execute();
    expect(reads.map((r) => r.meter_hash).sort()).toEqual(meters.map((m) => m.meter_hash).sort());
    const row = await h.db
      .selectFrom('meter_networks')
      .select(['fresh_meters', 'counted_reads'])
      .where('network_hash', '=', net.networkHash)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ fresh_meters: 3, counted_reads: 3 });
  });

  it('forgets ended meters and their reads', async () => {
    const old = unique('meter');
    await startAnonymousMeter(h.db, {
      meterHash: old,
      periodKey: '2026-11',
      periodEndsAt: new Date('2026-12-01T00:00:00Z'),
      articleKey: 'art00000',
      articleId: 'x',
      network: null,
      at: new Date('2026-11-20T00:00:00Z'),
    });
    const running = await started(h.db);
    await deleteEndedAnonymousMeters(h.db, AT);
    expect(await h.db.selectFrom('meter_anonymous').select('meter_hash').where('meter_hash', '=', old).execute()).toEqual([]);
    expect(await h.db.selectFrom('meter_anonymous_reads').select('meter_hash').where('meter_hash', '=', old).execute()).toEqual([]);
    expect(await findAnonymousMeter(h.db, running, AT)).toMatchObject({ used: 1 });
  });
});

describe('meter starts on SQLite, committed in groups', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await h.close();
  });

  const start = (meterHash: string, network: NetworkBudget | null) =>
    startAnonymousMeter(h.db, {
      meterHash,
      periodKey: '2026-12',
      periodEndsAt: END,
      articleKey: 'art00000',
      articleId: 'x',
      network,
      at: AT,
    });

  it('commits the starts of one event-loop turn together: one commit, each start its own outcome', async () => {
    const raw = must(sqliteHandleOf(h.db)).raw;
    // Each commit appends a commit frame to the WAL: count frames around 60 starts, alone and together.
    const frames = () => must(raw.pragma('wal_checkpoint(TRUNCATE)') as { log: number }[])[0];
    frames();
    for (let i = 0; i < 20; i++) await start(unique('meter'), budget());
    const aloneFrames = must(raw.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
    frames();
    const full = budget({ freshMeters: 5 });
    const hashes = Array.from({ length: 20 }, () => unique('meter'));
    const outcomes = await Promise.all(hashes.map((m, i) => start(m, i < 10 ? full : budget()).then((r) => r.outcome)));
    const togetherFrames = must(raw.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
    // Twenty starts one after the other write a commit each; the same twenty at once, a handful of pages.
    expect(togetherFrames).toBeLessThan(aloneFrames / 3);
    // The shared network refused its sixth start on, in order, writing nothing for them.
    expect(outcomes).toEqual([...Array(5).fill('counted'), ...Array(5).fill('network'), ...Array(10).fill('counted')]);
    const meters = await h.db.selectFrom('meter_anonymous').select('meter_hash').where('meter_hash', 'in', hashes).execute();
    expect(meters.map((m) => m.meter_hash).sort()).toEqual([...hashes.slice(0, 5), ...hashes.slice(10)].sort());
  });

  it('runs each start of a group alone when one of them fails, so only that one fails', async () => {
    const taken = await started(h.db);
    const fresh = [unique('meter'), unique('meter')];
    const results = await Promise.allSettled([start(fresh[0] as string, null), start(taken, null), start(fresh[1] as string, null)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const meters = await h.db.selectFrom('meter_anonymous').select('meter_hash').where('meter_hash', 'in', fresh).execute();
    expect(meters).toHaveLength(2);
  });
});

describe.each(DIALECTS)('meter starts of one event-loop turn, together, on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  const start = (meterHash: string, network: NetworkBudget | null, at = AT) =>
    startAnonymousMeter(h.db, { meterHash, periodKey: '2026-12', periodEndsAt: END, articleKey: 'art00000', articleId: 'x', network, at });

  it('gives each start its own outcome: a shared network to its budget, other networks and none all counted', async () => {
    const full = budget({ freshMeters: 4 });
    const other = budget({ freshMeters: 7, countedReads: 50 }); // other bounds: its own statement
    const hashes = Array.from({ length: 90 }, () => unique('meter'));
    const networkOf = (i: number) => (i < 10 ? full : i === 10 ? other : i < 20 ? null : budget());
    const outcomes = await Promise.all(hashes.map((m, i) => start(m, networkOf(i)).then((r) => r.outcome)));
    expect(outcomes.slice(0, 10).filter((o) => o === 'counted')).toHaveLength(4);
    expect(outcomes.slice(10)).toEqual(Array(80).fill('counted'));
    const meters = await h.db.selectFrom('meter_anonymous').select('meter_hash').where('meter_hash', 'in', hashes).execute();
    expect(meters).toHaveLength(84);
    const reads = await h.db
      .selectFrom('meter_anonymous_reads')
      .select(['meter_hash', 'counted_at'])
      .where('meter_hash', 'in', hashes)
      .execute();
    expect(reads.map((r) => r.meter_hash).sort()).toEqual(meters.map((m) => m.meter_hash).sort());
    expect(reads.every((r) => r.counted_at.getTime() === AT.getTime())).toBe(true);
    const row = await h.db
      .selectFrom('meter_networks')
      .select(['fresh_meters', 'counted_reads'])
      .where('network_hash', '=', full.networkHash)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ fresh_meters: 4, counted_reads: 4 });
    expect(await findAnonymousMeter(h.db, hashes[10] as string, AT)).toMatchObject({ used: 1, periodEndsAt: END });
    if (dialect === 'postgres') {
      // One statement per group of 64 (each its own transaction): the 70 starts on networks of their own share two xmins.
      const { rows } = await sql<{ n: number }>`select count(distinct xmin::text)::int as n from meter_anonymous
        where meter_hash in (${sql.join(hashes.slice(20))})`.execute(h.db);
      expect(rows[0]?.n).toBeLessThanOrEqual(2);
    }
  });

  it.runIf(dialect === 'postgres')('commits a group without waiting for the disk, in its own transaction only', async () => {
    const meterHash = unique('meter');
    const values = [[null], [null], [null], [meterHash], ['2026-12'], [END.toISOString()], [AT.toISOString()], ['art00000'], ['x'], 1, 1];
    const inside = await h.db.transaction().execute(async (tx) => {
      const { rows } = await tx.executeQuery<{ meter_hash: string }>(CompiledQuery.raw(START_GROUP_PG, values));
      expect(rows.map((r) => r.meter_hash)).toEqual([meterHash]);
      return (await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(tx)).rows[0]?.s;
    });
    expect(inside).toBe('off');
    // Any later transaction, on whichever connection, commits as the server is configured.
    const after = await h.db
      .transaction()
      .execute(async (tx) => (await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(tx)).rows[0]?.s);
    expect(after).toBe('on');
    expect(await findAnonymousMeter(h.db, meterHash, AT)).toMatchObject({ used: 1 });
  });

  it('runs each start alone when the group fails, so only the start that cannot be made fails', async () => {
    const taken = await started(h.db);
    const fresh = [unique('meter'), unique('meter')];
    const results = await Promise.allSettled([start(fresh[0] as string, budget()), start(taken, null), start(fresh[1] as string, null)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const meters = await h.db.selectFrom('meter_anonymous').select('meter_hash').where('meter_hash', 'in', fresh).execute();
    expect(meters).toHaveLength(2);
  });
});

describe('the anonymous meter under concurrency on the PostgreSQL server', () => {
  let h: DbHandle & { databaseUrl: string };
  let pools: DbHandle[];
  beforeAll(async () => {
    h = await openServerPostgres();
    pools = [0, 1, 2, 3].map(() => openPostgres(h.databaseUrl, 4));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await h.close();
  });

  it('gives one cookie on many requests at once on its last free read exactly one more article', async () => {
    const m = await started(h.db);
    expect(await count(h.db, m, 'art00001')).toEqual({ outcome: 'counted', used: 2 });
    const outcomes = await Promise.all(
      pools.flatMap((p, pi) =>
        Array.from({ length: 10 }, (_, i) => count(p.db, m, `art${String(10 + ((pi * 3 + i) % 12)).padStart(5, '0')}`)),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'counted')).toEqual([{ outcome: 'counted', used: 3 }]);
    expect(outcomes.every((o) => o.outcome === 'counted' || o.outcome === 'quota' || o.outcome === 'already')).toBe(true);
    const state = await findAnonymousMeter(h.db, m, AT);
    expect(state?.used).toBe(3);
    expect(state?.articles).toHaveLength(3);
  });

  it('never counts one article twice nor loses a count', async () => {
    const m = await started(h.db);
    // 40 requests for 7 articles at once, allowance 8: all 7 counted, once each, 1..8 used.
    const outcomes = await Promise.all(
      pools.flatMap((p, pi) =>
        Array.from({ length: 10 }, (_, i) => count(p.db, m, `art${String(1 + ((pi + i) % 7)).padStart(5, '0')}`, 8)),
      ),
    );
    const counted = outcomes.flatMap((o) => (o.outcome === 'counted' ? [o.used] : []));
    expect(counted.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(outcomes.filter((o) => o.outcome === 'already')).toHaveLength(33);
    const state = await findAnonymousMeter(h.db, m, AT);
    expect(state?.used).toBe(8);
    expect(new Set(state?.articles).size).toBe(8);
  });

  it('holds a network to its budgets across processes', async () => {
    const net = budget({ freshMeters: 5, countedReads: 12 });
    const hashes = Array.from({ length: 16 }, () => unique('meter'));
    const starts = await Promise.all(
      hashes.map((meterHash, i) =>
        startAnonymousMeter((pools[i % 4] as DbHandle).db, {
          meterHash,
          periodKey: '2026-12',
          periodEndsAt: END,
          articleKey: 'art00000',
          articleId: 'x',
          network: net,
          at: AT,
        }).then((r) => r.outcome),
      ),
    );
    const mine = hashes.filter((_, i) => starts[i] === 'counted');
    expect(mine).toHaveLength(5);
    // 5 reads counted; 7 more may be, among 5 meters × 4 articles asked at once.
    const outcomes = await Promise.all(
      mine.flatMap((m, mi) =>
        [1, 2, 3, 4].map((a) => count((pools[(mi + a) % 4] as DbHandle).db, m, `art${String(a).padStart(5, '0')}`, 8, net)),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'counted')).toHaveLength(7);
    const row = await h.db
      .selectFrom('meter_networks')
      .select(['fresh_meters', 'counted_reads'])
      .where('network_hash', '=', net.networkHash)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ fresh_meters: 5, counted_reads: 12 });
  });
});
