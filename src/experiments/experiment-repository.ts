/**
 * All SQL of the experiments (table `experiments`; see migrations/2026_12_10_0100_experiments.ts).
 * Arm B's change is stored as JSON text and parsed by its schema on the way out: a row that no
 * longer parses is read as stopped with nothing to roll out, never a broken page.
 */
import { Value } from 'typebox/value';
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import type { Arm } from '../meter/index.js';
import { AllowanceVariantSchema, CopyVariantSchema, type Experiment, type Variant } from './experiment.js';

type Row = {
  id: string;
  name: string;
  kind: string;
  share_b: number;
  variant: string;
  status: string;
  winner: string | null;
  started_at: Date;
  started_by: string;
  stopped_at: Date | null;
  stopped_by: string | null;
  rolled_out_at: Date | null;
  rolled_out_by: string | null;
};

function variantOf(kind: string, stored: string): Variant | null {
  let value: unknown;
  try {
    value = parseJsonColumn(stored);
  } catch {
    return null;
  }
  if (kind === 'allowance' && Value.Check(AllowanceVariantSchema, value)) return { kind, allowance: value };
  if (kind === 'copy' && Value.Check(CopyVariantSchema, value)) return { kind, copy: value };
  return null;
}

const armOrNull = (v: string | null): Arm | null => (v === 'A' || v === 'B' ? v : null);

function fromRow(r: Row): Experiment | null {
  const variant = variantOf(r.kind, r.variant);
  if (variant === null) return null;
  return {
    id: r.id,
    name: r.name,
    variant,
    shareB: Number(r.share_b),
    status: r.status === 'running' ? 'running' : 'stopped',
    winner: armOrNull(r.winner),
    startedAt: r.started_at,
    startedBy: r.started_by,
    stoppedAt: r.stopped_at,
    stoppedBy: r.stopped_by,
    rolledOutAt: r.rolled_out_at,
    rolledOutBy: r.rolled_out_by,
  };
}

const COLUMNS = [
  'id',
  'name',
  'kind',
  'share_b',
  'variant',
  'status',
  'winner',
  'started_at',
  'started_by',
  'stopped_at',
  'stopped_by',
  'rolled_out_at',
  'rolled_out_by',
] as const;

/** Inserts a running experiment. Throws a unique violation when one is running already (the partial index). */
export async function insertExperiment(
  db: Db,
  e: { id: string; name: string; variant: Variant; shareB: number; startedAt: Date; startedBy: string },
): Promise<void> {
  const variant = e.variant.kind === 'allowance' ? e.variant.allowance : e.variant.copy;
  await db
    .insertInto('experiments')
    .values({
      id: e.id,
      name: e.name,
      kind: e.variant.kind,
      share_b: e.shareB,
      variant: JSON.stringify(variant),
      status: 'running',
      winner: null,
      started_at: e.startedAt,
      started_by: e.startedBy,
      stopped_at: null,
      stopped_by: null,
      rolled_out_at: null,
      rolled_out_by: null,
    })
    .execute();
}

export async function findExperiment(db: Db, id: string): Promise<Experiment | undefined> {
  const row = await db.selectFrom('experiments').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return (row && fromRow(row)) ?? undefined;
}

/** The running experiment, if any (at most one: the partial unique index). */
export async function findRunningExperiment(db: Db): Promise<Experiment | undefined> {
  const row = await db.selectFrom('experiments').select(COLUMNS).where('status', '=', 'running').executeTakeFirst();
  return (row && fromRow(row)) ?? undefined;
}

/** Experiments, newest first. */
export async function listExperiments(db: Db, limit: number): Promise<Experiment[]> {
  const rows = await db
    .selectFrom('experiments')
    .select(COLUMNS)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(fromRow).filter((e): e is Experiment => e !== null);
}

/** Stops a running experiment; false when it was not running (stopped already, or never was). */
export async function stopExperiment(db: Db, q: { id: string; by: string; at: Date }): Promise<boolean> {
  const r = await db
    .updateTable('experiments')
    .set({ status: 'stopped', stopped_at: q.at, stopped_by: q.by })
    .where('id', '=', q.id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks an experiment rolled out (stopping it if it ran); false when one of its arms was rolled out already. */
export async function markRolledOut(db: Db, q: { id: string; winner: Arm; by: string; at: Date }): Promise<boolean> {
  await db
    .updateTable('experiments')
    .set({ status: 'stopped', stopped_at: q.at, stopped_by: q.by })
    .where('id', '=', q.id)
    .where('status', '=', 'running')
    .execute();
  const r = await db
    .updateTable('experiments')
    .set({ winner: q.winner, rolled_out_at: q.at, rolled_out_by: q.by })
    .where('id', '=', q.id)
    .where('winner', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
