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

const AssemblePayload = Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });

export interface NewsletterJobDeps {
  db: Db;
  jobs: JobQueue;
  newsletter: {
    settings: NewsletterSettings;
    timeZone: string;
    assemble(date: string, by: string): Promise<unknown>;
  };
}

async function enqueue(deps: Pick<NewsletterJobDeps, 'db' | 'jobs'>, date: string, runAt: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: ASSEMBLE_EDITION_JOB, payload: { date }, runAt, dedupeKey: ASSEMBLE_EDITION_JOB });
}

/** Puts today's assembly on the queue (a worker process, at its start). */
export async function scheduleEditionAssembly(deps: NewsletterJobDeps, at: Date): Promise<void> {
  const first = firstAssembly(at, deps.newsletter.settings, deps.newsletter.timeZone);
  await enqueue(deps, first.date, first.runAt);
}

export function newsletterJobHandlers(deps: NewsletterJobDeps): Record<string, JobHandler> {
  return {
    [ASSEMBLE_EDITION_JOB]: jobHandler(AssemblePayload, async ({ date }) => {
      await deps.newsletter.assemble(date, 'system');
      const next = nextAssemblyAfter(date, deps.newsletter.settings, deps.newsletter.timeZone);
      await enqueue(deps, next.date, next.runAt);
    }),
  };
}
