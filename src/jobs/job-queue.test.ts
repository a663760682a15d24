import pino from 'pino';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/connect.js';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openServerPostgres, openTestDatabase } from '../db/test-databases.js';
import { must } from '../test-support/must.js';
import { claimJob, createJobQueue, failJob, finishJob, jobHandler, LEASE_MS, startJobRunner } from './job-queue.js';

const t0 = new Date('2026-11-25T09:00:00Z');

describe.each(DIALECTS)('job queue on %s', (dialect) => {
  let h: DbHandle;
  const queue = createJobQueue();
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('claims only due jobs, leases them, and finishes them', async () => {
    await queue.enqueue(h.db, { kind: 'a', payload: { n: 1 }, runAt: t0 });
    await queue.enqueue(h.db, { kind: 'b', payload: { n: 2 }, runAt: new Date(t0.getTime() + 60_000) });
    const job = await claimJob(h.db, h.dialect, 'w1', t0);
    expect(job).toMatchObject({ kind: 'a', payload: { n: 1 }, attempts: 1 });
    // Leased: nobody else gets it, and the later job is not due.
    expect(await claimJob(h.db, h.dialect, 'w2', t0)).toBeUndefined();
    await finishJob(h.db, must(job), 'w1');
    const later = await claimJob(h.db, h.dialect, 'w2', new Date(t0.getTime() + 60_000));
    expect(later?.kind).toBe('b');
    await finishJob(h.db, must(later), 'w2');
  });

  it('gives an expired lease to another worker (the first one died)', async () => {
    await queue.enqueue(h.db, { kind: 'c', payload: {}, runAt: t0 });
    const first = await claimJob(h.db, h.dialect, 'dead', t0);
    expect(first).toBeDefined();
    expect(await claimJob(h.db, h.dialect, 'w2', new Date(t0.getTime() + 30_000))).toBeUndefined();
    const retaken = await claimJob(h.db, h.dialect, 'w2', new Date(t0.getTime() + 61_000));
    expect(retaken?.id).toBe(first?.id);
    expect(retaken?.attempts).toBe(2);
    await finishJob(h.db, must(retaken), 'w2');
  });

  it('renews the lease while a job runs: one running well past its lease is not claimed by another worker', async () => {
    let now = t0;
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const begun = new Promise<void>((r) => {
      started = r;
    });
    await queue.enqueue(h.db, { kind: 'long', payload: {}, runAt: t0 });
    const runner = startJobRunner({
      db: h.db,
      dialect: h.dialect,
      clock: () => now,
      log: pino({ level: 'silent' }),
      pollMs: 60_000,
      renewEveryMs: 10,
      handlers: {
        long: async () => {
          runs++;
          started();
          await gate;
        },
      },
    });
    const running = runner.runDue();
    const leasedUntil = async () =>
      new Date(must(await h.db.selectFrom('jobs').select('locked_until').where('kind', '=', 'long').executeTakeFirst()).locked_until ?? 0);
    try {
      await begun;
      // Three steps of 40 s: two minutes in all, twice the lease it was claimed with.
      for (let step = 1; step <= 3; step++) {
        now = new Date(t0.getTime() + step * 40_000);
        const want = now.getTime() + LEASE_MS;
        for (let i = 0; i < 500 && (await leasedUntil()).getTime() !== want; i++) await new Promise((r) => setTimeout(r, 10));
        expect((await leasedUntil()).getTime()).toBe(want);
        expect(await claimJob(h.db, h.dialect, 'w2', now)).toBeUndefined();
      }
    } finally {
      release();
    }
    await running;
    await runner.stop();
    expect(runs).toBe(1);
    expect(await h.db.selectFrom('jobs').select('id').where('kind', '=', 'long').execute()).toEqual([]);
    // A worker that dies stops renewing: its lease runs out and another worker takes the job.
    await queue.enqueue(h.db, { kind: 'orphan', payload: {}, runAt: now });
    expect(await claimJob(h.db, h.dialect, 'dies', now)).toBeDefined();
    expect(await claimJob(h.db, h.dialect, 'w2', new Date(now.getTime() + LEASE_MS + 1))).toMatchObject({ kind: 'orphan', attempts: 2 });
    await h.db.deleteFrom('jobs').where('kind', '=', 'orphan').execute();
  });

  it('lets a recurring job put its next run under its own key while it runs: kept, and no lease warning', async () => {
    const lines: string[] = [];
    const next = new Date(t0.getTime() + 3_600_000);
    await queue.enqueue(h.db, { kind: 'again', payload: {}, runAt: t0, dedupeKey: 'again' });
    const runner = startJobRunner({
      db: h.db,
      dialect: h.dialect,
      clock: () => t0,
      log: pino({ level: 'warn' }, { write: (line: string) => lines.push(line) }),
      pollMs: 60_000,
      renewEveryMs: 5,
      handlers: {
        again: async () => {
          await queue.enqueue(h.db, { kind: 'again', payload: {}, runAt: next, dedupeKey: 'again' });
          // Long enough for several renewals to find the row no longer this worker's.
          await new Promise((r) => setTimeout(r, 60));
        },
      },
    });
    await runner.runDue();
    await runner.stop();
    const rows = await h.db.selectFrom('jobs').select(['run_at', 'locked_by']).where('kind', '=', 'again').execute();
    expect(rows.map((r) => ({ at: new Date(r.run_at).getTime(), by: r.locked_by }))).toEqual([{ at: next.getTime(), by: null }]);
    expect(lines).toEqual([]);
    await h.db.deleteFrom('jobs').where('kind', '=', 'again').execute();
  });

  it('leaves a kind a worker has no handler for to a worker that has one (a deploy rolling)', async () => {
    const fresh = { kind: 'new-kind', payload: { n: 7 }, runAt: t0 };
    await queue.enqueue(h.db, fresh);
    // An older worker, which knows other kinds only, neither takes nor fails it.
    expect(await claimJob(h.db, h.dialect, 'old', t0, LEASE_MS, ['a', 'b'])).toBeUndefined();
    expect(await claimJob(h.db, h.dialect, 'none', t0, LEASE_MS, [])).toBeUndefined();
    const older = startJobRunner({
      db: h.db,
      dialect: h.dialect,
      clock: () => t0,
      log: pino({ level: 'silent' }),
      handlers: { a: async () => {} },
      pollMs: 60_000,
    });
    await older.runDue();
    await older.stop();
    const row = await h.db
      .selectFrom('jobs')
      .select(['attempts', 'last_error', 'locked_until'])
      .where('kind', '=', 'new-kind')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 0, last_error: null, locked_until: null });
    // A newer worker runs it.
    const seen: unknown[] = [];
    const newer = startJobRunner({
      db: h.db,
      dialect: h.dialect,
      clock: () => t0,
      log: pino({ level: 'silent' }),
      handlers: { 'new-kind': async (payload) => void seen.push(payload) },
      pollMs: 60_000,
    });
    await newer.runDue();
    await newer.stop();
    expect(seen).toEqual([{ n: 7 }]);
    expect(await h.db.selectFrom('jobs').select('id').where('kind', '=', 'new-kind').execute()).toEqual([]);
  });

  it('backs off after a failure', async () => {
    await queue.enqueue(h.db, { kind: 'd', payload: {}, runAt: t0 });
    const job = await claimJob(h.db, h.dialect, 'w', t0);
    expect(await failJob(h.db, must(job), 'boom', t0)).toBe('retry');
    expect(await claimJob(h.db, h.dialect, 'w', new Date(t0.getTime() + 1000))).toBeUndefined();
    const again = await claimJob(h.db, h.dialect, 'w', new Date(t0.getTime() + 2001));
    expect(again?.id).toBe(job?.id);
    await finishJob(h.db, must(again), 'w');
  });

  it('replaces a pending job with the same dedupe key', async () => {
    await queue.enqueue(h.db, { kind: 'e', payload: { v: 1 }, runAt: t0, dedupeKey: 'k' });
    await queue.enqueue(h.db, { kind: 'e', payload: { v: 2 }, runAt: t0, dedupeKey: 'k' });
    const rows = await h.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', 'k').execute();
    expect(rows).toHaveLength(1);
    const job = await claimJob(h.db, h.dialect, 'w', t0);
    expect(job?.payload).toEqual({ v: 2 });
    await finishJob(h.db, must(job), 'w');
  });

  it('parses a payload with its schema before the handler runs, and drops one that does not parse', async () => {
    const seen: number[] = [];
    const log = { errors: [] as string[] };
    const runner = startJobRunner({
      db: h.db,
      dialect: h.dialect,
      clock: () => t0,
      log: pino({ level: 'error' }, { write: (line: string) => log.errors.push(line) }),
      pollMs: 60_000,
      handlers: { typed: jobHandler(Type.Object({ n: Type.Integer() }), async (p) => void seen.push(p.n)) },
    });
    await queue.enqueue(h.db, { kind: 'typed', payload: { n: 7 }, runAt: t0 });
    await queue.enqueue(h.db, { kind: 'typed', payload: { n: 'seven' }, runAt: t0 });
    await runner.runDue();
    await runner.stop();
    expect(seen).toEqual([7]);
    // Not retried: a payload that does not parse now never will.
    expect(await h.db.selectFrom('jobs').select('id').where('kind', '=', 'typed').execute()).toEqual([]);
    expect(log.errors.join('\n')).toMatch(/invalid job payload: \/n/);
  });
});

describe('job queue with several workers on the PostgreSQL server', () => {
  let h: DbHandle & { databaseUrl: string };
  beforeAll(async () => {
    h = await openServerPostgres();
  });
  afterAll(async () => {
    await h.close();
  });

  it('hands each job to exactly one worker (FOR UPDATE SKIP LOCKED)', async () => {
    const queue = createJobQueue();
    for (let i = 0; i < 40; i++) await queue.enqueue(h.db, { kind: 'k', payload: { i }, runAt: t0 });
    // Four "processes": separate pools claiming as fast as they can, all at once.
    const workers = [0, 1, 2, 3].map(() => openPostgres(h.databaseUrl, 3));
    const claimed: number[] = [];
    await Promise.all(
      workers.map(async (w, wi) => {
        for (;;) {
          const job = await claimJob(w.db, 'postgres', `w${wi}`, t0);
          if (!job) return;
          claimed.push(Value.Parse(Type.Object({ i: Type.Integer() }), job.payload).i);
          await finishJob(w.db, job, `w${wi}`);
        }
      }),
    );
    await Promise.all(workers.map((w) => w.close()));
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
  });
});
