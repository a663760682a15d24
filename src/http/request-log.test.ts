import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createLocalContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { clientNetwork, REDACTED, redactUrl } from './request-log.js';

describe('redactUrl', () => {
  it.each([
    ['/news', undefined, '/news'],
    ['/verify?token=abc123', undefined, `/verify?token=${REDACTED}`],
    ['/news/2026/11/25/harbour?gift=g1.sig', '/:section/:yyyy/:mm/:dd/:slug', `/news/2026/11/25/harbour?gift=${REDACTED}`],
    ['/signin?return=%2Fnews&x', undefined, `/signin?return=${REDACTED}&x=${REDACTED}`],
    ['/search?q=my+own+name', undefined, `/search?q=${REDACTED}`],
    ['/checkout/success?session_id=cs_test_123', undefined, `/checkout/success?session_id=${REDACTED}`],
    ['/checkout/demo/ses_9f8e7d', '/checkout/demo/:session', '/checkout/demo/:session'],
    ['/subscribe/offer/SPRING20?x=1', '/subscribe/offer/:code', `/subscribe/offer/:code?x=${REDACTED}`],
    ['/a?%41secret%42=1', undefined, `/a?${REDACTED}`],
    ['/a?', undefined, '/a'],
  ])('%s → %s', (url, pattern, expected) => {
    expect(redactUrl(url, pattern)).toBe(expected);
  });
});

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:42:1::9', '2001:db8:42::/48'],
    ['2001:0db8:0042:0001:0000:0000:0000:0009', '2001:db8:42::/48'],
    ['::ffff:198.51.100.7', '198.51.100.0/24'],
    ['::FFFF:198.51.100.7', '198.51.100.0/24'],
    ['::ffff:c633:6407', '198.51.100.0/24'],
    ['0:0:0:0:0:ffff:c633:6407', '198.51.100.0/24'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['::1', '0:0:0::/48'],
    ['not an address', undefined],
    [undefined, undefined],
  ])('%s → %s', (ip, expected) => {
    expect(clientNetwork(ip)).toBe(expected);
  });
});

// The real log stream of a real app: pino writing into memory, requests through HTTP.
describe.each(DIALECTS)('the access log on %s', (dialect) => {
  let app: FastifyInstance;
  let handle: DbHandle;
  let dataDir: string;
  const lines: string[] = [];
  const SECRETS = {
    token: 'tok_SIGNIN_7f3a9',
    gift: 'gift_CODE_44b1',
    session: 'ses_DEMO_c0ffee',
    cookie: 'COOKIE_SECRET_91ab',
    bearer: 'mh_BEARER_SECRET_77',
    reset: 'RESET_TOKEN_5e5e',
    search: 'my-own-name-query',
  };

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-log-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MASTHEAD_DATA_DIR: dataDir,
      PUBLIC_URL: 'https://paper.test',
      MASTHEAD_TRUSTED_PROXIES: '127.0.0.1',
      MASTHEAD_ACCESS_LOG: '1',
      // Every request here gets its access line, however slow a loaded machine makes it.
      MASTHEAD_SLOW_REQUEST_MS: '3600000',
    });
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    ({ app } = await buildApp({ config, handle, log, events: createLocalContentEvents() }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps no token, code, cookie, authorization or full client address', async () => {
    const v6 = '2001:db8:42:1::9';
    const asks: { url: string; ip?: string; headers?: Record<string, string>; method?: 'GET' | 'POST' }[] = [
      { url: `/verify?token=${SECRETS.token}`, ip: v6 },
      { url: `/news/2026/11/25/harbour?gift=${SECRETS.gift}`, ip: '203.0.113.77' },
      { url: `/?token=${SECRETS.token}`, ip: '::ffff:198.51.100.7' },
      { url: `/checkout/demo/${SECRETS.session}`, ip: v6 },
      { url: `/reset/confirm?token=${SECRETS.reset}`, ip: v6 },
      { url: `/search?q=${SECRETS.search}`, ip: v6 },
      { url: '/account', ip: v6, headers: { cookie: `mh_session=${SECRETS.cookie}` } },
      { url: '/api/v1/admin/articles', ip: v6, headers: { authorization: `Bearer ${SECRETS.bearer}` } },
      { url: `/no-such-page?token=${SECRETS.token}`, ip: v6 },
      { url: `/news/%E0%A4%A?token=${SECRETS.token}`, ip: v6 },
      { url: `/api/v1/admin/images?key=${SECRETS.bearer}`, ip: v6, method: 'POST', headers: { 'content-type': 'multipart/form-data' } },
    ];
    for (const a of asks) {
      const r = await app.inject({
        method: a.method ?? 'GET',
        url: a.url,
        remoteAddress: '127.0.0.1',
        headers: { ...(a.ip && { 'x-forwarded-for': a.ip }), 'user-agent': 'Mozilla/5.0', ...a.headers },
      });
      expect(r.statusCode, a.url).toBeLessThan(500);
    }
    const text = lines.join('');
    // The log did record these requests (a silent logger would pass the checks below).
    const entries = lines.map((l) => JSON.parse(l) as AccessLine);
    const completed = entries.filter((e) => e.msg === 'request completed');
    // One line per request, with its status and time.
    expect(completed).toHaveLength(asks.length);
    for (const e of completed) {
      expect(e.level).toBe(30);
      expect(e.res?.statusCode).toBeGreaterThanOrEqual(200);
      expect(e.responseTime).toBeTypeOf('number');
    }
    const incoming = completed.map((e) => e.req);
    expect(incoming[0]).toEqual({ method: 'GET', url: `/verify?token=${REDACTED}`, network: '2001:db8:42::/48' });
    expect(incoming[1]).toMatchObject({ url: `/news/2026/11/25/harbour?gift=${REDACTED}`, network: '203.0.113.0/24' });
    expect(incoming[2]).toMatchObject({ network: '198.51.100.0/24' });
    expect(incoming[3]).toMatchObject({ url: '/checkout/demo/:session' });
    expect(entries.some((e) => e.msg === 'request completed')).toBe(true);

    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    for (const address of [v6, '2001:db8:42:1:', '203.0.113.77', '198.51.100.7']) expect(text).not.toContain(address);
    // No header as a field (the 401's message may name the Authorization header it wants).
    expect(text).not.toMatch(/"(headers|cookie|authorization|user-agent)"\s*:/i);
    expect(text).not.toMatch(/mh_session|Mozilla/);
  });
});

