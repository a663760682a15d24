/**
 * Gift links on the article page, through HTTP on both databases: the friend sees
 * the gift note at the top; a link that no longer opens says why at the top and offers the ways
 * in; link previews, mail scanners, HEAD and prefetches get the public teaser and spend nothing;
 * a copied cookie shares its place's page loads; redirects keep the token and stay relative.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { DEFAULT_METER_POLICY } from '../meter/meter-policy.js';
import { meterOf, publishStories, signedInReader, subscribeReader, type TestStory, WALLED_SENTENCE } from '../meter/meter-test-support.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { GIFT_COOKIE } from './gift-cookie.js';
import type { GiftLinkPolicy } from './gift-link.js';

const T0 = new Date('2026-12-06T10:00:00Z');
const POLICY: GiftLinkPolicy = { perMonth: 100, ttlDays: 14, readersPerLink: 1, readsPerReader: 3 };
const SLACKBOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

describe.each(DIALECTS)('gift links on the article page on %s', (dialect) => {
  let t: TestApp;
  let metered: TestStory[];
  let premium: TestStory;
  let giverId: string;
  let giverBrowser: TestBrowser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(T0);
    await seedBasics(t.services);
    metered = await publishStories(t, 3);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    const giver = await signedInReader(t);
    await subscribeReader(t, giver.id);
    giverId = giver.id;
    giverBrowser = giver.b;
  });
  afterEach(() => {
    t.clock.set(T0);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A gift link to the story, as the path the friend opens (the URL's host is PUBLIC_URL). */
  async function giftTo(s: TestStory, policy = POLICY): Promise<{ url: string; token: string; linkId: string }> {
    const made = await t.services.giftLinks.create({ readerId: giverId, articleId: s.id, articlePath: s.path, policy });
    expect(made.url.startsWith(`https://paper.test${s.path}?gift=`)).toBe(true);
    const token = new URL(made.url).searchParams.get('gift') as string;
    const [link] = await t.services.giftLinks.listForReader(giverId);
    return { url: made.url.slice('https://paper.test'.length), token, linkId: link?.id as string };
  }
  const readersOf = async (linkId: string) => (await t.services.giftLinks.listForReader(giverId)).find((l) => l.id === linkId)?.readers;
  const back = (s: TestStory) => `return=${encodeURIComponent(s.path)}`;
  /** The note under the headline: present, and before the story's body. */
  function topNote(r: LightMyRequestResponse): string {
    const m = /<aside class="article-notice[^"]*"[\s\S]*?<\/aside>/.exec(r.body);
    expect(m, 'a note at the top').not.toBeNull();
    const at = r.body.indexOf(m?.[0] as string);
    expect(at).toBeGreaterThan(r.body.indexOf('<h1>'));
    expect(at).toBeGreaterThan(r.body.indexOf('class="dek"'));
    expect(at).toBeLessThan(r.body.indexOf('<div class="body"'));
    return m?.[0] as string;
  }

  it('the friend sees the gift note at the top, under the headline and dek, and reads the whole story', async () => {
    const { url } = await giftTo(premium);
    const r = await new TestBrowser(t.app).get(url);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(WALLED_SENTENCE);
    expect(topNote(r)).toContain('A subscriber gave you this article.');
    // At the foot, a way to subscribe that comes back here.
    expect(r.body).toContain(`You read this story as a gift from a subscriber. <a href="/subscribe?${back(premium)}">Subscribe</a>`);
  });

  it('an expired link says so at the top, with the ways in, instead of a silent wall', async () => {
    const { url } = await giftTo(premium);
    t.clock.set(new Date(T0.getTime() + 15 * 86_400_000));
    const r = await new TestBrowser(t.app).get(url);
    expect(meterOf(r)).toBe('walled');
    const note = topNote(r);
    expect(note).toContain('This gift link has expired.');
    expect(note).toContain(`<a href="/subscribe?${back(premium)}">subscribe to read it</a>`);
    expect(note).toContain(`<a href="/signin?${back(premium)}">Sign in</a>`);
    expect(note).not.toContain('Register');
  });

  it('an expired link on a metered story: the reader’s free articles are the way in, and registering', async () => {
    const story = metered[0] as TestStory;
    const { url } = await giftTo(story);
    t.clock.set(new Date(T0.getTime() + 15 * 86_400_000));
    const r = await new TestBrowser(t.app).get(url);
    expect(r.body).toContain(WALLED_SENTENCE);
    const note = topNote(r);
    expect(note).toContain('This gift link has expired.');
    expect(note).toContain('You can still read this story: it is one of your free articles (1 of 3 this month).');
    expect(note).toContain(`<a href="/signup?${back(story)}">Register for 5 more free articles</a>`);
    expect(note).toContain(`href="/subscribe?${back(story)}"`);
    expect(note).toContain(`href="/signin?${back(story)}"`);
  });

  it('a spent link (its place taken), a withdrawn one and a damaged one each say which', async () => {
    const spent = await giftTo(premium);
    expect((await new TestBrowser(t.app).get(spent.url)).body).toContain(WALLED_SENTENCE);
    const second = await new TestBrowser(t.app).get(spent.url);
    expect(meterOf(second)).toBe('walled');
    expect(topNote(second)).toContain('This gift link has already been used.');

    const withdrawn = await giftTo(premium);
    await t.services.giftLinks.revoke(giverId, withdrawn.linkId);
    const revoked = await new TestBrowser(t.app).get(withdrawn.url);
    expect(meterOf(revoked)).toBe('walled');
    expect(topNote(revoked)).toContain('This gift link has been withdrawn.');

    const damaged = `${premium.path}?gift=${spent.token.slice(0, -2)}${spent.token.endsWith('AA') ? 'BB' : 'AA'}`;
    const bad = await new TestBrowser(t.app).get(damaged);
    expect(meterOf(bad)).toBe('walled');
    expect(topNote(bad)).toContain('This gift link does not work.');
    // Without a link, no note at all.
    expect((await new TestBrowser(t.app).get(premium.path)).body).not.toContain('article-notice');
  });

  it('previews, scanners, HEAD and prefetches get the teaser and spend nothing; the friend then gets the gift', async () => {
    const { url, linkId } = await giftTo(premium);
    const previews = [
      { method: 'GET' as const, headers: { 'user-agent': SLACKBOT } },
      { method: 'GET' as const, headers: { 'sec-purpose': 'prefetch', 'user-agent': 'Mozilla/5.0 Chrome/131' } },
      { method: 'GET' as const, headers: { 'user-agent': 'facebookexternalhit/1.1' } },
      { method: 'HEAD' as const, headers: { 'user-agent': 'Mozilla/5.0' } },
    ];
    for (const p of previews) {
      const r = await t.app.inject({ method: p.method, url, headers: p.headers, remoteAddress: '192.0.2.50' });
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(WALLED_SENTENCE);
      if (p.method === 'GET') {
        expect(r.body).toContain('Lead paragraph of story');
        expect(r.body).not.toContain('article-notice');
      }
      expect(String(r.headers['set-cookie'] ?? '')).not.toContain(GIFT_COOKIE);
    }
    expect(await readersOf(linkId)).toBe(0);
    const friend = await new TestBrowser(t.app).get(url);
    expect(friend.body).toContain(WALLED_SENTENCE);
    expect(friend.body).toContain('A subscriber gave you this article.');
    expect(await readersOf(linkId)).toBe(1);
  });

  it('a preview of a gift link to a metered story takes no place either', async () => {
    const { url, linkId } = await giftTo(metered[1] as TestStory);
    await t.app.inject({ method: 'GET', url, headers: { 'user-agent': SLACKBOT }, remoteAddress: '192.0.2.51' });
    await t.app.inject({ method: 'GET', url, headers: { 'sec-purpose': 'prefetch' }, remoteAddress: '192.0.2.51' });
    expect(await readersOf(linkId)).toBe(0);
    expect((await new TestBrowser(t.app).get(url)).body).toContain('A subscriber gave you this article.');
  });

  it('a copied cookie shares its place’s page loads instead of multiplying them', async () => {
    const { url } = await giftTo(premium);
    const friend = new TestBrowser(t.app);
    expect((await friend.get(url)).body).toContain(WALLED_SENTENCE); // load 1 of 3
    const copy = new TestBrowser(t.app);
    copy.cookies.set(GIFT_COOKIE, friend.cookies.get(GIFT_COOKIE) as string);
    expect((await copy.get(url)).body).toContain(WALLED_SENTENCE); // 2 of 3
    expect((await friend.get(url)).body).toContain(WALLED_SENTENCE); // 3 of 3
    for (const b of [copy, friend]) {
      const r = await b.get(url);
      expect(meterOf(r)).toBe('walled');
      expect(topNote(r)).toContain('This gift link has been opened as many times as it allows.');
    }
  });

  it('the policy’s loads per place apply to links made under it (default 10)', async () => {
    const { url } = await giftTo(premium, { perMonth: 100, ttlDays: 14, readersPerLink: 1 });
    const friend = new TestBrowser(t.app);
    for (let i = 0; i < 10; i++) expect((await friend.get(url)).body).toContain(WALLED_SENTENCE);
    expect(meterOf(await friend.get(url))).toBe('walled');
  });

  it('the business sets the loads per place in the meter policy; the account page makes links with it', async () => {
    await t.services.meterSettings.savePolicy({ ...DEFAULT_METER_POLICY, giftLinkReadsPerReader: 2 }, t.clock.now);
    try {
      const made = await giverBrowser.submit(`/account/gift-links/new?article=${premium.id}`, '/account/gift-links', {
        article: premium.id,
      });
      expect(made.statusCode).toBe(200);
      const url = /value="https:\/\/paper\.test([^"]+)"/.exec(made.body)?.[1]?.replace(/&amp;/g, '&') as string;
      const friend = new TestBrowser(t.app);
      for (let i = 0; i < 2; i++) expect((await friend.get(url)).body).toContain(WALLED_SENTENCE);
      expect(topNote(await friend.get(url))).toContain('opened as many times as it allows');
    } finally {
      await t.services.meterSettings.savePolicy(DEFAULT_METER_POLICY, t.clock.now);
    }
  });

  it('an old address of the story keeps the gift through a relative redirect', async () => {
    const { token } = await giftTo(premium);
    const old = premium.path.replace('/2026/11/20/', '/2026/11/19/');
    const r = await t.app.inject({ method: 'GET', url: `${old}?gift=${token}` });
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe(`${premium.path}?gift=${token}`);
    const plain = await t.app.inject({ method: 'GET', url: old });
    expect(plain.headers.location).toBe(premium.path);
  });
});
