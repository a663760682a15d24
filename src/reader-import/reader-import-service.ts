/**
 * Moving a list of readers to the paper: reads the file twice, streaming both times. The first
 * pass checks that it is CSV with an email column and counts its rows, so a malformed file
 * writes nothing and the progress bar knows its end. The second reads each row
 * (reader-csv-format.ts), and writes rows in transactions of `batchSize`: per row the reader
 * (reader-import-decision.ts) and any complimentary subscription, together. A batch that fails
 * as a whole is written again row by row, so one row the database refuses never costs the
 * others. Memory does not grow with the file: a batch, and the few first refusals for the screen.
 * Sends no email: it makes no job and touches no mailer.
 */
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { findOpenReadersByEmails, insertImportedReader, updateImportedReader } from '../accounts/index.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform.js';
import { grantComplimentary, listPlans } from '../subscriptions/index.js';
import { csvRecords } from './csv-records.js';
import {
  type CsvLayout,
  type ImportFormat,
  layoutFromHeader,
  type PlanRef,
  planIndex,
  type ReaderImportRow,
  type RowOptions,
  readRow,
} from './reader-csv-format.js';
import { newReaderFrom, readerChanges } from './reader-import-decision.js';
import { deleteSeenLines, findSeenLines, insertSeenLines } from './reader-import-repository.js';

/** A problem with the file or the command as a whole: nothing was written. */
export class ReaderImportError extends Error {}

export interface ReaderImportDeps {
  db: Db;
  clock: Clock;
}

export interface Refusal {
  line: number;
  reason: string;
}

export interface ReaderImportOptions {
  /** Ghost's `complimentary_plan=true` whose tiers name no plan here: a comp of this plan (slug). */
  compPlan?: string | undefined;
  batchSize?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Each refused row, as it is refused (the full list goes to a report, not to memory). */
  onRefused?: ((refusal: Refusal) => void) | undefined;
}

export interface ReaderImportSummary {
  format: ImportFormat;
  /** Rows under the header. */
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  refused: number;
  /** Complimentary subscriptions given (to new and existing readers). */
  comps: number;
  /** Columns read past (Ghost's columns kept nowhere here). */
  ignoredColumns: string[];
}

/** Rows per transaction: a few hundred keeps each commit short and the batch's memory small. */
export const DEFAULT_BATCH_SIZE = 500;

/** A run that died leaves its seen addresses; the next run deletes those older than this. */
const STALE_RUN_MS = 24 * 60 * 60 * 1000;

/** The first pass: the layout of a CSV file with an email column, and its number of rows. */
export async function checkReaderFile(file: string): Promise<{ layout: CsvLayout; rows: number }> {
  let layout: CsvLayout | undefined;
  let rows = 0;
  try {
    for await (const record of csvRecords(file)) {
      if (layout) {
        rows += 1;
        continue;
      }
      const found = layoutFromHeader(record.cells);
      if ('problem' in found) throw new ReaderImportError(`${file}: ${found.problem}.`);
      layout = found;
    }
  } catch (err) {
    // Not CSV, not there, not readable: the whole file is refused before anything is written.
    if (err instanceof ReaderImportError) throw err;
    throw new ReaderImportError(`${file}: ${(err as Error).message}`);
  }
  if (!layout) throw new ReaderImportError(`${file}: the file is empty: it needs a header line with an "email" column.`);
  return { layout, rows };
}

type Outcome = 'imported' | 'updated' | 'unchanged' | Refusal;

