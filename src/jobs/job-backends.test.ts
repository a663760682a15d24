/**
 * The job queue's contract, run on both backends: the in-process runner on SQLite and
 * graphile-worker on the real PostgreSQL server (it needs real connections and LISTEN, which
 * PGlite does not give; the server is TEST_DATABASE_URL, else the machine's own, as for every
 * test of several connections: src/db/test-databases.ts). Jobs are picked up by the runner in
 * the background, as in a worker process; the tests wait for what a handler does, never a time.
 */
import { sql } from 'kysely';
import pino from 'pino';
import { Type } from 'typebox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { openServerPostgres, openTestDatabase } from '../db/test-databases.js';
import type { JobQueue } from '../platform.js';
import { createGraphileJobQueue, startGraphileRunner } from './graphile-queue.js';
import { createJobQueue, type JobHandler, type JobRunner, jobHandler, startJobRunner } from './job-queue.js';

interface Backend {
  name: string;
  open(): Promise<DbHandle>;
  queue: JobQueue;
  start(h: DbHandle, handlers: Record<string, JobHandler>, log: pino.Logger): Promise<JobRunner>;
  /** Jobs of this kind still in the queue (waiting, or failed and waiting for a retry). */
  pending(h: DbHandle, kind: string): Promise<number>;
}

const BACKENDS: Backend[] = [
  {
    name: 'the in-process runner on SQLite',
    open: () => openTestDatabase('sqlite'),
    queue: createJobQueue(),
    start: async (h, handlers, log) => startJobRunner({ db: h.db, dialect: h.dialect, clock: () => new Date(), log, handlers, pollMs: 50 }),
    pending: async (h, kind) => (await h.db.selectFrom('jobs').select('id').where('kind', '=', kind).execute()).length,
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
  },
];

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
