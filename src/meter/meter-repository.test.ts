/**
 * Counting registered readers' articles and fresh anonymous meters: on both dialects, and under
 * real concurrency on the PostgreSQL server (several pools, as several app processes would be).
 */

import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { openPostgres } from '../db/connect.js';
import type { Db, DbHandle } from '../db/database.js';
import { DIALECTS, openServerPostgres, openTestDatabase } from '../db/test-databases.js';
import { startAnonymousMeter } from './anonymous-meter-repository.js';
import { countRead, deleteEndedMeters, deleteReaderMeter, findUsage, listReaderMeter } from './meter-repository.js';

const AT = new Date('2026-12-06T10:00:00Z');
const END = new Date('2027-01-01T00:00:00Z');

async function newReader(db: Db): Promise<string> {
  const id = uuidv7();
  await insertReader(db, { id, email: `${id}@example.com`, passwordHash: null, at: AT });
  return id;
}

const read = (readerId: string, articleKey: string, allowance = 8) => ({
  readerId,
  periodKey: '2026-12',
  periodEndsAt: END,
  articleKey,
  allowance,
  at: AT,
});

describe.each(DIALECTS)('the meter repository on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('counts each article once, up to the allowance', async () => {
    const r = await newReader(h.db);
    expect(await countRead(h.db, read(r, 'aaaaaaaa', 2))).toEqual({ outcome: 'counted', used: 1 });
    expect(await countRead(h.db, read(r, 'aaaaaaaa', 2))).toEqual({ outcome: 'already' });
    expect(await countRead(h.db, read(r, 'bbbbbbbb', 2))).toEqual({ outcome: 'counted', used: 2 });
    expect(await countRead(h.db, read(r, 'cccccccc', 2))).toEqual({ outcome: 'quota' });
    // The refused read left nothing behind.
    expect(await findUsage(h.db, { readerId: r, articleKey: 'cccccccc', now: AT, periodKey: '2026-12' })).toMatchObject({
      used: 2,
      alreadyCounted: false,
    });
    expect(await findUsage(h.db, { readerId: r, articleKey: 'aaaaaaaa', now: AT, periodKey: '2026-12' })).toMatchObject({
      used: 2,
      alreadyCounted: true,
    });
    expect(await findUsage(h.db, { readerId: r, articleKey: 'aaaaaaaa', now: AT, periodKey: '2026-11' })).toBeUndefined();
  });

  it('lists a reader’s meter for their data, and deletes it when the account closes', async () => {
    const r = await newReader(h.db);
    const other = await newReader(h.db);
    await countRead(h.db, { ...read(r, 'aaaaaaaa'), articleId: 'article-a' });
    await countRead(h.db, { ...read(r, 'bbbbbbbb'), at: new Date(AT.getTime() + 1000) });
    await countRead(h.db, read(other, 'aaaaaaaa'));
    expect(await listReaderMeter(h.db, r)).toEqual([
      {
        periodKey: '2026-12',
        periodEndsAt: END,
        used: 2,
        reads: [
          { articleKey: 'aaaaaaaa', articleId: 'article-a', countedAt: AT },
          { articleKey: 'bbbbbbbb', articleId: null, countedAt: new Date(AT.getTime() + 1000) },
        ],
      },
    ]);
    await deleteReaderMeter(h.db, r);
    expect(await listReaderMeter(h.db, r)).toEqual([]);
    expect(await h.db.selectFrom('meter_reads').select('article_key').where('reader_id', '=', r).execute()).toEqual([]);
    expect(await listReaderMeter(h.db, other)).toHaveLength(1);
  });

  it('finds the running rolling period, not an ended one', async () => {
    const r = await newReader(h.db);
    await countRead(h.db, { ...read(r, 'aaaaaaaa'), periodKey: 'r30-20000', periodEndsAt: new Date('2026-12-01T00:00:00Z') });
    await countRead(h.db, { ...read(r, 'bbbbbbbb'), periodKey: 'r30-20790', periodEndsAt: new Date('2027-01-02T00:00:00Z') });
    const u = await findUsage(h.db, { readerId: r, articleKey: 'bbbbbbbb', now: AT, rollingPrefix: 'r30-' });
    expect(u).toMatchObject({ periodKey: 'r30-20790', used: 1, alreadyCounted: true });
    await deleteEndedMeters(h.db, AT);
    expect(
      await findUsage(h.db, { readerId: r, articleKey: 'aaaaaaaa', now: new Date('2026-11-20T00:00:00Z'), periodKey: 'r30-20000' }),
    ).toBeUndefined();
  });
});

