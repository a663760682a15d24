/**
 * The printed magazine's QR codes end to end: a scan redirects to the story with a read token
 * and is counted; the token opens that story in full without spending a free article, and only
 * that story, and only until it expires; a tampered code lands on the front page, an expired one
 * on the story as anyone sees it; the back page's code on the subscription page. A print read
 * and a gift link's read of one story are cached as two pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { signedInReader, subscribeReader } from '../meter/meter-test-support.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { publishWeek } from './magazine-test-support.js';

describe.each(DIALECTS)('magazine QR codes on %s', (dialect) => {
  let t: TestApp;
  let storyCode = '';
  let backCode = '';
  let paths: string[] = [];
  let ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    await publishWeek(t);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    const made = await t.services.magazine.propose('2026-12-01', 'test');
    const frozen = await t.services.magazine.freeze(made.edition.number, 'test');
    const { content } = await t.services.magazine.content(frozen.number);
    paths = content.stories.map((s) => s.path);
    ids = content.stories.map((s) => s.articleId);
    storyCode = new URL(t.services.printCodes.storyUrl(frozen, content.stories[0] ?? (undefined as never), 0)).pathname;
    backCode = new URL(t.services.printCodes.backUrl(frozen)).pathname;
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const funnelCount = async (type: string) => {
    await t.services.funnel.flush();
    const rows = await t.services.db.selectFrom('funnel_counts').select(['count']).where('type', '=', type).execute();
    return rows.reduce((n, r) => n + r.count, 0);
  };

  it('a scan goes to the story with a read token, counts the scan and marks the browser for the funnel', async () => {
    expect(storyCode).toMatch(/^\/p\/[A-Za-z0-9_-]{20}$/);
    const r = await get(storyCode);
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toMatch(new RegExp(`^${paths[0]}\\?print=[A-Za-z0-9_-]{22}$`));
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(String(r.headers['set-cookie'])).toContain('mh_print=1');
    expect(await funnelCount('print_scan')).toBe(1);
  });

  it('the read token opens the story in full without spending a free article', async () => {
    const location = String((await get(storyCode)).headers.location);
    const page = await get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('From this week’s magazine.');
    expect(page.body).toContain('The ferry timetable is not affected.');
    expect(page.body).not.toContain('free articles this month');
    // No meter was started: nothing counted, no meter cookie.
    expect(String(page.headers['set-cookie'] ?? '')).not.toContain('mh_meter');
    expect(await funnelCount('print_read')).toBe(1);
    expect(await funnelCount('article_counted')).toBe(0);
  });

  it('the read token moved to another story, altered, or expired grants nothing: the page is the ordinary one', async () => {
    const location = String((await get(storyCode)).headers.location);
    const token = location.split('?print=')[1] ?? '';
    const moved = await get(`${paths[1]}?print=${token}`);
    expect(moved.statusCode).toBe(200);
    expect(moved.body).not.toContain('From this week’s magazine.');
    expect(moved.body).toMatch(/class="meter-used">1<\/strong>/);
    const altered = await get(`${paths[0]}?print=${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`);
    expect(altered.body).not.toContain('From this week’s magazine.');
    t.clock.advance(49 * 3_600_000);
    const late = await get(location);
    expect(late.body).not.toContain('From this week’s magazine.');
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
  });

  it('a tampered code lands on the front page; an expired one on the story without a token; the back page’s on the subscription page', async () => {
    const tampered = await get(`${storyCode.slice(0, -1)}${storyCode.endsWith('A') ? 'B' : 'A'}`);
    expect(tampered.statusCode).toBe(302);
    expect(tampered.headers.location).toBe('/');
    expect((await get('/p/not-a-code')).headers.location).toBe('/');

    t.clock.set(new Date('2027-04-07T00:00:00Z'));
    const expired = await get(storyCode);
    expect(expired.headers.location).toBe(paths[0]);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));

    const back = await get(backCode);
    expect(back.statusCode).toBe(302);
    expect(back.headers.location).toBe('/subscribe');
    expect(await funnelCount('print_subscribe_scan')).toBe(1);
  });

  it('a link preview or prefetch is sent on, but not counted and given no read token', async () => {
    const before = await funnelCount('print_scan');
    const r = await get(storyCode, { purpose: 'prefetch' });
    expect(r.headers.location).toBe(paths[0]);
    expect(await funnelCount('print_scan')).toBe(before);
  });

  it('a print read and a gift link’s read of one story are two cached pages, each with its own note', async () => {
    const giver = await signedInReader(t);
    await subscribeReader(t, giver.id);
    const policy = { perMonth: 100, ttlDays: 14, readersPerLink: 5, readsPerReader: 3 };
    const made = await t.services.giftLinks.create({ readerId: giver.id, articleId: ids[0] ?? '', articlePath: paths[0] ?? '', policy });
    const giftPath = made.url.slice(new URL(made.url).origin.length);
    const printPath = String((await get(storyCode)).headers.location);
    // Twice each, in turns: the second of each is served from the page cache and must still be its own page.
    for (let i = 0; i < 2; i++) {
      const print = await get(printPath);
      expect(print.body).toContain('From this week’s magazine.');
      expect(print.body).not.toContain('A subscriber gave you this article.');
      const gift = await get(giftPath);
      expect(gift.body).toContain('A subscriber gave you this article.');
      expect(gift.body).not.toContain('From this week’s magazine.');
    }
  });
});
