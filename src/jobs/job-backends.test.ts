/**
 * The job queue's contract, run on both backends: the in-process runner on SQLite and
 * graphile-worker on the real PostgreSQL server (it needs real connections and LISTEN, which
 * PGlite does not give; the server is TEST_DATABASE_URL, else the machine's own, as for every
 * test of several connections: src/db/test-databases.ts). Jobs are picked up by the runner in
 * the background, as in a worker process; the tests wait for what a handler does, never a time.
 */
import { EventEmitter } from 'node:events';
import { Logger as GraphileLogger, run as runGraphileWorker } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { Type } from 'typebox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { openServerPostgres, openTestDatabase } from '../db/test-databases.js';
import type { JobQueue } from '../platform.js';
import { createGraphileJobQueue, startGraphileRunner } from './graphile-queue.js';
import { createJobQueue, type JobHandler, type JobRunner, jobHandler, LEASE_MS, startJobRunner } from './job-queue.js';

interface Backend {
  name: string;
  open(): Promise<DbHandle>;
  queue: JobQueue;
  start(h: DbHandle, handlers: Record<string, JobHandler>, log: pino.Logger): Promise<JobRunner>;
  /** Jobs of this kind still in the queue (waiting, or failed and waiting for a retry). */
  pending(h: DbHandle, kind: string): Promise<number>;
  /**
   * Makes the job of `kind` under way look as if it had been running `ms` longer: the in-process
   * runner's clock moves on (and its lease is renewed meanwhile); graphile-worker's lock is
   * backdated (it decides by the database's clock).
   */
  outlast(h: DbHandle, kind: string, ms: number): Promise<void>;
  /** Puts the clocks back after `outlast`. */
  resetClock(): void;
}

