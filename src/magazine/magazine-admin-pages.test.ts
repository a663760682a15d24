/**
 * The magazine's admin screens over HTTP on both databases: propose a week's edition, search and
 * add a story, reorder, drop, cover and note, the optimistic version (a stale form is a 409 and
 * nothing changes), freezing through its confirmation, CSRF, bad input, and the reader pages
 * (/magazine, /magazine/:number: only frozen editions, headlines and links but never a body,
 * through the page cache, emptied when an edition is frozen; a story unpublished or deleted since
 * is left out of the page, not out of the printed edition).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { publishWeek, WEEK_HEADS } from './magazine-test-support.js';

const E1 = '/admin/magazine/editions/1';

describe.each(DIALECTS)('the magazine’s admin screens and reader pages on %s', (dialect) => {
  let t: TestApp;
  let ids: string[] = [];
  let editor: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    ids = await publishWeek(t);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    editor = await signInStaff(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  const head = (i: number) => WEEK_HEADS[i]?.[0] ?? '';
  const edition = () => t.services.magazine.get(1);
  const post = async (action: string, form: Record<string, string>) =>
    editor.browser.post(action, { _csrf: await editor.csrf('/admin/magazine'), ...form });

  it('refuses a form without its CSRF token and a week that is not a date, and proposes the week of a date', async () => {
    const forged = await editor.browser.post('/admin/magazine', { week_of: '2026-12-03' });
    expect(forged.statusCode).toBe(403);
    expect(await t.services.magazine.list()).toEqual([]);
    const bad = await post('/admin/magazine', { week_of: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a date: write it as YYYY-MM-DD');
    expect(await t.services.magazine.list()).toEqual([]);

    const made = await post('/admin/magazine', { week_of: '2026-12-03' });
    expect(made.statusCode).toBe(303);
    // The fourth story has no picture: the proposal leaves it out and says so.
    expect(made.headers.location).toBe(`${E1}?done=proposed&left=1`);
    const page = await editor.browser.get(String(made.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 story of the week had no picture and was left out');
    expect(page.body).toContain('Vol. 1, No. 1');
    // The same week again opens the edition it has.
    const again = await post('/admin/magazine', { week_of: '2026-12-05' });
    expect(again.headers.location).toBe(`${E1}?done=opened`);
    const list = await editor.browser.get('/admin/magazine');
    expect(list.body).toContain(`href="${E1}"`);
  });

  it('adds a story found by a search, says beside it that it has no picture, and will not freeze while it is there', async () => {
    const found = await editor.browser.get(`${E1}?q=${encodeURIComponent('fish market')}`);
    expect(found.body).toContain(head(3));
    const e = await edition();
    const added = await post(E1, { version: String(e.version), action: `add:${ids[3]}` });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${E1}?done=added`);
    expect((await edition()).storyIds.at(-1)).toBe(ids[3]);
    const page = await editor.browser.get(E1);
    expect(page.body).toContain(`id="no-picture-${ids[3]}"`);
    expect(page.body).toContain('No picture: this story keeps the edition from the printer.');
    expect(page.body).toContain('It cannot be frozen yet');
    expect(page.body).not.toContain('Freeze for the printer…');
    const confirm = await editor.browser.get(`${E1}/freeze`);
    expect(confirm.statusCode).toBe(409);
    expect(confirm.body).toContain(`href="#no-picture-${ids[3]}"`);
    const v = (await edition()).version;
    const refused = await post(`${E1}/freeze`, { version: String(v) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('has no picture');
    expect((await edition()).status).toBe('draft');
  });

  it('moves and drops stories with the version it showed; a stale version is a 409 and changes nothing', async () => {
    const before = await edition();
    const second = before.storyIds[1] ?? '';
    const moved = await post(E1, { version: String(before.version), action: `up:${second}` });
    expect(moved.headers.location).toBe(`${E1}?done=moved`);
    const after = await edition();
    expect(after.storyIds.slice(0, 2)).toEqual([second, before.storyIds[0]]);
    expect(after.version).toBe(before.version + 1);

    // The form of before the move: someone else has saved since.
    const stale = await post(E1, { version: String(before.version), action: `drop:${second}` });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this edition after you opened it');
    expect(stale.body).toContain(`now version ${after.version}`);
    expect((await edition()).storyIds).toEqual(after.storyIds);
    const staleNote = await post(E1, { version: String(before.version), action: 'save', editor_note: 'Mine.' });
    expect(staleNote.statusCode).toBe(409);
    // The note typed is kept in the form, not lost.
    expect(staleNote.body).toContain('Mine.</textarea>');
    expect((await edition()).editorNote).toBe('');

    const dropped = await post(E1, { version: String(after.version), action: `drop:${ids[3]}` });
    expect(dropped.headers.location).toBe(`${E1}?done=dropped`);
    expect((await edition()).storyIds).not.toContain(ids[3]);
  });

  it('answers bad input with 400 naming the problem, and writes nothing', async () => {
    const e = await edition();
    const v = String(e.version);
    const cases: [Record<string, string>, string][] = [
      [{ action: 'save' }, 'This form was not complete'],
      [{ version: v, action: 'paint' }, 'Press one of the buttons'],
      [{ version: v, action: 'save', cover_date: '2026-13-01' }, 'Write the cover date as YYYY-MM-DD'],
      [{ version: v, action: 'save', editor_note: 'x'.repeat(4001) }, 'at most 4000'],
      [{ version: v, action: 'add:no-such-story' }, 'no published story'],
      [{ version: v, action: `up:${e.storyIds[0]}` }, 'cannot move that way'],
      [{ version: v, action: 'save', cover_story: ids[3] ?? '' }, 'the cover story is not among the stories'],
    ];
    for (const [form, message] of cases) {
      const r = await post(E1, form);
      expect(r.statusCode, message).toBe(400);
      expect(r.body).toContain(message);
    }
    expect(await edition()).toEqual(e);
    expect((await editor.browser.get('/admin/magazine/editions/99')).statusCode).toBe(404);
    expect((await editor.browser.get('/admin/magazine/editions/abc')).statusCode).toBe(400);
  });

  it('saves the cover and the note, then freezes through the confirmation; the reader page appears', async () => {
    expect((await t.app.inject('/magazine/1')).statusCode).toBe(404);
    const e = await edition();
    const cover = e.storyIds[2] ?? '';
    const saved = await post(E1, {
      version: String(e.version),
      action: 'save',
      cover_story: cover,
      cover_image: '',
      cover_date: '2026-12-07',
      editor_note: 'A week of storms and budgets.\r\n\r\nAnd a late goal.',
    });
    expect(saved.headers.location).toBe(`${E1}?done=saved`);
    expect(await edition()).toMatchObject({ coverArticleId: cover, editorNote: 'A week of storms and budgets.\n\nAnd a late goal.' });

    const confirm = await editor.browser.get(`${E1}/freeze`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Freeze edition No. 1');
    const v = (await edition()).version;
    expect((await post(`${E1}/freeze`, { version: String(v - 1) })).statusCode).toBe(409);
    expect((await edition()).status).toBe('draft');
    const frozen = await post(`${E1}/freeze`, { version: String(v) });
    expect(frozen.headers.location).toBe(`${E1}?done=frozen`);
    expect((await edition()).status).toBe('frozen');
    const page = await editor.browser.get(`${E1}?done=frozen`);
    expect(page.body).toContain('Download PDF (A4)');
    expect(page.body).toContain('Download PDF (Letter)');
    expect(page.body).not.toContain('name="action" value="up:');
    // A form of the draft posted now is refused: the edition went to the printer.
    const late = await post(E1, { version: String(v), action: 'save', editor_note: 'Too late.' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('has been frozen meanwhile');
    const audit = await t.services.db
      .selectFrom('audit_events')
      .select(['route', 'target_kind', 'target_id', 'target_name'])
      .where('route', '=', 'POST /admin/magazine/editions/:number/freeze')
      .execute();
    expect(audit).toEqual([
      {
        route: 'POST /admin/magazine/editions/:number/freeze',
        target_kind: 'edition',
        target_id: '1',
        target_name: 'No. 1 (Vol. 1, No. 1)',
      },
    ]);
  });

  it('shows the reader page of a frozen edition: cover, Vol./No., note, stories in order with links, never a body', async () => {
    const e = await edition();
    const r = await t.app.inject('/magazine/1');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(r.body).toContain('<h1>Vol. 1, No. 1</h1>');
    expect(r.body).toContain('7 December 2026');
    expect(r.body).toContain('<p>And a late goal.</p>');
    expect(r.body).toContain('href="/subscribe"');
    const order = [...r.body.matchAll(/<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>/g)].map((m) => m[2]);
    const heads = await t.services.magazine.content(1);
    expect(order).toEqual(heads.content.stories.map((s) => s.headline));
    expect(order).toHaveLength(e.storyIds.length);
    for (const s of heads.content.stories) expect(r.body).toContain(`href="${s.path}"`);
    expect(r.body).toContain('By Mara Quint');
    // The stories stay behind the website's gate: not a line of a body here.
    expect(r.body).not.toContain('Officials said the silt samples');
    expect(r.body).toMatch(/<img [^>]*src="\/media\//);
    expect(r.body).not.toContain('<script');
    // The second request is the page cache's.
    const hits = t.services.pageCache.stats().hits;
    const again = await t.app.inject('/magazine/1');
    expect(again.headers.etag).toBe(r.headers.etag);
    expect(t.services.pageCache.stats().hits).toBe(hits + 1);
    const index = await t.app.inject('/magazine');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('href="/magazine/1"');
    expect((await t.app.inject('/')).body).toContain('href="/magazine"');
    for (const url of ['/magazine/2', '/magazine/abc', '/magazine/01', '/magazine/99999999'])
      expect((await t.app.inject(url)).statusCode, url).toBe(404);
  });

  it('lists a newly frozen edition at once (freezing empties the page cache); a draft is never public', async () => {
    expect((await t.app.inject('/magazine')).body).not.toContain('href="/magazine/2"');
    const made = await t.services.magazine.propose('2026-11-25', 'test');
    expect(made.edition.number).toBe(2);
    // No story that week: a draft with nothing to print, not public, and its PDF is refused.
    expect((await t.app.inject('/magazine/2')).statusCode).toBe(404);
    const pdf = await post('/admin/magazine/editions/2/pdf', { trim: 'a4' });
    expect(pdf.statusCode).toBe(409);
    expect(pdf.body).toContain('is still a draft');
    const badTrim = await post('/admin/magazine/editions/1/pdf', { trim: 'tabloid' });
    expect(badTrim.statusCode).toBe(400);
    expect(badTrim.body).toContain('choose A4 or Letter');
    await t.services.magazine.update(2, { storyIds: [ids[0] ?? ''] }, 'test');
    await t.services.magazine.freeze(2, 'test');
    expect((await t.app.inject('/magazine')).body).toContain('href="/magazine/2"');
    expect((await t.app.inject('/magazine/2')).statusCode).toBe(200);
  });

  it('shows the archive to the business office with the mailing lists, and to editors without them', async () => {
    const business = await signInStaff(t, 'business');
    const a = await business.browser.get('/admin/magazine/archive');
    expect(a.statusCode).toBe(200);
    expect(a.body).toContain('href="/admin/magazine/editions/1/mailing-list.csv"');
    expect(a.body).toContain('href="/admin/magazine/editions/1/mailing-list-incomplete.csv"');
    expect(a.body).toContain('Download PDF (A4)');
    const ed = await editor.browser.get('/admin/magazine/archive');
    expect(ed.statusCode).toBe(200);
    expect(ed.body).not.toContain('mailing-list.csv');
    expect(ed.body).toContain(`href="${E1}"`);
    const writer = await signInStaff(t, 'writer');
    expect((await writer.browser.get('/admin/magazine')).statusCode).toBe(403);
    expect((await writer.browser.get('/admin/magazine/archive')).statusCode).toBe(403);
  });

  it('leaves off the public page a story unpublished or deleted since printing; the printed edition keeps it', async () => {
    const e = await edition();
    const printed = (await t.services.magazine.content(1)).content;
    const cover = printed.stories.find((s) => s.articleId === e.coverArticleId);
    // ids[0] is in edition 2 as well: the two taken down are the others.
    const [unpublished, deleted] = printed.stories.filter((s) => s.articleId !== e.coverArticleId && s.articleId !== ids[0]);
    if (!cover || !unpublished || !deleted) throw new Error('edition 1 needs a cover story and two more');
    expect((await t.app.inject('/magazine/1')).body).toContain(unpublished.headline);
    expect((await t.app.inject('/magazine/1')).body).not.toContain('no longer on our website');

    await t.services.articles.unpublish(unpublished.articleId, 'test');
    await t.services.articles.remove(deleted.articleId);
    const r = await t.app.inject('/magazine/1');
    expect(r.statusCode).toBe(200);
    for (const gone of [unpublished, deleted]) {
      expect(r.body).not.toContain(gone.headline);
      expect(r.body).not.toContain(gone.dek);
      expect(r.body).not.toContain(`href="${gone.path}"`);
    }
    const order = [...r.body.matchAll(/<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>/g)].map((m) => m[2]);
    expect(order).toEqual(printed.stories.filter((s) => s !== unpublished && s !== deleted).map((s) => s.headline));
    expect(r.body).toContain('2 stories printed in this edition are no longer on our website.');
    expect(r.body).toContain(`On the cover: <a href="${cover.path}">`);
    expect(r.body).toContain('magazine-cover-picture');
    expect((await t.app.inject('/magazine')).body).toContain(`${printed.stories.length - 2} stories`);
    // What the PDF prints is the frozen snapshot: both stories are still in it, and in the staff's edition page.
    expect((await t.services.magazine.content(1)).content.stories.map((s) => s.headline)).toEqual(printed.stories.map((s) => s.headline));
    expect((await editor.browser.get(E1)).body).toContain(unpublished.headline);

    // The cover story taken down: no cover line, and its picture is not left up as the cover.
    await t.services.articles.unpublish(cover.articleId, 'test');
    const c = await t.app.inject('/magazine/1');
    expect(c.body).not.toContain(cover.headline);
    expect(c.body).not.toContain('On the cover');
    expect(c.body).not.toContain('magazine-cover-picture');
    expect(c.body).toContain('3 stories printed in this edition are no longer on our website.');

    // Published again, a story is listed again.
    await t.services.articles.publish(unpublished.articleId, 'test');
    const back = await t.app.inject('/magazine/1');
    expect(back.body).toMatch(new RegExp(`<h3><a href="/[^"]+">${unpublished.headline}</a></h3>`));
    expect(back.body).toContain('2 stories printed in this edition are no longer on our website.');
  });
});
