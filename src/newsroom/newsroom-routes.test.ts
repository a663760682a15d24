import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

type Signed = Awaited<ReturnType<typeof signInStaff>>;

describe.each(DIALECTS)('the desk on %s', (dialect) => {
  let t: TestApp;
  let editor: Signed;
  let editor2: Signed;
  let writer: Signed;
  let business: Signed;

  const get = (who: Signed | undefined, url: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  async function post(who: Signed, url: string, fields: Record<string, string | string[]>, csrf?: string) {
    const body = new URLSearchParams();
    // Business cannot open a stories page for a token: the role guard answers before the token is read.
    body.set('_csrf', csrf ?? (who.staff.role === 'business' ? 'none' : await who.csrf('/admin/stories')));
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  }
  const story = (over: Record<string, string | string[]> = {}) => ({
    headline: 'Council votes on the harbour wall',
    dek: 'The vote was close.',
    section: 'news',
    authors: ['mara-quint'],
    access: 'metered',
    body: SAMPLE_BODY,
    ...over,
  });
  const idOf = (location: string | undefined) => /\/admin\/stories\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';
  const count = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  async function create(who: Signed, over: Record<string, string | string[]> = {}) {
    const r = await post(who, '/admin/stories', { ...story(over), intent: 'save' });
    expect(r.statusCode, r.body.slice(0, 500)).toBe(303);
    const id = idOf(r.headers.location as string);
    const a = await t.services.articles.get(id);
    if (!a) throw new Error('not saved');
    return a;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    editor = await signInStaff(t, 'editor');
    editor2 = await signInStaff(t, 'editor');
    writer = await signInStaff(t, 'writer');
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists stories for editors and writers, and none for business', async () => {
    const mine = await create(writer, { headline: 'Writer draft about ferries' });
    const theirs = await create(editor, { headline: 'Editor story about buses' });
    const ed = await get(editor, '/admin/stories');
    expect(ed.statusCode).toBe(200);
    expect(ed.headers['cache-control']).toContain('no-store');
    expect(ed.body).toContain('Writer draft about ferries');
    expect(ed.body).toContain('Editor story about buses');
    expect(ed.body).toContain('New story');
    const wr = await get(writer, '/admin/stories');
    expect(wr.body).toContain('Writer draft about ferries');
    expect(wr.body).not.toContain('Editor story about buses');
    expect(wr.body).not.toContain('With the selected stories');
    expect((await get(writer, `/admin/stories/${theirs.id}`)).statusCode).toBe(404);
    expect((await get(writer, `/admin/stories/${mine.id}`)).statusCode).toBe(200);
    expect((await get(business, '/admin/stories')).statusCode).toBe(403);
    expect((await get(undefined, '/admin/stories')).statusCode).toBe(303);
  });

  it('filters by status, section, author, dates and words, and pages', async () => {
    await create(editor, { headline: 'Sport: the regatta returns', section: 'sport', authors: ['tobias-renn'] });
    const bySection = await get(editor, '/admin/stories?section=sport');
    expect(bySection.body).toContain('the regatta returns');
    expect(bySection.body).not.toContain('Editor story about buses');
    const byAuthor = await get(editor, '/admin/stories?author=tobias-renn');
    expect(byAuthor.body).toContain('the regatta returns');
    expect(byAuthor.body).not.toContain('Writer draft about ferries');
    const byWords = await get(editor, '/admin/stories?q=REGATTA%20returns');
    expect(byWords.body).toContain('the regatta returns');
    expect(byWords.body).not.toContain('Editor story about buses');
    const literal = await get(editor, '/admin/stories?q=%25');
    expect(literal.body).toContain('No stories match.');
    expect((await get(editor, '/admin/stories?status=published')).body).toContain('No stories match.');
    const today = (await get(editor, '/admin/stories?from=2026-11-25&to=2026-11-25')).body;
    expect(today).toContain('the regatta returns');
    expect((await get(editor, '/admin/stories?to=2026-11-24')).body).toContain('No stories match.');
    const bad = await get(editor, '/admin/stories?from=2026-13-45');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('From date must be a date');
    expect((await get(editor, '/admin/stories?status=nope')).statusCode).toBe(400);
    const unknown = await get(editor, '/admin/stories?section=nowhere');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No section');
    for (let i = 0; i < 25; i++)
      await t.services.articles.create({ headline: `Filler ${i}`, section: 'news', authors: ['mara-quint'], body: 'x' }, 'test');
    const p1 = await get(editor, '/admin/stories');
    expect(p1.body).toContain('Next page');
    const p2 = await get(editor, '/admin/stories?page=2');
    expect(p2.body).toContain('Previous page');
    expect(p2.body).toContain('page 2 of 2');
  });

  it('creates a story and re-shows a bad form with each problem beside its field, writing nothing', async () => {
    const before = await count();
    const r = await post(editor, '/admin/stories', {
      ...story({ headline: '  ', section: '', authors: [], heroImageId: '', heroAlt: 'a dog' }),
      intent: 'save',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Headline is required');
    expect(r.body).toContain('Choose a section');
    expect(r.body).toContain('Choose at least one author');
    expect(r.body).toContain('Upload a picture first');
    expect(r.body).toContain('id="headline-error"');
    expect(r.body).toContain('The vote was close.');
    expect(await count()).toBe(before);
    const taken = await create(editor, { slug: 'taken-slug' });
    const dup = await post(editor, '/admin/stories', { ...story({ slug: 'taken-slug' }), intent: 'save' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('already used by another article');
    expect(await count()).toBe(before + 1);
    const hero = await post(editor, `/admin/stories/${taken.id}`, {
      ...story({ heroImageId: 'no-such-image', heroAlt: 'x' }),
      version: String(taken.version),
    });
    expect(hero.statusCode).toBe(400);
    expect(hero.body).toContain('no image');
    expect((await post(editor, '/admin/stories', { ...story(), intent: 'launch' })).statusCode).toBe(400);
    expect((await post(editor, '/admin/stories', story(), 'forged-token')).statusCode).toBe(403);
  });

  it('keeps a writer to their own drafts and existing tags', async () => {
    const d = await create(writer, { headline: 'Writer’s own draft' });
    expect(await t.services.articles.creatorOf(d.id)).toBe(`staff:${writer.staff.id}`);
    expect((await post(writer, `/admin/stories/${d.id}`, { ...story(), version: String(d.version), intent: 'publish' })).statusCode).toBe(
      403,
    );
    const tags = await post(writer, `/admin/stories/${d.id}`, { ...story({ tags: 'brand-new-tag' }), version: String(d.version) });
    expect(tags.statusCode).toBe(400);
    expect(tags.body).toContain('No such tag: brand-new-tag');
    expect((await t.services.articles.get(d.id))?.version).toBe(d.version);
    const ed = await create(editor, { headline: 'Editor’s draft' });
    expect((await post(writer, `/admin/stories/${ed.id}`, { ...story(), version: String(ed.version) })).statusCode).toBe(404);
    expect((await post(writer, '/admin/stories/bulk', { action: 'delete', ids: ed.id, confirm: 'yes' })).statusCode).toBe(403);
    expect((await post(business, `/admin/stories/${ed.id}`, { ...story(), version: String(ed.version) })).statusCode).toBe(403);
  });

  it('stops an overwrite: the conflict page, then "Keep my copy" saves over as a new revision', async () => {
    const a = await create(editor, { headline: 'Original headline' });
    const first = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'First editor’s headline' }),
      version: String(a.version),
    });
    expect(first.statusCode).toBe(303);
    const second = await post(editor2, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Second editor’s headline' }),
      version: String(a.version),
      intent: 'save',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this story');
    expect(second.body).toContain('Keep my copy');
    expect(second.body).toContain('Take theirs');
    expect(second.body).toContain('First editor’s headline');
    expect(second.body).toContain('Second editor’s headline');
    expect((await t.services.articles.get(a.id))?.headline).toBe('First editor’s headline');
    const theirs = await t.services.articles.get(a.id);
    const keep = await post(editor2, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Second editor’s headline' }),
      version: String(theirs?.version),
      intent: 'save',
    });
    expect(keep.statusCode).toBe(303);
    const now = await t.services.articles.get(a.id);
    expect(now?.headline).toBe('Second editor’s headline');
    expect((await t.services.articles.revisionsOf(a.id)).map((r) => r.version)).toEqual([3, 2, 1]);
  });

  it('schedules in the paper’s time zone, publishes onto the front, unpublishes', async () => {
    const a = await create(editor, { headline: 'Ferry timetable changes' });
    const past = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Ferry timetable changes' }),
      version: '1',
      intent: 'schedule',
      publishAt: '2026-11-24T10:00',
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The publish time must be in the future');
    const none = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Ferry timetable changes' }),
      version: '1',
      intent: 'schedule',
      publishAt: '',
    });
    expect(none.body).toContain('Give the date and time to publish');
    const tz = t.config.timezone;
    const s = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Ferry timetable changes' }),
      version: '1',
      intent: 'schedule',
      publishAt: '2026-11-26T07:30',
    });
    expect(s.statusCode).toBe(303);
    const scheduled = await t.services.articles.get(a.id);
    expect(scheduled?.status).toBe('scheduled');
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      scheduled?.publishedAt ?? new Date(0),
    );
    expect(local).toBe('07:30');
    expect((await get(editor, `/admin/stories/${a.id}`)).body).toContain('value="2026-11-26T07:30"');
    expect((await get(editor, '/admin/stories?status=scheduled')).body).toContain('Publishes');

    const p = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Ferry timetable changes' }),
      version: '2',
      intent: 'publish',
    });
    expect(p.statusCode).toBe(303);
    expect((await t.services.articles.get(a.id))?.status).toBe('published');
    expect((await t.app.inject({ method: 'GET', url: '/' })).body).toContain('Ferry timetable changes');
    const u = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Ferry timetable changes' }),
      version: '3',
      intent: 'unpublish',
    });
    expect(u.statusCode).toBe(303);
    expect((await t.services.articles.get(a.id))?.status).toBe('unpublished');
    expect((await t.app.inject({ method: 'GET', url: '/' })).body).not.toContain('Ferry timetable changes');
  });

  it('lists revisions with the person’s name and time', async () => {
    const a = await create(editor, { headline: 'Revised twice' });
    await post(editor2, `/admin/stories/${a.id}`, { ...story({ headline: 'Revised twice, again' }), version: '1' });
    const r = await get(editor, `/admin/stories/${a.id}/revisions`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/<td>2 \(current\)<\/td><td>Test editor<\/td><td>25 November 2026 at 09:00/);
    expect(r.body).toContain('Restore version 1');
    expect((await get(writer, `/admin/stories/${a.id}/revisions`)).statusCode).toBe(404);
    expect((await get(editor, `/admin/stories/${a.id}/revisions?from=x`)).statusCode).toBe(400);

    const compared = await get(editor, `/admin/stories/${a.id}/revisions?from=1&to=2`);
    expect(compared.body).toContain('Changes from version 1 to version 2');
    expect(compared.body).toMatch(/<th scope="row">Headline<\/th><td><del><span class="visually-hidden">\[was: <\/span>Revised twice<span/);
    expect(compared.body).toContain('<ins><span class="visually-hidden">[now: </span>Revised twice, again');
    const bodyDiff = await post(editor2, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Revised twice, again', body: SAMPLE_BODY.replace('north channel', 'south channel') }),
      version: '2',
    });
    expect(bodyDiff.statusCode).toBe(303);
    const words = await get(editor, `/admin/stories/${a.id}/revisions?from=2&to=3`);
    expect(words.body).toMatch(/<del><span class="visually-hidden">\[removed: <\/span>north/);
    expect(words.body).toMatch(/<ins><span class="visually-hidden">\[added: <\/span>south/);
    expect(words.body).toContain('Changed</span> paragraph');
    const stale = await post(editor, `/admin/stories/${a.id}/revisions/1/restore`, { version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('nothing was restored');
    expect((await t.services.articles.get(a.id))?.version).toBe(3);
    const restored = await post(editor, `/admin/stories/${a.id}/revisions/1/restore`, { version: '3' });
    expect(restored.statusCode).toBe(303);
    const now = await t.services.articles.get(a.id);
    expect(now?.headline).toBe('Revised twice');
    expect(now?.bodyMarkdown).toContain('north channel');
    expect(now?.version).toBe(4);
    expect(now?.status).toBe('draft');
    expect((await post(editor, `/admin/stories/${a.id}/revisions/99/restore`, { version: '4' })).statusCode).toBe(404);
    expect((await post(editor, `/admin/stories/${a.id}/revisions/0/restore`, { version: '4' })).statusCode).toBe(400);
    expect((await post(writer, `/admin/stories/${a.id}/revisions/1/restore`, { version: '4' })).statusCode).toBe(404);
  });

  it('bulk publishes, unpublishes and (after asking) deletes', async () => {
    const a = await create(editor, { headline: 'Bulk one' });
    const b = await create(editor, { headline: 'Bulk two' });
    expect((await post(editor, '/admin/stories/bulk', { action: 'publish', ids: [a.id, b.id] })).statusCode).toBe(303);
    expect((await t.services.articles.get(a.id))?.status).toBe('published');
    expect((await post(editor, '/admin/stories/bulk', { action: 'unpublish', ids: [a.id] })).statusCode).toBe(303);
    expect((await t.services.articles.get(a.id))?.status).toBe('unpublished');
    const ask = await post(editor, '/admin/stories/bulk', { action: 'delete', ids: [a.id, b.id] });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Delete 2 stories');
    expect(await t.services.articles.get(a.id)).toBeDefined();
    expect((await post(editor, '/admin/stories/bulk', { action: 'delete', ids: [a.id, b.id], confirm: 'yes' })).statusCode).toBe(303);
    expect(await t.services.articles.get(a.id)).toBeUndefined();
    expect(await t.services.articles.get(b.id)).toBeUndefined();
    expect((await post(editor, '/admin/stories/bulk', { action: 'explode', ids: [a.id] })).statusCode).toBe(400);
  });

  it('autosaves drafts as JSON, and reports a conflict instead of overwriting', async () => {
    const fresh = await post(editor, '/admin/stories/autosave', { ...story({ headline: 'Autosaved new story' }), version: '' });
    expect(fresh.statusCode).toBe(200);
    const created = fresh.json() as { ok: boolean; id: string; version: number; savedAt: string };
    expect(created).toMatchObject({ ok: true, version: 1 });
    expect(created.savedAt).toMatch(/^\d\d:\d\d$/);
    const again = await post(editor, `/admin/stories/${created.id}/autosave`, { ...story({ headline: 'Autosaved, twice' }), version: '1' });
    expect(again.json()).toMatchObject({ ok: true, version: 2 });
    const stale = await post(editor, `/admin/stories/${created.id}/autosave`, { ...story({ headline: 'Stale autosave' }), version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ ok: false, reason: 'conflict', version: 2 });
    expect((await t.services.articles.get(created.id))?.headline).toBe('Autosaved, twice');
    const bad = await post(editor, `/admin/stories/${created.id}/autosave`, { ...story({ headline: '' }), version: '2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ reason: 'invalid', problems: [{ field: 'headline' }] });
    await t.services.articles.publish(created.id, 'test');
    expect((await post(editor, `/admin/stories/${created.id}/autosave`, { ...story(), version: '3' })).statusCode).toBe(409);
  });

  it('adds an update note in two clicks, flagged as a correction or not', async () => {
    const a = await create(editor, { headline: 'Storm closes the bridge' });
    await t.services.articles.publish(a.id, 'test');
    const live = await t.services.articles.get(a.id);
    const empty = await post(editor, `/admin/stories/${a.id}/updates`, { note: '  ', version: String(live?.version) });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Write the update note');
    const r = await post(editor, `/admin/stories/${a.id}/updates`, { note: 'The bridge reopened at 6pm.', version: String(live?.version) });
    expect(r.statusCode).toBe(303);
    const after = await t.services.articles.get(a.id);
    expect(after?.updates.map((u) => u.note)).toEqual(['The bridge reopened at 6pm.']);
    expect(after?.version).toBe((live?.version ?? 0) + 1);
    const stale = await post(editor, `/admin/stories/${a.id}/updates`, { note: 'Late note', version: String(live?.version) });
    expect(stale.statusCode).toBe(409);
    expect((await t.services.articles.get(a.id))?.updates).toHaveLength(1);
    const fix = await post(editor, `/admin/stories/${a.id}/updates`, {
      note: 'An earlier version named the wrong bridge.',
      correction: 'yes',
      version: String(after?.version),
    });
    expect(fix.statusCode).toBe(303);
    const corrected = await t.services.articles.get(a.id);
    expect(corrected?.updates.map((u) => [u.note, u.correction])).toEqual([
      ['The bridge reopened at 6pm.', false],
      ['An earlier version named the wrong bridge.', true],
    ]);
    expect((await get(undefined, '/corrections')).body).toContain('An earlier version named the wrong bridge.');
  });

  it('saves the editor’s document as the body’s source, and names a bad one', async () => {
    const a = await create(editor, { headline: 'Written in the editor' });
    const doc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'What happened' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'The tide came in ' },
            { type: 'text', marks: [{ type: 'bold' }], text: 'early' },
            { type: 'text', text: '.' },
          ],
        },
      ],
    };
    const r = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Written in the editor', body: '' }),
      bodyDoc: JSON.stringify(doc),
      version: '1',
    });
    expect(r.statusCode).toBe(303);
    const saved = await t.services.articles.get(a.id);
    expect(saved?.bodyMarkdown).toContain('## What happened');
    expect(saved?.bodyMarkdown).toContain('**early**');
    const page = await get(editor, `/admin/stories/${a.id}`);
    expect(page.body).toMatch(/data-body-doc[^>]*>\{"type":"doc","content":\[\{"type":"heading"/);
    const bad = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Broken doc' }),
      bodyDoc: '{"type":"doc","content":[{"type":"marquee"}]}',
      version: '2',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="bodyDoc-error"');
    expect((await t.services.articles.get(a.id))?.headline).toBe('Written in the editor');
    const focal = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Written in the editor' }),
      heroFocusX: '30',
      heroFocusY: '',
      version: '2',
    });
    expect(focal.statusCode).toBe(400);
    expect(focal.body).toContain('Give both focal point numbers, or neither');
    const far = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ headline: 'Written in the editor' }),
      heroFocusX: '130',
      heroFocusY: '5',
      version: '2',
    });
    expect(far.body).toContain('must be a number from 0 to 100');
  });

  it('previews a draft as readers will see it, walled too, never cached, noindex', async () => {
    const a = await create(editor, { headline: 'Draft for the preview', access: 'subscribers' });
    const r = await get(editor, `/admin/stories/${a.id}/preview`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-robots-tag']).toContain('noindex');
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(r.body).toContain('<meta name="robots" content="noindex"/>');
    expect(r.body).toContain('Draft for the preview');
    expect(r.body).toContain('The ferry timetable is not affected.');
    const walled = await get(editor, `/admin/stories/${a.id}/preview?as=walled`);
    expect(walled.statusCode).toBe(200);
    expect(walled.body).not.toContain('The ferry timetable is not affected.');
    expect((await get(undefined, `/admin/stories/${a.id}/preview`)).statusCode).toBe(303);
    expect((await get(business, `/admin/stories/${a.id}/preview`)).statusCode).toBe(403);
  });

  it('makes signed preview links that work without an account, expire and can be revoked', async () => {
    const a = await create(editor, { headline: 'Draft behind a link' });
    const make = await post(editor, `/admin/stories/${a.id}/preview-link`, { days: '1' });
    expect(make.statusCode).toBe(303);
    const token = decodeURIComponent(/previewLink=([^&#]+)/.exec(make.headers.location as string)?.[1] ?? '');
    const page = await get(editor, make.headers.location as string);
    expect(page.body).toContain(`https://paper.test/preview/${token}`);
    const open = await get(undefined, `/preview/${token}`);
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('Draft behind a link');
    expect(open.headers['x-robots-tag']).toContain('noindex');
    expect(open.headers['cache-control']).toBe('private, no-store');
    expect((await get(undefined, `/preview/${token}x`)).statusCode).toBe(403);
    expect((await get(undefined, '/preview/abc.def')).statusCode).toBe(404);
    expect((await get(undefined, '/preview/<script>')).statusCode).toBe(400);

    const pin = await post(editor, `/admin/stories/${a.id}/preview-link`, { days: '7', pin: 'yes' });
    const pinned = decodeURIComponent(/previewLink=([^&#]+)/.exec(pin.headers.location as string)?.[1] ?? '');
    expect((await get(undefined, `/preview/${pinned}`)).statusCode).toBe(200);
    await post(editor, `/admin/stories/${a.id}`, { ...story({ headline: 'Draft behind a link, edited' }), version: String(a.version) });
    const stale = await get(undefined, `/preview/${pinned}`);
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('earlier version');
    expect((await get(undefined, `/preview/${token}`)).statusCode).toBe(200);

    t.clock.advance(2 * 86_400_000);
    const expired = await get(undefined, `/preview/${token}`);
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('expired');
    t.clock.advance(-2 * 86_400_000);
    expect((await get(undefined, `/preview/${token}`)).statusCode).toBe(200);
    expect((await post(editor, `/admin/stories/${a.id}/preview-link/revoke`, {})).statusCode).toBe(303);
    const revoked = await get(undefined, `/preview/${token}`);
    expect(revoked.statusCode).toBe(403);
    expect(revoked.body).toContain('revoked');
    expect((await post(editor, `/admin/stories/${a.id}/preview-link`, { days: '365' })).statusCode).toBe(400);
  });

  it('uploads a picture for a story (JSON for the island, a redirect for a plain form)', async () => {
    const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#557799' } })
      .png()
      .toBuffer();
    const csrf = await editor.csrf('/admin/stories/new');
    const multipart = (parts: { name: string; value: string | Buffer; filename?: string }[]) => {
      const boundary = '----desk-test-boundary';
      const chunks: Buffer[] = [];
      for (const p of parts) {
        const disp = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
        chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n${p.filename ? 'Content-Type: image/png\r\n' : ''}\r\n`));
        chunks.push(typeof p.value === 'string' ? Buffer.from(p.value) : p.value, Buffer.from('\r\n'));
      }
      chunks.push(Buffer.from(`--${boundary}--\r\n`));
      return {
        payload: Buffer.concat(chunks),
        headers: { cookie: editor.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
    };
    const ok = await t.app.inject({
      method: 'POST',
      url: '/admin/images',
      ...multipart([
        { name: '_csrf', value: csrf },
        { name: 'file', value: png, filename: 'a.png' },
      ]),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const image = ok.json() as { id: string; url: string; width: number; height: number };
    expect(image).toMatchObject({ width: 80, height: 60 });
    expect(image.url).toMatch(/^\/media\//);
    expect((await t.app.inject({ method: 'GET', url: image.url })).statusCode).toBe(200);
    // A picture already in a body: the story page tells the editor island where to show it from.
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Before the picture.' }] },
        { type: 'figure', attrs: { imageId: image.id, alt: 'A blue square', caption: 'The square', credit: 'Desk' } },
      ],
    };
    const withPicture = await create(editor, { bodyDoc: JSON.stringify(doc), headline: 'A story with a picture in its body' });
    const page = await get(editor, `/admin/stories/${withPicture.id}`);
    const images = /<script type="application\/json" data-body-images(?:="true")?>([^<]*)<\/script>/.exec(page.body)?.[1] ?? '{}';
    expect(JSON.parse(images)).toEqual({ [image.id]: expect.stringMatching(/^\/media\//) });
    expect((await t.app.inject({ method: 'GET', url: (JSON.parse(images) as Record<string, string>)[image.id] ?? '' })).statusCode).toBe(
      200,
    );
    const back = await t.app.inject({
      method: 'POST',
      url: '/admin/images',
      ...multipart([
        { name: '_csrf', value: csrf },
        { name: 'return', value: '/admin/stories/new' },
        { name: 'file', value: png, filename: 'a.png' },
      ]),
      headers: { ...multipart([]).headers, accept: 'text/html' },
    });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toMatch(/^\/admin\/stories\/new\?hero=[0-9a-f-]{36}#heroAlt$/);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/admin/images',
      ...multipart([
        { name: '_csrf', value: 'nope' },
        { name: 'file', value: png, filename: 'a.png' },
      ]),
    });
    expect(forged.statusCode).toBe(403);
    const none = await t.app.inject({ method: 'POST', url: '/admin/images', ...multipart([{ name: '_csrf', value: csrf }]) });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('file');
    const junk = await t.app.inject({
      method: 'POST',
      url: '/admin/images',
      ...multipart([
        { name: '_csrf', value: csrf },
        { name: 'file', value: Buffer.from('not a picture'), filename: 'a.png' },
      ]),
    });
    expect(junk.statusCode).toBeGreaterThanOrEqual(400);
    expect(junk.statusCode).toBeLessThan(500);
    const plain = await post(editor, '/admin/images', { file: 'x' });
    expect(plain.statusCode).toBe(415);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/admin/images',
          ...multipart([{ name: 'file', value: png, filename: 'a.png' }]),
          headers: { 'content-type': 'multipart/form-data; boundary=----desk-test-boundary' },
        })
      ).statusCode,
    ).toBe(401);

    const a = await create(editor, { headline: 'With a picture' });
    const noAlt = await post(editor, `/admin/stories/${a.id}`, { ...story({ heroImageId: image.id, heroAlt: '' }), version: '1' });
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.body).toContain('Alt text is required');
    const withHero = await post(editor, `/admin/stories/${a.id}`, {
      ...story({ heroImageId: image.id, heroAlt: 'A blue square', heroCaption: 'Sea', heroCredit: 'Desk' }),
      version: '1',
    });
    expect(withHero.statusCode).toBe(303);
    expect((await t.services.articles.get(a.id))?.hero?.alt).toBe('A blue square');
  });
});