/** The in-process runner's clock in these tests: the real one, moved on by `outlast`. */
const skew = { ms: 0 };
const skewedNow = () => new Date(Date.now() + skew.ms);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const BACKENDS: Backend[] = [
  {
    name: 'the in-process runner on SQLite',
    open: () => openTestDatabase('sqlite'),
    queue: createJobQueue(),
    start: async (h, handlers, log) =>
      startJobRunner({ db: h.db, dialect: h.dialect, clock: skewedNow, log, handlers, pollMs: 50, renewEveryMs: 20 }),
    pending: async (h, kind) => (await h.db.selectFrom('jobs').select('id').where('kind', '=', kind).execute()).length,
    async outlast(h, kind, ms) {
      skew.ms += ms;
      // Until the worker has renewed its lease past the moved clock (every 20 ms here).
      await until(async () => {
        const row = await h.db.selectFrom('jobs').select('locked_until').where('kind', '=', kind).executeTakeFirst();
        return row?.locked_until != null && new Date(row.locked_until).getTime() > skewedNow().getTime();
      }, 'the lease to be renewed');
    },
    resetClock() {
      skew.ms = 0;
    },
  },
  {
    name: 'graphile-worker on the PostgreSQL server',
    open: () => openServerPostgres(),
    queue: createGraphileJobQueue(),
    start: (h, handlers, log) =>
      startGraphileRunner({ connectionString: (h as DbHandle & { databaseUrl: string }).databaseUrl, log, handlers, pollMs: 100 }),
    pending: async (h, kind) => {
      const r = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${kind}`.execute(h.db);
      return r.rows[0]?.n ?? 0;
    },
    outlast: (h, kind, ms) => backdateGraphileLock(h, kind, ms),
    resetClock() {},
  },
];

/** Moves graphile-worker's lock on the running job of `kind` `ms` into the past (its `locked_at`, by the database's clock). */
async function backdateGraphileLock(h: DbHandle, kind: string, ms: number): Promise<void> {
  const r = await sql`update graphile_worker._private_jobs set locked_at = locked_at - make_interval(secs => ${ms / 1000}::double precision)
    where locked_at is not null and id in (select id from graphile_worker.jobs where task_identifier = ${kind})`.execute(h.db);
  expect(Number(r.numAffectedRows)).toBe(1);
}

function signal<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function collectingLog(level: pino.Level = 'error') {
  const lines: string[] = [];
  return { lines, log: pino({ level }, { write: (line: string) => lines.push(line) }) };
}

describe.each(BACKENDS)('the job queue on $name', { timeout: 30_000 }, (backend) => {
  let h: DbHandle;
  const runners: JobRunner[] = [];
  beforeAll(async () => {
    h = await backend.open();
  });
  // Each test's runners stop with it: a runner left polling claims any kind, so it would take a
  // later test's job, fail it for want of a handler and back it off past that test's timeout.
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    backend.resetClock();
  });
  afterAll(async () => {
    await h.close();
  });
  const start = async (handlers: Record<string, JobHandler>, log = collectingLog().log) => {
    const r = await backend.start(h, handlers, log);
    runners.push(r);
    return r;
  };
  const now = () => new Date();

  it('runs a job enqueued in a committed transaction, its payload parsed by its schema', async () => {
    const got = signal<number>();
    await h.db.transaction().execute(async (tx) => {
      await backend.queue.enqueue(tx, { kind: 'c.typed', payload: { n: 7 }, runAt: now() });
    });
    const runner = await start({ 'c.typed': jobHandler(Type.Object({ n: Type.Integer() }), async (p) => got.resolve(p.n)) });
    expect(await got.promise).toBe(7);
    await runner.stop();
    expect(await backend.pending(h, 'c.typed')).toBe(0);
  });

  it('never runs a job enqueued in a transaction that rolls back', async () => {
    const ran: string[] = [];
    const marker = signal();
    await expect(
      h.db.transaction().execute(async (tx) => {
        await backend.queue.enqueue(tx, { kind: 'c.rolled', payload: {}, runAt: new Date(Date.now() - 1000) });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await backend.queue.enqueue(h.db, { kind: 'c.marker', payload: {}, runAt: now() });
    const runner = await start({
      'c.rolled': async () => void ran.push('rolled'),
      'c.marker': async () => marker.resolve(),
    });
    await marker.promise;
    await runner.runDue();
    await runner.stop();
    expect(ran).toEqual([]);
    expect(await backend.pending(h, 'c.rolled')).toBe(0);
  });

  it('replaces a pending job that has the same dedupe key', async () => {
    const seen: number[] = [];
    const marker = signal();
    await backend.queue.enqueue(h.db, { kind: 'c.dedupe', payload: { v: 1 }, runAt: now(), dedupeKey: 'c.dedupe' });
    await backend.queue.enqueue(h.db, { kind: 'c.dedupe', payload: { v: 2 }, runAt: now(), dedupeKey: 'c.dedupe' });
    expect(await backend.pending(h, 'c.dedupe')).toBe(1);
    await backend.queue.enqueue(h.db, { kind: 'c.marker2', payload: {}, runAt: new Date(Date.now() + 10) });
    const runner = await start({
      'c.dedupe': jobHandler(Type.Object({ v: Type.Integer() }), async (p) => void seen.push(p.v)),
      'c.marker2': async () => marker.resolve(),
    });
    await marker.promise;
    await runner.runDue();
    await runner.stop();
    expect(seen).toEqual([2]);
  });

  it('keeps a job due later waiting', async () => {
    const ran: string[] = [];
    const marker = signal();
    await backend.queue.enqueue(h.db, { kind: 'c.later', payload: {}, runAt: new Date(Date.now() + 3_600_000) });
    await backend.queue.enqueue(h.db, { kind: 'c.marker3', payload: {}, runAt: now() });
    const runner = await start({ 'c.later': async () => void ran.push('later'), 'c.marker3': async () => marker.resolve() });
    await marker.promise;
    await runner.runDue();
    await runner.stop();
    expect(ran).toEqual([]);
    expect(await backend.pending(h, 'c.later')).toBe(1);
  });

  it('drops a job whose payload does not parse, with the reason, and never retries it', async () => {
    const seen: number[] = [];
    const marker = signal();
    const { lines, log } = collectingLog();
    await backend.queue.enqueue(h.db, { kind: 'c.bad', payload: { n: 'seven' }, runAt: now() });
    await backend.queue.enqueue(h.db, { kind: 'c.marker4', payload: {}, runAt: new Date(Date.now() + 10) });
    const runner = await start(
      {
        'c.bad': jobHandler(Type.Object({ n: Type.Integer() }), async (p) => void seen.push(p.n)),
        'c.marker4': async () => marker.resolve(),
      },
      log,
    );
    await marker.promise;
    await runner.runDue();
    await runner.stop();
    expect(seen).toEqual([]);
    expect(await backend.pending(h, 'c.bad')).toBe(0);
    expect(lines.join('\n')).toMatch(/invalid job payload: \/n/);
  });

  it('retries a job that failed, later, and logs the failure without its payload', async () => {
    let calls = 0;
    const done = signal<number>();
    const { lines, log } = collectingLog('debug');
    await backend.queue.enqueue(h.db, { kind: 'c.flaky', payload: { email: 'private.reader@x.test' }, runAt: now() });
    await start(
      {
        'c.flaky': async () => {
          calls++;
          if (calls === 1) throw new Error('the relay hung up');
          done.resolve(calls);
        },
      },
      log,
    );
    // The back-off is a couple of seconds on both (2^1 s here, e^1 s in graphile-worker).
    expect(await done.promise).toBe(2);
    expect(lines.join('\n')).toMatch(/the relay hung up/);
    expect(lines.join('\n')).not.toContain('private.reader@x.test');
  });

  it('stops only after the job under way has finished, and that job does not run again', async () => {
    const started = signal();
    const gate = signal();
    let runs = 0;
    await backend.queue.enqueue(h.db, { kind: 'c.slow', payload: {}, runAt: now() });
    const runner = await start({
      'c.slow': async () => {
        runs++;
        started.resolve();
        await gate.promise;
      },
    });
    await started.promise;
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    // Give a stop that does not wait every chance to finish first.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(await backend.pending(h, 'c.slow')).toBe(0);
    const again = await start({ 'c.slow': async () => void runs++ });
    await again.runDue();
    expect(runs).toBe(1);
  });
});

describe.each(BACKENDS)('a job that runs long on $name', { timeout: 30_000 }, (backend) => {
  let h: DbHandle;
  const runners: JobRunner[] = [];
  beforeAll(async () => {
    h = await backend.open();
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    backend.resetClock();
  });
  afterAll(async () => {
    await h.close();
  });
  const start = async (handlers: Record<string, JobHandler>) => {
    const r = await backend.start(h, handlers, collectingLog().log);
    runners.push(r);
    return r;
  };

  // An edition's PDF can take minutes: longer than the in-process runner's lease (60 s). The
  // in-process runner renews the lease of the job under way; graphile-worker never hands a locked
  // job to another worker (its `get_job` takes only jobs with no lock) until the lock is four
  // hours old (its `resetLockedAt`), so nothing of ours is needed there.
  it('is not handed to a second runner while it runs, five leases on', async () => {
    const started = signal();
    const gate = signal();
    const marker = signal();
    let runs = 0;
    const long = async () => {
      runs++;
      started.resolve();
      await gate.promise;
    };
    await backend.queue.enqueue(h.db, { kind: 'l.long', payload: {}, runAt: new Date() });
    const first = await start({ 'l.long': long });
    try {
      await started.promise;
      await backend.outlast(h, 'l.long', 5 * LEASE_MS);
      const second = await start({ 'l.long': long, 'l.marker': async () => marker.resolve() });
      await backend.queue.enqueue(h.db, { kind: 'l.marker', payload: {}, runAt: new Date() });
      // The second runner is taking jobs (it ran the marker), and still not the long one.
      await marker.promise;
      await second.runDue();
      expect(runs).toBe(1);
    } finally {
      // Whatever failed, the job under way ends, so the runners can stop.
      gate.resolve();
    }
    await first.stop();
    expect(await backend.pending(h, 'l.long')).toBe(0);
    expect(runs).toBe(1);
  });
});

describe('graphile-worker takes a running job from its worker only after four hours', () => {
  let h: DbHandle & { databaseUrl: string };
  const runners: JobRunner[] = [];
  const stops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    h = await openServerPostgres();
  });
  afterAll(async () => {
    for (const r of runners.splice(0)) await r.stop();
    for (const stop of stops.splice(0)) await stop();
    await h.close();
  });

  // What the test above would see if a lock ran out while its job ran: the job runs twice. The
  // second worker is graphile-worker's own runner with its stale-lock sweep (`resetLockedAt`,
  // normally every 8 to 10 minutes) made to run every few milliseconds, told by its events.
  it('runs it again once its lock is four hours old (a worker that died), not before', { timeout: 30_000 }, async () => {
    const started = signal();
    const gate = signal();
    let runs = 0;
    const long = async () => {
      runs++;
      started.resolve();
      await gate.promise;
    };
    await createGraphileJobQueue().enqueue(h.db, { kind: 'l.dead', payload: {}, runAt: new Date() });
    runners.push(
      await startGraphileRunner({ connectionString: h.databaseUrl, log: collectingLog().log, handlers: { 'l.dead': long }, pollMs: 100 }),
    );
    try {
      await started.promise;
      await backdateGraphileLock(h, 'l.dead', 4 * 3_600_000 - 60_000);
      const events = new EventEmitter();
      let resets = 0;
      events.on('resetLocked:success', () => {
        resets++;
      });
      const pgPool = new pg.Pool({ connectionString: h.databaseUrl, max: 3 });
      pgPool.on('error', () => {});
      const second = await runGraphileWorker({
        pgPool,
        taskList: { 'l.dead': async () => long() },
        concurrency: 1,
        pollInterval: 50,
        noHandleSignals: true,
        events,
        logger: new GraphileLogger(() => () => {}),
        preset: { worker: { minResetLockedInterval: 10, maxResetLockedInterval: 20 } },
      });
      stops.push(async () => {
        await second.stop();
        await pgPool.end();
      });
      // Three of its sweeps with the lock a minute short of four hours: not taken.
      await until(async () => resets >= 3, 'three stale-lock sweeps');
      await new Promise((r) => setTimeout(r, 200));
      expect(runs).toBe(1);
      await backdateGraphileLock(h, 'l.dead', 2 * 60_000);
      await until(async () => runs === 2, 'the second run');
      expect(runs).toBe(2);
    } finally {
      gate.resolve();
    }
  });
});

describe('graphile-worker enqueues through the caller’s transaction', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openServerPostgres();
  });
  afterAll(async () => {
    await h.close();
  });

  it('is invisible to other connections until the commit', async () => {
    const queue = createGraphileJobQueue();
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'v.job'`.execute(h.db)).rows[0]
        ?.n;
    await h.db.transaction().execute(async (tx) => {
      await queue.enqueue(tx, { kind: 'v.job', payload: { a: 1 }, runAt: new Date() });
      // The pool's other connection does not see it yet; the transaction's own does.
      expect(await count()).toBe(0);
      const own = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'v.job'`.execute(tx);
      expect(own.rows[0]?.n).toBe(1);
    });
    expect(await count()).toBe(1);
  });
});
