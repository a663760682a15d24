/**
 * The group licence screens over HTTP on both databases: the list, the form that makes and
 * changes a licence (303 on success; 400 with each problem next to its field and what was typed,
 * nothing written), the members, the navigation link, and who may open them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('group licence screens on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  const form = (over: Record<string, string> = {}) => ({
    name: 'Port Ellery Library',
    ipRanges: '198.18.7.0/24\n2001:db8:7::/48',
    emailDomains: 'library.example.org',
    seatLimit: '2',
    validUntil: '2099-08-31',
    contactName: 'Ada Lovelace',
    contactEmail: 'ada@library.example.org',
    active: 'yes',
    ...over,
  });
  const count = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('organisations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens to business and owner staff, with a link in the navigation; editors and writers are refused', async () => {
    const list = await business.browser.get('/admin/organisations');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<a href="/admin/organisations" aria-current="page">Group licences</a>');
    expect(list.body).toContain('No group licences yet.');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/organisations/new')).statusCode).toBe(200);
    for (const role of ['editor', 'writer'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/organisations')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/keys')).body).not.toContain('Group licences');
      expect((await other.browser.post('/admin/organisations', form())).statusCode).toBe(403);
    }
    expect((await business.browser.get('/admin/organisations/no-such')).statusCode).toBe(404);
  });

  it('makes a licence with a plain form; it grants web at once; the list and the page show it, with members', async () => {
    const made = await business.browser.submit('/admin/organisations/new', '/admin/organisations', form());
    expect(made.statusCode, made.body).toBe(303);
    const location = String(made.headers.location);
    expect(location).toMatch(/^\/admin\/organisations\/[0-9a-f-]+\?saved=1$/);
    const id = location.split('/').pop()?.split('?')[0] ?? '';
    const [entry] = (await t.services.audit.page()).events;
    expect(entry).toMatchObject({
      route: 'POST /admin/organisations',
      targetKind: 'organisation',
      targetId: id,
      targetName: 'Port Ellery Library',
      actor: { id: business.staff.id },
    });
    expect((await t.services.entitlements.entitlementsFor({ clientIp: '198.18.7.20', at: t.clock.now })).entitlements).toEqual(['web']);

    // A reader with a verified address at the domain takes a seat.
    await insertReader(t.services.db, { id: 'member-1', email: 'bo@library.example.org', passwordHash: null, at: t.clock.now });
    const d = await t.services.entitlements.entitlementsFor({
      readerId: 'member-1',
      readerEmail: 'bo@library.example.org',
      emailVerified: true,
      clientIp: '192.0.3.1',
      at: t.clock.now,
    });
    expect(d.entitlements).toEqual(['web']);

    const page = await business.browser.get(location);
    expect(page.body).toContain('Saved. Readers feel the change on their next page.');
    expect(page.body).toContain('In force. 1 of 2 seats used.');
    expect(page.body).toContain('<td>bo@library.example.org</td>');
    expect(page.body).toContain('198.18.7.0/24\n2001:db8:7::/48</textarea>');

    const list = await business.browser.get('/admin/organisations');
    expect(list.body).toContain(`<a href="/admin/organisations/${id}">Port Ellery Library</a>`);
    expect(list.body).toContain('<td>1 of 2</td>');
    expect(list.body).toContain('<td>2099-08-31</td>');
    expect(list.body).toContain('<td>In force</td>');

    // Unticking Active ends it now.
    const { active: _, ...inactive } = form({ name: 'Port Ellery Library (ended)' });
    const ended = await business.browser.submit(`/admin/organisations/${id}`, `/admin/organisations/${id}`, inactive);
    expect(ended.statusCode).toBe(303);
    expect((await t.services.entitlements.entitlementsFor({ clientIp: '198.18.7.20', at: t.clock.now })).entitlements).toEqual([]);
    expect((await business.browser.get('/admin/organisations')).body).toContain('<td>Deactivated</td>');
  });

  it('shows each problem next to its field with what was typed (400), and writes nothing', async () => {
    const before = await count();
    const r = await business.browser.submit(
      '/admin/organisations/new',
      '/admin/organisations',
      form({ name: 'Harbour School', ipRanges: '10.0.0.0/33', seatLimit: 'lots', validUntil: '2027-02-30', contactEmail: 'ada' }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('There is a problem');
    for (const field of ['ipRanges', 'seatLimit', 'validUntil', 'contactEmail']) expect(r.body).toContain(`id="${field}-error"`);
    expect(r.body).toContain('value="Harbour School"');
    expect(r.body).toContain('10.0.0.0/33</textarea>');
    expect(await count()).toBe(before);
  });
});
