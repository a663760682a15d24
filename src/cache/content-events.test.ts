import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openPostgres } from '../db/connect.js';
import type { DbHandle } from '../db/database.js';
import { openServerPostgres } from '../db/test-databases.js';
import { SAMPLE_BODY, seedBasics } from '../test-support/test-app.js';
import { createPostgresContentEvents } from './content-events.js';
import { makeCachedPage, negotiateEncoding, PageCache } from './page-cache.js';

describe('page cache', () => {
  const page = (body: string) => makeCachedPage({ contentType: 'text/html', cacheControl: 'public', body });

  it('evicts the least recently used pages past its byte bound', () => {
    const one = page('a'.repeat(1000));
    const cache = new PageCache(one.size * 4 + 10);
    cache.set('1', one, 0);
    cache.set('2', page('b'.repeat(1000)), 0);
    cache.set('3', page('c'.repeat(1000)), 0);
    cache.get('1');
    cache.set('4', page('d'.repeat(1000)), 0);
    cache.set('5', page('e'.repeat(1000)), 0);
    expect(cache.get('2')).toBeUndefined();
    expect(cache.get('1')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(one.size * 4 + 10);
  });

  it('gives a page read since the last eviction another round, and drops the unread oldest', () => {
    const one = page('a'.repeat(1000));
    const cache = new PageCache(one.size * 4 + 10);
    for (const k of ['1', '2', '3', '4']) cache.set(k, page(k.repeat(1000)), 0);
    cache.get('1');
    cache.get('2');
    // 1 and 2 were read: 3 goes first though it is newer.
    cache.set('5', page('5'.repeat(1000)), 0);
    const present = () => ['1', '2', '3', '4', '5'].filter((k) => cache.get(k) !== undefined);
    expect(present()).toEqual(['1', '2', '4', '5']);
    // Every page read just now: the walk clears their marks and drops the oldest in its order.
    cache.set('6', page('6'.repeat(1000)), 0);
    expect(cache.stats().entries).toBe(4);
    expect(cache.get('6')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(one.size * 4 + 10);
  });

  it('replaces a page under the same key, counting its bytes once', () => {
    const cache = new PageCache(1e6);
    cache.set('k', page('a'.repeat(1000)), 0);
    const before = cache.stats().bytes;
    cache.set('k', page('b'.repeat(1000)), 0);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: before });
    expect(cache.get('k')?.body.toString()).toBe('b'.repeat(1000));
  });

  it('drops a page rendered before a change (no stale write-back)', () => {
    const cache = new PageCache(1e6);
    const v = cache.version;
    cache.clear();
    cache.set('k', page('old'), v);
    expect(cache.get('k')).toBeUndefined();
  });

  it.each([
    [undefined, 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', 'identity'],
    ['*', 'br'],
  ])('negotiates %s → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('cache invalidation across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let h: DbHandle & { databaseUrl: string };
  const dirs: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  async function startApp() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-mp-'));
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

  it('a change made by one process empties the page cache of another', async () => {
    const a = await startApp();
    const b = await startApp();
    await seedBasics(a.services);
    const before = await b.app.inject('/');
    expect(before.body).not.toContain('Night ferry returns');
    expect((await b.app.inject('/')).statusCode).toBe(200);
    expect(b.services.pageCache.stats().entries).toBeGreaterThan(0);

    await a.services.articles.create(
      { headline: 'Night ferry returns', section: 'news', authors: ['mara-quint'], status: 'published', body: SAMPLE_BODY },
      'test',
    );
    // The NOTIFY travels through the server: wait for it, bounded.
    const deadline = Date.now() + 5000;
    while (b.services.pageCache.stats().entries > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await b.app.inject('/')).body).toContain('Night ferry returns');
  });
});
