/**
 * `masthead readers import <file.csv> [--comp-plan SLUG] [--report FILE]`: opens the database
 * the way `serve` does (no mailer, no job runner), imports the list, shows progress (a bar on a
 * terminal, a line every few seconds otherwise) and a short summary. Every refused row, with its
 * line and reason, goes to the report file, or else (when more than the screen's first ten)
 * to standard error after the summary. Exit codes: 0 every row imported, updated or unchanged; 1 some
 * rows refused (the others are saved); 2 bad arguments; 65 (EX_DATAERR) a file that is not a
 * list of readers (not CSV, no email column, unknown column): nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { createLogger } from '../logger.js';
import type { Clock } from '../platform.js';
import { importReaders, ReaderImportError, type ReaderImportSummary, type Refusal } from './reader-import-service.js';

export const READERS_USAGE = `Usage:
  masthead readers import <file.csv> [--comp-plan SLUG] [--report FILE]

The file is a plain list (header: email, and any of name, newsletter, plan, company,
address_line1, address_line2, city, region, postcode, country) or Ghost's members export.
--comp-plan   the plan of Ghost members with complimentary_plan=true whose tiers name no plan here
--report      write every refused row (line and reason) to FILE instead of standard error`;

/** Refused rows shown on the screen; the rest are in the report. */
const SHOWN_REFUSALS = 10;
/** Without a terminal, a progress line at most this often. */
const PROGRESS_LINE_MS = 5_000;

export interface ReadersImportCommand {
  file: string;
  compPlan?: string | undefined;
  report?: string | undefined;
}

export function parseReadersArgs(args: readonly string[]): ReadersImportCommand | 'help' | string {
  const [sub, ...rest] = args;
  if (sub === 'help' || sub === '--help' || sub === '-h') return 'help';
  if (sub !== 'import') return sub === undefined ? 'readers needs a command: import.' : `Unknown readers command "${sub}".`;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { 'comp-plan': { type: 'string' }, report: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [file, ...extra] = positionals;
    if (!file) return 'readers import needs a file: masthead readers import <file.csv>.';
    if (extra.length > 0) return `readers import takes one file (got also ${extra.join(' ')}).`;
    return { file, compPlan: values['comp-plan'], report: values.report };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export interface ReadersCommandIo {
  db: Db;
  clock: Clock;
  out(text: string): void;
  err(text: string): void;
  /** Standard error, for the full list of refused rows when there is no report file. */
  errStream: NodeJS.WritableStream;
  isTty: boolean;
}

export async function executeReadersImport(cmd: ReadersImportCommand, io: ReadersCommandIo): Promise<number> {
  // The refused rows stream to a file as they come (a million refusals must not sit in memory):
  // the report, or a temporary file copied to standard error at the end.
  const tempDir = cmd.report ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-refused-'));
  const listPath = cmd.report ?? path.join(tempDir as string, 'refused.txt');
  let fd: number;
  try {
    fd = fs.openSync(listPath, 'w');
  } catch (err) {
    io.err(`masthead readers import: --report ${listPath}: ${(err as Error).message}\n`);
    return 2;
  }
  const list = fs.createWriteStream(listPath, { fd });
  const shown: Refusal[] = [];
  const progress = progressOutput(io);
  let summary: ReaderImportSummary;
  try {
    try {
      summary = await importReaders({ db: io.db, clock: io.clock }, cmd.file, {
        compPlan: cmd.compPlan,
        onProgress: progress.update,
        onRefused(r) {
          if (shown.length < SHOWN_REFUSALS) shown.push(r);
          list.write(`line ${r.line}: ${r.reason}\n`);
        },
      });
    } finally {
      progress.stop();
      list.end();
      await finished(list);
    }
    io.out(formatReadersSummary(summary, shown, cmd.report ?? 'standard error, below'));
    if (!cmd.report && summary.refused > shown.length) {
      io.err('Refused rows:\n');
      await new Promise<void>((resolve, reject) => {
        const copy = fs.createReadStream(listPath);
        copy.on('error', reject).on('end', resolve);
        copy.pipe(io.errStream, { end: false });
      });
    }
    return summary.refused > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof ReaderImportError) {
      io.err(`masthead readers import: ${err.message}\n`);
      return 65;
    }
    throw err;
  } finally {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

export function formatReadersSummary(s: ReaderImportSummary, shown: readonly Refusal[], listedIn: string): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const lines = [
    `Readers from ${s.format === 'ghost' ? "Ghost's members export" : 'a plain list'}: ${n(s.rows)} rows.`,
    `  imported ${n(s.imported)}, updated ${n(s.updated)}, unchanged ${n(s.unchanged)}, refused ${n(s.refused)}; complimentary subscriptions given: ${n(s.comps)}.`,
  ];
  if (s.ignoredColumns.length > 0) lines.push(`  Columns not kept here: ${s.ignoredColumns.join(', ')}.`);
  if (s.refused > 0) {
    lines.push('', `Refused${s.refused > shown.length ? ` (the first ${shown.length}; all ${n(s.refused)} in ${listedIn})` : ''}:`);
    for (const r of shown) lines.push(`  line ${r.line}: ${r.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A bar on a terminal (stderr); otherwise a plain line on stdout every few seconds and at the end. */
function progressOutput(io: Pick<ReadersCommandIo, 'out' | 'isTty'>): { update(done: number, total: number): void; stop(): void } {
  if (!io.isTty) {
    let last = 0;
    let lastDone = -1;
    return {
      update(done, total) {
        const now = Date.now();
        if (done === lastDone || (done < total && now - last < PROGRESS_LINE_MS)) return;
        last = now;
        lastDone = done;
        io.out(`Importing readers: ${done}/${total} rows (${total === 0 ? 100 : Math.floor((done / total) * 100)} %)\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'Importing readers [{bar}] {value}/{total} rows | {percentage} % | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** The `readers` entry of the CLI: opens (and migrates) the database only for valid arguments. */
export async function readersCommand(args: string[], config: Config): Promise<number> {
  const cmd = parseReadersArgs(args);
  if (cmd === 'help') {
    process.stdout.write(`${READERS_USAGE}\n`);
    return 0;
  }
  if (typeof cmd === 'string') {
    process.stderr.write(`${cmd}\n\n${READERS_USAGE}\n`);
    return 2;
  }
  const handle = await openAndMigrate(config, createLogger(config));
  try {
    return await executeReadersImport(cmd, {
      db: handle.db,
      clock: () => new Date(),
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      errStream: process.stderr,
      isTty: process.stderr.isTTY === true,
    });
  } finally {
    await handle.close();
  }
}