export async function importReaders(deps: ReaderImportDeps, file: string, opts: ReaderImportOptions = {}): Promise<ReaderImportSummary> {
  const { db, clock } = deps;
  const { layout, rows } = await checkReaderFile(file);
  const plans: PlanRef[] = (await listPlans(db, { activeOnly: false })).map((p) => ({ id: p.id, slug: p.slug, name: p.name }));
  const index = planIndex(plans);
  let compPlan: PlanRef | undefined;
  if (opts.compPlan !== undefined) {
    compPlan = index.bySlug.get(opts.compPlan.toLowerCase());
    if (!compPlan)
      throw new ReaderImportError(
        `--comp-plan: no plan has the slug "${opts.compPlan}" (plans: ${plans.map((p) => p.slug).join(', ') || 'none'}).`,
      );
  }
  const rowOptions: RowOptions = { plans: index, compPlan };
  const source = `${layout.format === 'ghost' ? 'ghost' : 'csv'}:${path.basename(file).slice(0, 200)}`;
  const runId = uuidv7();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const summary: ReaderImportSummary = {
    format: layout.format,
    rows,
    imported: 0,
    updated: 0,
    unchanged: 0,
    refused: 0,
    comps: 0,
    ignoredColumns: layout.ignored,
  };
  let done = 0;
  const refuse = (r: Refusal) => {
    summary.refused += 1;
    opts.onRefused?.(r);
  };

  async function write(batch: ReaderImportRow[]): Promise<void> {
    let results: { outcomes: Outcome[]; comps: number }[];
    let failure: Error | undefined;
    try {
      results = [await db.transaction().execute((tx) => applyBatch(tx, runId, batch, source, clock()))];
    } catch {
      // One row the database would not take (an address made by a sign-up meanwhile, say)
      // rolled the batch back: write each row on its own, and refuse only the ones that fail.
      results = [];
      for (const row of batch) {
        try {
          results.push(await db.transaction().execute((tx) => applyBatch(tx, runId, [row], source, clock())));
        } catch (err) {
          failure = err as Error;
          results.push({ outcomes: [{ line: row.line, reason: `could not be saved: ${failure.message}` }], comps: 0 });
        }
      }
      // Every row failing alone is the database failing, not the rows: stop, and say where.
      if (failure && results.every((r) => r.outcomes.every((o) => typeof o !== 'string'))) {
        const first = batch[0]?.line ?? 0;
        throw new ReaderImportError(
          `stopped at line ${first}: the database refused every row of a batch (${failure.message}). The rows before it are saved; run the import again to go on.`,
        );
      }
    }
    for (const r of results) {
      summary.comps += r.comps;
      for (const o of r.outcomes) {
        if (typeof o === 'string') summary[o] += 1;
        else refuse(o);
      }
    }
  }

  await deleteSeenLines(db, runId, new Date(clock().getTime() - STALE_RUN_MS));
  try {
    let batch: ReaderImportRow[] = [];
    let header = true;
    opts.onProgress?.(0, rows);
    for await (const record of csvRecords(file)) {
      if (header) {
        header = false;
        continue;
      }
      const result = readRow(layout, record.cells, record.line, rowOptions);
      if (result.ok) batch.push(result.row);
      else refuse({ line: result.line, reason: result.reason });
      done += 1;
      if (batch.length >= batchSize) {
        await write(batch);
        batch = [];
        opts.onProgress?.(done, rows);
      }
    }
    if (batch.length > 0) await write(batch);
    opts.onProgress?.(done, rows);
  } finally {
    await deleteSeenLines(db, runId, new Date(clock().getTime() - STALE_RUN_MS));
  }
  return summary;
}

/** One transaction's rows: refuses repeats of an address, then writes each reader and comp. */
async function applyBatch(
  tx: Db,
  runId: string,
  batch: readonly ReaderImportRow[],
  source: string,
  at: Date,
): Promise<{ outcomes: Outcome[]; comps: number }> {
  const emails = [...new Set(batch.map((r) => r.email))];
  const seen = await findSeenLines(tx, runId, emails);
  const firstHere = new Map<string, number>();
  const outcomes: Outcome[] = [];
  const fresh: ReaderImportRow[] = [];
  for (const row of batch) {
    const first = seen.get(row.email) ?? firstHere.get(row.email);
    if (first !== undefined) {
      outcomes.push({ line: row.line, reason: `${row.email} is on line ${first} already (the first row is the one imported)` });
    } else {
      firstHere.set(row.email, row.line);
      fresh.push(row);
    }
  }
  await insertSeenLines(
    tx,
    runId,
    fresh.map((r) => ({ email: r.email, line: r.line })),
    at,
  );
  const existing = await findOpenReadersByEmails(
    tx,
    fresh.map((r) => r.email),
  );
  let comps = 0;
  for (const row of fresh) {
    const reader = existing.get(row.email);
    let readerId: string;
    let outcome: Outcome;
    if (!reader) {
      readerId = uuidv7();
      await insertImportedReader(tx, { id: readerId, email: row.email, ...newReaderFrom(row), source, at });
      outcome = 'imported';
    } else {
      readerId = reader.id;
      const changes = readerChanges(row, reader);
      const changed = Object.keys(changes).length > 0;
      if (changed) await updateImportedReader(tx, readerId, changes, at);
      outcome = changed ? 'updated' : 'unchanged';
    }
    if (row.comp && (await grantComplimentary(tx, { readerId, planId: row.comp.id, at })) === 'granted') {
      comps += 1;
      if (outcome === 'unchanged') outcome = 'updated';
    }
    outcomes.push(outcome);
  }
  return { outcomes, comps };
}
