/**
 * Background work that is safe with several processes: a worker claims one due job by taking a
 * lease on it (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: a single-writer UPDATE), runs it,
 * and deletes it. While the job runs the worker renews its lease (every third of it), so a job
 * that runs longer than the lease (an edition's PDF can take minutes) is never claimed by a
 * second worker; a worker that dies stops renewing, its lease expires, and another worker retries.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import { uuidv7 } from 'uuidv7';
import type { Db, Dialect } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import type { Clock, JobQueue, JobRequest } from '../platform.js';

/** Runs one job. The payload is what came out of the jobs table: parse it before use (`jobHandler`). */
export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

/**
 * A payload that does not match its kind's schema. Running it again cannot help, so the runner
 * drops the job at once (logged with the reason) instead of retrying it.
 */
export class InvalidJobPayload extends Error {
  override name = 'InvalidJobPayload';
}

/**
 * A handler whose payload is parsed by a TypeBox schema before it runs: `handle` receives the
 * schema's type, never the raw row. A payload that does not parse throws `InvalidJobPayload`.
 */
export function jobHandler<S extends TSchema>(schema: S, handle: (payload: Static<S>) => Promise<void>): JobHandler {
  return async (payload) => {
    if (!Value.Check(schema, payload)) {
      const problems = [...Value.Errors(schema, payload)].slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
      throw new InvalidJobPayload(`invalid job payload: ${problems.join('; ')}`);
    }
    await handle(payload);
  };
}

export interface ClaimedJob {
  id: string;
  kind: string;
  /** As stored: the runner checks it is an object, and a handler's schema parses it. */
  payload: unknown;
  attempts: number;
}

/** What every payload is, whatever its kind: a JSON object. */
const PayloadObject = Type.Record(Type.String(), Type.Unknown());

/** A claimed job's lease: renewed while it runs, so it bounds how long a dead worker's job waits, not how long a job may run. */
export const LEASE_MS = 60_000;
/** After this many failed runs a job is given up (both backends). */
export const MAX_ATTEMPTS = 10;

/** A worker's job runner, whichever the backend (this one, or graphile-queue.ts on a PostgreSQL server). */
export interface JobRunner {
  /** Runs the jobs due now, until none is left (tests, and the command line). */
  runDue(): Promise<void>;
  /** Stops taking jobs and waits for the one under way to finish. */
  stop(): Promise<void>;
}

export function createJobQueue(): JobQueue {
  return {
    async enqueue(tx: Db, job: JobRequest) {
      const values = {
        id: uuidv7(),
        kind: job.kind,
        dedupe_key: job.dedupeKey ?? null,
        payload: JSON.stringify(job.payload),
        run_at: job.runAt,
        created_at: new Date(),
      };
      await tx
        .insertInto('jobs')
        .values(values)
        .onConflict((oc) =>
          oc.column('dedupe_key').doUpdateSet({
            payload: values.payload,
            run_at: values.run_at,
            attempts: 0,
            last_error: null,
            locked_until: null,
            locked_by: null,
          }),
        )
        .execute();
    },
  };
}

/**
 * Claims the oldest due job, if any, with a lease of `leaseMs` for this worker; with `kinds`,
 * only a job of one of those kinds. A worker names the kinds it has handlers for: while a deploy
 * rolls, an older worker leaves a kind it does not know to the newer ones instead of failing it
 * (as graphile-worker claims only the tasks it was given).
 */
export async function claimJob(
  db: Db,
  dialect: Dialect,
  workerId: string,
  now: Date,
  leaseMs = LEASE_MS,
  kinds?: readonly string[],
): Promise<ClaimedJob | undefined> {
  if (kinds?.length === 0) return undefined;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  if (dialect === 'postgres') {
    const ofKind = kinds ? sql`and kind in (${sql.join(kinds)})` : sql``;
    const r = await sql<{ id: string; kind: string; payload: unknown; attempts: number }>`
      update jobs set locked_until = ${leaseUntil}, locked_by = ${workerId}, attempts = attempts + 1
      where id = (
        select id from jobs
        where run_at <= ${now} and (locked_until is null or locked_until < ${now}) ${ofKind}
        order by run_at limit 1
        for update skip locked
      )
      returning id, kind, payload, attempts`.execute(db);
    const row = r.rows[0];
    return row ? { id: row.id, kind: row.kind, payload: parseJsonColumn(row.payload), attempts: row.attempts } : undefined;
  }
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({ locked_until: leaseUntil, locked_by: workerId, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('run_at', '<=', now)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', now)]))
        .$if(kinds !== undefined, (q) => q.where('kind', 'in', kinds ?? []))
        .orderBy('run_at')
        .limit(1),
    )
    .returning(['id', 'kind', 'payload', 'attempts'])
    .executeTakeFirst();
  return row ? { id: row.id, kind: row.kind, payload: parseJsonColumn(row.payload), attempts: row.attempts } : undefined;
}

/**
 * Extends this worker's lease on a job it is running to `leaseMs` from `now`. False when the
 * worker no longer holds it: the job was finished, or its lease ran out before this renewal (the
 * process stalled longer than the lease) and another worker took it.
 */
export async function renewLease(db: Db, job: Pick<ClaimedJob, 'id'>, workerId: string, now: Date, leaseMs = LEASE_MS): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: new Date(now.getTime() + leaseMs) })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishJob(db: Db, job: ClaimedJob, workerId: string): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', workerId).execute();
}

