/**
 * The server-side anonymous meter through HTTP on both databases: reads carried over
 * on sign-in and never resurrected by the old cookie, the cap on counted reads per network, link
 * previews and prefetches (teaser, nothing counted or spent), and the meter policy's new fields.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { DEFAULT_METER_POLICY } from './meter-policy.js';
import { meterOf, publishStories, signedInReader, subscribeReader, type TestStory, WALLED_SENTENCE } from './meter-test-support.js';

const SLACK = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

describe.each(DIALECTS)('the anonymous meter on the server, on %s', (dialect) => {
  let t: TestApp;
  let metered: TestStory[];
  let premium: TestStory;
  let ownerKey: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    await seedBasics(t.services);
    metered = await publishStories(t, 8);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    ownerKey = (await t.services.apiKeys.createKey({ name: 'Owner', kind: 'admin', role: 'owner', createdBy: 'test' })).secret;
  });
  beforeEach(async () => {
    await t.services.meterSettings.savePolicy(DEFAULT_METER_POLICY, t.clock.now);
  });
  afterAll(async () => {
    await t.close();
  });

  const story = (i: number) => metered[i] as TestStory;
  const rows = async () => ({
    meters: await t.services.db.selectFrom('meter_anonymous').selectAll().execute(),
    reads: await t.services.db.selectFrom('meter_anonymous_reads').selectAll().execute(),
    networks: await t.services.db.selectFrom('meter_networks').selectAll().execute(),
  });

  it('keeps the meter on the server under a keyed hash: the cookie holds only a signed id', async () => {
    const b = new TestBrowser(t.app, '198.18.40.1');
    await b.get(story(0).path);
    const cookie = b.cookies.get('mh_meter') as string;
    expect(cookie).toMatch(/^3\.[0-9a-z]{9}[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    const id = cookie.split('.')[1] as string;
    const stored = JSON.stringify(await rows());
    expect(stored).not.toContain(id);
    expect(stored).not.toContain('198.18');
  });

  it('carries an anonymous meter’s reads over on sign-in, deletes it, and never brings it back', async () => {
    const b = new TestBrowser(t.app, '198.18.41.1');
    await b.get(story(0).path);
    await b.get(story(1).path);
    const old = b.cookies.get('mh_meter') as string;
    const before = (await rows()).meters.length;
    const { b: same } = await signedInReader(t, b);
    expect(meterOf(await same.get(story(2).path))).toEqual({ used: 3, allowance: 8 });
    expect(same.cookies.has('mh_meter')).toBe(false);
    expect((await rows()).meters).toHaveLength(before - 1);
    // Signed out, the old cookie sent again: a fresh meter with a new id, not the two old reads.
    const replay = await t.app.inject({
      method: 'GET',
      url: story(0).path,
      remoteAddress: '198.18.41.2',
      headers: { cookie: `mh_meter=${old}` },
    });
    expect(meterOf(replay)).toEqual({ used: 1, allowance: 3 });
    const fresh = (replay.cookies as { name: string; value: string }[]).find((c) => c.name === 'mh_meter');
    expect(fresh?.value).toBeDefined();
    expect(fresh?.value).not.toBe(old);
    // Signed in again with the old cookie: nothing more carries over.
    const again = await t.app.inject({
      method: 'GET',
      url: story(3).path,
      remoteAddress: '198.18.41.1',
      headers: { cookie: `${same.cookieHeader}; mh_meter=${old}` },
    });
    expect(meterOf(again)).toEqual({ used: 4, allowance: 8 });
  });

  it('deletes the anonymous meter of a reader who signs in holding `web` too', async () => {
    const b = new TestBrowser(t.app, '198.18.46.1');
    await b.get(story(0).path);
    const before = (await rows()).meters.length;
    const reader = await signedInReader(t, b);
    await subscribeReader(t, reader.id);
    const r = await reader.b.get(story(1).path);
    expect(r.body).toContain(WALLED_SENTENCE);
    expect(meterOf(r)).toBe('none');
    expect(reader.b.cookies.has('mh_meter')).toBe(false);
    expect((await rows()).meters).toHaveLength(before - 1);
  });

  it('bounds the reads a network has counted, whichever meters they come from', async () => {
    await t.services.meterSettings.savePolicy({ ...DEFAULT_METER_POLICY, networkCountedReads: 4 }, t.clock.now);
    const one = new TestBrowser(t.app, '198.18.42.1');
    const two = new TestBrowser(t.app, '198.18.42.2');
    for (let i = 0; i < 3; i++) expect(meterOf(await one.get(story(i).path))).toEqual({ used: i + 1, allowance: 3 });
    expect(meterOf(await two.get(story(0).path))).toEqual({ used: 1, allowance: 3 });
    // Four counted on this /24: the fifth meets the registration wall, with a meter of its own.
    const walled = await two.get(story(1).path);
    expect(meterOf(walled)).toBe('walled');
    expect(walled.body).toContain('Register for 5 more');
    // A story already counted is still a free re-read; another network is not touched.
    expect(meterOf(await two.get(story(0).path))).toEqual({ used: 1, allowance: 3 });
    expect(meterOf(await new TestBrowser(t.app, '198.18.43.1').get(story(1).path))).toEqual({ used: 1, allowance: 3 });
    // A meter from this network read elsewhere counts where it is read.
    const copy = await t.app.inject({
      method: 'GET',
      url: story(1).path,
      remoteAddress: '198.18.44.1',
      headers: { cookie: two.cookieHeader },
    });
    expect(meterOf(copy)).toEqual({ used: 2, allowance: 3 });
  });

  it('gives link previews and prefetches the teaser, counting, starting and spending nothing', async () => {
    const giver = await signedInReader(t);
    await subscribeReader(t, giver.id);
    const policy = { perMonth: 10, ttlDays: 14, readersPerLink: 1 };
    const link = await t.services.giftLinks.create({ readerId: giver.id, articleId: premium.id, articlePath: premium.path, policy });
    const giftUrl = link.url.slice(t.config.publicUrl.length);
    const mid = new TestBrowser(t.app, '198.18.45.1');
    await mid.get(story(0).path);
    await t.services.funnel.flush();
    const before = { ...(await rows()), funnel: await t.services.db.selectFrom('funnel_counts').selectAll().execute() };
    const previews: { method: 'GET' | 'HEAD'; headers: Record<string, string> }[] = [
      { method: 'HEAD', headers: {} },
      { method: 'GET', headers: { 'sec-purpose': 'prefetch' } },
      { method: 'GET', headers: { 'sec-purpose': 'prefetch;prerender' } },
      { method: 'GET', headers: { purpose: 'prefetch' } },
      { method: 'GET', headers: { 'user-agent': SLACK } },
      { method: 'GET', headers: { 'user-agent': 'facebookexternalhit/1.1' } },
      { method: 'GET', headers: { 'sec-purpose': 'prefetch', cookie: mid.cookieHeader } },
    ];
    for (const p of previews) {
      for (const url of [story(1).path, story(0).path, premium.path, giftUrl]) {
        const r = await t.app.inject({ method: p.method, url, remoteAddress: '198.18.45.9', headers: p.headers });
        expect(r.statusCode).toBe(200);
        expect(r.headers['set-cookie']).toBeUndefined();
        if (p.method === 'GET') {
          expect(meterOf(r)).toBe('walled');
          expect(r.body).toContain('Lead paragraph of story');
          expect(r.body).not.toContain(WALLED_SENTENCE);
          expect(r.body).not.toContain('A subscriber gave you this article');
        }
      }
    }
    await t.services.funnel.flush();
    const after = { ...(await rows()), funnel: await t.services.db.selectFrom('funnel_counts').selectAll().execute() };
    expect(after).toEqual(before);
    // The gift is still whole: the friend's browser takes its one place now.
    const friend = new TestBrowser(t.app);
    expect((await friend.get(giftUrl)).body).toContain(WALLED_SENTENCE);
    expect(meterOf(await new TestBrowser(t.app).get(giftUrl))).toBe('walled');
    // Free stories stay whole for previews.
    const [free] = (await publishStories(t, 1, 'free')) as [TestStory];
    const r = await t.app.inject({ method: 'GET', url: free.path, headers: { 'user-agent': SLACK } });
    expect(r.body).toContain(WALLED_SENTENCE);
    // A subscriber's own browser prefetching reads what the subscriber reads anyway.
    const mine = await t.app.inject({
      method: 'GET',
      url: premium.path,
      headers: { cookie: giver.b.cookieHeader, 'sec-purpose': 'prefetch' },
    });
    expect(mine.body).toContain(WALLED_SENTENCE);
  });

  it('takes the network’s read cap and the lead-in limits from the Admin API', async () => {
    const put = (body: object) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/admin/meter/policy', headers: { authorization: `Bearer ${ownerKey}` }, payload: body });
    for (const bad of [
      { networkCountedReads: 0 },
      { leadInShare: 101 },
      { leadInChars: -1 },
      { leadInBlocks: 21 },
      { leadInParagraphs: 2 }, // the old name is refused, not ignored
    ]) {
      const r = await put({ ...DEFAULT_METER_POLICY, ...bad });
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain(Object.keys(bad)[0] as string);
    }
    const ok = await put({ ...DEFAULT_METER_POLICY, networkCountedReads: 50_000, leadInBlocks: 1, leadInChars: 300, leadInShare: 10 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().policy).toMatchObject({ networkCountedReads: 50_000, leadInBlocks: 1, leadInChars: 300, leadInShare: 10 });
    const got = await t.app.inject({ url: '/api/v1/admin/meter', headers: { authorization: `Bearer ${ownerKey}` } });
    expect(got.json().policy.networkCountedReads).toBe(50_000);
    const walled = await new TestBrowser(t.app).get(premium.path);
    expect(walled.body).toContain('Lead paragraph of story');
    expect(walled.body).not.toContain('Second paragraph of story');
  });
});
