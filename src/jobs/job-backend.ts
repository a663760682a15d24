/**
 * Which job queue a process uses, decided once from the configuration: on a PostgreSQL server
 * (`DATABASE_URL`) graphile-worker (graphile-queue.ts), on the embedded SQLite default the
 * in-process runner over the `jobs` table (job-queue.ts). Both take the same handlers, the same
 * requests (kind, payload, run time, dedupe key) and enqueue inside the caller's transaction.
 *
 * Recurring jobs stay ours on both (self-rescheduling jobs under a fixed dedupe key, see
 * src/services.ts `RECURRING_JOBS`), not graphile-worker's crontab: their times are local to the
 * paper's time zone and some follow state (the next edition's date), which a UTC crontab line
 * cannot say, and one mechanism keeps both backends alike.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/database.js';
import type { Clock, JobQueue } from '../platform.js';
import { createGraphileJobQueue, startGraphileRunner } from './graphile-queue.js';
import { createJobQueue, type JobHandler, type JobRunner, startJobRunner } from './job-queue.js';

export function jobQueueFor(config: Pick<Config, 'databaseUrl'>): JobQueue {
  return config.databaseUrl ? createGraphileJobQueue() : createJobQueue();
}

/** Starts this process's job runner on the backend `jobQueueFor` picks for the same config. */
export async function startJobRunnerFor(opts: {
  config: Pick<Config, 'databaseUrl' | 'jobPollMs'>;
  handle: DbHandle;
  clock: Clock;
  log: Logger;
  handlers: Record<string, JobHandler>;
}): Promise<JobRunner> {
  const { config, handle, clock, log, handlers } = opts;
  if (config.databaseUrl) return startGraphileRunner({ connectionString: config.databaseUrl, log, handlers, pollMs: config.jobPollMs });
  return startJobRunner({ db: handle.db, dialect: handle.dialect, clock, log, handlers, pollMs: config.jobPollMs });
}
