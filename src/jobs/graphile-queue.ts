/**
 * The job queue on a PostgreSQL server: graphile-worker 0.17.3 (the last release for Node 20),
 * behind the same interface as the in-process runner (job-queue.ts).
 *
 * - Enqueue is a call of its SQL function `graphile_worker.add_job` through the caller's Kysely
 *   transaction, so a job exists only if the change it follows committed.
 * - A dedupe key is graphile-worker's `job_key` in `replace` mode: a pending job with the key gets
 *   the new payload and run time; one that is running keeps going and loses the key, and the new
 *   job waits (that is how a recurring job reschedules itself from inside its own run).
 * - Workers are woken by its LISTEN/NOTIFY on insert and claim with `SKIP LOCKED`; a job under
 *   way stays locked however long it runs (its `get_job` takes only unlocked jobs: no lease to
 *   renew, unlike the in-process runner), and a worker that dies leaves a lock that is freed
 *   after four hours (its `resetLockedAt`; job-backends.test.ts shows both).
 * - Its schema (`graphile_worker`) is installed and upgraded by its `runMigrations`, which every
 *   process that opens a PostgreSQL server runs after our own migrations (db/open-and-migrate.ts).
 *
 * The library is loaded on first use: a process on SQLite never loads it.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../db/database.js';
import type { JobQueue, JobRequest } from '../platform.js';
import { InvalidJobPayload, type JobHandler, type JobRunner, MAX_ATTEMPTS } from './job-queue.js';

type GraphileWorker = typeof import('graphile-worker');
let loaded: Promise<GraphileWorker> | undefined;
/**
 * graphile-worker is CommonJS. Node's ESM loader gives its exports both by name and as `default`;
 * the esbuild bundle that `npm start` runs gives only `default` (src/bundle-start.test.ts), so the
 * module is taken from `default` when it is there.
 */
function graphileWorker(): Promise<GraphileWorker> {
  loaded ??= import('graphile-worker').then((m) => (m as GraphileWorker & { default?: GraphileWorker }).default ?? m);
  return loaded;
}

const PayloadObject = Type.Record(Type.String(), Type.Unknown());

export function createGraphileJobQueue(): JobQueue {
  return {
    async enqueue(tx: Db, job: JobRequest) {
      // Casts: named arguments with untyped parameters would not pick the function's signature.
      await sql`select graphile_worker.add_job(
          ${job.kind}::text,
          ${JSON.stringify(job.payload)}::json,
          run_at => ${job.runAt.toISOString()}::timestamptz,
          max_attempts => ${MAX_ATTEMPTS}::int,
          job_key => ${job.dedupeKey ?? null}::text,
          job_key_mode => 'replace'
        )`.execute(tx);
    },
  };
}

/**
 * graphile-worker's warnings and errors, through our logger, as their message only: its `meta`
 * carries the whole job, payload included (an address, a gift code), which must not reach the
 * log. Its info lines (a line per completed job) are left at debug, as the in-process runner
 * logs nothing for a job that succeeded; a failure is logged by our task wrapper too.
 */
async function makeLogger(log: Pick<Logger, 'error' | 'warn' | 'debug'>) {
  const { Logger: GraphileLogger } = await graphileWorker();
  return new GraphileLogger(() => (level, message) => {
    if (level === 'error') log.error({ queue: 'graphile-worker' }, message);
    else if (level === 'warning') log.warn({ queue: 'graphile-worker' }, message);
    else if (level === 'info') log.debug({ queue: 'graphile-worker' }, message);
  });
}

/** Installs or upgrades graphile-worker's schema. Safe in several processes at once (it says so). */
export async function migrateGraphileWorker(connectionString: string, log: Pick<Logger, 'error' | 'warn' | 'debug'>): Promise<void> {
  const gw = await graphileWorker();
  await gw.runMigrations({ connectionString, logger: await makeLogger(log), maxPoolSize: 1 });
}

