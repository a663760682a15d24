/**
 * The morning's assembly on the job runner: one job row (a fixed dedupe key) carrying the date
 * it assembles, due at that date's assembly time in the paper's time zone. After each run it
 * puts the next date's on the queue, so any number of worker processes share one row. A worker
 * that starts after today's time assembles today's at once: assembling is idempotent, so a day
 * already assembled only reschedules.
 */
import { Type } from 'typebox';
import type { Db } from '../db/database.js';
import { type JobHandler, jobHandler } from '../jobs/job-queue.js';
import type { JobQueue } from '../platform.js';
import { firstAssembly, type NewsletterSettings, nextAssemblyAfter } from './edition.js';

export const ASSEMBLE_EDITION_JOB = 'newsletter.assemble-edition';
/** Every minute: start due editions and finish any left half-sent (by a crash, a restart). */
export const SEND_EDITIONS_JOB = 'newsletter.send-editions';
const SEND_EVERY_MS = 60_000;

const AssemblePayload = Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });

export interface NewsletterJobDeps {
  db: Db;
  jobs: JobQueue;
  newsletter: {
    settings: NewsletterSettings;
    timeZone: string;
    assemble(date: string, by: string): Promise<unknown>;
  };
  newsletterSending: { sendDue(): Promise<number> };
  clock: () => Date;
}

async function enqueue(deps: Pick<NewsletterJobDeps, 'db' | 'jobs'>, date: string, runAt: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: ASSEMBLE_EDITION_JOB, payload: { date }, runAt, dedupeKey: ASSEMBLE_EDITION_JOB });
}

/** Puts today's assembly on the queue (a worker process, at its start). */
export async function scheduleEditionAssembly(deps: NewsletterJobDeps, at: Date): Promise<void> {
  const first = firstAssembly(at, deps.newsletter.settings, deps.newsletter.timeZone);
  await enqueue(deps, first.date, first.runAt);
}

/**
 * Puts the sender's round on the queue (a worker process, at its start). Each round puts the next
 * on the queue before it sends, so a long send never stops the rounds, and a second worker may
 * join a send in progress: the ledger lets several senders share one edition.
 */
export async function scheduleEditionSending(deps: Pick<NewsletterJobDeps, 'db' | 'jobs'>, at: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: SEND_EDITIONS_JOB, payload: {}, runAt: at, dedupeKey: SEND_EDITIONS_JOB });
}

export function newsletterJobHandlers(deps: NewsletterJobDeps): Record<string, JobHandler> {
  return {
    [SEND_EDITIONS_JOB]: jobHandler(Type.Object({}), async () => {
      await scheduleEditionSending(deps, new Date(deps.clock().getTime() + SEND_EVERY_MS));
      await deps.newsletterSending.sendDue();
    }),
    [ASSEMBLE_EDITION_JOB]: jobHandler(AssemblePayload, async ({ date }) => {
      await deps.newsletter.assemble(date, 'system');
      const next = nextAssemblyAfter(date, deps.newsletter.settings, deps.newsletter.timeZone);
      await enqueue(deps, next.date, next.runAt);
    }),
  };
}
