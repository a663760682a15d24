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
describe.each(DIALECTS)('request logs on %s', (dialect) => {
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
    const entries = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string; network?: string } });
    const incoming = entries.filter((e) => e.msg === 'incoming request').map((e) => e.req);
    expect(incoming).toHaveLength(asks.length);
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
