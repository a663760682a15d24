/**
 * Gift links under concurrency, on the real PostgreSQL server (PGlite is one connection and
 * cannot show a race): first visits at once to a
 * one-reader link admit exactly one browser, makes at once never pass the month's allowance, and
 * a friend's cookie copied to many clients loading the article page at once gets no more page
 * loads than its place allows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { buildApp } from '../app.js';
import { type Article, articlePath } from '../articles/article.js';
import { createLocalContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import type { DbHandle } from '../db/database.js';
import { openServerPostgres } from '../db/test-databases.js';
import { seedBasics, type TestApp } from '../test-support/test-app.js';
import { GIFT_COOKIE } from './gift-cookie.js';
import { DEFAULT_GIFT_LINK_POLICY } from './gift-link.js';
import { admitIn, probeApp, publishArticle, signedInReader, tokenOf } from './gift-link-test-support.js';

const T0 = new Date('2026-11-25T09:00:00Z');

describe('gift links on the real PostgreSQL server', () => {
  let t: TestApp;
  let handle: DbHandle;
  let probe: FastifyInstance;
  let article: Article;
  let dataDir: string;

  beforeAll(async () => {
    handle = await openServerPostgres();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-gift-'));
    const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, PUBLIC_URL: 'https://paper.test' });
    const clock = {
      now: T0,
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
    });
    await app.ready();
    t = { app, services, handle, config, clock, close: async () => {} };
    await seedBasics(services);
    article = await publishArticle(t);
    probe = await probeApp(services.giftLinks);
  });
  afterAll(async () => {
    await probe?.close();
    await t?.app.close();
    await handle?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const make = (readerId: string, policy = DEFAULT_GIFT_LINK_POLICY) =>
    t.services.giftLinks.create({ readerId, articleId: article.id, articlePath: articlePath(article, t.config.timezone), policy });

  it('first visits at once to a one-reader link: exactly one browser is admitted', async () => {
    const { id } = await signedInReader(t);
    const many = { ...DEFAULT_GIFT_LINK_POLICY, perMonth: 100 };
    for (let round = 0; round < 10; round++) {
      const token = tokenOf((await make(id, many)).url);
      const browsers = Array.from({ length: 6 }, () => new TestBrowser(probe));
      const results = await Promise.all(browsers.map((b) => admitIn(b, article.id, token)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(5).fill('used-up'));
      const winner = browsers[results.findIndex((r) => r.ok)] as TestBrowser;
      expect((await admitIn(winner, article.id, token)).ok).toBe(true);
    }
    const listed = await t.services.giftLinks.listForReader(id);
    expect(listed.map((l) => l.readers)).toEqual(Array(10).fill(1));
  });

  it('one browser opening a link twice at once is admitted both times, and counted once', async () => {
    const { id } = await signedInReader(t);
    const b = new TestBrowser(probe);
    // The browser has its id from an earlier link; the new one is not in its cookie yet.
    expect((await admitIn(b, article.id, tokenOf((await make(id)).url))).ok).toBe(true);
    for (let round = 0; round < 5; round++) {
      const token = tokenOf((await make(id, { ...DEFAULT_GIFT_LINK_POLICY, perMonth: 100 })).url);
      const results = await Promise.all([admitIn(b, article.id, token), admitIn(b, article.id, token), admitIn(b, article.id, token)]);
      expect(results.every((r) => r.ok)).toBe(true);
      expect((await t.services.giftLinks.listForReader(id))[0]?.readers).toBe(1);
    }
  });

  it('a copied cookie on many clients at once: the article page gives the gift exactly as often as the place allows', async () => {
    const { id } = await signedInReader(t);
    const path = articlePath(article, t.config.timezone);
    for (let round = 0; round < 3; round++) {
      const policy = { ...DEFAULT_GIFT_LINK_POLICY, perMonth: 100, readsPerReader: 5 };
      const made = await t.services.giftLinks.create({ readerId: id, articleId: article.id, articlePath: path, policy });
      const url = made.url.slice(t.config.publicUrl.length);
      const friend = new TestBrowser(t.app);
      const gifted = (body: string) => body.includes('A subscriber gave you this article.');
      expect(gifted((await friend.get(url)).body)).toBe(true); // load 1 of 5
      const copies = Array.from({ length: 12 }, () => {
        const b = new TestBrowser(t.app);
        b.cookies.set(GIFT_COOKIE, friend.cookies.get(GIFT_COOKIE) as string);
        return b;
      });
      const pages = await Promise.all(copies.map((b) => b.get(url)));
      expect(pages.every((p) => p.statusCode === 200)).toBe(true);
      expect(pages.filter((p) => gifted(p.body))).toHaveLength(4);
      expect(pages.filter((p) => p.body.includes('opened as many times as it allows'))).toHaveLength(8);
      const linkId = (await t.services.giftLinks.listForReader(id))[0]?.id ?? '';
      const rows = await t.services.db.selectFrom('gift_link_readers').select('reads').where('link_id', '=', linkId).execute();
      expect(rows.map((r) => r.reads)).toEqual([5]);
    }
  });

  it('makes at once at the month’s last link: exactly one succeeds', async () => {
    const { id } = await signedInReader(t);
    const policy = { ...DEFAULT_GIFT_LINK_POLICY, perMonth: 3 };
    await make(id, policy);
    await make(id, policy);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => make(id, policy)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'GIFT_LINK_LIMIT' });
    expect(await t.services.giftLinks.listForReader(id)).toHaveLength(3);
  });
});
