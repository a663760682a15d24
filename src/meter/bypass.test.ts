/**
 * The bypass suite (issue 4): every way around the meter we know of, through HTTP. A reader on
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
import { articleKey, METER_COOKIE, readMeterCookie, signMeterCookie } from './meter-cookie.js';
import { DEFAULT_METER_POLICY } from './meter-policy.js';
import { meterOf, publishStories, signedInReader, subscribeReader, type TestStory, WALLED_SENTENCE } from './meter-test-support.js';

const ATTACKER = '203.0.113.9';
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

  it('with a forged, tampered, truncated or foreign cookie', async () => {
    const real = spent.cookies.get(METER_COOKIE) as string;
    const state = readMeterCookie(real, ['irrelevant']);
    expect(state).toBeNull(); // only the server's keys prove it
    const [v, period, articles, mac] = real.split('.') as [string, string, string, string];
    const attempts = [
      `${v}.${period}..${mac}`, // the counted articles removed
      `${v}.${period}.${articles.slice(8)}.${mac}`,
      `${v}.${period}.${articles}${articleKey(target.id)}.${mac}`,
      `${v}.${period}.${articles}.${'A'.repeat(22)}`,
      signMeterCookie({ periodKey: period, articles: [] }, ['a guessed key that is long enough to sign']),
      real.slice(0, -3),
      `${real}.extra`,
      'null',
      '1.2026-12..',
      encodeURIComponent('{"used":0}'),
    ];
    for (const cookie of attempts) sealed(await get(target.path, { cookie: `${METER_COOKIE}=${cookie}` }));
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
