/**
 * Each staff member's own API keys: made in the admin (the secret shown once), carrying the
 * member's role and name into what the Admin API saves and into the audit trail; revoked by
 * their owner only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { signInStaff } from './admin-test-support.js';

const SECRET = /mh_[0-9a-f]{32}_[A-Za-z0-9_-]{43}/;

describe.each(DIALECTS)('own API keys on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function makeKey(s: Awaited<ReturnType<typeof signInStaff>>, name: string) {
    const r = await s.browser.post('/admin/keys', { _csrf: await s.csrf('/admin/keys'), name });
    expect(r.statusCode).toBe(201);
    return { page: r, secret: r.body.match(SECRET)?.[0] ?? '' };
  }

  it("makes a key with the member's role, shows its secret once, and lists it", async () => {
    const writer = await signInStaff(t, 'writer');
    const { page, secret } = await makeKey(writer, 'Wire importer');
    expect(secret).toMatch(SECRET);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toMatch(/<script type="module" src="\/admin\/assets\/copy-key-[0-9a-f]{12}\.js">/);
    expect(page.body).toContain('shown only once');
    const list = await writer.browser.get('/admin/keys');
    expect(list.body).toContain('Wire importer');
    expect(list.body).toContain('Writer');
    expect(list.body).not.toMatch(SECRET);
    const [key] = await t.services.apiKeys.listOfStaff(writer.staff.id);
    expect(key).toMatchObject({ kind: 'admin', role: 'writer', staffId: writer.staff.id, createdBy: `staff:${writer.staff.id}` });
  });

  it('names the person, not the key, in what the Admin API saves and in the audit trail', async () => {
    const writer = await signInStaff(t, 'writer');
    const { secret } = await makeKey(writer, 'My script');
    const auth = { authorization: `Bearer ${secret}` };
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/articles',
      headers: auth,
      payload: { headline: 'Harbour vote delayed', section: 'news', authors: ['mara-quint'], body: SAMPLE_BODY },
    });
    expect(r.statusCode).toBe(201);
    const id: string = r.json().id;
    const article = await t.app.inject({ method: 'GET', url: `/api/v1/admin/articles/${id}`, headers: auth });
    expect(article.json().revisions).toEqual([expect.objectContaining({ version: 1, saved_by: `staff:${writer.staff.id}` })]);
    const created = await t.services.db.selectFrom('articles').select('created_by').where('id', '=', id).executeTakeFirstOrThrow();
    expect(created.created_by).toBe(`staff:${writer.staff.id}`);
    // The writer may update the draft the key made: it is theirs.
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/articles/${id}`,
      headers: { ...auth, 'if-match': '"v1"' },
      payload: { headline: 'Harbour vote delayed again', section: 'news', authors: ['mara-quint'], body: SAMPLE_BODY, slug: r.json().slug },
    });
    expect(put.statusCode).toBe(200);

    const { events } = await t.services.audit.page();
    const mine = events.filter((e) => e.actor.id === writer.staff.id && e.via === 'api');
    expect(mine.map((e) => e.route)).toEqual(['PUT /api/v1/admin/articles/:id', 'POST /api/v1/admin/articles']);
    expect(mine[0]).toMatchObject({ actor: { kind: 'staff', name: writer.staff.name }, targetId: id, status: 200 });
    expect(mine[1]?.targetId).toBe(id);
  });

  it("gives a business member's key the business role", async () => {
    const business = await signInStaff(t, 'business');
    const { secret } = await makeKey(business, 'Reports');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/articles',
      headers: { authorization: `Bearer ${secret}` },
      payload: { headline: 'Not theirs to write', section: 'news', authors: ['mara-quint'], body: SAMPLE_BODY },
    });
    expect(r.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/admin/plans', headers: { authorization: `Bearer ${secret}` } })).statusCode,
    ).toBe(200);
  });

  it("revokes one's own key, and nobody else's", async () => {
    const editor = await signInStaff(t, 'editor');
    const other = await signInStaff(t, 'owner');
    const { secret } = await makeKey(editor, 'Temporary');
    const [key] = await t.services.apiKeys.listOfStaff(editor.staff.id);
    const api = () => t.app.inject({ method: 'GET', url: '/api/v1/admin/articles', headers: { authorization: `Bearer ${secret}` } });
    expect((await api()).statusCode).toBe(200);

    // Even the owner cannot revoke someone else's key here: 404, and the key still works.
    const theirs = await other.browser.post(`/admin/keys/${key?.id}/revoke`, { _csrf: await other.csrf('/admin/keys') });
    expect(theirs.statusCode).toBe(404);
    expect((await api()).statusCode).toBe(200);

    const page = await editor.browser.get('/admin/keys');
    const r = await editor.browser.post(`/admin/keys/${key?.id}/revoke`, { _csrf: csrfIn(page.body) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/admin/keys?done=revoked');
    expect((await api()).statusCode).toBe(401);
    const after = await editor.browser.get('/admin/keys?done=revoked');
    expect(after.body).toContain('Key revoked');
    expect(after.body).toContain('Revoked keys');
    expect(after.body).toContain('You have no live keys');
  });

  it('re-renders the form with its problem when the name is missing', async () => {
    const s = await signInStaff(t, 'writer');
    const r = await s.browser.post('/admin/keys', { _csrf: await s.csrf('/admin/keys'), name: '   ' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Give the key a name');
    expect(await t.services.apiKeys.listOfStaff(s.staff.id)).toEqual([]);
  });
});
