/**
 * Background work of the meter: every hour, forget the meters of periods that have ended
 * (registered readers' counts, anonymous meters with the articles they counted, and the
 * per-network budgets). Nothing needs them once their period
 * is over, and keeping less is kinder to readers. One self-rescheduling job row, shared by every
 * process.
 */
import type { Db } from '../db/database.js';
import type { JobHandler } from '../jobs/job-queue.js';
import type { Clock, JobQueue } from '../platform.js';
import { deleteEndedMeters } from './meter-repository.js';

export const PURGE_ENDED_METERS_JOB = 'meter.purge-ended';
const EVERY_MS = 60 * 60 * 1000;

export interface MeterJobDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
}

export async function schedulePurgeEndedMeters(deps: MeterJobDeps, at: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: PURGE_ENDED_METERS_JOB, payload: {}, runAt: at, dedupeKey: PURGE_ENDED_METERS_JOB });
}

export function meterJobHandlers(deps: MeterJobDeps): Record<string, JobHandler> {
  return {
    [PURGE_ENDED_METERS_JOB]: async () => {
      await deleteEndedMeters(deps.db, deps.clock());
      await schedulePurgeEndedMeters(deps, new Date(deps.clock().getTime() + EVERY_MS));
    },
  };
}
