/**
 * A group licence made in one process reaches another at once on PostgreSQL: the change event's
 * NOTIFY makes every process forget its cached organisations (without it, the other process would
 * go on answering from its cache for 30 seconds).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createPostgresContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import { openPostgres } from '../db/connect.js';
import type { DbHandle } from '../db/database.js';
import { openServerPostgres } from '../db/test-databases.js';

describe('group licences across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let h: DbHandle & { databaseUrl: string };
  const dirs: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  async function startApp() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-orgs-mp-'));
    dirs.push(dataDir);
    const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, DATABASE_URL: h.databaseUrl });
    const log = pino({ level: 'silent' });
    const handle = openPostgres(h.databaseUrl, 3);
    const events = await createPostgresContentEvents(h.databaseUrl, log);
    const built = await buildApp({ config, handle, log, events });
    closers.push(async () => {
      await built.app.close();
      await events.close();
      await handle.close();
    });
    return built;
  }

  beforeAll(async () => {
    h = await openServerPostgres();
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await h.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a licence made, then ended, in one process is honoured by the other at once', async () => {
    const a = await startApp();
    const b = await startApp();
    const web = async () => (await b.services.entitlements.entitlementsFor({ clientIp: '198.18.9.4', at: new Date() })).entitlements;
    /** The NOTIFY travels through the server: wait for the answer, bounded. */
    const eventually = async (want: string[]) => {
      const deadline = Date.now() + 5000;
      while (JSON.stringify(await web()) !== JSON.stringify(want) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await web()).toEqual(want);
    };
    expect(await web()).toEqual([]); // b has cached the organisations: none covers this address

    const o = await a.services.organisations.create({
      name: 'Two-process Library',
      ipRanges: ['198.18.9.0/24'],
      emailDomains: [],
      seatLimit: 1,
      validUntil: null,
      contactName: '',
      contactEmail: '',
      active: true,
    });
    await eventually(['web']);
    await a.services.organisations.deactivate(o.id);
    await eventually([]);
  });
});
