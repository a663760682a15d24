/**
 * The bypass suite: every way around the meter we know of, through HTTP. A reader on
 * one network has used the network's one fresh meter and its three free articles; each attempt
 * must leave the walled text out of the response — page, JSON-LD, meta tags, feeds, Content API,
 * search, sitemaps, every query-string variant — and must not make a shared cache keep a page
 * that carries it.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { articleKey, METER_COOKIE, newMeterId, signMeterId } from './meter-cookie.js';
import { DEFAULT_METER_POLICY } from './meter-policy.js';
import {
  meterOf,
  publishStories,
  signedInReader,
  subscribeReader,
  type TestStory,
  twoProcessesOnServer,
  WALLED_SENTENCE,
} from './meter-test-support.js';

const ATTACKER = '203.0.113.9';

const meterCookieOf = (r: LightMyRequestResponse): string =>
  (r.cookies as { name: string; value: string }[]).find((c) => c.name === METER_COOKIE)?.value ?? 'none';
const GOOGLEBOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const BINGBOT_UA = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
const GOOGLEBOT_IP = '66.249.66.1';

describe.each(DIALECTS)('the bypass suite on %s', (dialect) => {
  let t: TestApp;
  let stories: TestStory[];
  let premium: TestStory;
  /** The attacker's browser: three free articles read, the network's one fresh meter spent. */
  let spent: TestBrowser;
  let target: TestStory;

  const get = (url: string, headers: Record<string, string> = {}, remoteAddress = ATTACKER) =>
    t.app.inject({ method: 'GET', url, remoteAddress, headers });

  /** The walled text is nowhere in the response, and the response is not a full page for shared caches. */
  function sealed(r: LightMyRequestResponse): void {
    expect(r.statusCode).toBeLessThan(500);
    expect(r.body).not.toContain(WALLED_SENTENCE);
    // The third paragraph is past the two-paragraph lead-in.
    expect(r.body).not.toMatch(/Third paragraph of story/);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    await seedBasics(t.services);
    stories = await publishStories(t, 6);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    target = stories[3] as TestStory;
    await t.services.meterSettings.savePolicy({ ...DEFAULT_METER_POLICY, networkFreshMeters: 1 }, t.clock.now);
    spent = new TestBrowser(t.app, ATTACKER);
    for (let i = 0; i < 3; i++) expect(meterOf(await spent.get((stories[i] as TestStory).path))).toMatchObject({ used: i + 1 });
    expect(meterOf(await spent.get(target.path))).toBe('walled');
  });
  afterAll(async () => {
    await t.close();
  });

  it('with the spent meter, and with no cookie at all', async () => {
    sealed(await spent.get(target.path));
    sealed(await spent.get(premium.path));
    sealed(await get(target.path));
    sealed(await get(premium.path));
  });

  it('with the cookie deleted, from another address on the same network (a private window, a new phone)', async () => {
    sealed(await new TestBrowser(t.app, '203.0.113.10').get(target.path));
    sealed(await new TestBrowser(t.app, '::ffff:203.0.113.11').get(target.path));
  });

  it('with a forged, tampered, truncated, foreign or old-format cookie', async () => {
    const real = spent.cookies.get(METER_COOKIE) as string;
    const [v, id, mac] = real.split('.') as [string, string, string];
    const attempts = [
      `${v}.${newMeterId()}.${mac}`, // another id under this signature
      `${v}.${id}.${'A'.repeat(22)}`,
      signMeterId(newMeterId(), ['a guessed key that is long enough to sign']).value,
      real.slice(0, -3),
      `${real}.extra`,
      'null',
      '1.2026-12..', // the old format, which held its own count
      `1.2026-12.${articleKey(target.id)}.${mac}`,
      encodeURIComponent('{"used":0}'),
    ];
    for (const cookie of attempts) sealed(await get(target.path, { cookie: `${METER_COOKIE}=${cookie}` }));
  });

  it('with the meter cookie kept from the first read and sent back with each later read', async () => {
    // A reader on a network of their own keeps the cookie of their first read and replays it.
    const ip = '192.0.2.70';
    const first = await get((stories[0] as TestStory).path, {}, ip);
    expect(meterOf(first)).toEqual({ used: 1, allowance: 3 });
    const kept = `${METER_COOKIE}=${meterCookieOf(first)}`;
    for (const [i, used] of [
      [1, 2],
      [2, 3],
    ] as const) {
      const r = await get((stories[i] as TestStory).path, { cookie: kept }, ip);
      expect(meterOf(r)).toEqual({ used, allowance: 3 });
      // The cookie never changes: there is nothing in it to rewind.
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    sealed(await get(target.path, { cookie: kept }, ip));
    expect(meterOf(await get(target.path, { cookie: kept }, ip))).toBe('walled');
    // Copied to another client on another network: the same meter, spent.
    sealed(await get(target.path, { cookie: kept }, '198.18.7.7'));
    // Re-reading what it counted stays free.
    expect(meterOf(await get((stories[0] as TestStory).path, { cookie: kept }, '198.18.7.7'))).toEqual({ used: 3, allowance: 3 });
  });

  it('with several requests at once on the last free read', async () => {
    const ip = '198.18.20.80'; // a network of its own: the suite allows one fresh meter per network
    const first = await get((stories[0] as TestStory).path, {}, ip);
    const cookie = `${METER_COOKIE}=${meterCookieOf(first)}`;
    expect(meterOf(await get((stories[1] as TestStory).path, { cookie }, ip))).toEqual({ used: 2, allowance: 3 });
    const others = [...stories.slice(2), premium];
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => get((others[i % others.length] as TestStory).path, { cookie }, ip)),
    );
    const full = answers.filter((r) => r.body.includes(WALLED_SENTENCE));
    const read = new Set(full.map((r) => r.body));
    // One more story, however many times it was asked for at once; everything else walled.
    expect(read.size).toBe(1);
    for (const r of answers.filter((x) => !x.body.includes(WALLED_SENTENCE))) sealed(r);
    const after = await Promise.all(others.map((s) => get(s.path, { cookie }, ip)));
    expect(after.filter((r) => r.body.includes(WALLED_SENTENCE))).toHaveLength(1);
  });

  it('from every textual form of one address, as one network', async () => {
    const forms = ['198.51.100.1', '::ffff:198.51.100.1', '::ffff:c633:6401', '::FFFF:C633:6401', '0:0:0:0:0:ffff:c633:6401'];
    const [firstForm, ...rest] = forms as [string, ...string[]];
    expect(meterOf(await get(target.path, {}, firstForm))).toEqual({ used: 1, allowance: 3 });
    // The network's one fresh meter is spent: no other spelling starts another.
    for (const form of [...rest, '0000:0000:0000:0000:0000:ffff:c633:6402', '::ffff:198.51.100.200']) {
      const r = await get((stories[4] as TestStory).path, {}, form);
      sealed(r);
      expect(meterOf(r)).toBe('walled');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
  });

  it('with last month’s cookie replayed', async () => {
    t.clock.set(new Date('2026-11-15T10:00:00Z'));
    const november = new TestBrowser(t.app, '192.0.2.50');
    expect(meterOf(await november.get((stories[5] as TestStory).path))).toMatchObject({ used: 1 });
    const old = november.cookies.get(METER_COOKIE) as string;
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    sealed(await get(target.path, { cookie: `${METER_COOKIE}=${old}` }));
  });

  it('as Googlebot or Bingbot from an address that is not theirs, however forwarded', async () => {
    for (const ua of [GOOGLEBOT_UA, BINGBOT_UA, 'Googlebot', 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X) Googlebot/2.1']) {
      sealed(await get(target.path, { 'user-agent': ua }));
      sealed(await get(premium.path, { 'user-agent': ua }));
      sealed(await get(target.path, { 'user-agent': ua, 'x-forwarded-for': GOOGLEBOT_IP }));
      sealed(await get(target.path, { 'user-agent': ua, forwarded: `for=${GOOGLEBOT_IP}` }));
      sealed(await get(target.path, { 'user-agent': ua, 'x-real-ip': GOOGLEBOT_IP }));
      sealed(await get(target.path, { 'user-agent': ua, 'x-forwarded-for': `${GOOGLEBOT_IP}, ${ATTACKER}` }));
    }
  });

  it('arriving from a search engine or a social site, or with UTM and unknown query parameters', async () => {
    for (const referer of [
      'https://www.google.com/',
      'https://news.google.com/articles/x',
      'https://t.co/abc',
      'https://www.facebook.com/',
    ]) {
      sealed(await get(target.path, { referer }));
    }
    for (const q of [
      '?utm_source=twitter&utm_medium=social',
      '?amp=1',
      '?print=1',
      '?format=json',
      '?output=amp',
      '?gclid=abc&fbclid=def',
      '?gift=',
      '?gift=not-a-token',
      '?gift[]=x',
      '?page=2',
      '?nometer=1&paywall=false',
    ]) {
      const r = await get(`${target.path}${q}`);
      sealed(r);
    }
    sealed(await get(`${target.path}/`));
    sealed(await get(`${target.path}.json`));
    sealed(await get(`${target.path}/amp`));
  });

  it('in JSON-LD and meta tags: no articleBody, descriptions from the dek', async () => {
    const r = await get(target.path);
    sealed(r);
    const ld = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(r.body)?.[1] as string;
    const data = JSON.parse(ld);
    expect(data.articleBody).toBeUndefined();
    expect(data.isAccessibleForFree).toBe(false);
    expect(data.hasPart).toEqual({ '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.paywalled' });
    expect(r.body).toMatch(/<meta name="description" content="The dek of story \d+\."/);
    expect(r.body).toMatch(/<meta property="og:description" content="The dek of story \d+\."/);
  });

  it('in feeds, sitemaps, the Content API and search', async () => {
    for (const url of [
      '/feed.xml',
      '/atom.xml',
      '/news/feed.xml',
      '/sitemap.xml',
      '/news-sitemap.xml',
      '/api/v1/articles',
      '/api/v1/articles?per_page=50',
      `/api/v1/articles/${target.id}`,
      `/api/v1/articles/${premium.id}`,
      '/search?q=zebra',
      '/search?q=quartz+lantern',
      '/search?q=walled+sentence',
      '/search?q=third+paragraph',
    ]) {
      sealed(await get(url));
    }
  });

  it('by replaying what a subscriber was sent, as a shared cache would', async () => {
    const sub = await signedInReader(t, new TestBrowser(t.app, '198.18.0.1'));
    await subscribeReader(t, sub.id);
    const full = await sub.b.get(target.path);
    expect(full.body).toContain(WALLED_SENTENCE);
    expect(full.headers['cache-control']).toMatch(/^private/);
    // The attacker presents the subscriber's validator: a 200 with its own (walled) page, never a 304.
    const replay = await get(target.path, { 'if-none-match': full.headers.etag as string });
    expect(replay.statusCode).toBe(200);
    sealed(replay);
    // And with the subscriber's session cookie taken without the session (signed out): nothing.
    const cookie = sub.b.cookieHeader;
    expect((await sub.b.submit('/account', '/signout', {})).statusCode).toBe(303);
    sealed(await get(target.path, { cookie }));
  });

  it('with an expired, over-used, revoked or transplanted gift link', async () => {
    const giver = await signedInReader(t, new TestBrowser(t.app, '198.18.0.2'));
    await subscribeReader(t, giver.id);
    const policy = { perMonth: 10, ttlDays: 14, readersPerLink: 1 };
    const make = async (s: TestStory) =>
      (await t.services.giftLinks.create({ readerId: giver.id, articleId: s.id, articlePath: s.path, policy })).url.slice(
        t.config.publicUrl.length,
      );
    // Over-used: the friend reads, the attacker (another browser) does not.
    const used = await make(target);
    const friend = new TestBrowser(t.app, '198.18.0.3');
    expect((await friend.get(used)).body).toContain(WALLED_SENTENCE);
    sealed(await get(used));
    sealed(await spent.get(used));
    // Transplanted: a link for another story, put on this one's URL.
    const other = await make(stories[4] as TestStory);
    const token = new URL(other, 'https://x').searchParams.get('gift') as string;
    sealed(await get(`${target.path}?gift=${token}`));
    sealed(await get(`${premium.path}?gift=${token}`));
    // Tampered.
    sealed(await get(`${target.path}?gift=${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`));
    // Expired: the link's days are over.
    const late = await make(premium);
    t.clock.set(new Date('2026-12-21T10:00:00Z'));
    try {
      sealed(await get(late));
    } finally {
      t.clock.set(new Date('2026-12-06T10:00:00Z'));
    }
  });

  it('through HEAD and every content encoding', async () => {
    for (const enc of ['gzip', 'br', 'identity', 'gzip, deflate, br, zstd']) {
      const r = await t.app.inject({ method: 'GET', url: target.path, remoteAddress: ATTACKER, headers: { 'accept-encoding': enc } });
      const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
      const raw = r.rawPayload;
      const text =
        r.headers['content-encoding'] === 'br'
          ? brotliDecompressSync(raw).toString()
          : r.headers['content-encoding'] === 'gzip'
            ? gunzipSync(raw).toString()
            : raw.toString();
      expect(text).not.toContain(WALLED_SENTENCE);
    }
    const head = await t.app.inject({ method: 'HEAD', url: target.path, remoteAddress: ATTACKER });
    expect(head.body).toBe('');
  });
});

