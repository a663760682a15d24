/**
 * Nothing missed, nothing twice, through crashes: `masthead newsletter send` runs as a child
 * process against a SQLite file (and the real PostgreSQL server) and a real SMTP server started
 * here, and is killed with SIGKILL many times at random points — some while a message is in
 * flight (the server has it and has not answered yet), some just after an answer — then run
 * again until it exits 0. Then, per recipient, what the server received: every reader of the
 * audience got the edition; a reader got it twice only with the same Message-ID, and there are
 * never more such copies than the in-flight limit per kill. A second test runs three senders at
 * once on each database, with no kill: nobody gets it twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import { openSqlite } from '../db/connect.js';
import type { DbHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { openServerPostgres } from '../db/test-databases.js';
import { createServices } from '../services.js';
import { seedBasics } from '../test-support/test-app.js';
import { countDeliveries } from './delivery-repository.js';
import { editionDateOf } from './edition.js';
import { insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

const RECIPIENTS = 300;
const IN_FLIGHT = 3;
const KEYS = 'a-shared-signing-key-of-enough-length-0123456789';

/** A small seeded generator, so a failing run can be repeated (the seed is in the test's name). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Place {
  dataDir: string;
  env: Record<string, string>;
  handle: DbHandle;
}

async function openPlace(dialect: 'sqlite' | 'postgres'): Promise<Place> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-crash-'));
  if (dialect === 'sqlite') {
    const handle = openSqlite(path.join(dataDir, 'masthead.sqlite'));
    await migrateToLatest(handle.db);
    return { dataDir, env: { DATABASE_URL: '' }, handle };
  }
  const handle = await openServerPostgres();
  return { dataDir, env: { DATABASE_URL: handle.databaseUrl }, handle };
}

/** Stories and readers: RECIPIENTS opted in, and a few who must get nothing. */
async function seed(place: Place, emails: string[]): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    MASTHEAD_DATA_DIR: place.dataDir,
    PUBLIC_URL: 'https://paper.test',
    MASTHEAD_SECRET_KEYS: KEYS,
  });
  const now = new Date();
  const s = createServices({
    config,
    handle: place.handle,
    clock: () => now,
    log: pino({ level: 'silent' }),
    events: createLocalContentEvents(),
  });
  await seedBasics(s);
  for (let i = 1; i <= 6; i++)
    await s.articles.create(
      {
        headline: `Story ${i}`,
        dek: `Dek ${i}`,
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: new Date(now.getTime() - i * 60_000),
        body: 'Body.',
      },
      'test',
    );
  await insertTestReaders(
    s.db,
    [
      ...emails.map((email) => ({ email, optedIn: true })),
      { email: 'not-opted-in@x.test' },
      { email: 'unconfirmed@x.test', verified: false, optedIn: true },
    ],
    now,
  );
}

function runSender(place: Place, sink: SmtpSink, date: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, ['bin/masthead.js', 'newsletter', 'send', '--date', date, ...extra], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MASTHEAD_DATA_DIR: place.dataDir,
      PUBLIC_URL: 'https://paper.test',
      MASTHEAD_SECRET_KEYS: KEYS,
      MASTHEAD_TIMEZONE: 'UTC',
      SMTP_URL: sink.url,
      MASTHEAD_NEWSLETTER_CONNECTIONS: String(IN_FLIGHT),
      MASTHEAD_NEWSLETTER_RATE: '0',
      // A killed sender's recipients come back after a second.
      MASTHEAD_NEWSLETTER_LEASE: '1s',
      ...place.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });

