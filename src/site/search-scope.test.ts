/**
 * Search and the wall: a search must not tell a reader without `web` what a walled story says.
 * For them, metered and subscriber stories match on their headline and dek only (what every
 * teaser shows), free stories on their whole text; readers who may read everything search it all.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { createStaffMember } from '../accounts/staff-service.js';
import { searchArticleIds } from '../articles/article-repository.js';
import { DIALECTS } from '../db/test-databases.js';
import { publishStories, signedInReader, subscribeReader, type TestStory } from '../meter/meter-test-support.js';
import { insertOrganisation } from '../subscriptions/organisation-repository.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

/** Words of the test stories' bodies past the lead-in (meter-test-support.ts, bodyOf). */
const WALLED_QUERIES = ['zebra', 'quartz lantern', 'walled sentence', 'behind the wall'];

describe.each(DIALECTS)('search and the wall on %s', (dialect) => {
  let t: TestApp;
  let metered: TestStory;
  let premium: TestStory;
  let free: TestStory;

  const search = (q: string, b?: TestBrowser) => {
    const url = `/search?q=${encodeURIComponent(q)}`;
    return b ? b.get(url) : t.app.inject({ url, remoteAddress: '203.0.113.40' });
  };
  const found = (r: LightMyRequestResponse) => [metered, premium, free].filter((s) => r.body.includes(`href="${s.path}"`));
  /** "Story number 12 (metered)": the number its headline carries. */
  const numberOf = (s: TestStory) => /story-number-(\d+)/.exec(s.path)?.[1] as string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    [metered] = (await publishStories(t, 1, 'metered')) as [TestStory];
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
    [free] = (await publishStories(t, 1, 'free')) as [TestStory];
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds walled words in free stories only, for a reader without web', async () => {
    for (const q of WALLED_QUERIES) {
      const r = await search(q);
      expect(r.statusCode).toBe(200);
      expect(found(r), q).toEqual([free]);
      expect(r.body).toContain('1 story matches');
      expect(r.headers['cache-control']).toMatch(/^public/);
    }
    // A registered reader without a subscription is no different.
    const reader = await signedInReader(t);
    for (const q of WALLED_QUERIES) expect(found(await search(q, reader.b)), q).toEqual([free]);
  });

  it('still finds walled stories by their headline and dek, split between the two', async () => {
    for (const s of [metered, premium, free]) {
      expect(found(await search(`story number ${numberOf(s)}`))).toContain(s);
      expect(found(await search(`dek of story ${numberOf(s)}`))).toContain(s);
    }
    // "number" is in the headline, "dek" in the dek: all the words must be in the public part.
    expect(found(await search(`number ${numberOf(metered)} dek`))).toEqual([metered]);
    expect(found(await search(`number ${numberOf(metered)} zebra`))).toEqual([]);
  });

  it('lets a subscriber, staff and a licensed address search walled text, and keeps that from shared caches', async () => {
    const sub = await signedInReader(t, new TestBrowser(t.app, '198.18.0.7'));
    await subscribeReader(t, sub.id);
    const r = await search('zebra', sub.b);
    expect(new Set(found(r))).toEqual(new Set([metered, premium, free]));
    expect(r.headers['cache-control']).toMatch(/^private/);

    await createStaffMember(
      { db: t.services.db, clock: t.services.clock, publicUrl: t.config.publicUrl },
      { email: 'searcher@paper.test', name: 'Sam Searcher', role: 'writer', password: 'staff password 1' },
    );
    const staff = new TestBrowser(t.app);
    expect((await staff.submit('/signin', '/signin', { email: 'searcher@paper.test', password: 'staff password 1' })).statusCode).toBe(303);
    const byStaff = await search('lantern', staff);
    expect(new Set(found(byStaff))).toEqual(new Set([metered, premium, free]));
    expect(byStaff.headers['cache-control']).toMatch(/^private/);

    await insertOrganisation(
      t.services.db,
      { id: 'search-library', name: 'Search Library', ipRanges: ['100.64.9.0/24'], emailDomains: [], seatLimit: null, active: true },
      t.clock.now,
    );
    t.services.entitlements.invalidateOrganisations();
    const inside = new TestBrowser(t.app, '100.64.9.20');
    // The first answer may come while the organisations load.
    await search('quartz', inside);
    const lib = await search('quartz', inside);
    expect(new Set(found(lib))).toEqual(new Set([metered, premium, free]));
    expect(lib.headers['cache-control']).toMatch(/^private/);
    // The same search, just after, from outside: the in-process cache keeps the two apart.
    expect(found(await search('quartz'))).toEqual([free]);
  });

  it('searches within the scope it is given', async () => {
    const db = t.services.db;
    const publicIds = await searchArticleIds(db, t.services.dialect, 'zebra', 10, 0, 'public');
    expect(publicIds).toEqual({ ids: [free.id], total: 1 });
    const fullIds = await searchArticleIds(db, t.services.dialect, 'zebra', 10, 0, 'full');
    expect(new Set(fullIds.ids)).toEqual(new Set([metered.id, premium.id, free.id]));
    expect(fullIds.total).toBe(3);
    // A query with no words is no search.
    expect(await searchArticleIds(db, t.services.dialect, '¿?', 10, 0, 'public')).toEqual({ ids: [], total: 0 });
  });
});