describe('the last free read asked for at once through two processes on the PostgreSQL server', () => {
  let procs: Awaited<ReturnType<typeof twoProcessesOnServer>>;
  let stories: TestStory[];
  beforeAll(async () => {
    procs = await twoProcessesOnServer();
    await seedBasics(procs.a.services);
    stories = await publishStories(procs.a, 8);
  });
  afterAll(async () => {
    await procs.close();
  });

  it('gives one more story, never two, and counts each once', async () => {
    const ip = '198.18.30.1';
    const via = (i: number) => (i % 2 === 0 ? procs.a : procs.b).app;
    const get = (i: number, path: string, cookie?: string) =>
      via(i).inject({ method: 'GET', url: path, remoteAddress: ip, headers: cookie ? { cookie } : {} });
    const first = await get(0, (stories[0] as TestStory).path);
    const cookie = `${METER_COOKIE}=${meterCookieOf(first)}`;
    // The second read through the other process: the meter is shared.
    expect(meterOf(await get(1, (stories[1] as TestStory).path, cookie))).toEqual({ used: 2, allowance: 3 });
    const rest = stories.slice(2);
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => get(i, (rest[i % rest.length] as TestStory).path, cookie)));
    const full = answers.filter((r) => r.body.includes(WALLED_SENTENCE));
    expect(new Set(full.map((r) => /Story number \d+/.exec(r.body)?.[0])).size).toBe(1);
    for (const r of answers.filter((x) => !x.body.includes(WALLED_SENTENCE))) expect(meterOf(r)).toBe('walled');
    const rows = await procs.a.services.db.selectFrom('meter_anonymous').select('used').execute();
    expect(rows).toEqual([{ used: 3 }]);
    expect(await procs.a.services.db.selectFrom('meter_anonymous_reads').select('article_key').execute()).toHaveLength(3);
    // Both processes agree afterwards, whichever remembered what.
    for (const i of [0, 1]) {
      const after = await Promise.all(rest.map((s) => get(i, s.path, cookie)));
      expect(after.filter((r) => r.body.includes(WALLED_SENTENCE))).toHaveLength(1);
    }
  });
});
