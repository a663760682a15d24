/**
 * Test support: a whole app on a fresh database of either dialect, with a settable clock.
 * Use `app.inject` for HTTP; nothing listens unless a test asks for it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../app.js';
import { insertAuthor } from '../authors/author-repository.js';
import { createLocalContentEvents } from '../cache/content-events.js';
import { type Config, loadConfig } from '../config.js';
import type { DbHandle } from '../db/database.js';
import { openTestDatabase } from '../db/test-databases.js';
import { insertSection } from '../sections/section-repository.js';
import type { Services } from '../services.js';
import type { PaymentsGateway } from '../subscriptions/index.js';

const noDns = () => Promise.reject(Object.assign(new Error('no DNS in tests'), { code: 'ENOTFOUND' }));
const NO_DNS = { reverse: noDns, resolve4: noDns, resolve6: noDns };

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  handle: DbHandle;
  config: Config;
  /** The test's clock: move it with `clock.set(date)`. */
  clock: { now: Date; set(d: Date): void; advance(ms: number): void };
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The payments gateway the app uses instead of the config's (a test's fake provider). */
  paymentsGateway?: PaymentsGateway;
}

export async function createTestApp(
  dialect: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const handle = await openTestDatabase(dialect);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-data-'));
  const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, PUBLIC_URL: 'https://paper.test', ...env });
  const clock = {
    now: new Date('2026-11-25T09:00:00Z'),
    set(d: Date) {
      clock.now = d;
    },
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const { app, services } = await buildApp({
    config,
    handle,
    log: pino({ level: 'silent' }),
    events: createLocalContentEvents(),
    clock: () => clock.now,
    // No test may ask the real DNS: every lookup fails at once (crawler tests start their own server).
    dnsResolver: NO_DNS,
    ...(options.paymentsGateway ? { paymentsGateway: options.paymentsGateway } : {}),
  });
  await app.ready();
  return {
    app,
    services,
    handle,
    config,
    clock,
    async close() {
      await app.close();
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A section and an author, the least an article needs. */
export async function seedBasics(s: Services, at = new Date('2026-11-01T00:00:00Z')) {
  const section = { id: uuidv7(), slug: 'news', name: 'News', description: 'Local news.', position: 0 };
  await insertSection(s.db, section, at);
  const section2 = { id: uuidv7(), slug: 'sport', name: 'Sport', description: 'Games.', position: 1 };
  await insertSection(s.db, section2, at);
  const author = { id: uuidv7(), slug: 'mara-quint', name: 'Mara Quint', bio: 'Covers the city.', photoImageId: null };
  await insertAuthor(s.db, author, at);
  const author2 = { id: uuidv7(), slug: 'tobias-renn', name: 'Tobias Renn', bio: 'Politics.', photoImageId: null };
  await insertAuthor(s.db, author2, at);
  s.events.changed();
  return { section, section2, author, author2 };
}

export const SAMPLE_BODY = `The harbour authority voted on Tuesday to delay the dredging of the north channel.

Officials said the silt samples needed more testing before any work could begin.

## What happens next

> "We will not rush this," said the authority's chair.

- Samples go to the lab this week.
- A report is due in January.

The ferry timetable is not affected.`;
