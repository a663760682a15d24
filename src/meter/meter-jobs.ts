/**
 * Background work of the meter: every hour, forget the meters of periods that have ended
 * (registered readers' counts, anonymous meters with the articles they counted, and the
 * per-network budgets). Nothing needs them once their period
 * is over, and keeping less is kinder to readers. One self-rescheduling job row, shared by every
 * process.
 */
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../db/database.js';
import type { JobHandler } from '../jobs/job-queue.js';
import type { Clock, JobQueue } from '../platform.js';
import { deleteEndedMeters } from './meter-repository.js';

export const PURGE_ENDED_METERS_JOB = 'meter.purge-ended';
const EVERY_MS = 60 * 60 * 1000;

/** The purge job carries nothing: it purges whatever has ended when it runs. */
const PurgePayload = Type.Object({});

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
    [PURGE_ENDED_METERS_JOB]: async (payload) => {
      // A payload of another shape is not this job's: running it again cannot help.
      if (!Value.Check(PurgePayload, payload)) throw new Error(`invalid ${PURGE_ENDED_METERS_JOB} payload`);
      await deleteEndedMeters(deps.db, deps.clock());
      await schedulePurgeEndedMeters(deps, new Date(deps.clock().getTime() + EVERY_MS));
    },
  };
}
