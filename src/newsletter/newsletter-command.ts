/**
 * `masthead newsletter send [--date YYYY-MM-DD]`: sends the day's edition (today in the paper's
 * time zone by default, assembled first when it has none) to its audience, with progress on a
 * terminal (one line rewritten in place) or a plain line every few seconds otherwise. Exit 0 once
 * every recipient has a final outcome; 1 when the edition cannot be sent (held, too thin, no relay)
 * or the run was stopped; 2 for bad arguments. Running it again after a crash, or in several
 * processes at once, sends each reader the edition once (the ledger: delivery.ts).
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createLocalContentEvents } from '../cache/content-events.js';
import type { Config } from '../config.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { AppError } from '../http/app-error.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services.js';
import { formatIntakeSummary, savedReports } from './bounce-command.js';
import type { IntakeOutcome } from './bounce-intake.js';
import { editionDateOf, parseEditionDate } from './edition.js';
import type { SendProgress } from './edition-sender.js';
import { createRateMeter, formatProgress } from './send-progress.js';

export const NEWSLETTER_USAGE = `Usage:
  masthead newsletter send [--date YYYY-MM-DD]
  masthead newsletter bounces <file.eml | mailbox.mbox | directory>

Sends the daily email of that date (default: today in MASTHEAD_TIMEZONE) to every reader who
should get it, assembling the edition first if it has none. Safe to run again, or in several
processes at once: nobody gets it twice. Needs SMTP_URL (or MASTHEAD_NEWSLETTER_SMTP_URL).

bounces reads bounce and complaint reports saved from the bounce address (one message, an mbox,
or a directory of message files) and acts on them as the bounce webhook does.`;

/** The parsed command, or a string saying what is wrong with the arguments. */
export function parseNewsletterArgs(
  args: readonly string[],
  today: string,
): { action: 'send'; date: string } | { action: 'bounces'; path: string } | { action: 'help' } | string {
  const [sub, ...rest] = args;
  if (sub === undefined) return 'newsletter needs a command: send or bounces.';
  if (sub === 'help' || sub === '--help' || sub === '-h') return { action: 'help' };
  if (sub === 'bounces') {
    if (rest.length !== 1 || rest[0] === undefined || rest[0].startsWith('-'))
      return 'bounces needs one path: a message file, an mbox, or a directory.';
    return { action: 'bounces', path: rest[0] };
  }
  if (sub !== 'send') return `Unknown newsletter command "${sub}".`;
  try {
    const { values } = parseArgs({ args: [...rest], options: { date: { type: 'string' } }, strict: true, allowPositionals: false });
    if (values.date === undefined) return { action: 'send', date: today };
    const date = parseEditionDate(values.date);
    if (!date) return `--date must be a date as YYYY-MM-DD, e.g. ${today} (got "${values.date}").`;
    return { action: 'send', date };
  } catch (err) {
    return (err as Error).message;
  }
}

const TTY_EVERY_MS = 250;
const LOG_EVERY_MS = 5000;

export async function newsletterCommand(args: string[], config: Config): Promise<number> {
  const parsed = parseNewsletterArgs(args, editionDateOf(new Date(), config.timezone));
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n\n${NEWSLETTER_USAGE}\n`);
    return 2;
  }
  if (parsed.action === 'help') {
    process.stdout.write(`${NEWSLETTER_USAGE}\n`);
    return 0;
  }
  if (parsed.action === 'bounces') return bounces(parsed.path, config);
  const log = createLogger(config);
  const handle = await openAndMigrate(config, log);
  const services = createServices({ config, handle, clock: () => new Date(), log, events: createLocalContentEvents() });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const tty = Boolean(process.stderr.isTTY);
  const meter = createRateMeter();
  let lastShown = 0;
  let last: SendProgress | undefined;
  const show = (p: SendProgress, force = false) => {
    const now = Date.now();
    meter.add(now, p.done);
    last = p;
    if (!force && now - lastShown < (tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
    lastShown = now;
    const line = `${parsed.date}: ${formatProgress(p, meter.rate())}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stdout.write(`${line}\n`);
  };

  try {
    const { progress } = await services.newsletterSending.send(parsed.date, { assemble: true, onProgress: show, signal: stop.signal });
    show(progress, true);
    if (tty) process.stderr.write('\n');
    if (stop.signal.aborted && progress.done < progress.total) {
      process.stderr.write(`Stopped with ${progress.total - progress.done} recipients to go: run it again to finish.\n`);
      return 1;
    }
    const c = progress.counts;
    process.stdout.write(
      `The edition of ${parsed.date} is sent: ${c.accepted} accepted, ${c.failed} failed${c.skipped ? `, ${c.skipped} left out (unsubscribed meanwhile)` : ''}.\n`,
    );
    return 0;
  } catch (err) {
    if (tty && last) process.stderr.write('\n');
    if (err instanceof AppError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await services.close();
    await handle.close();
  }
}

async function bounces(path: string, config: Config): Promise<number> {
  try {
    await stat(path);
  } catch {
    process.stderr.write(`No such file or directory: ${path}\n`);
    return 2;
  }
  const log = createLogger(config);
  const handle = await openAndMigrate(config, log);
  const services = createServices({ config, handle, clock: () => new Date(), log, events: createLocalContentEvents() });
  const counts = new Map<IntakeOutcome, number>();
  try {
    for await (const raw of savedReports(path)) {
      const outcome = await services.bounceIntake.ingest(raw, 'file');
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }
    process.stdout.write(`${formatIntakeSummary(counts)}\n`);
    return 0;
  } finally {
    await services.close();
    await handle.close();
  }
}
