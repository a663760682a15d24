/**
 * The note to the old address after a change of address, as a job. It is enqueued in the same
 * transaction as the change (account-changes.ts), so it exists only if the change committed, and
 * a mail server that is down delays it (the job runner tries again, src/jobs/job-queue.ts) instead
 * of losing it. Nobody waits on this email: the page that confirms the change is the answer.
 *
 * The links that sign in, confirm an address, reset a password or approve a change stay inline
 * (auth-service.ts, account-changes.ts): that email is the answer to the request, and a failure
 * to send it must be told to the person at once, on the page they are looking at.
 */
import { type Static, Type } from 'typebox';
import type { Db } from '../db/database.js';
import type { JobQueue } from '../platform.js';

export const EMAIL_CHANGED_JOB = 'accounts.email-changed-notice';

const Address = Type.String({ minLength: 3, maxLength: 254 });
/** The job's payload: who is told (the old address) and what the account moved to. */
export const EmailChangedNotice = Type.Object({ oldEmail: Address, newEmail: Address });
export type EmailChangedNotice = Static<typeof EmailChangedNotice>;

/** Enqueues the notice inside the caller's transaction (the change of address commits with it). */
export async function enqueueEmailChangedNotice(jobs: JobQueue, tx: Db, notice: EmailChangedNotice, at: Date): Promise<void> {
  await jobs.enqueue(tx, { kind: EMAIL_CHANGED_JOB, payload: { ...notice }, runAt: at });
}
