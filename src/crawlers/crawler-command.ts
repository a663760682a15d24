/**
 * `masthead crawlers load|list`: refresh a crawler's address ranges from the file its operator
 * publishes, and see which lists are in use. The file is read and checked before the database is
 * opened; a bad file is a clear message, exit code 2, and nothing written.
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { createLogger } from '../logger.js';
import type { Clock } from '../platform.js';
import { CRAWLER_NAMES, type CrawlerName, isCrawlerName } from './crawler.js';
import { readStoredRanges, writeStoredRanges } from './crawler-range-repository.js';
import { type CrawlerRanges, parseRangeFile } from './crawler-ranges.js';
import { readShippedRanges } from './shipped-ranges.js';

export const CRAWLERS_USAGE = `Usage:
  masthead crawlers load --crawler ${CRAWLER_NAMES.join('|')} --file path.json
  masthead crawlers list

The file is the crawler's published list of address ranges, as its operator publishes it:
  Google: https://developers.google.com/static/search/apis/ipranges/googlebot.json
  Bing:   https://www.bing.com/toolbox/bingbot.json
A loaded list replaces the one in use for that crawler (the shipped Googlebot list; Bing has
none until loaded) in every app process within five minutes. Addresses outside the list are
still checked by forward-confirmed reverse DNS.`;

export type CrawlersCommand = { action: 'load'; crawler: CrawlerName; file: string } | { action: 'list' } | { action: 'help' };

export interface CrawlersCommandIo {
  db: Db;
  clock: Clock;
  out(text: string): void;
  err(text: string): void;
}

/** Published lists are tens of kilobytes; anything this big is the wrong file. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Parses the arguments after `crawlers`; a string is the error to print. */
export function parseCrawlersArgs(args: readonly string[]): CrawlersCommand | string {
  const [sub, ...rest] = args;
  try {
    if (sub === undefined) return 'crawlers needs a command: load or list.';
    if (sub === 'help' || sub === '--help' || sub === '-h') return { action: 'help' };
    if (sub === 'list') {
      parseArgs({ args: rest, options: {}, strict: true, allowPositionals: false });
      return { action: 'list' };
    }
    if (sub === 'load') {
      const { values } = parseArgs({
        args: rest,
        options: { crawler: { type: 'string' }, file: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      });
      if (values.crawler === undefined) return `crawlers load needs --crawler (one of ${CRAWLER_NAMES.join(', ')}).`;
      if (!isCrawlerName(values.crawler)) return `--crawler must be one of ${CRAWLER_NAMES.join(', ')} (got "${values.crawler}").`;
      if (values.file === undefined || values.file === '') return 'crawlers load needs --file (the published JSON list).';
      return { action: 'load', crawler: values.crawler, file: values.file };
    }
    return `Unknown crawlers command "${sub}".`;
  } catch (err) {
    // node:util parseArgs: unknown option, missing value, unexpected positional.
    return (err as Error).message;
  }
}

/** Reads and checks a published list; a string is what is wrong with it. */
export async function readRangeFile(file: string): Promise<CrawlerRanges | string> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return `${file} is not a file.`;
    if (stat.size > MAX_FILE_BYTES) return `${file} is ${stat.size} bytes; a crawler range list is far smaller.`;
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return `Cannot read ${file}: ${(err as Error).message}`;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `${file} is not JSON: ${(err as Error).message}`;
  }
  const parsed = parseRangeFile(value);
  if (!parsed.ok) return `${file} was not loaded:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}`;
  return parsed.ranges;
}

async function load(cmd: { crawler: CrawlerName; file: string; ranges: CrawlerRanges }, io: CrawlersCommandIo): Promise<number> {
  const { ranges } = cmd;
  await writeStoredRanges(io.db, cmd.crawler, ranges, io.clock());
  io.out(
    `Loaded ${cmd.crawler}'s ranges from ${cmd.file}: created ${ranges.creationTime}, ` +
      `${ranges.ipv4.length} IPv4 and ${ranges.ipv6.length} IPv6 prefixes.\n` +
      'Running servers use them within five minutes.\n',
  );
  return 0;
}

async function list(io: CrawlersCommandIo): Promise<number> {
  const stored = await readStoredRanges(io.db, CRAWLER_NAMES, (crawler, problems) =>
    io.err(`The stored list of ${crawler} is invalid (${problems.join('; ')}); the shipped list applies.\n`),
  );
  const rows = CRAWLER_NAMES.map((crawler) => {
    const loaded = stored.get(crawler);
    const ranges = loaded?.ranges ?? readShippedRanges(crawler);
    const source = loaded ? 'loaded' : ranges ? 'shipped' : 'none (reverse DNS only)';
    return [
      crawler,
      source,
      ranges?.creationTime ?? '-',
      String(ranges?.ipv4.length ?? 0),
      String(ranges?.ipv6.length ?? 0),
      loaded ? `${loaded.loadedAt.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-',
    ];
  });
  io.out(formatTable(['CRAWLER', 'SOURCE', 'CREATED', 'IPV4', 'IPV6', 'LOADED'], rows));
  return 0;
}

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

type Prepared = { action: 'load'; crawler: CrawlerName; file: string; ranges: CrawlerRanges } | { action: 'list' } | { action: 'help' };

/** Checks the arguments and, for `load`, the file: a string is the message for exit code 2. */
async function prepare(args: readonly string[]): Promise<Prepared | string> {
  const cmd = parseCrawlersArgs(args);
  if (typeof cmd === 'string') return `${cmd}\n\n${CRAWLERS_USAGE}`;
  if (cmd.action !== 'load') return cmd;
  const ranges = await readRangeFile(cmd.file);
  return typeof ranges === 'string' ? ranges : { ...cmd, ranges };
}

async function execute(cmd: Prepared, io: CrawlersCommandIo): Promise<number> {
  switch (cmd.action) {
    case 'help':
      io.out(`${CRAWLERS_USAGE}\n`);
      return 0;
    case 'list':
      return list(io);
    case 'load':
      return load(cmd, io);
  }
}

/** Parses, checks and runs; what the CLI and the tests call. */
export async function runCrawlersCommand(args: readonly string[], io: CrawlersCommandIo): Promise<number> {
  const prepared = await prepare(args);
  if (typeof prepared === 'string') {
    io.err(`${prepared}\n`);
    return 2;
  }
  return execute(prepared, io);
}

/** The `crawlers` entry of the CLI: opens (and migrates) the configured database only for a valid command. */
export async function crawlersCommand(args: string[], config: Config): Promise<number> {
  const out = (t: string) => process.stdout.write(t);
  const err = (t: string) => process.stderr.write(t);
  const prepared = await prepare(args);
  if (typeof prepared === 'string') {
    err(`${prepared}\n`);
    return 2;
  }
  if (prepared.action === 'help') {
    out(`${CRAWLERS_USAGE}\n`);
    return 0;
  }
  const handle = await openAndMigrate(config, createLogger(config));
  try {
    return await execute(prepared, { db: handle.db, clock: () => new Date(), out, err });
  } finally {
    await handle.close();
  }
}
