/**
 * Background work of accounts. Every hour, delete expired sessions, expired email links, ended
 * sign-in throttle windows, and readers who never confirmed their address (after 30 days): one
 * job row (a fixed dedupe key) that reschedules itself, so several processes share it. And the
 * email-changed notice, enqueued with each change of address (email-changed-notice.ts).
 */
import { Value } from 'typebox/value';
import type { Db } from '../db/database.js';
import type { JobHandler } from '../jobs/job-queue.js';
import type { Clock, JobQueue } from '../platform.js';
import { EMAIL_CHANGED_JOB, EmailChangedNotice } from './email-changed-notice.js';

export const PURGE_EXPIRED_JOB = 'accounts.purge-expired';
const EVERY_MS = 60 * 60 * 1000;

export interface AccountJobDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  accounts: {
    purgeExpired(): Promise<{ sessions: number; tokens: number; signInWindows: number; neverConfirmedReaders: number }>;
    sendEmailChangedNotice(notice: EmailChangedNotice): Promise<void>;
  };
}

/** Puts the clean-up on the queue (at start: now; after each run: an hour later). */
export async function schedulePurgeExpired(deps: Pick<AccountJobDeps, 'db' | 'jobs'>, at: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: PURGE_EXPIRED_JOB, payload: {}, runAt: at, dedupeKey: PURGE_EXPIRED_JOB });
}

export function accountJobHandlers(deps: AccountJobDeps): Record<string, JobHandler> {
  return {
    // Its payload is empty: nothing to read.
    [PURGE_EXPIRED_JOB]: async () => {
      await deps.accounts.purgeExpired();
      await schedulePurgeExpired(deps, new Date(deps.clock().getTime() + EVERY_MS));
    },
    [EMAIL_CHANGED_JOB]: async (payload) => {
      // A payload we did not write is dropped, not retried.
      if (!Value.Check(EmailChangedNotice, payload)) return;
      await deps.accounts.sendEmailChangedNotice(payload);
    },
  };
}
