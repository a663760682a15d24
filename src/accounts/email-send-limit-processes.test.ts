/**
 * The per-recipient email limit holds across processes: two app instances, each with its own
 * connection pool and outbox, on one real PostgreSQL database (PGlite is one connection and
 * cannot show it), asked at once from many clients.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createLocalContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import { openPostgres } from '../db/connect.js';
import type { DbHandle } from '../db/database.js';
import { openServerPostgres } from '../db/test-databases.js';
import { readOutbox } from '../mail/eml-reader.js';
import { TestBrowser } from './account-test-support.js';

interface Instance {
  app: FastifyInstance;
  handle: DbHandle;
  dataDir: string;
}

describe('emails per recipient across two processes on the real PostgreSQL server', () => {
  let shared: DbHandle & { databaseUrl: string };
  const instances: Instance[] = [];
  const now = new Date('2026-12-07T00:10:00Z');

  async function instance(): Promise<Instance> {
    const handle = openPostgres(shared.databaseUrl, 4);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-limit-'));
    // Both processes share the signing keys, as a deployment's processes do.
    const config = loadConfig({
      NODE_ENV: 'test',
      MASTHEAD_DATA_DIR: dataDir,
      PUBLIC_URL: 'https://paper.test',
      MASTHEAD_SECRET_KEYS: 'a-shared-signing-key-of-enough-length-0123456789',
    });
    const { app } = await buildApp({
      config,
      handle,
      log: pino({ level: 'silent' }),
      events: createLocalContentEvents(),
      clock: () => now,
    });
    await app.ready();
    const made = { app, handle, dataDir };
    instances.push(made);
    return made;
  }
  const sentTo = (email: string) =>
    instances.flatMap((i) => readOutbox(path.join(i.dataDir, 'outbox'))).filter((m) => m.to === email).length;

  beforeAll(async () => {
    shared = await openServerPostgres();
  });
  afterAll(async () => {
    for (const i of instances) {
      await i.app.close();
      await i.handle.close();
      fs.rmSync(i.dataDir, { recursive: true, force: true });
    }
    await shared?.close();
  });

  it('of twelve requests at once, from twelve clients through two processes, exactly three send', async () => {
    const [a, b] = [await instance(), await instance()];
    const email = 'target@example.com';
    const forms = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const browser = new TestBrowser((i % 2 === 0 ? a : b).app);
        const page = await browser.get('/signin');
        const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        return { browser, token };
      }),
    );
    const codes = await Promise.all(
      forms.map(({ browser, token }, i) =>
        browser.post(i % 3 === 0 ? '/reset' : '/signin/link', { _csrf: token, email }).then((r) => r.statusCode),
      ),
    );
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(9);
    expect(sentTo(email)).toBe(3);
    const rows = await shared.db.selectFrom('email_sends').selectAll().execute();
    expect(rows.map((r) => r.sends)).toEqual([12]);
  });
});
