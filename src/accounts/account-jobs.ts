/**
 * Background work of accounts: every hour, delete expired sessions, expired email links, ended
 * sign-in throttle windows, and readers who never confirmed their address (after 30 days).
 * One job row (a fixed dedupe key) that reschedules itself, so several processes share it.
 */
import type { Db } from '../db/database.js';
import type { JobHandler } from '../jobs/job-queue.js';
import type { Clock, JobQueue } from '../platform.js';

export const PURGE_EXPIRED_JOB = 'accounts.purge-expired';
const EVERY_MS = 60 * 60 * 1000;

export interface AccountJobDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  accounts: { purgeExpired(): Promise<{ sessions: number; tokens: number; signInWindows: number; neverConfirmedReaders: number }> };
}

/** Puts the clean-up on the queue (at start: now; after each run: an hour later). */
export async function schedulePurgeExpired(deps: AccountJobDeps, at: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: PURGE_EXPIRED_JOB, payload: {}, runAt: at, dedupeKey: PURGE_EXPIRED_JOB });
}

export function accountJobHandlers(deps: AccountJobDeps): Record<string, JobHandler> {
  return {
    [PURGE_EXPIRED_JOB]: async () => {
      await deps.accounts.purgeExpired();
      await schedulePurgeExpired(deps, new Date(deps.clock().getTime() + EVERY_MS));
    },
  };
}
