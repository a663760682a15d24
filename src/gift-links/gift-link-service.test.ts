/**
 * Making gift links and admitting browsers through them, on both databases. Admission goes
 * through HTTP (a probe route that calls `admit` as the article route does) with real cookies.
 * The paper's time zone is Auckland, so "this month" ends at a different instant than in UTC.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { type Article, articlePath } from '../articles/article.js';
import { DIALECTS } from '../db/test-databases.js';
import { AppError } from '../http/app-error.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { GIFT_COOKIE } from './gift-cookie.js';
import { DEFAULT_GIFT_LINK_POLICY, type GiftLinkPolicy } from './gift-link.js';
import { createGiftLinkService, type GiftLinkService } from './gift-link-service.js';
import { admitIn, probeApp, publishArticle, signedInReader, tokenOf } from './gift-link-test-support.js';

const T0 = new Date('2026-11-25T09:00:00Z'); // 25 November, 22:00 in Auckland
const DAY = 86_400_000;
const OLD_KEY = 'an-old-signing-key-of-32-characters';

describe.each(DIALECTS)('gift links on %s', (dialect) => {
  let t: TestApp;
  let probe: FastifyInstance;
  let article: Article;
  let other: Article;
  const tz = 'Pacific/Auckland';

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: tz });
    await seedBasics(t.services);
    article = await publishArticle(t);
    other = await publishArticle(t);
    probe = await probeApp(t.services.giftLinks);
  });
  afterEach(() => {
    t.clock.set(T0);
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await probe.close();
    await t.close();
  });

  const links = () => t.services.giftLinks;
  const make = (readerId: string, policy: GiftLinkPolicy = DEFAULT_GIFT_LINK_POLICY, on: GiftLinkService = links()) =>
    on.create({ readerId, articleId: article.id, articlePath: articlePath(article, tz), policy });
  const friend = () => new TestBrowser(probe);
  const limitError = (n: number) =>
    expect.objectContaining({ code: 'GIFT_LINK_LIMIT', statusCode: 409, message: expect.stringContaining(`${n}`) });

  it('makes a signed link to the article’s URL that expires in 14 days', async () => {
    const { id } = await signedInReader(t);
    const made = await make(id);
    expect(made.url).toMatch(/^https:\/\/paper\.test\/news\/2026\/11\/20\/ferry-timetable-changes-part-\d+\?gift=[A-Za-z0-9_-]{48}$/);
    expect(made.url.startsWith(`https://paper.test${articlePath(article, tz)}?gift=`)).toBe(true);
    expect(made.expiresAt.toISOString()).toBe(new Date(T0.getTime() + 14 * DAY).toISOString());
    expect(made.remainingThisMonth).toBe(9);
    const [listed] = await links().listForReader(id);
    expect(listed).toMatchObject({ articleId: article.id, readers: 0, maxReaders: 1, revokedAt: null });
  });

  it('ten a month, counted in the paper’s time zone; the allowance comes back next month', async () => {
    const { id } = await signedInReader(t);
    for (let i = 1; i <= 10; i++) expect((await make(id)).remainingThisMonth).toBe(10 - i);
    await expect(make(id)).rejects.toBeInstanceOf(AppError);
    await expect(make(id)).rejects.toEqual(limitError(10));
    expect(await links().remainingThisMonth(id, DEFAULT_GIFT_LINK_POLICY)).toBe(0);
    expect(await links().listForReader(id)).toHaveLength(10);

    // 30 November 23:59 in Auckland: still November there.
    t.clock.set(new Date('2026-11-30T10:59:00Z'));
    await expect(make(id)).rejects.toEqual(limitError(10));
    // 1 December 00:01 in Auckland (still 30 November in UTC): a new month.
    t.clock.set(new Date('2026-11-30T11:01:00Z'));
    expect(await links().remainingThisMonth(id, DEFAULT_GIFT_LINK_POLICY)).toBe(10);
    expect((await make(id)).remainingThisMonth).toBe(9);
  });

  it('revoking a link does not give it back to the month’s allowance', async () => {
    const { id } = await signedInReader(t);
    const policy = { ...DEFAULT_GIFT_LINK_POLICY, perMonth: 2 };
    await make(id, policy);
    await make(id, policy);
    for (const l of await links().listForReader(id)) await links().revoke(id, l.id);
    await expect(make(id, policy)).rejects.toEqual(limitError(2));
  });

  it('admits the first browser, the same browser again, and refuses a second browser', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id)).url);
    const first = friend();
    const admitted = await admitIn(first, article.id, token);
    expect(admitted).toEqual({ ok: true, linkId: expect.any(String) });
    expect(first.cookies.get(GIFT_COOKIE)).toBeDefined();
    t.clock.advance(3 * DAY);
    expect(await admitIn(first, article.id, token)).toEqual(admitted);
    expect(await admitIn(friend(), article.id, token)).toEqual({ ok: false, reason: 'used-up' });
    // Deleting the cookie makes a new browser, which the link has no room for.
    first.cookies.delete(GIFT_COOKIE);
    expect(await admitIn(first, article.id, token)).toEqual({ ok: false, reason: 'used-up' });
    const [listed] = await links().listForReader(id);
    expect(listed?.readers).toBe(1);
  });

  it('sets the browser cookie HttpOnly, SameSite=Lax, Path=/, Secure (the site is https)', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id)).url);
    const r = await probe.inject(`/probe/${article.id}?gift=${token}`);
    const cookie = [r.headers['set-cookie']].flat().find((c) => c?.startsWith(`${GIFT_COOKIE}=`));
    expect(cookie).toBeDefined();
    for (const attr of ['HttpOnly', 'SameSite=Lax', 'Path=/', 'Secure', 'Max-Age=']) expect(cookie).toContain(attr);
  });

  it('a forged or changed cookie is a new browser', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id)).url);
    const first = friend();
    expect((await admitIn(first, article.id, token)).ok).toBe(true);
    const value = first.cookies.get(GIFT_COOKIE) as string;
    first.cookies.set(GIFT_COOKIE, `${value.slice(0, 23)}${value[23] === 'A' ? 'B' : 'A'}${value.slice(24)}`);
    expect(await admitIn(first, article.id, token)).toEqual({ ok: false, reason: 'used-up' });
  });

  it('a link for two readers admits two browsers', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id, { ...DEFAULT_GIFT_LINK_POLICY, readersPerLink: 2 })).url);
    expect((await admitIn(friend(), article.id, token)).ok).toBe(true);
    expect((await admitIn(friend(), article.id, token)).ok).toBe(true);
    expect(await admitIn(friend(), article.id, token)).toEqual({ ok: false, reason: 'used-up' });
  });

  it('one browser keeps its admissions across many links, past what its cookie lists', async () => {
    const { id } = await signedInReader(t);
    const many = { ...DEFAULT_GIFT_LINK_POLICY, perMonth: 30 };
    const tokens: string[] = [];
    for (let i = 0; i < 22; i++) tokens.push(tokenOf((await make(id, many)).url));
    const b = friend();
    for (const token of tokens) expect((await admitIn(b, article.id, token)).ok).toBe(true);
    // The first link has left the cookie's list; the database still knows this browser.
    expect((await admitIn(b, article.id, tokens[0] as string)).ok).toBe(true);
    expect(await admitIn(friend(), article.id, tokens[0] as string)).toEqual({ ok: false, reason: 'used-up' });
  });

  it('expires after 14 days, for browsers already admitted too', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id)).url);
    const b = friend();
    expect((await admitIn(b, article.id, token)).ok).toBe(true);
    t.clock.advance(14 * DAY - 1000);
    expect((await admitIn(b, article.id, token)).ok).toBe(true);
    t.clock.advance(1000);
    expect(await admitIn(b, article.id, token)).toEqual({ ok: false, reason: 'expired' });
    expect(await admitIn(friend(), article.id, token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('revoked: refused, for browsers already admitted too', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id)).url);
    const b = friend();
    const admitted = await admitIn(b, article.id, token);
    if (!admitted.ok) throw new Error('not admitted');
    await links().revoke(id, admitted.linkId);
    await links().revoke(id, admitted.linkId); // twice is fine
    expect(await admitIn(b, article.id, token)).toEqual({ ok: false, reason: 'revoked' });
    expect((await links().listForReader(id))[0]?.revokedAt).toEqual(T0);
  });

  it('only the reader who made a link can revoke it', async () => {
    const owner = await signedInReader(t);
    const stranger = await signedInReader(t);
    await make(owner.id);
    const [link] = await links().listForReader(owner.id);
    await expect(links().revoke(stranger.id, link?.id as string)).rejects.toEqual(expect.objectContaining({ statusCode: 404 }));
    expect((await links().listForReader(owner.id))[0]?.revokedAt).toBeNull();
  });

  it('a forged, changed or truncated token is invalid, without a database read', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id)).url);
    const changed = (i: number) => `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    const selects = vi.spyOn(t.services.db, 'selectFrom');
    for (const bad of [changed(5), changed(24), changed(45), token.slice(0, 40), `${token}x`, 'A'.repeat(48), '', 'not a token']) {
      expect(await admitIn(friend(), article.id, bad)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(selects).not.toHaveBeenCalled();
  });

  it('a token moved to another article’s URL is wrong-article, without a database read', async () => {
    const { id } = await signedInReader(t);
    const token = tokenOf((await make(id)).url);
    const selects = vi.spyOn(t.services.db, 'selectFrom');
    expect(await admitIn(friend(), other.id, token)).toEqual({ ok: false, reason: 'wrong-article' });
    expect(selects).not.toHaveBeenCalled();
    expect((await admitIn(friend(), article.id, token)).ok).toBe(true);
    expect(selects).toHaveBeenCalled(); // the spy does see the reads of a good token
  });

  it('key rotation: a link signed with the old key still opens when a new key signs', async () => {
    const { id } = await signedInReader(t);
    const deps = {
      db: t.services.db,
      clock: () => t.clock.now,
      publicUrl: t.config.publicUrl,
      timeZone: tz,
      liveArticle: async () => undefined,
      entitlementsFor: t.services.entitlements.entitlementsFor,
    };
    const before = createGiftLinkService({ ...deps, keys: [OLD_KEY] });
    const token = tokenOf((await make(id, DEFAULT_GIFT_LINK_POLICY, before)).url);
    const rotated = await probeApp(createGiftLinkService({ ...deps, keys: ['a-new-signing-key-of-32-characters', OLD_KEY] }));
    const dropped = await probeApp(createGiftLinkService({ ...deps, keys: ['a-new-signing-key-of-32-characters'] }));
    try {
      const b = new TestBrowser(rotated);
      expect((await admitIn(b, article.id, token)).ok).toBe(true);
      expect((await admitIn(b, article.id, token)).ok).toBe(true);
      expect(await admitIn(new TestBrowser(dropped), article.id, token)).toEqual({ ok: false, reason: 'invalid' });
    } finally {
      await rotated.close();
      await dropped.close();
    }
  });
});