describe.each(['sqlite', 'postgres'] as const)('the sender killed at random points on %s', (dialect) => {
  const seedValue = Date.now() % 100_000;
  const next = random(seedValue);
  const emails = Array.from({ length: RECIPIENTS }, (_, i) => `reader${String(i).padStart(3, '0')}@x.test`);
  let place: Place;
  let sink: SmtpSink;
  let child: ChildProcess | undefined;
  /** Received count at which the running child is killed, and whether before or after the server's answer. */
  let killAt: { count: number; when: 'before' | 'after' } | undefined;
  let kills = 0;
  const maybeKill = (when: 'before' | 'after') => (received: number) => {
    if (killAt && killAt.when === when && received >= killAt.count && child && child.exitCode === null) {
      child.kill('SIGKILL');
      kills++;
      killAt = undefined;
    }
  };

  beforeAll(async () => {
    sink = await startSmtpSink({ beforeReply: maybeKill('before'), afterReply: maybeKill('after') });
    place = await openPlace(dialect);
    await seed(place, emails);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await sink?.close();
    await place?.handle.close();
    if (place) fs.rmSync(place.dataDir, { recursive: true, force: true });
  });

  it(`every reader gets the edition, a second copy only when in flight at a kill (seed ${seedValue})`, { timeout: 300_000 }, async () => {
    const date = editionDateOf(new Date(), 'UTC');
    const outcomes: string[] = [];
    for (let run = 0; run < 40; run++) {
      // 12 kills: at a random count 1–30 messages further on, half before the answer, half after.
      killAt =
        kills < 12 ? { count: sink.received.length + 1 + Math.floor(next() * 30), when: next() < 0.5 ? 'before' : 'after' } : undefined;
      child = runSender(place, sink, date);
      const exit = await exitOf(child);
      outcomes.push(exit.signal ?? String(exit.code));
      if (exit.code === 0) break;
      if (exit.signal !== 'SIGKILL') throw new Error(`the sender failed (${exit.code}): ${exit.output}`);
    }
    expect(outcomes[outcomes.length - 1]).toBe('0');
    expect(kills).toBeGreaterThanOrEqual(10);

    const byRecipient = new Map<string, string[]>();
    for (const m of sink.received) byRecipient.set(m.to, [...(byRecipient.get(m.to) ?? []), m.messageId]);
    // Every intended reader, and nobody else.
    expect([...byRecipient.keys()].sort()).toEqual(emails);
    let extra = 0;
    for (const [, ids] of byRecipient) {
      expect(new Set(ids).size).toBe(1);
      extra += ids.length - 1;
    }
    expect(extra).toBeLessThanOrEqual(kills * IN_FLIGHT);

    const edition = await place.handle.db
      .selectFrom('newsletter_editions')
      .select(['id', 'status'])
      .where('edition_date', '=', date)
      .executeTakeFirstOrThrow();
    expect(edition.status).toBe('sent');
    expect(await countDeliveries(place.handle.db, edition.id)).toMatchObject({
      accepted: RECIPIENTS,
      failed: 0,
      pending: 0,
      claimed: 0,
      sent: 0,
    });
  });
});

describe.each(['sqlite', 'postgres'] as const)('three senders at once on %s', (dialect) => {
  let place: Place;
  let sink: SmtpSink;
  const emails = Array.from({ length: 200 }, (_, i) => `reader${String(i).padStart(3, '0')}@x.test`);

  beforeAll(async () => {
    sink = await startSmtpSink();
    place = await openPlace(dialect);
    await seed(place, emails);
  });
  afterAll(async () => {
    await sink?.close();
    await place?.handle.close();
    if (place) fs.rmSync(place.dataDir, { recursive: true, force: true });
  });

  it('sends each reader the edition exactly once', { timeout: 120_000 }, async () => {
    const date = editionDateOf(new Date(), 'UTC');
    const exits = await Promise.all([0, 1, 2].map(() => exitOf(runSender(place, sink, date))));
    for (const e of exits) expect(e.code, e.output).toBe(0);
    const counts = sink.countsByRecipient();
    expect([...counts.keys()].sort()).toEqual(emails);
    for (const [to, n] of counts) expect({ to, n }).toEqual({ to, n: 1 });
  });
});
