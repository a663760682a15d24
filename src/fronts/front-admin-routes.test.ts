import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import type { Article } from '../articles/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('the front editor over HTTP on %s', (dialect) => {
  let t: TestApp;
  let editor: SignedInStaff;
  const stories: Article[] = [];
  const id = (i: number) => (stories[i] as Article).id;

  /** Posts a form with repeated fields (the rows), as the browser does. */
  async function post(who: SignedInStaff, url: string, fields: [string, string][], accept?: string) {
    const csrf = await who.csrf('/admin/fronts/home');
    return t.app.inject({
      method: 'POST',
      url,
      remoteAddress: who.browser.ip,
      headers: {
        cookie: who.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        ...(accept ? { accept } : {}),
      },
      payload: new URLSearchParams([['_csrf', csrf], ...fields]).toString(),
    });
  }
  const rowsOf = (pairs: [string, string, string][]) =>
    pairs.flatMap(([a, tier, pin]): [string, string][] => [
      ['article', a],
      ['tier', tier],
      ['pin', pin],
    ]);
  const leadOf = async (path = '/') => {
    const html = (await t.app.inject(path)).body;
    const start = html.indexOf('class="front-lead');
    return /<h2><a href="[^"]+">([^<]+)<\/a>/.exec(html.slice(start))?.[1];
  };
  const placed = async () => (await t.services.fronts.editorView(await home())).rows.map((r) => `${r.story.headline}:${r.entry.tier}`);
  const home = async () => {
    const f = await t.services.fronts.find('home');
    if (!f) throw new Error('no home');
    return f;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'Europe/London' });
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T09:00:00Z'));
    for (let i = 1; i <= 4; i++)
      stories.push(
        await t.services.articles.create(
          {
            headline: `Harbour story ${i}`,
            section: i === 4 ? 'sport' : 'news',
            authors: ['mara-quint'],
            status: 'published',
            publishedAt: new Date(Date.UTC(2026, 11, 1, i)),
            body: SAMPLE_BODY,
          },
          'test',
        ),
      );
    stories.push(
      await t.services.articles.create(
        { headline: 'A draft about the harbour', section: 'news', authors: ['mara-quint'], body: SAMPLE_BODY },
        'test',
      ),
    );
    editor = await signInStaff(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the fronts for an editor; a writer or business user is refused; a stranger is sent to sign in', async () => {
    const r = await editor.browser.get('/admin/fronts');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('href="/admin/fronts/home"');
    expect(r.body).toContain('href="/admin/fronts/news"');
    expect(r.body).toContain('Never: newest first');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/fronts/news')).statusCode).toBe(200);
    for (const role of ['writer', 'business'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/fronts')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/fronts/home')).statusCode).toBe(403);
    }
    const stranger = await t.app.inject('/admin/fronts/home');
    expect(stranger.statusCode).toBe(303);
    expect(stranger.headers.location).toContain('/admin/sign-in');
    expect((await editor.browser.get('/admin/fronts/no-such-front')).statusCode).toBe(404);
  });

  it('finds stories by headline (live ones of this front only) and adds one on top', async () => {
    const found = await editor.browser.get('/admin/fronts/news?q=harbour');
    expect(found.body).toContain('Harbour story 1');
    expect(found.body).not.toContain('A draft about the harbour');
    expect(found.body).not.toContain('Harbour story 4'); // sport
    const r = await post(editor, '/admin/fronts/home/add', [['articleId', id(0)]]);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/admin/fronts/home?saved=added');
    await post(editor, '/admin/fronts/home/add', [['articleId', id(1)]]);
    expect(await placed()).toEqual(['Harbour story 2:secondary', 'Harbour story 1:secondary']);
    expect((await editor.browser.get('/admin/fronts/home?saved=added')).body).toContain('Story added on top.');
  });

  it('refuses to add a draft, a story of another section, or nothing (400, named next to the field)', async () => {
    const draft = await post(editor, '/admin/fronts/home/add', [['articleId', id(4)]]);
    expect(draft.statusCode).toBe(400);
    expect(draft.body).toContain('is not a published story');
    const sport = await post(editor, '/admin/fronts/news/add', [['articleId', id(3)]]);
    expect(sport.statusCode).toBe(400);
    expect(sport.body).toContain('is not a published story of News');
    const none = await post(editor, '/admin/fronts/home/add', []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose a story to add.');
  });

  it('saves tiers and pins, moves up and down, removes; the reader front follows each time', async () => {
    const pinTo = '2026-12-07T18:30';
    let r = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(1), 'secondary', ''],
        [id(0), 'lead', pinTo],
      ]),
      ['action', 'save'],
    ]);
    expect(r.statusCode).toBe(303);
    expect(await placed()).toEqual(['Harbour story 2:secondary', 'Harbour story 1:lead']);
    expect(await leadOf()).toBe('Harbour story 1');
    const view = await t.services.fronts.editorView(await home());
    // Wall-clock time in the paper's zone (London: UTC in December).
    expect(view.rows[1]?.entry.pinnedUntil).toEqual(new Date('2026-12-07T18:30:00Z'));
    expect((await editor.browser.get('/admin/fronts/home')).body).toContain(`value="${pinTo}"`);

    r = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(1), 'secondary', ''],
        [id(0), 'lead', pinTo],
      ]),
      ['action', `up:${id(0)}`],
    ]);
    expect(r.statusCode).toBe(303);
    expect(await placed()).toEqual(['Harbour story 1:lead', 'Harbour story 2:secondary']);
    // A tier changed in the form is kept when a row moves.
    r = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(0), 'secondary', ''],
        [id(1), 'lead', ''],
      ]),
      ['action', `down:${id(0)}`],
    ]);
    expect(await placed()).toEqual(['Harbour story 2:lead', 'Harbour story 1:secondary']);
    expect(await leadOf()).toBe('Harbour story 2');
    r = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(1), 'lead', ''],
        [id(0), 'secondary', ''],
      ]),
      ['action', `remove:${id(1)}`],
    ]);
    expect(r.statusCode).toBe(303);
    expect(await placed()).toEqual(['Harbour story 1:secondary']);
    expect(await leadOf()).toBe('Harbour story 1');
  });

  it('answers the island in JSON', async () => {
    await post(editor, '/admin/fronts/home/add', [['articleId', id(2)]]);
    const ok = await post(
      editor,
      '/admin/fronts/home',
      [
        ...rowsOf([
          [id(0), 'lead', ''],
          [id(2), 'secondary', ''],
        ]),
        ['action', 'save'],
      ],
      'application/json',
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ saved: true });
    const stale = await post(editor, '/admin/fronts/home', [...rowsOf([[id(0), 'lead', '']]), ['action', 'save']], 'application/json');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
  });

  it('re-renders the form with each problem next to its field, keeping what was typed (400)', async () => {
    const r = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(0), 'hero', ''],
        [id(2), 'secondary', 'next tuesday'],
      ]),
      ['action', 'save'],
    ]);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('There is a problem');
    expect(r.body).toContain('<a href="#tier-1">Choose Lead, Secondary or List.</a>');
    expect(r.body).toContain('<a href="#pin-2">Enter a date and time');
    expect(r.body).toContain('value="next tuesday"');
    expect(r.body).toMatch(/id="pin-2"[^>]*aria-invalid="true"/);
    const past = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(0), 'lead', '2026-12-01T10:00'],
        [id(2), 'secondary', ''],
      ]),
      ['action', 'save'],
    ]);
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('A pin must end in the future.');
    const badAction = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(0), 'lead', ''],
        [id(2), 'secondary', ''],
      ]),
      ['action', 'explode'],
    ]);
    expect(badAction.statusCode).toBe(400);
    expect(badAction.body).toContain('Use one of the buttons');
    const mismatched = await post(editor, '/admin/fronts/home', [
      ['article', id(0)],
      ['tier', 'lead'],
      ['action', 'save'],
    ]);
    expect(mismatched.statusCode).toBe(400);
    expect(mismatched.body).toContain('Every placed story needs its tier and pin fields');
    const noAction = await post(editor, '/admin/fronts/home', rowsOf([[id(0), 'lead', '']]));
    expect(noAction.statusCode).toBe(400);
    const notOnFront = await post(editor, '/admin/fronts/home', [
      ...rowsOf([
        [id(0), 'lead', ''],
        [id(2), 'secondary', ''],
      ]),
      ['action', `up:${id(3)}`],
    ]);
    expect(notOnFront.statusCode).toBe(400);
    expect(notOnFront.body).toContain('names a story that is not on this front');
    expect(await placed()).toEqual(['Harbour story 1:lead', 'Harbour story 3:secondary']);
  });

  it('a stale form (the front changed meanwhile) gets 409 and the front as it stands', async () => {
    const r = await post(editor, '/admin/fronts/home', [...rowsOf([[id(0), 'lead', '']]), ['action', 'save']]);
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('The front changed since this page was opened');
    expect(r.body).toContain('Harbour story 3');
  });

  it('a post without the CSRF token is refused', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/admin/fronts/home/rule',
      remoteAddress: editor.browser.ip,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'newStories=none',
    });
    expect(r.statusCode).toBe(403);
  });

  it('saves the rule for new stories; a bad value is refused', async () => {
    const r = await post(editor, '/admin/fronts/news/rule', [['newStories', 'none']]);
    expect(r.statusCode).toBe(303);
    const news = await t.services.fronts.find('news');
    if (!news) throw new Error('no news');
    expect((await t.services.fronts.editorView(news)).newStories).toBe('none');
    const bad = await post(editor, '/admin/fronts/news/rule', [['newStories', 'sideways']]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose where new stories go');
    expect((await editor.browser.get('/admin/fronts')).body).toContain('Not on the front');
  });
});