describe('the meter under concurrency on the PostgreSQL server', () => {
  let h: DbHandle & { databaseUrl: string };
  beforeAll(async () => {
    h = await openServerPostgres();
  });
  afterAll(async () => {
    await h.close();
  });

  it('never counts one article twice nor passes the allowance, across processes', async () => {
    const pools = [0, 1, 2, 3].map(() => openPostgres(h.databaseUrl, 4));
    try {
      const r = await newReader(h.db);
      // 4 "processes" × 10 requests for 12 distinct articles, each article asked for several times.
      const outcomes = await Promise.all(
        pools.flatMap((p, pi) =>
          Array.from({ length: 10 }, (_, i) => countRead(p.db, read(r, `art${String((pi * 7 + i) % 12).padStart(5, '0')}`, 8))),
        ),
      );
      const counted = outcomes.filter((o) => o.outcome === 'counted');
      expect(counted).toHaveLength(8);
      expect(new Set(counted.map((o) => (o.outcome === 'counted' ? o.used : 0)))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
      const rows = await h.db.selectFrom('meter_reads').select('article_key').where('reader_id', '=', r).execute();
      expect(rows).toHaveLength(8);
      expect(new Set(rows.map((x) => x.article_key)).size).toBe(8);
      const usage = await h.db.selectFrom('meter_usage').select('used').where('reader_id', '=', r).executeTakeFirstOrThrow();
      expect(usage.used).toBe(8);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});

describe.each(DIALECTS)('the hourly clean-up of ended meters on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('forgets ended periods, keeps running ones, and reschedules itself', async () => {
    const { startJobRunner, createJobQueue } = await import('../jobs/job-queue.js');
    const { meterJobHandlers, schedulePurgeEndedMeters } = await import('./meter-jobs.js');
    const pino = (await import('pino')).default;
    const r = await newReader(h.db);
    await countRead(h.db, { ...read(r, 'oldoldol'), periodKey: '2026-11', periodEndsAt: new Date('2026-12-01T00:00:00Z') });
    await countRead(h.db, read(r, 'newnewne'));
    const network = (periodKey: string, periodEndsAt: Date) => ({
      networkHash: 'n1',
      periodKey,
      periodEndsAt,
      freshMeters: 9,
      countedReads: 9,
    });
    const anonymous = (meterHash: string, periodKey: string, periodEndsAt: Date) =>
      startAnonymousMeter(h.db, {
        meterHash,
        periodKey,
        periodEndsAt,
        articleKey: 'a',
        articleId: 'a',
        network: network(periodKey, periodEndsAt),
        at: AT,
      });
    await anonymous('ended', '2026-11', new Date('2026-12-01T00:00:00Z'));
    await anonymous('running', '2026-12', END);
    const deps = { db: h.db, clock: () => AT, jobs: createJobQueue() };
    await schedulePurgeEndedMeters(deps, AT);
    const runner = startJobRunner({
      db: h.db,
      dialect: h.dialect,
      clock: () => AT,
      log: pino({ level: 'silent' }),
      pollMs: 60_000,
      handlers: meterJobHandlers(deps),
    });
    try {
      await runner.runDue();
    } finally {
      await runner.stop();
    }
    expect(
      (await h.db.selectFrom('meter_usage').select('period_key').where('reader_id', '=', r).execute()).map((x) => x.period_key),
    ).toEqual(['2026-12']);
    expect(
      (await h.db.selectFrom('meter_reads').select('article_key').where('reader_id', '=', r).execute()).map((x) => x.article_key),
    ).toEqual(['newnewne']);
    expect((await h.db.selectFrom('meter_networks').select('period_key').execute()).map((x) => x.period_key)).toEqual(['2026-12']);
    expect((await h.db.selectFrom('meter_anonymous').select('meter_hash').execute()).map((x) => x.meter_hash)).toEqual(['running']);
    expect((await h.db.selectFrom('meter_anonymous_reads').select('meter_hash').execute()).map((x) => x.meter_hash)).toEqual(['running']);
    const next = await h.db.selectFrom('jobs').select(['kind', 'run_at']).where('kind', '=', 'meter.purge-ended').executeTakeFirstOrThrow();
    expect(next.run_at.getTime()).toBe(AT.getTime() + 3_600_000);
  });
});
