/**
 * `masthead newsletter bounces <file.eml | mailbox.mbox | directory>`: feeds reports saved from the
 * bounce address (a mailbox the MTA delivers to, a Maildir's messages, files a relay dropped) to
 * the same intake as the webhook, and prints how many of each outcome. An mbox (a file starting
 * with a `From ` line) is read a message at a time, never whole; a directory's files are read in
 * name order (not its subdirectories: point it at a Maildir's `new/` or `cur/`). Safe to run again
 * on the same files: a delivery's bounce counts once.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type IntakeOutcome, MAX_REPORT_BYTES } from './bounce-intake.js';

async function startsWithFromLine(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    const { bytesRead } = await fh.read(buf, 0, 5, 0);
    return bytesRead === 5 && buf.toString('latin1') === 'From ';
  } finally {
    await fh.close();
  }
}

/** The messages of an mbox, one at a time (mboxrd: `>From ` lines lose one `>`). */
async function* mboxMessages(file: string): AsyncGenerator<Buffer> {
  // latin1 keeps every byte as one character, so the message's bytes come back unchanged.
  const lines = createInterface({ input: createReadStream(file, { encoding: 'latin1' }), crlfDelay: Number.POSITIVE_INFINITY });
  let current: string[] | null = null;
  let size = 0;
  for await (const line of lines) {
    if (line.startsWith('From ')) {
      if (current) yield Buffer.from(current.join('\n'), 'latin1');
      current = [];
      size = 0;
      continue;
    }
    if (!current) continue;
    size += line.length + 1;
    // A message past the intake's limit is passed on cut (it is counted as malformed there).
    if (size <= MAX_REPORT_BYTES + 1) current.push(line.replace(/^>(>*From )/, '$1'));
  }
  if (current) yield Buffer.from(current.join('\n'), 'latin1');
}

async function readWhole(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(size, MAX_REPORT_BYTES + 1));
    await fh.read(buf, 0, buf.length, 0);
    return buf;
  } finally {
    await fh.close();
  }
}

/** Every message under `path`: one file, an mbox, or a directory's files. */
export async function* savedReports(path: string): AsyncGenerator<Buffer> {
  const s = await stat(path);
  const files = s.isDirectory()
    ? (await readdir(path, { withFileTypes: true }))
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => join(path, e.name))
        .sort()
    : [path];
  for (const f of files) {
    if (await startsWithFromLine(f)) yield* mboxMessages(f);
    else yield await readWhole(f);
  }
}

const WORDS: Record<IntakeOutcome, string> = {
  hard: 'hard bounces (address stopped)',
  soft: 'soft bounces',
  'soft-escalated': 'soft bounces that stopped the address (three days)',
  complaint: 'complaints (reader unsubscribed)',
  ignored: 'not bounces (delay warnings, auto-replies)',
  unattributed: 'not matched to anything we sent',
  malformed: 'unreadable',
};

export function formatIntakeSummary(counts: ReadonlyMap<IntakeOutcome, number>): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const lines = [`${total} ${total === 1 ? 'message' : 'messages'} read.`];
  for (const [outcome, words] of Object.entries(WORDS) as [IntakeOutcome, string][]) {
    const n = counts.get(outcome) ?? 0;
    if (n > 0) lines.push(`  ${String(n).padStart(6)}  ${words}`);
  }
  return lines.join('\n');
}
