/**
 * The paywall's words and links on the article page, through HTTP on both databases: each wall
 * reason × viewer (anonymous first visit, anonymous quota used, registered quota used, registered
 * without a subscription on a subscribers-only story) speaks of what happened to that reader, and
 * every register, sign-in and subscribe link brings the reader back to the story.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { DEFAULT_METER_POLICY } from './meter-policy.js';
import { meterOf, publishStories, signedInReader, type TestStory } from './meter-test-support.js';
import { DEFAULT_PAYWALL_COPY } from './paywall-copy.js';

const FREE_USED = /used your free|read all your free|end of your free|run out/;
const SUBSCRIBERS_OPENING = 'Some of our stories, like this one, are for subscribers';

describe.each(DIALECTS)('the paywall’s words and links on %s', (dialect) => {
  let t: TestApp;
  let metered: TestStory[];
  let premium: TestStory;
  let ownerKey: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    await seedBasics(t.services);
    metered = await publishStories(t, 9);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    ownerKey = (await t.services.apiKeys.createKey({ name: 'Owner', kind: 'admin', role: 'owner', createdBy: 'test' })).secret;
  });
  beforeEach(async () => {
    await t.services.meterSettings.savePolicy(DEFAULT_METER_POLICY, t.clock.now);
    await t.services.meterSettings.saveCopy(DEFAULT_PAYWALL_COPY, t.clock.now);
  });
  afterAll(async () => {
    await t.close();
  });

  const back = (s: TestStory) => `return=${encodeURIComponent(s.path)}`;
  const intro = (r: LightMyRequestResponse) => /<p class="paywall-intro">([^<]*)<\/p>/.exec(r.body)?.[1];
  const letter = (r: LightMyRequestResponse) => /<article class="paywall-letter"[\s\S]*?<\/article>/.exec(r.body)?.[0] ?? '';

  /** A browser that has read its three free stories. */
  async function spentAnonymous(): Promise<TestBrowser> {
    const b = new TestBrowser(t.app);
    for (let i = 0; i < 3; i++) await b.get((metered[i] as TestStory).path);
    return b;
  }

  it('anonymous first visit to a subscribers-only story: for subscribers, nothing about free articles', async () => {
    const r = await new TestBrowser(t.app).get(premium.path);
    expect(meterOf(r)).toBe('walled');
    expect(intro(r)).toBe('This story is for subscribers.');
    expect(letter(r)).toContain(SUBSCRIBERS_OPENING);
    expect(r.body).not.toMatch(FREE_USED);
    expect(r.body).not.toContain('{opening}');
    expect(r.body).not.toContain('Register for');
    expect(r.body).toContain(`href="/subscribe?${back(premium)}">Subscribe</a>`);
    expect(r.body).toContain(`href="/signin?${back(premium)}">Sign in</a>`);
  });

  it('anonymous with the free stories used: the registration wall, in its own words, with ways back', async () => {
    const b = await spentAnonymous();
    const story = metered[3] as TestStory;
    const r = await b.get(story.path);
    expect(meterOf(r)).toBe('walled');
    expect(intro(r)).toBe('You’ve used your free articles this month.');
    expect(letter(r)).toContain('Free reading without an account has run out for now.');
    expect(letter(r)).toContain('gives you 5 more articles this month');
    expect(letter(r)).not.toContain(SUBSCRIBERS_OPENING);
    expect(r.body).toContain(`href="/signup?${back(story)}">Register for 5 more</a>`);
    expect(r.body).toContain(`href="/subscribe?${back(story)}">Subscribe</a>`);
    expect(r.body).toContain(`href="/signin?${back(story)}">Sign in</a>`);
    // The same browser on the subscribers-only story: its free stories are not the reason.
    const premiumPage = await b.get(premium.path);
    expect(intro(premiumPage)).toBe('This story is for subscribers.');
    expect(premiumPage.body).not.toMatch(FREE_USED);
  });

  it('registered with the free stories used: the free-used letter, no register, no sign in', async () => {
    const { b } = await signedInReader(t);
    for (let i = 0; i < 8; i++) await b.get((metered[i] as TestStory).path);
    const story = metered[8] as TestStory;
    const r = await b.get(story.path);
    expect(meterOf(r)).toBe('walled');
    expect(intro(r)).toBe('You’ve read all your free articles this month.');
    expect(letter(r)).toContain('You have reached the end of your free articles for now');
    expect(r.body).not.toContain('Register for');
    expect(r.body).not.toContain('>Sign in</a>');
    expect(r.body).toContain(`href="/subscribe?${back(story)}">Subscribe</a>`);
  });

  it('registered without a subscription on a subscribers-only story, first read of the month', async () => {
    const { b } = await signedInReader(t);
    const r = await b.get(premium.path);
    expect(meterOf(r)).toBe('walled');
    expect(intro(r)).toBe('This story is for subscribers.');
    expect(letter(r)).toContain(SUBSCRIBERS_OPENING);
    expect(r.body).not.toMatch(FREE_USED);
    expect(r.body).not.toContain('>Sign in</a>');
    expect(r.body).toContain(`href="/subscribe?${back(premium)}">Subscribe</a>`);
  });

  it('the counter’s links: register, sign in and subscribe, each back to the story', async () => {
    const story = metered[0] as TestStory;
    const r = await new TestBrowser(t.app).get(story.path);
    expect(meterOf(r)).toEqual({ used: 1, allowance: 3 });
    expect(r.body).toContain(`<a href="/signup?${back(story)}">Register for 5 more</a>`);
    expect(r.body).toContain(`<a href="/signin?${back(story)}">sign in</a>`);
    expect(r.body).toContain(`<a href="/subscribe?${back(story)}">Subscribe for unlimited access.</a>`);
    expect(r.body).not.toMatch(/href="\/(signup|signin|subscribe)"/);
  });

  it('the openings are the business’s to edit (Admin API), each on its own wall', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/meter/paywall',
      headers: { authorization: `Bearer ${ownerKey}` },
      payload: { ...DEFAULT_PAYWALL_COPY, openingSubscribers: 'Our best *reporting* is for members.', openingRegistration: '' },
    });
    expect(put.statusCode).toBe(200);
    const premiumPage = await new TestBrowser(t.app).get(premium.path);
    expect(letter(premiumPage)).toContain('Our best <em>reporting</em> is for members.');
    const walled = await (await spentAnonymous()).get((metered[3] as TestStory).path);
    expect(letter(walled)).not.toContain('Our best');
    expect(letter(walled)).not.toContain('Free reading without an account');
    expect(letter(walled)).toContain('A newsroom is expensive');
  });
});