interface AccessLine {
  level: number;
  msg: string;
  req?: { method: string; url: string; network?: string };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { message: string };
}

// The default configuration: a line only for what is wrong. Test-only routes fail or refuse.
describe.each(DIALECTS)('request logs by default on %s', (dialect) => {
  const t = logTestApp(dialect, {});

  it('writes no line for a request that went well, found or not', async () => {
    expect(await t.linesOf('/healthz', 200)).toEqual([]);
    expect(await t.linesOf('/?token=tok_HIDDEN_1', 200)).toEqual([]);
    expect(await t.linesOf('/test/fast?gift=gift_HIDDEN_2', 200)).toEqual([]);
    expect(await t.linesOf('/news/%E0%A4%A', 400)).toEqual([]);
  });

  it('writes no access line for a page not found (only the error handler notes its code, at info)', async () => {
    const got = await t.linesOf('/no-such-page', 404);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ level: 30, code: 'NOT_FOUND', status: 404 });
  });

  it('writes exactly one line for a server error: the error handler line, with its cause', async () => {
    const got = await t.linesOf('/test/boom?code=CODE_3', 500);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      level: 50,
      msg: 'request failed',
      err: { message: 'the test route failed' },
      req: { method: 'GET', url: `/test/boom?code=${REDACTED}`, network: '203.0.113.0/24' },
    });
  });

  it('writes one warn line for a server error no error handler saw', async () => {
    const got = await t.linesOf('/test/refuse', 503);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ level: 40, msg: 'server error', res: { statusCode: 503 }, req: { url: '/test/refuse' } });
  });

  it('keeps no secret, header or full address in any of those lines', () => {
    t.expectNoSecret(['tok_HIDDEN_1', 'gift_HIDDEN_2', 'CODE_3']);
  });
});

// A slow request on a threshold of 20 ms: the test route waits three times that.
describe('slow requests', () => {
  const SLOW_MS = 20;
  const t = logTestApp('sqlite', { MASTHEAD_SLOW_REQUEST_MS: String(SLOW_MS) }, SLOW_MS * 3);

  it('writes one warn line for a slow request, with its time, redacted address and network', async () => {
    const got = await t.linesOf('/test/slow?token=tok_SLOW_4', 200);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      level: 40,
      msg: 'slow request',
      req: { method: 'GET', url: `/test/slow?token=${REDACTED}`, network: '203.0.113.0/24' },
      res: { statusCode: 200 },
    });
    expect(got[0]?.responseTime).toBeGreaterThanOrEqual(SLOW_MS);
    t.expectNoSecret(['tok_SLOW_4']);
  });
});

/** A real app at `LOG_LEVEL=info` writing into memory, with test-only routes; `env` adds settings. */
function logTestApp(dialect: (typeof DIALECTS)[number], env: Record<string, string>, slowRouteMs = 0) {
  let app: FastifyInstance;
  let handle: DbHandle;
  let dataDir: string;
  const lines: string[] = [];
  const COOKIE = 'SECRET_COOKIE_1';
  const ADDRESS = '203.0.113.77';

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-log-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MASTHEAD_DATA_DIR: dataDir,
      PUBLIC_URL: 'https://paper.test',
      MASTHEAD_TRUSTED_PROXIES: '127.0.0.1',
      ...env,
    });
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    ({ app } = await buildApp({ config, handle, log, events: createLocalContentEvents() }));
    app.get('/test/fast', async () => ({ ok: true }));
    app.get('/test/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, slowRouteMs));
      return { ok: true };
    });
    app.get('/test/boom', async () => {
      throw new Error('the test route failed');
    });
    app.get('/test/refuse', async (_request, reply) => reply.code(503).send({ status: 'refused' }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    /** The lines one request writes. */
    async linesOf(url: string, expectedStatus: number): Promise<AccessLine[]> {
      const before = lines.length;
      const r = await app.inject({
        url,
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': ADDRESS, cookie: `mh_session=${COOKIE}`, 'user-agent': 'Mozilla/5.0' },
      });
      expect(r.statusCode, url).toBe(expectedStatus);
      return lines.slice(before).map((l) => JSON.parse(l) as AccessLine);
    },
    expectNoSecret(secrets: string[]) {
      const text = lines.join('');
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of [...secrets, COOKIE, ADDRESS]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/"(headers|cookie|authorization|user-agent)"\s*:/i);
      expect(text).not.toMatch(/Mozilla/);
    },
  };
}