/**
 * Backs off exponentially; gives up (deletes, logged) after MAX_ATTEMPTS, or at once when
 * `permanent` (a payload that will never parse).
 */
export async function failJob(db: Db, job: ClaimedJob, error: string, now: Date, permanent = false): Promise<'retry' | 'dropped'> {
  if (permanent || job.attempts >= MAX_ATTEMPTS) {
    await db.deleteFrom('jobs').where('id', '=', job.id).execute();
    return 'dropped';
  }
  const delay = Math.min(2 ** job.attempts * 1000, 3_600_000);
  await db
    .updateTable('jobs')
    .set({ run_at: new Date(now.getTime() + delay), locked_until: null, locked_by: null, last_error: error.slice(0, 2000) })
    .where('id', '=', job.id)
    .execute();
  return 'retry';
}

/**
 * Keeps renewing the lease on `job` every `everyMs` until `stop`. A renewal that finds the job no
 * longer this worker's stops renewing: the job was enqueued again under its dedupe key (a
 * recurring job rescheduling itself from its own run: the row is the next run's now, no lease to
 * keep), or, logged, its lease ran out before a renewal and another worker took it. A renewal
 * that fails is logged and the next one tries again; the job under way goes on either way.
 */
function keepLease(opts: { db: Db; clock: Clock; log: Logger; leaseMs: number; everyMs: number }, job: ClaimedJob, workerId: string) {
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewLease(opts.db, job, workerId, opts.clock(), opts.leaseMs)
      .then(async (held) => {
        if (held) return;
        clearInterval(timer);
        const row = await opts.db.selectFrom('jobs').select('locked_by').where('id', '=', job.id).executeTakeFirst();
        if (row?.locked_by && row.locked_by !== workerId)
          opts.log.warn({ job: job.id, kind: job.kind }, 'job lease lost while the job ran: another worker took it');
      })
      .catch((err: unknown) => opts.log.warn({ err, job: job.id, kind: job.kind }, 'job lease could not be renewed'));
  }, opts.everyMs);
  return {
    /** Stops renewing, after the renewal under way (so it cannot land after the job is finished). */
    async stop(): Promise<void> {
      clearInterval(timer);
      await renewing;
    },
  };
}

/** Polls for due jobs and runs them one at a time until stopped. */
export function startJobRunner(opts: {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  handlers: Record<string, JobHandler>;
  pollMs: number;
  /** A claimed job's lease (default LEASE_MS). */
  leaseMs?: number;
  /** How often the lease of the job under way is renewed (default a third of the lease). */
  renewEveryMs?: number;
}): JobRunner {
  const workerId = `${process.pid}-${uuidv7()}`;
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const kinds = Object.keys(opts.handlers);
  const lease = { db: opts.db, clock: opts.clock, log: opts.log, leaseMs, everyMs: opts.renewEveryMs ?? Math.floor(leaseMs / 3) };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function drain(): Promise<void> {
    while (!stopped) {
      const job = await claimJob(opts.db, opts.dialect, workerId, opts.clock(), leaseMs, kinds);
      if (!job) return;
      const handler = opts.handlers[job.kind];
      const renewal = keepLease(lease, job, workerId);
      try {
        if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
        if (!Value.Check(PayloadObject, job.payload)) throw new InvalidJobPayload('invalid job payload: not a JSON object');
        await handler(job.payload);
        await renewal.stop();
        await finishJob(opts.db, job, workerId);
      } catch (err) {
        await renewal.stop();
        const message = err instanceof Error ? err.message : String(err);
        const outcome = await failJob(opts.db, job, message, opts.clock(), err instanceof InvalidJobPayload);
        opts.log.error({ err, job: job.id, kind: job.kind, outcome }, 'job failed');
      }
    }
  }

  function tick() {
    running = drain()
      .catch((err) => opts.log.error({ err }, 'job runner poll failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.pollMs);
      });
  }
  timer = setTimeout(tick, 0);

  return {
    /** Runs due jobs now (tests, and after a save that may be due at once). */
    async runDue(): Promise<void> {
      await running;
      await drain();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
