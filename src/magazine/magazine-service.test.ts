import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputFromArticle } from '../articles/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { addFunnelCounts } from '../funnel/funnel-repository.js';
import { AppError } from '../http/app-error.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { publishWeek } from './magazine-test-support.js';

const A = '/api/v1/admin/magazine/editions';

describe.each(DIALECTS)('the weekly magazine on %s', (dialect) => {
  let t: TestApp;
  let ids: string[] = [];
  let editorKey = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    ids = await publishWeek(t);
    // Reads recorded by the funnel: the third story most, then the second; the first none.
    await t.services.db.transaction().execute((trx) =>
      addFunnelCounts(trx, [
        { day: '2026-12-02', type: 'article_counted', period: '2026-12', sectionId: '', articleId: ids[2] ?? '', count: 40 },
        { day: '2026-12-03', type: 'gift_read', period: '2026-12', sectionId: '', articleId: ids[1] ?? '', count: 7 },
        // A read outside the week does not count for it.
        { day: '2026-12-08', type: 'article_counted', period: '2026-12', sectionId: '', articleId: ids[4] ?? '', count: 500 },
      ]),
    );
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    editorKey = (await t.services.apiKeys.createKey({ name: 'editor', kind: 'admin', role: 'editor', createdBy: 'test' })).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${editorKey}` }, ...(payload && { payload }) });

  it('proposes the week’s edition from its reads, leaving out a story without a picture, numbered No. 1', async () => {
    const made = await t.services.magazine.propose('2026-12-03', 'test');
    expect(made.created).toBe(true);
    expect(made.edition).toMatchObject({ number: 1, volume: 1, issue: 1, weekOf: '2026-11-30', coverDate: '2026-12-07', status: 'draft' });
    // Most-read first; stories without reads after, newest first; the fourth has no picture.
    expect(made.edition.storyIds).toEqual([ids[2], ids[1], ids[4], ids[0]]);
    expect(made.withoutPicture).toEqual([ids[3]]);
    expect(made.edition.coverArticleId).toBe(ids[2]);
    // Proposing the same week again answers the edition it has.
    const again = await t.services.magazine.propose('2026-12-06', 'test');
    expect(again.created).toBe(false);
    expect(again.edition.number).toBe(1);
  });

  it('numbers the next week’s edition No. 2, this week’s by default, and lists both', async () => {
    const made = await t.services.magazine.propose(undefined, 'test');
    expect(made.edition).toMatchObject({ number: 2, volume: 1, issue: 2, weekOf: '2026-12-07', storyIds: [] });
    expect((await t.services.magazine.list()).map((e) => e.number)).toEqual([2, 1]);
  });

  it('refuses a date that is not one, naming it', async () => {
    await expect(t.services.magazine.propose('2026-02-30', 'test')).rejects.toMatchObject({
      statusCode: 400,
      fields: [{ field: 'week_of' }],
    });
  });

  it('lets an editor order the stories, choose the cover and write the note through the Admin API', async () => {
    const r = await api('PATCH', `${A}/1`, { stories: [ids[0], ids[2], ids[1]], cover_story: ids[0], editor_note: 'A week of weather.' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      label: 'Vol. 1, No. 1',
      stories: [ids[0], ids[2], ids[1]],
      cover_story: ids[0],
      editor_note: 'A week of weather.',
      version: 2,
    });
    const stale = await api('PATCH', `${A}/1`, { editor_note: 'Too late', version: 1 });
    expect(stale.statusCode).toBe(409);
    const notAmong = await api('PATCH', `${A}/1`, { cover_story: ids[4] });
    expect(notAmong.statusCode).toBe(400);
    expect(notAmong.json().error.fields).toEqual([{ field: 'body.cover_story', message: 'the cover story is not among the stories' }]);
    const unknown = await api('PATCH', `${A}/1`, { stories: [ids[0], 'no-such-story'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0].field).toBe('body.stories');
    const none = await api('GET', `${A}/99`);
    expect(none.statusCode).toBe(404);
    expect((await api('GET', `${A}/1`)).json()).toMatchObject({ version: 2, editor_note: 'A week of weather.' });
  });

  it('refuses to freeze an edition holding a story without a picture, naming it, and changes nothing', async () => {
    await t.services.magazine.update(2, { storyIds: [ids[3] ?? ''], coverArticleId: ids[3] ?? null }, 'test');
    const err = await t.services.magazine.freeze(2, 'test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields).toEqual([
      { field: 'stories[0]', message: '"The night shift at the fish market" has no picture: give the story one, or take it out' },
    ]);
    expect((await t.services.magazine.get(2)).status).toBe('draft');
  });

  it('freezes an edition: later corrections on the web change the website, not the printed edition', async () => {
    const r = await api('POST', `${A}/1/freeze`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'frozen' });
    const before = await t.services.magazine.content(1);
    expect(before.content.stories.map((s) => s.headline)).toEqual([
      'Harbour authority delays the north channel dredging',
      'Schools close early as the storm moves in',
      'Council agrees a budget with a smaller rise in rates',
    ]);
    expect(before.content.cover?.caption).toBe('What the scene looked like on day 1.');

    const a = await t.services.articles.get(ids[0] ?? '');
    if (!a) throw new Error('no article');
    const input = inputFromArticle(a);
    await t.services.articles.update(
      a.id,
      {
        ...input,
        headline: 'Harbour authority cancels the dredging',
        updates: [
          ...(input.updates ?? []),
          { notedAt: new Date('2026-12-08T09:00:00Z'), note: 'The vote was cancelled.', correction: false },
        ],
      },
      'test',
      a.version,
    );
    const after = await t.services.magazine.content(1);
    expect(after.content).toEqual(before.content);
    expect(after.content.stories[0]?.updates).toEqual([]);
    // Frozen means frozen: no more changes.
    const late = await api('PATCH', `${A}/1`, { editor_note: 'Changed after printing' });
    expect(late.statusCode).toBe(409);
  });
});
