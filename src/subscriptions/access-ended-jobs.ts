import type { JobHandler } from '../jobs/job-queue.js';
import { accessEndedEmail } from '../mail/index.js';
import { formatDate } from '../views/format.js';
import { ACCESS_ENDED_JOB } from './access-ended-job-kind.js';
import { accessIsBack, decideAccessEndNotice } from './access-ended-notice.js';
import { type SubscriberEmailDeps, scheduleRenewalReminders, subscriberEmailJobHandlers } from './subscriber-email-jobs.js';
import {
  claimAccessEndNotice,
  clearAccessEndNotice,
  listAccessEndCandidates,
  listNotifiedLiveSubscriptions,
  listReaderSubscriptions,
  releaseAccessEndNotice,
} from './subscription-repository.js';

export { ACCESS_ENDED_JOB };

const EVERY_MS = 60 * 60 * 1000;
/** A full batch means more are waiting: the next run comes soon rather than in an hour. */
const BATCH = 200;
const SOON_MS = 60 * 1000;

/** What the job needs of the app (Services has all of it): the same as the subscriber's other emails. */
export type AccessEndedDeps = SubscriberEmailDeps;

export interface AccessEndedRun {
  sent: number;
  /** Marked as told without an email (closed account, another live subscription, too old). */
  skipped: number;
  failed: number;
  /** Notices cleared because the subscription gives access again. */
  reopened: number;
  more: boolean;
}

/** One pass: email every reader whose access has ended since the last, once. */
export async function sendAccessEndedNotices(deps: AccessEndedDeps): Promise<AccessEndedRun> {
  const { db } = deps;
  const now = deps.clock();
  const run: AccessEndedRun = { sent: 0, skipped: 0, failed: 0, reopened: 0, more: false };

  for (const s of await listNotifiedLiveSubscriptions(db, BATCH)) {
    if (!accessIsBack(s, now)) continue;
    await clearAccessEndNotice(db, s.id);
    run.reopened += 1;
  }

  const candidates = await listAccessEndCandidates(db, now, BATCH);
  run.more = candidates.length === BATCH;
  let siteName: string | undefined;
  for (const subscription of candidates) {
    const [reader, all] = await Promise.all([
      deps.accounts.findReaderById(subscription.readerId),
      listReaderSubscriptions(db, subscription.readerId),
    ]);
    const decision = decideAccessEndNotice({ subscription, others: all, readerOpen: reader !== undefined && !reader.closedAt, now });
    if (!decision.send) {
      if (decision.why !== 'not-ended' && (await claimAccessEndNotice(db, subscription.id, now))) run.skipped += 1;
      continue;
    }
    if (!reader || !(await claimAccessEndNotice(db, subscription.id, now))) continue;
    try {
      siteName ??= (await deps.chrome()).site.name;
      await deps.mailer.send({
        to: reader.email,
        ...accessEndedEmail({
          siteName,
          planName: all.find((a) => a.id === subscription.id)?.planName ?? 'subscription',
          reason: decision.end.reason,
          endedOn: formatDate(decision.end.endedAt, deps.config.timezone),
          subscribeLink: `${deps.config.publicUrl}/subscribe`,
        }),
      });
      run.sent += 1;
    } catch (err) {
      run.failed += 1;
      deps.log.error({ err, subscriptionId: subscription.id }, 'could not email the reader that their access ended; trying again next run');
      await releaseAccessEndNotice(db, subscription.id, now);
    }
  }
  return run;
}

/**
 * Puts the job on the queue (at start: now; after each run: an hour later, or soon when more
 * wait). The process start (src/main.ts) calls this once for the feature, so it also starts the
 * hourly renewal reminders (subscriber-email-jobs.ts).
 */
export async function scheduleAccessEndedNotices(deps: Pick<AccessEndedDeps, 'db' | 'jobs'>, at: Date): Promise<void> {
  await scheduleOwnRun(deps, at);
  await scheduleRenewalReminders(deps, at);
}

/** This job alone: its run must never move the reminders' (each job reschedules only itself). */
async function scheduleOwnRun(deps: Pick<AccessEndedDeps, 'db' | 'jobs'>, at: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: ACCESS_ENDED_JOB, payload: {}, runAt: at, dedupeKey: ACCESS_ENDED_JOB });
}

/**
 * The feature's job handlers, as the job runner (src/main.ts) takes them: the access-ended
 * notices, and the subscriber's emails (welcome, cancelled, gift redeemed, renewal reminders).
 */
export function accessEndedJobHandlers(deps: AccessEndedDeps): Record<string, JobHandler> {
  return {
    ...subscriberEmailJobHandlers(deps),
    // Its payload is empty (scheduleOwnRun writes `{}`): nothing in it is read, so nothing to parse.
    [ACCESS_ENDED_JOB]: async () => {
      const run = await sendAccessEndedNotices(deps);
      await scheduleOwnRun(deps, new Date(deps.clock().getTime() + (run.more ? SOON_MS : EVERY_MS)));
    },
  };
}
