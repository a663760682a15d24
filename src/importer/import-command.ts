/**
 * `masthead import <dir>`: opens the database the way `serve` does, imports the folder, shows
 * progress (a bar on a terminal, one line per file otherwise) and prints a summary with every
 * failure and its reason. Exit code 0 when every file imported, 1 when any failed, 2 for a
 * missing or bad folder argument.
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createLocalContentEvents, createPostgresContentEvents } from '../cache/content-events.js';
import type { Config } from '../config.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import type { FrontService } from '../fronts/index.js';
import { createLogger } from '../logger.js';
import type { MeterSettings } from '../meter/index.js';
import type { PagesService } from '../pages/index.js';
import type { ContentEvents } from '../platform.js';
import { createServices } from '../services.js';
import { type ImportOptions, type ImportServices, type ImportSummary, importDirectory } from './import-service.js';

/** What the import and demo commands use of the services they build: the import's, and the demo's few more. */
export interface CommandServices extends ImportServices {
  config: { dataDir: string };
  meterSettings: Pick<MeterSettings, 'saveCopy'>;
  fronts: Pick<FrontService, 'find' | 'add' | 'editorView' | 'edit'>;
  pages: Pick<PagesService, 'save'>;
}

/**
 * Runs `fn` with the app's services on the configured database. On PostgreSQL, content changes
 * are sent with NOTIFY, so running servers empty their page caches.
 */
export async function withCommandServices<T>(config: Config, fn: (services: CommandServices) => Promise<T>): Promise<T> {
  const log = createLogger(config);
  const handle = await openAndMigrate(config, log);
  let events: ContentEvents & { close?: () => Promise<void> } = createLocalContentEvents();
  try {
    if (config.databaseUrl) events = await createPostgresContentEvents(config.databaseUrl, log);
    const services = createServices({ config, handle, clock: () => new Date(), log, events });
    return await fn(services);
  } finally {
    await events.close?.();
    await handle.close();
  }
}

/** Progress for a terminal (a bar on stderr) or for a log (one line per file on stdout). */
export function progressReporter(label: string): { onProgress: NonNullable<ImportOptions['onProgress']>; stop(): void } {
  if (!process.stderr.isTTY) {
    return {
      onProgress: (done, total, file) => process.stdout.write(`[${done}/${total}] ${file}\n`),
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {file}`, hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total, file) {
      if (!started) {
        bar.start(total, 0, { file: '' });
        started = true;
      }
      bar.update(done, { file });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export function formatSummary(summary: ImportSummary): string {
  const lines = [
    `Imported: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed.length} failed.`,
  ];
  if (summary.failed.length > 0) {
    lines.push('', 'Failed:');
    for (const f of summary.failed) lines.push(`  ${f.file}: ${f.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function importCommand(args: string[], config: Config): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [dir, ...extra] = positionals;
  if (!dir || extra.length > 0) {
    process.stderr.write('Usage: masthead import <dir>\n');
    return 2;
  }
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    process.stderr.write(`masthead import: ${dir} is not a directory.\n`);
    return 2;
  }
  const progress = progressReporter('Importing');
  let summary: ImportSummary;
  try {
    summary = await withCommandServices(config, (services) => importDirectory(services, dir, { onProgress: progress.onProgress }));
  } finally {
    progress.stop();
  }
  process.stdout.write(formatSummary(summary));
  return summary.failed.length > 0 ? 1 : 0;
}
