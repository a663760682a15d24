/**
 * The mail part of the bench (issue 15, "Speed"): `masthead newsletter send` — the real command,
 * on a SQLite bench database of N readers opted in to the daily email — against a local SMTP sink
 * (bench/mail-sink.ts, its own process, counting what it accepted), compared with a bare pooled
 * nodemailer loop (bench/mail-bare.ts) sending the same message to the same sink in the same run:
 *   1. DKIM off: our rate ≥ 50 % of the bare loop's;
 *   2. DKIM on (RSA-2048): ≥ 400 messages/s;
 *   3. the sender's peak RSS for a large audience vs a small one (the audience is streamed, so it
 *      must not grow with it).
 * Rates are the sink's: messages it accepted between its first and last acceptance of a send
 * (the sender's start-up and edition assembly are not in it; the wall time with them is shown).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { createLocalContentEvents } from '../src/cache/content-events.js';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createServices } from '../src/services.js';
import { seedBasics } from '../src/test-support/test-app.js';
import type { MailResult, SendFigures } from './mail-report.js';

const KEYS = 'bench-mail-signing-key-of-enough-length-0123456789';
const PUBLIC_URL = 'https://paper.bench';

export interface MailBenchOptions {
  root: string;
  recipients: number;
  connections: number;
  /** [small, large] audiences for the memory check; undefined: skipped. */
  memoryPair?: [number, number];
  log: (line: string) => void;
}

interface Sink {
  port: number;
  sample: string;
  stats(): Promise<{ accepted: number; firstAt: number; lastAt: number }>;
  reset(): Promise<void>;
  close(): void;
}

async function startSink(root: string, dir: string): Promise<Sink> {
  const sample = path.join(dir, 'sample.eml');
  const child = fork(path.join(root, 'bench', 'mail-sink.ts'), [sample], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  const reply = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
    });
  const { port } = await reply<{ port: number }>('ready');
  return {
    port,
    sample,
    async stats() {
      const r = reply<{ accepted: number; firstAt: number; lastAt: number }>('stats');
      child.send({ type: 'stats' });
      return r;
    },
    async reset() {
      const r = reply('reset');
      child.send({ type: 'reset' });
      await r;
    },
    close: () => child.disconnect(),
  };
}

/** A bench paper on SQLite: two sections, eight stories, and `count` readers opted in. */
async function seedPaper(dataDir: string, count: number, log: (l: string) => void): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const handle = openSqlite(path.join(dataDir, 'masthead.sqlite'));
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, PUBLIC_URL, MASTHEAD_SECRET_KEYS: KEYS });
    const now = new Date();
    const s = createServices({ config, handle, clock: () => now, log: pino({ level: 'silent' }), events: createLocalContentEvents() });
    await seedBasics(s);
    for (let i = 1; i <= 8; i++)
      await s.articles.create(
        {
          headline: `Harbour story number ${i} of the morning`,
          dek: `What happened at the harbour, part ${i}, in a sentence or two for the email.`,
          section: i % 2 ? 'news' : 'sport',
          authors: ['mara-quint'],
          status: 'published',
          publishedAt: new Date(now.getTime() - i * 60_000),
          body: 'The harbour authority voted on Tuesday to delay the dredging of the north channel.',
        },
        'bench',
      );
    await addReaders(dataDir, 0, count, log);
  } finally {
    await handle.close();
  }
}

/** Readers `reader<from>` … `reader<to - 1>`@bench.test, verified and opted in, in transactions of 10,000. */
async function addReaders(dataDir: string, from: number, to: number, log: (l: string) => void): Promise<void> {
  const handle = openSqlite(path.join(dataDir, 'masthead.sqlite'));
  const at = new Date(Date.now() - 86_400_000);
  const prefs = JSON.stringify({ dailyEmail: true, offers: false });
  try {
    for (let i = from; i < to; i += 10_000) {
      const end = Math.min(to, i + 10_000);
      await handle.db.transaction().execute(async (tx) => {
        for (let j = i; j < end; j += 500) {
          const rows = [];
          for (let k = j; k < Math.min(end, j + 500); k++)
            rows.push({
              id: uuidv7(),
              email: `reader${k}@bench.test`,
              email_verified_at: at,
              password_hash: null,
              email_preferences: prefs,
              closed_at: null,
              created_at: at,
              updated_at: at,
            });
          await tx.insertInto('readers').values(rows).execute();
        }
      });
      if ((end - from) % 100_000 === 0 || end === to) log(`  mail: ${end} readers`);
    }
  } finally {
    await handle.close();
  }
}

function vmHwmMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** `masthead newsletter send --date <date>` as a user runs it (production, default log level). */
async function send(opts: {
  root: string;
  dataDir: string;
  sink: Sink;
  date: string;
  recipients: number;
  connections: number;
  dkim?: Record<string, string>;
}): Promise<SendFigures> {
  await opts.sink.reset();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['bin/masthead.js', 'newsletter', 'send', '--date', opts.date], {
    cwd: opts.root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      MASTHEAD_DEMO_PAYMENTS: '1',
      PUBLIC_URL,
      MASTHEAD_DATA_DIR: opts.dataDir,
      MASTHEAD_SECRET_KEYS: KEYS,
      MASTHEAD_TIMEZONE: 'UTC',
      SMTP_URL: `smtp://127.0.0.1:${opts.sink.port}`,
      MASTHEAD_NEWSLETTER_CONNECTIONS: String(opts.connections),
      MASTHEAD_NEWSLETTER_RATE: '0',
      ...opts.dkim,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => {
    errors = (errors + d.toString()).slice(-4000);
  });
  let peak = 0;
  const pid = child.pid ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, vmHwmMb(pid));
  }, 50);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearInterval(timer);
  const wallSeconds = (performance.now() - started) / 1000;
  const s = await opts.sink.stats();
  const seconds = Math.max(0.001, (s.lastAt - s.firstAt) / 1000);
  if (exitCode !== 0) throw new Error(`masthead newsletter send exited ${exitCode}:\n${errors}`);
  return {
    recipients: opts.recipients,
    accepted: s.accepted,
    seconds,
    perSecond: s.accepted / seconds,
    wallSeconds,
    peakRssMb: peak,
    exitCode,
  };
}

/** The message our sender sent, as the bare loop's parts: rendered by the same edition, its headers from the sink's copy. */
async function bareMessage(dataDir: string, date: string, sample: string, file: string): Promise<void> {
  const raw = fs.readFileSync(sample, 'utf8');
  const head = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const handle = openSqlite(path.join(dataDir, 'masthead.sqlite'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, PUBLIC_URL, MASTHEAD_SECRET_KEYS: KEYS });
    const s = createServices({
      config,
      handle,
      log: pino({ level: 'silent' }),
      events: createLocalContentEvents(),
      clock: () => new Date(),
    });
    const rendered = await s.newsletter.render(date);
    const unsubscribe = /<(https:[^>]+)>/.exec(header('List-Unsubscribe'))?.[1] ?? `${PUBLIC_URL}/newsletter/unsubscribe`;
    const body = rendered.forRecipient({ unsubscribeUrl: unsubscribe, preferencesUrl: `${PUBLIC_URL}/account` });
    const message = {
      from: header('From'),
      subject: body.subject,
      html: body.html,
      text: body.text,
      headers: { 'List-Unsubscribe': header('List-Unsubscribe'), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
    fs.writeFileSync(file, JSON.stringify(message));
  } finally {
    await handle.close();
  }
}

async function sendBare(root: string, file: string, sink: Sink, recipients: number, connections: number): Promise<SendFigures> {
  await sink.reset();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/mail-bare.ts', file, String(sink.port), String(recipients), String(connections)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const wallSeconds = (performance.now() - started) / 1000;
  if (exitCode !== 0) throw new Error(`the bare nodemailer loop exited ${exitCode}`);
  const s = await sink.stats();
  const seconds = Math.max(0.001, (s.lastAt - s.firstAt) / 1000);
  JSON.parse(out);
  return { recipients, accepted: s.accepted, seconds, perSecond: s.accepted / seconds, wallSeconds, peakRssMb: 0, exitCode };
}

/** An edition date per send (each date's edition is sent once): days from a fixed start. */
const dateAt = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);

export async function runMailBench(opts: MailBenchOptions): Promise<MailResult> {
  const { root, recipients, connections, log } = opts;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-mail-'));
  const sink = await startSink(root, dir);
  try {
    const dataDir = path.join(dir, 'paper');
    log(`  mail: seeding ${recipients} readers`);
    await seedPaper(dataDir, recipients, log);
    log('  mail: masthead newsletter send, DKIM off');
    const plain = await send({ root, dataDir, sink, date: dateAt(0), recipients, connections });
    log('  mail: bare pooled nodemailer loop, the same message');
    const file = path.join(dir, 'message.json');
    await bareMessage(dataDir, dateAt(0), sink.sample, file);
    const bare = await sendBare(root, file, sink, recipients, connections);
    log('  mail: masthead newsletter send, DKIM RSA-2048');
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dir, 'dkim.pem');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const dkimEnv = { MASTHEAD_DKIM_DOMAIN: 'paper.bench', MASTHEAD_DKIM_SELECTOR: 'bench', MASTHEAD_DKIM_PRIVATE_KEY_FILE: keyFile };
    const dkim = await send({ root, dataDir, sink, date: dateAt(1), recipients, connections, dkim: dkimEnv });
    const result: MailResult = { connections, bare, plain, dkim };
    if (opts.memoryPair) {
      const [small, large] = opts.memoryPair;
      const memDir = path.join(dir, 'memory');
      log(`  mail: memory, seeding ${small} readers`);
      await seedPaper(memDir, small, log);
      const smallRun = await send({ root, dataDir: memDir, sink, date: dateAt(2), recipients: small, connections });
      log(`  mail: memory, adding readers up to ${large}`);
      await addReaders(memDir, small, large, log);
      const largeRun = await send({ root, dataDir: memDir, sink, date: dateAt(3), recipients: large, connections });
      result.memory = { small: smallRun, large: largeRun };
    }
    return result;
  } finally {
    sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
