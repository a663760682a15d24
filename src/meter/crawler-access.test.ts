/**
 * Verified search crawlers on article pages: the full text, marked up for Google's paywalled-
 * content rules, never counted and never for shared caches — and only when the address proves
 * the user agent. Forwarding headers count only from a configured trusted proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { meterOf, publishStories, type TestStory, WALLED_SENTENCE } from './meter-test-support.js';

const GOOGLEBOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const GOOGLEBOT_IP = '66.249.66.1'; // in Google's published list, shipped with the project

describe.each(DIALECTS)('verified crawlers on %s', (dialect) => {
  let t: TestApp;
  let behindProxy: TestApp;
  let metered: TestStory;
  let premium: TestStory;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    [metered] = (await publishStories(t, 1)) as [TestStory];
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    behindProxy = await createTestApp(dialect, { MASTHEAD_TRUSTED_PROXIES: '10.0.0.1' });
    await seedBasics(behindProxy.services);
    await behindProxy.services.articles.create(
      {
        headline: 'Proxy story',
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        access: 'subscribers',
        body: `One.\n\nTwo.\n\nThree.\n\n${WALLED_SENTENCE}`,
      },
      'test',
    );
  });
  afterAll(async () => {
    await t.close();
    await behindProxy.close();
  });

  it('serves Googlebot from its own address the whole story, marked as paywalled, uncounted and private', async () => {
    for (const s of [metered, premium, metered]) {
      const r = await t.app.inject({ url: s.path, remoteAddress: GOOGLEBOT_IP, headers: { 'user-agent': GOOGLEBOT_UA } });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain(WALLED_SENTENCE);
      expect(meterOf(r)).toBe('none');
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.headers['cache-control']).toMatch(/^private/);
      // The walled part sits inside the class the structured data names.
      expect(r.body).toMatch(new RegExp(`<div class="paywalled">[^]*${WALLED_SENTENCE.replace(/[.]/g, '\\.')}`));
      const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(r.body)?.[1] as string);
      expect(ld.isAccessibleForFree).toBe(false);
      expect(ld.hasPart).toEqual({ '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.paywalled' });
      expect(ld.articleBody).toContain(WALLED_SENTENCE);
    }
    // The same address without the crawler's user agent is a reader like any other.
    const reader = await t.app.inject({ url: premium.path, remoteAddress: GOOGLEBOT_IP });
    expect(reader.body).not.toContain(WALLED_SENTENCE);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const path = (await behindProxy.services.articles.get('proxy-story'))?.slug as string;
    const url = (await behindProxy.app.inject('/news')).body.match(new RegExp(`href="(/news/[^"]*${path})"`))?.[1] as string;
    expect(url).toBeTruthy();
    const viaProxy = await behindProxy.app.inject({
      url,
      remoteAddress: '10.0.0.1',
      headers: { 'user-agent': GOOGLEBOT_UA, 'x-forwarded-for': GOOGLEBOT_IP },
    });
    expect(viaProxy.body).toContain(WALLED_SENTENCE);
    const notProxy = await behindProxy.app.inject({
      url,
      remoteAddress: '10.0.0.2',
      headers: { 'user-agent': GOOGLEBOT_UA, 'x-forwarded-for': GOOGLEBOT_IP },
    });
    expect(notProxy.body).toContain('Two.');
    expect(notProxy.body).not.toContain('Three.');
    expect(notProxy.body).not.toContain(WALLED_SENTENCE);
  });
});
