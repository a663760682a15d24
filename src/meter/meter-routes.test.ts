/**
 * The meter on the article page, through HTTP on both databases: the counter in the server's
 * HTML, the last-free notice, the registration wall, the registered allowance with reads carried
 * over, the paywall's parts, subscribers, subscriber-only stories, the network budget, the
 * policy and copy from the Admin API, and the caching rules.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { insertOrganisation } from '../subscriptions/organisation-repository.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { DEFAULT_METER_POLICY } from './meter-policy.js';
import { meterOf, publishStories, signedInReader, subscribeReader, type TestStory, WALLED_SENTENCE } from './meter-test-support.js';
import { DEFAULT_PAYWALL_COPY } from './paywall-copy.js';

describe.each(DIALECTS)('the meter on article pages on %s', (dialect) => {
  let t: TestApp;
  let metered: TestStory[];
  let free: TestStory;
  let premium: TestStory;
  let ownerKey: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    await seedBasics(t.services);
    metered = await publishStories(t, 10);
    [free] = (await publishStories(t, 1, 'free')) as [TestStory];
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    ownerKey = (await t.services.apiKeys.createKey({ name: 'Owner', kind: 'admin', role: 'owner', createdBy: 'test' })).secret;
  });
  beforeEach(async () => {
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    await t.services.meterSettings.savePolicy(DEFAULT_METER_POLICY, t.clock.now);
  });
  afterAll(async () => {
    await t.close();
  });

  const story = (i: number) => metered[i] as TestStory;

  it('counts in the server’s HTML: 1 of 3, 2 of 3, the last free one, then the registration wall', async () => {
    const b = new TestBrowser(t.app);
    const first = await b.get(story(0).path);
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatch(
      /You’ve read <strong class="meter-used">1<\/strong> of <strong class="meter-allowance">3<\/strong> free\s+articles this month\./,
    );
    expect(first.body).toContain(WALLED_SENTENCE);
    expect(first.body).toContain('Register for 5 more');
    expect(first.body).not.toContain('last free article');
    expect(meterOf(await b.get(story(1).path))).toEqual({ used: 2, allowance: 3 });
    const third = await b.get(story(2).path);
    expect(meterOf(third)).toEqual({ used: 3, allowance: 3 });
    expect(third.body).toContain('This is your last free article this month.');
    const fourth = await b.get(story(3).path);
    expect(meterOf(fourth)).toBe('walled');
    expect(fourth.body).toContain('Lead paragraph of story');
    expect(fourth.body).toContain('Second paragraph of story');
    expect(fourth.body).not.toContain('Third paragraph of story');
    expect(fourth.body).toContain('You’ve used your free articles this month.');
    expect(fourth.body).toContain('Register for 5 more');
  });

  it('lets everyone inside a library’s address ranges read everything, uncounted', async () => {
    await insertOrganisation(
      t.services.db,
      { id: 'library', name: 'Port Ellery Library', ipRanges: ['100.64.7.0/24'], emailDomains: [], seatLimit: null, active: true },
      t.clock.now,
    );
    t.services.entitlements.invalidateOrganisations();
    const inside = new TestBrowser(t.app, '100.64.7.20');
    for (let i = 0; i < 2; i++) {
      // The first answer may come while the organisations load; the second from the loaded list.
      const r = await inside.get(premium.path);
      expect(r.body).toContain(WALLED_SENTENCE);
      expect(meterOf(r)).toBe('none');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect(meterOf(await new TestBrowser(t.app, '100.64.8.20').get(premium.path))).toBe('walled');
  });

  it('counts nothing on a HEAD request', async () => {
    for (let i = 0; i < 5; i++) {
      const head = await t.app.inject({ method: 'HEAD', url: story(0).path, remoteAddress: '192.0.2.99' });
      expect(head.statusCode).toBe(200);
      expect(head.headers['set-cookie']).toBeUndefined();
    }
    expect(meterOf(await new TestBrowser(t.app, '192.0.2.99').get(story(0).path))).toEqual({ used: 1, allowance: 3 });
  });

  it('re-reading a counted story is free and changes nothing', async () => {
    const b = new TestBrowser(t.app);
    await b.get(story(0).path);
    await b.get(story(1).path);
    for (let i = 0; i < 3; i++) expect(meterOf(await b.get(story(0).path))).toEqual({ used: 2, allowance: 3 });
    await b.get(story(2).path);
    expect(meterOf(await b.get(story(1).path))).toEqual({ used: 3, allowance: 3 });
    expect(meterOf(await b.get(story(5).path))).toBe('walled');
  });

  it('never counts fronts, sections, search, author and tag pages or free stories', async () => {
    const b = new TestBrowser(t.app);
    for (const url of ['/', '/news', `/search?q=story`, '/authors/mara-quint', free.path, free.path]) {
      const r = await b.get(url);
      expect(r.statusCode).toBe(200);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    const f = await b.get(free.path);
    expect(f.body).toContain(WALLED_SENTENCE);
    expect(meterOf(f)).toBe('none');
    expect(f.headers['cache-control']).toMatch(/^public/);
    expect(meterOf(await b.get(story(0).path))).toEqual({ used: 1, allowance: 3 });
  });

  it('walls subscriber-only stories for everyone without `web`, with the paywall’s parts', async () => {
    const b = new TestBrowser(t.app);
    const r = await b.get(premium.path);
    expect(meterOf(r)).toBe('walled');
    expect(r.body).toContain('This story is for subscribers.');
    expect(r.headers['set-cookie']).toBeUndefined();
    // The paper's tagline, the pitch, the signed letter, the offer and both actions.
    expect(r.body).toContain('class="paywall-tagline">An independent daily paper<');
    expect(r.body).toContain('reported by people who live here');
    expect(r.body).toContain('A letter from the editor');
    expect(r.body).toContain('class="signature">The Editor<');
    expect(r.body).toContain(`href="/subscribe?return=${encodeURIComponent(premium.path)}">Subscribe</a>`);
    expect(r.body).toContain(`href="/signin?return=${encodeURIComponent(premium.path)}">Sign in</a>`);
    const reader = await signedInReader(t);
    expect(meterOf(await reader.b.get(premium.path))).toBe('walled');
  });

  it('shows the offer from the plan catalogue', async () => {
    await subscribeReader(t, (await signedInReader(t)).id); // seeds the demo plans
    const r = await new TestBrowser(t.app).get(premium.path);
    expect(r.body).toContain(
      '<strong>$15.00 a month</strong>: the weekly magazine in print, the daily email, and unlimited access to the website.',
    );
  });

  it('registered readers get 5 more, and what they read before signing in carries over', async () => {
    const b = new TestBrowser(t.app);
    await b.get(story(0).path);
    await b.get(story(1).path);
    expect(meterOf(await b.get(story(2).path))).toEqual({ used: 3, allowance: 3 });
    expect(meterOf(await b.get(story(3).path))).toBe('walled');
    const { b: same } = await signedInReader(t, b);
    const r = await same.get(story(3).path);
    expect(meterOf(r)).toEqual({ used: 4, allowance: 8 });
    expect(r.body).not.toContain('Register for');
    // The anonymous meter is gone: its reads live in the database now.
    expect(same.cookies.has('mh_meter')).toBe(false);
    expect(meterOf(await same.get(story(0).path))).toEqual({ used: 4, allowance: 8 });
    for (let i = 4; i < 8; i++) expect(meterOf(await same.get(story(i).path))).toEqual({ used: i + 1, allowance: 8 });
    const walled = await same.get(story(8).path);
    expect(meterOf(walled)).toBe('walled');
    expect(walled.body).toContain('You’ve read all your free articles this month.');
    expect(walled.body).not.toContain('Register for');
    expect(walled.body).not.toContain('>Sign in</a>');
    // A new month starts a new meter.
    t.clock.set(new Date('2027-01-02T10:00:00Z'));
    expect(meterOf(await same.get(story(8).path))).toEqual({ used: 1, allowance: 8 });
  });

  it('subscribers read everything, uncounted, and may give the story away', async () => {
    const reader = await signedInReader(t);
    await subscribeReader(t, reader.id);
    for (const s of [story(0), story(1), story(2), story(3), premium]) {
      const r = await reader.b.get(s.path);
      expect(r.body).toContain(WALLED_SENTENCE);
      expect(meterOf(r)).toBe('none');
      expect(r.headers['cache-control']).toMatch(/^private/);
    }
    expect((await reader.b.get(story(0).path)).body).toContain(`/account/gift-links/new?article=${story(0).id}`);
  });

  it('lets a friend read through a gift link, uncounted, in a variant no one else gets', async () => {
    const giver = await signedInReader(t);
    await subscribeReader(t, giver.id);
    const policy = { perMonth: 10, ttlDays: 14, readersPerLink: 1 };
    const link = await t.services.giftLinks.create({ readerId: giver.id, articleId: premium.id, articlePath: premium.path, policy });
    const url = link.url.slice(t.config.publicUrl.length);
    const friend = new TestBrowser(t.app);
    const r = await friend.get(url);
    expect(r.body).toContain(WALLED_SENTENCE);
    expect(r.body).toContain('A subscriber gave you this article');
    expect(r.headers['cache-control']).toMatch(/^private/);
    expect(friend.cookies.has('mh_meter')).toBe(false);
    // The same URL without the token, even from the friend's browser: walled.
    expect(meterOf(await friend.get(premium.path))).toBe('walled');
    expect(meterOf(await new TestBrowser(t.app).get(premium.path))).toBe('walled');
    // The friend can come back through the link; the giver, entitled anyway, takes no place on it.
    expect((await friend.get(url)).body).toContain(WALLED_SENTENCE);
    expect((await giver.b.get(url)).body).toContain(WALLED_SENTENCE);
    expect(meterOf(await new TestBrowser(t.app).get(url))).toBe('walled');
  });

  it('records every decision in the funnel, for the article and its section', async () => {
    const counts = async () => {
      await t.services.funnel.flush();
      const rows = await t.services.db.selectFrom('funnel_counts').select(['type', 'article_id', 'count']).execute();
      const by = new Map<string, number>();
      for (const r of rows)
        if (r.article_id === story(9).id || r.article_id === premium.id) by.set(r.type, (by.get(r.type) ?? 0) + Number(r.count));
      return by;
    };
    const before = await counts();
    const b = new TestBrowser(t.app);
    for (let i = 6; i < 9; i++) await b.get(story(i).path);
    await b.get(story(9).path); // registration wall
    await b.get(premium.path); // paywall
    const after = await counts();
    const delta = (type: string) => (after.get(type) ?? 0) - (before.get(type) ?? 0);
    expect(delta('registration_wall_shown')).toBe(1);
    expect(delta('paywall_shown')).toBe(1);
    const a = new TestBrowser(t.app);
    await a.get(story(9).path);
    await a.get(story(9).path); // a re-read is not counted again
    expect(((await counts()).get('article_counted') ?? 0) - (after.get('article_counted') ?? 0)).toBe(1);
    const rows = await t.services.db.selectFrom('funnel_counts').selectAll().where('article_id', '=', story(9).id).execute();
    expect(rows.every((r) => r.period === '2026-12' && r.day === '2026-12-06')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/10\.|mh_/);
  });

  it('bounds the fresh meters one network may start (clearing cookies is no reset)', async () => {
    await t.services.meterSettings.savePolicy({ ...DEFAULT_METER_POLICY, networkFreshMeters: 2 }, t.clock.now);
    const ip = '198.51.100.7';
    for (let i = 0; i < 2; i++) {
      const b = new TestBrowser(t.app, ip);
      expect(meterOf(await b.get(story(0).path))).toEqual({ used: 1, allowance: 3 });
    }
    // A third fresh meter from the same /24 (a cleared cookie, a private window): the registration wall.
    const third = await new TestBrowser(t.app, '198.51.100.200').get(story(0).path);
    expect(meterOf(third)).toBe('walled');
    expect(third.body).toContain('Register for 5 more');
    expect(third.headers['set-cookie']).toBeUndefined();
    // Another network is not touched, and a meter that exists keeps counting.
    expect(meterOf(await new TestBrowser(t.app, '198.51.101.7').get(story(0).path))).toEqual({ used: 1, allowance: 3 });
    // No address is stored, only keyed hashes of networks.
    const rows = await t.services.db.selectFrom('meter_networks').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('198.51');
  });

  it('takes policy and paywall copy from the Admin API, at once', async () => {
    const put = (url: string, body: object) =>
      t.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${ownerKey}` }, payload: body });
    const bad = await put('/api/v1/admin/meter/policy', { ...DEFAULT_METER_POLICY, anonymousFree: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('anonymousFree');
    const ok = await put('/api/v1/admin/meter/policy', {
      ...DEFAULT_METER_POLICY,
      anonymousFree: 1,
      period: { kind: 'rolling', days: 30 },
      leadInBlocks: 1,
    });
    expect(ok.statusCode).toBe(200);
    const b = new TestBrowser(t.app);
    const first = await b.get(story(0).path);
    expect(first.body).toMatch(
      /You’ve read <strong class="meter-used">1<\/strong> of <strong class="meter-allowance">1<\/strong> free\s+articles in 30 days\./,
    );
    const walled = await b.get(story(1).path);
    expect(meterOf(walled)).toBe('walled');
    expect(walled.body).not.toContain('Second paragraph of story');
    const copy = await put('/api/v1/admin/meter/paywall', {
      ...DEFAULT_PAYWALL_COPY,
      signature: 'Ruth <Alder>, Editor',
      letter: 'Dear reader, **thank you**. <script>x</script>',
    });
    expect(copy.statusCode).toBe(200);
    const after = await b.get(story(1).path);
    expect(after.body).toContain('Ruth &lt;Alder');
    expect(after.body).not.toContain('Ruth <Alder');
    expect(after.body).toContain('<strong>thank you</strong>');
    expect(after.body).not.toContain('<script>x');
    expect((await put('/api/v1/admin/meter/paywall', { ...DEFAULT_PAYWALL_COPY, letter: '' })).statusCode).toBe(400);
  });

  it('keeps every variant apart in the page cache and out of shared caches', async () => {
    const a = new TestBrowser(t.app);
    const fresh = await a.get(story(0).path);
    expect(fresh.headers['cache-control']).toMatch(/^private/);
    const sub = await signedInReader(t);
    await subscribeReader(t, sub.id);
    const full = await sub.b.get(story(4).path);
    expect(full.body).toContain(WALLED_SENTENCE);
    // The same URL right after, for readers in other states, from the same process and cache.
    const spent = new TestBrowser(t.app);
    for (let i = 0; i < 3; i++) await spent.get(story(i).path);
    const walled = await spent.get(story(4).path);
    expect(meterOf(walled)).toBe('walled');
    expect(walled.headers['cache-control']).toMatch(/^private/);
    expect(walled.headers.etag).not.toBe(full.headers.etag);
    const anonymous = await t.app.inject(story(4).path);
    expect(meterOf(anonymous)).toEqual({ used: 1, allowance: 3 });
  });
});
