import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../articles/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { frontOf } from './front-service.js';

/** The headlines of the reader's front, by tier, in order. */
function tiersOf(html: string) {
  const between = (cls: string) => {
    const start = html.indexOf(`class="${cls}`);
    if (start < 0) return [];
    const end = html.indexOf(cls === 'front-lead' ? '</article>' : cls === 'front-secondary' ? '</ul>' : '</ol>', start);
    return [...html.slice(start, end).matchAll(/<h[23]><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
  };
  return { lead: between('front-lead'), secondary: between('front-secondary'), list: between('front-list') };
}

describe.each(DIALECTS)('fronts on %s', (dialect) => {
  let t: TestApp;
  const made: Article[] = [];
  let newsId = '';

  async function publish(headline: string, at: Date, section = 'news') {
    const a = await t.services.articles.create(
      { headline, dek: `${headline}: the dek.`, section, authors: ['mara-quint'], status: 'published', publishedAt: at, body: SAMPLE_BODY },
      'test',
    );
    made.push(a);
    return a;
  }
  const home = frontOf(null);
  const front = async (path = '/') => tiersOf((await t.app.inject(path)).body);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const { section } = await seedBasics(t.services);
    newsId = section.id;
    t.clock.set(new Date('2026-12-07T09:00:00Z'));
    for (let i = 1; i <= 7; i++) await publish(`Story ${i}`, new Date(Date.UTC(2026, 11, 1, i)));
  });
  afterAll(async () => {
    await t.close();
  });

  it('a front nobody laid out: the newest leads, four secondaries, then the list', async () => {
    expect(await front()).toEqual({
      lead: ['Story 7'],
      secondary: ['Story 6', 'Story 5', 'Story 4', 'Story 3'],
      list: ['Story 2', 'Story 1'],
    });
  });

  it('follows a saved layout at once (the cached front is emptied), placed stories first', async () => {
    await front(); // cached
    const ref = await t.services.fronts.find('home');
    if (!ref) throw new Error('no home front');
    await t.services.fronts.add(ref, (made[0] as Article).id); // Story 1 on top, secondary
    await t.services.fronts.add(ref, (made[2] as Article).id); // Story 3 above it
    const view = await t.services.fronts.editorView(ref);
    expect(view.rows.map((r) => r.story.headline)).toEqual(['Story 3', 'Story 1']);
    await t.services.fronts.edit(
      ref,
      [
        { articleId: (made[0] as Article).id, tier: 'lead', pinnedUntil: null },
        { articleId: (made[2] as Article).id, tier: 'secondary', pinnedUntil: null },
      ],
      { kind: 'save' },
    );
    expect(await front()).toEqual({
      lead: ['Story 1'],
      secondary: ['Story 3'],
      list: ['Story 7', 'Story 6', 'Story 5', 'Story 4', 'Story 2'],
    });
  });

  it('refuses an edit made on a front that changed meanwhile (409), and a story not on the front (400)', async () => {
    const ref = await t.services.fronts.find('home');
    if (!ref) throw new Error('no home front');
    await expect(
      t.services.fronts.edit(ref, [{ articleId: (made[0] as Article).id, tier: 'lead', pinnedUntil: null }], { kind: 'save' }),
    ).rejects.toMatchObject({ statusCode: 409 });
    const rows = (await t.services.fronts.editorView(ref)).rows.map((r) => ({ ...r.entry }));
    await expect(t.services.fronts.edit(ref, rows, { kind: 'up', articleId: (made[5] as Article).id })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(t.services.fronts.add(ref, 'no-such-story')).rejects.toMatchObject({ statusCode: 400 });
  });

  it('puts a newly published story on top under the rule "top", and in the list under "none"', async () => {
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    await publish('Breaking story', new Date('2026-12-07T10:00:00Z'));
    expect((await front()).lead).toEqual(['Breaking story']);
    expect((await front()).secondary).toEqual(['Story 1', 'Story 3']);

    const ref = await t.services.fronts.find('home');
    if (!ref) throw new Error('no home front');
    t.clock.set(new Date('2026-12-07T10:05:00Z'));
    await t.services.fronts.setRule(ref, 'none');
    t.clock.set(new Date('2026-12-07T10:10:00Z'));
    await publish('Quiet story', new Date('2026-12-07T10:10:00Z'));
    const f = await front();
    expect(f.lead).toEqual(['Breaking story']);
    expect(f.list[0]).toBe('Quiet story');
  });

  it('a pinned story keeps its slot until the pin expires, even on a cached front', async () => {
    const ref = await t.services.fronts.find('home');
    if (!ref) throw new Error('no home front');
    const rows = (await t.services.fronts.editorView(ref)).rows.map((r) => ({ ...r.entry }));
    const id3 = (made[2] as Article).id;
    const pin = { articleId: id3, tier: 'lead' as const, pinnedUntil: new Date('2026-12-07T11:00:00Z') };
    const others = rows.filter((r) => r.articleId !== id3).map((r) => ({ ...r, tier: 'secondary' as const }));
    await t.services.fronts.edit(ref, [pin, ...others], { kind: 'save' });
    expect((await front()).lead).toEqual(['Story 3']);
    t.clock.set(new Date('2026-12-07T11:00:01Z'));
    // No content changed: only the pin's expiry makes the cached front stale.
    const after = await front();
    // Without a lead placed, the first placed story leads.
    expect(after.lead).toEqual(['Breaking story']);
    expect(after.secondary).not.toContain('Story 3');
    expect(after.list).toContain('Story 3');
  });

  it('a section front follows its own layout; a story moved to another section leaves it', async () => {
    const ref = await t.services.fronts.find('news');
    if (!ref) throw new Error('no news front');
    expect(ref.sectionId).toBe(newsId);
    const story = made[3] as Article;
    await t.services.fronts.add(ref, story.id);
    expect((await front('/news')).lead).toEqual(['Story 4']);
    const current = await t.services.articles.get(story.id);
    if (!current) throw new Error('gone');
    await t.services.articles.update(
      story.id,
      {
        headline: current.headline,
        section: 'sport',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: current.publishedAt,
        body: SAMPLE_BODY,
      },
      'test',
      current.version,
    );
    expect((await front('/news')).lead).not.toEqual(['Story 4']);
    expect((await front('/sport')).lead).toEqual(['Story 4']);
    // An unpublished placed story is gone from the front too.
    await t.services.articles.unpublish((made[0] as Article).id, 'test');
    const f = await front();
    expect([...f.lead, ...f.secondary, ...f.list]).not.toContain('Story 1');
  });

  it('finds live stories of a front by headline for the editor', async () => {
    const ref = await t.services.fronts.find('sport');
    if (!ref) throw new Error('no sport front');
    expect((await t.services.fronts.searchStories(ref, 'story 4')).map((s) => s.headline)).toEqual(['Story 4']);
    expect(await t.services.fronts.searchStories(ref, '   ')).toEqual([]);
    expect(await t.services.fronts.find('no-such-front')).toBeUndefined();
    expect(home.key).toBe('home');
  });
});