/**
 * The newest schema revision of the graphile-worker we ship (0.17.3: its migrations 000001 to
 * 000019). graphile-migrate.test.ts checks it against what the library itself writes, so a new
 * version of the library cannot leave it behind unnoticed.
 */
export const GRAPHILE_WORKER_SCHEMA_REVISION = 19;

/**
 * graphile-worker's migrations, only when its schema is not at our revision yet. Loading the
 * library (~0.5 MB of code with its configuration loaders) and its own pool, lock and checks cost
 * ~100 ms of every start on PostgreSQL; one query on a connection the start opens anyway says
 * whether there is anything to do. Returns whether the migrations ran.
 */
export async function migrateGraphileWorkerIfBehind(
  db: Db,
  connectionString: string,
  log: Pick<Logger, 'error' | 'warn' | 'debug'>,
): Promise<boolean> {
  const current = await sql<{ id: number | null }>`select max(id) as id from graphile_worker.migrations`
    .execute(db)
    .then((r) => r.rows[0]?.id === GRAPHILE_WORKER_SCHEMA_REVISION)
    // No schema yet (a new database): graphile-worker makes it.
    .catch(() => false);
  if (current) return false;
  await migrateGraphileWorker(connectionString, log);
  return true;
}

/**
 * Our handlers as graphile-worker tasks: the payload must be a JSON object; a payload that does
 * not parse (`InvalidJobPayload`) is logged and the job completes, so it is never retried (the
 * in-process runner drops it the same way); any other error is logged and thrown, and
 * graphile-worker retries with its back-off (exp(attempts) seconds) up to MAX_ATTEMPTS.
 */
function taskList(handlers: Record<string, JobHandler>, log: Pick<Logger, 'error'>) {
  const tasks: Record<string, (payload: unknown, helpers: { job: { id: string | number } }) => Promise<void>> = {};
  for (const [kind, handler] of Object.entries(handlers)) {
    tasks[kind] = async (payload, helpers) => {
      try {
        if (!Value.Check(PayloadObject, payload)) throw new InvalidJobPayload('invalid job payload: not a JSON object');
        await handler(payload);
      } catch (err) {
        const permanent = err instanceof InvalidJobPayload;
        log.error({ err, job: String(helpers.job.id), kind, outcome: permanent ? 'dropped' : 'retry' }, 'job failed');
        if (!permanent) throw err;
      }
    };
  }
  return tasks;
}

/**
 * A worker process's runner on graphile-worker: `concurrency` jobs at once (1: one at a time, as
 * the in-process runner). `stop` waits for the jobs under way (graphile-worker's graceful
 * shutdown), then closes its connections; signals are ours to handle (src/main.ts).
 */
export async function startGraphileRunner(opts: {
  connectionString: string;
  log: Logger;
  handlers: Record<string, JobHandler>;
  pollMs: number;
  concurrency?: number;
}): Promise<JobRunner> {
  const gw = await graphileWorker();
  const { Pool } = (await import('pg')).default as typeof pg;
  const concurrency = opts.concurrency ?? 1;
  // Its own pool: one connection per job under way, one for LISTEN, one to spare.
  const pgPool = new Pool({ connectionString: opts.connectionString, max: concurrency + 2 });
  pgPool.on('error', (err) => opts.log.error({ err }, 'job queue connection failed'));
  const logger = await makeLogger(opts.log);
  const tasks = taskList(opts.handlers, opts.log);
  const runner = await gw.run({
    pgPool,
    logger,
    taskList: tasks,
    concurrency,
    pollInterval: opts.pollMs,
    noHandleSignals: true,
    // Without a batch, a job's completion is written after the worker has let go of it, and a
    // stop could close the pool under it (the job would wait out its 4-hour lock, then run
    // again); a batch is flushed and awaited by the graceful shutdown.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  let stopped: Promise<void> | undefined;
  return {
    async runDue() {
      await gw.runOnce({ pgPool, logger, taskList: tasks, noHandleSignals: true });
    },
    stop() {
      stopped ??= (async () => {
        await runner.stop();
        await pgPool.end();
      })();
      return stopped;
    },
  };
}
