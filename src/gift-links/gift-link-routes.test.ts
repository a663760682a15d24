/**
 * The gift-link pages under /account, the line on /account, the data download and account
 * closure, through the whole app on both databases.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, TestBrowser } from '../accounts/account-test-support.js';
import { type Article, articlePath } from '../articles/article.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { DEFAULT_GIFT_LINK_POLICY } from './gift-link.js';
import {
  admitIn,
  PASSWORD,
  probeApp,
  publishArticle,
  signedInReader,
  subscribe,
  type TestReader,
  tokenOf,
} from './gift-link-test-support.js';

const T0 = new Date('2026-11-25T09:00:00Z');
const NEW = '/account/gift-links/new?article=';
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

describe.each(DIALECTS)('gift-link pages on %s', (dialect) => {
  let t: TestApp;
  let probe: FastifyInstance;
  let article: Article;
  let draft: Article;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    article = await publishArticle(t);
    draft = await publishArticle(t, 'draft');
    probe = await probeApp(t.services.giftLinks);
  });
  afterEach(() => {
    t.clock.set(T0);
  });
  afterAll(async () => {
    await probe.close();
    await t.close();
  });

  async function subscriber(): Promise<TestReader> {
    const r = await signedInReader(t);
    await subscribe(t, r.id);
    return r;
  }
  const urlIn = (html: string) => html.match(/<input id="gift-url" type="text" readonly value="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
  const makeOnPage = (b: TestBrowser) => b.submit(NEW + article.id, '/account/gift-links', { article: article.id });

  it('signed out: sent to sign in, and back to the same page', async () => {
    const r = await new TestBrowser(t.app).get(NEW + article.id);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/signin?return=${encodeURIComponent(NEW + article.id)}`);
    const list = await new TestBrowser(t.app).get('/account/gift-links');
    expect(list.headers.location).toBe('/signin?return=%2Faccount%2Fgift-links');
  });

  it('whatever host the reader browses, redirects stay relative and the gift URL is PUBLIC_URL’s', async () => {
    const other = { host: '127.0.0.1:8080' };
    const signedOut = await t.app.inject({ method: 'GET', url: NEW + article.id, headers: other });
    expect(signedOut.headers.location).toBe(`/signin?return=${encodeURIComponent(NEW + article.id)}`);
    const { b, id } = await subscriber();
    const page = await t.app.inject({ method: 'GET', url: NEW + article.id, headers: { ...other, cookie: b.cookieHeader } });
    const csrf = csrfIn(page.body);
    const made = await t.app.inject({
      method: 'POST',
      url: '/account/gift-links',
      headers: { ...other, cookie: b.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, article: article.id }).toString(),
    });
    expect(made.statusCode).toBe(200);
    expect(urlIn(made.body)).toMatch(/^https:\/\/paper\.test\//);
    const [link] = await t.services.giftLinks.listForReader(id);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/account/gift-links/${link?.id}/revoke`,
      headers: { ...other, cookie: b.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/account/gift-links#gift-${link?.id}`);
  });

  it('without a subscription: gift links come with one, and none can be made', async () => {
    const { b, id } = await signedInReader(t);
    const page = await b.get(NEW + article.id);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Gift links come with a subscription');
    expect(page.body).toContain('href="/subscribe"');
    expect(page.body).not.toContain('name="_csrf"');
    const account = await b.get('/account');
    const posted = await b.post('/account/gift-links', { _csrf: csrfIn(account.body), article: article.id });
    expect(posted.statusCode).toBe(403);
    expect(await t.services.giftLinks.listForReader(id)).toHaveLength(0);
    expect(account.body).not.toContain('Gift links:');
  });

  it('a subscriber makes a link: headline, allowance, then the link to copy, its expiry, one reader', async () => {
    const { b, id } = await subscriber();
    const page = await b.get(NEW + article.id);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain(article.headline);
    expect(page.body).toContain('You have 10 gift links left this month.');
    expect(page.body).toContain('action="/account/gift-links"');
    expect(page.body).toContain(`name="article" value="${article.id}"`);

    const made = await makeOnPage(b);
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toBe('no-store');
    const url = urlIn(made.body);
    expect(url).toMatch(new RegExp(`^https://paper\\.test${articlePath(article, 'UTC')}\\?gift=[A-Za-z0-9_-]{48}$`));
    expect(made.body).toContain('It works until 9 December 2026');
    expect(made.body).toContain('One person can read it');
    expect(made.body).toContain('You have 9 gift links left this month.');
    // The link opens for one friend.
    expect((await admitIn(new TestBrowser(probe), article.id, tokenOf(url as string))).ok).toBe(true);
    expect(await t.services.giftLinks.listForReader(id)).toHaveLength(1);
  });

  it('the month’s allowance used: no form, when more come, and a 409 for a POST', async () => {
    const { b, id } = await subscriber();
    const path = articlePath(article, 'UTC');
    for (let i = 0; i < 10; i++) {
      await t.services.giftLinks.create({ readerId: id, articleId: article.id, articlePath: path, policy: DEFAULT_GIFT_LINK_POLICY });
    }
    const page = await b.get(NEW + article.id);
    expect(page.body).toContain('You have no gift links left this month.');
    expect(page.body).toContain('You can make more from 1 December 2026.');
    expect(page.body).not.toContain('action="/account/gift-links"');
    const account = await b.get('/account');
    const r = await b.post('/account/gift-links', { _csrf: csrfIn(account.body), article: article.id });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('You have no gift links left this month.');
    expect(await t.services.giftLinks.listForReader(id)).toHaveLength(10);
    // Next month.
    t.clock.set(new Date('2026-12-01T00:00:01Z'));
    expect((await makeOnPage(b)).statusCode).toBe(200);
  });

  it('CSRF: a POST without the token, or with another’s, is refused (403) and makes nothing', async () => {
    const { b, id } = await subscriber();
    expect((await b.post('/account/gift-links', { article: article.id })).statusCode).toBe(403);
    expect((await b.post('/account/gift-links', { _csrf: 'forged', article: article.id })).statusCode).toBe(403);
    const other = await subscriber();
    const theirs = csrfIn((await other.b.get('/account')).body);
    expect((await b.post('/account/gift-links', { _csrf: theirs, article: article.id })).statusCode).toBe(403);
    await makeOnPage(b);
    const [link] = await t.services.giftLinks.listForReader(id);
    expect((await b.post(`/account/gift-links/${link?.id}/revoke`, {})).statusCode).toBe(403);
    expect((await t.services.giftLinks.listForReader(id))[0]?.revokedAt).toBeNull();
  });

  it('bad input: a 400 page naming the problem; an unknown or unpublished article: 404', async () => {
    const { b } = await subscriber();
    for (const q of ['not-an-id', '', `${article.id}x`, article.slug]) {
      const r = await b.get(NEW + encodeURIComponent(q));
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('article');
      expect(r.body).toContain('must be an article id');
    }
    expect((await b.get('/account/gift-links/new')).statusCode).toBe(400);
    const csrf = csrfIn((await b.get('/account')).body);
    const bad = await b.post('/account/gift-links', { _csrf: csrf, article: '../../etc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must be an article id');
    expect((await b.post('/account/gift-links', { _csrf: csrf })).statusCode).toBe(400);
    const badId = await b.post('/account/gift-links/nope/revoke', { _csrf: csrf });
    expect(badId.statusCode).toBe(400);
    expect(badId.body).toContain('must be a gift link id');

    expect((await b.get(NEW + UNKNOWN_ID)).statusCode).toBe(404);
    expect((await b.get(NEW + draft.id)).statusCode).toBe(404);
    expect((await b.post('/account/gift-links', { _csrf: csrf, article: draft.id })).statusCode).toBe(404);
    expect((await b.post(`/account/gift-links/${UNKNOWN_ID}/revoke`, { _csrf: csrf })).statusCode).toBe(404);
  });

  it('the list: each link with its article, dates and readers; revoke one (only one’s own)', async () => {
    const { b, id } = await subscriber();
    const url = urlIn((await makeOnPage(b)).body) as string;
    expect((await admitIn(new TestBrowser(probe), article.id, tokenOf(url))).ok).toBe(true);
    const list = await b.get('/account/gift-links');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.body).toContain('You have 9 gift links left this month.');
    expect(list.body).toContain(`href="${articlePath(article, 'UTC')}"`);
    expect(list.body).toContain('Made on 25 November 2026 · Works until 9 December 2026 · Read by 1 of 1');
    const [link] = await t.services.giftLinks.listForReader(id);
    const linkId = link?.id as string;
    expect(list.body).toContain(`action="/account/gift-links/${linkId}/revoke"`);

    const stranger = await subscriber();
    expect((await stranger.b.submit('/account', `/account/gift-links/${linkId}/revoke`, {})).statusCode).toBe(404);
    expect((await t.services.giftLinks.listForReader(id))[0]?.revokedAt).toBeNull();

    const r = await b.submit('/account/gift-links', `/account/gift-links/${linkId}/revoke`, {});
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/account/gift-links#gift-${linkId}`);
    const after = await b.get('/account/gift-links');
    expect(after.body).toContain('Revoked on 25 November 2026');
    expect(after.body).not.toContain(`/account/gift-links/${linkId}/revoke`);
    expect(await admitIn(new TestBrowser(probe), article.id, tokenOf(url))).toEqual({ ok: false, reason: 'revoked' });
  });

  it('/account shows the allowance to a subscriber, with a link to manage', async () => {
    const { b } = await subscriber();
    await makeOnPage(b);
    const account = await b.get('/account');
    expect(account.body).toContain('Gift links: 9 left this month · <a href="/account/gift-links">manage</a>');
  });

  it('the data download includes the reader’s gift links: the story, dates and places used, nothing of the friends', async () => {
    const { b, id } = await subscriber();
    await makeOnPage(b);
    const url = urlIn((await makeOnPage(b)).body) as string;
    expect((await admitIn(new TestBrowser(probe), article.id, tokenOf(url))).ok).toBe(true);
    const links = await t.services.giftLinks.listForReader(id);
    const r = await b.get('/account/data');
    expect(r.statusCode).toBe(200);
    const data = r.json() as { giftLinks: unknown[] };
    expect(data.giftLinks).toEqual([
      {
        id: links[0]?.id,
        articleId: article.id,
        articleHeadline: article.headline,
        articlePath: articlePath(article, 'UTC'),
        createdAt: T0.toISOString(),
        expiresAt: '2026-12-09T09:00:00.000Z',
        readers: 1,
        maxReaders: 1,
        revokedAt: null,
      },
      {
        id: links[1]?.id,
        articleId: article.id,
        articleHeadline: article.headline,
        articlePath: articlePath(article, 'UTC'),
        createdAt: T0.toISOString(),
        expiresAt: '2026-12-09T09:00:00.000Z',
        readers: 0,
        maxReaders: 1,
        revokedAt: null,
      },
    ]);
    const friends = await t.services.db
      .selectFrom('gift_link_readers')
      .select('browser_hash')
      .where('link_id', '=', links[0]?.id ?? '')
      .execute();
    expect(friends).toHaveLength(1);
    expect(r.body).not.toContain(friends[0]?.browser_hash);
  });

  it('closing the account revokes the reader’s links', async () => {
    const { b, id } = await subscriber();
    const url = urlIn((await makeOnPage(b)).body) as string;
    const friend = new TestBrowser(probe);
    expect((await admitIn(friend, article.id, tokenOf(url))).ok).toBe(true);
    expect((await b.submit('/account', '/account/close', { confirm: 'yes', password: PASSWORD })).statusCode).toBe(200);
    const links = await t.services.giftLinks.listForReader(id);
    expect(links.every((l) => l.revokedAt !== null)).toBe(true);
    expect(await admitIn(friend, article.id, tokenOf(url))).toEqual({ ok: false, reason: 'revoked' });
  });
});
