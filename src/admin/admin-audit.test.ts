/**
 * The audit trail: what is recorded (every successful change under /admin and the Admin API,
 * naming a person), what is not (reads, refusals, failures), and the owner's page with its
 * paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { signInStaff } from './admin-test-support.js';
import { auditedArea, isAuditable, targetOf } from './audit.js';

describe('what the audit trail records', () => {
  it('records successful changes only', () => {
    expect(isAuditable('POST', 201)).toBe(true);
    expect(isAuditable('POST', 303)).toBe(true);
    expect(isAuditable('DELETE', 204)).toBe(true);
    expect(isAuditable('GET', 200)).toBe(false);
    expect(isAuditable('POST', 400)).toBe(false);
    expect(isAuditable('PUT', 412)).toBe(false);
    expect(isAuditable('POST', 500)).toBe(false);
  });
  it('covers the admin and the Admin API, nothing else', () => {
    expect(auditedArea('/admin/staff')).toBe('admin');
    expect(auditedArea('/api/v1/admin/articles')).toBe('api');
    expect(auditedArea('/api/v1/articles')).toBeUndefined();
    expect(auditedArea('/administration')).toBeUndefined();
    expect(auditedArea('/account')).toBeUndefined();
  });
  it('finds the target in the route, else in the JSON answer', () => {
    expect(targetOf({ id: 'abc' }, '')).toBe('abc');
    expect(targetOf({}, '{"id":"new-1","x":2}')).toBe('new-1');
    expect(targetOf({}, '<html>')).toBeNull();
    expect(targetOf(undefined, '{broken')).toBeNull();
  });
});

describe.each(DIALECTS)('the audit trail on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("records the owner's changes in the admin by name, and not reads or refused forms", async () => {
    const owner = await signInStaff(t, 'owner');
    const writer = await signInStaff(t, 'writer');
    const before = (await t.services.audit.page()).total;
    const token = await owner.csrf('/admin/staff');
    await owner.browser.post(`/admin/staff/${writer.staff.id}/role`, { _csrf: token, role: 'editor' });
    await owner.browser.post('/admin/staff', { _csrf: token, name: '', email: 'x', role: 'writer' }); // 400: not recorded
    await owner.browser.get('/admin/staff');
    await writer.browser.post(`/admin/staff/${writer.staff.id}/role`, { _csrf: token, role: 'owner' }); // 403: not recorded
    const { events, total } = await t.services.audit.page();
    expect(total).toBe(before + 1);
    expect(events[0]).toMatchObject({
      actor: { kind: 'staff', id: owner.staff.id, name: owner.staff.name },
      via: 'admin',
      apiKeyId: null,
      method: 'POST',
      route: 'POST /admin/staff/:id/role',
      targetId: writer.staff.id,
      status: 303,
    });

    const page = await owner.browser.get('/admin/audit');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('POST /admin/staff/:id/role');
    expect(page.body).toContain(owner.staff.name);
    expect(page.body).toContain('Newsroom');
  });

  it('names the maker of a command-line key', async () => {
    const { secret, key } = await t.services.apiKeys.createKey({
      name: 'Old importer',
      kind: 'admin',
      role: 'editor',
      createdBy: 'cli:mara',
    });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/tags',
      headers: { authorization: `Bearer ${secret}` },
      payload: { name: 'Harbour' },
    });
    expect(r.statusCode).toBe(201);
    const [e] = (await t.services.audit.page()).events;
    expect(e).toMatchObject({ actor: { kind: 'cli', id: 'cli:mara' }, via: 'api', apiKeyId: key.id, route: 'POST /api/v1/admin/tags' });
    expect(e?.actor.name).toContain('mara');
    expect(e?.targetId).toBe(r.json().id);
  });

  it('pages newest first by a cursor that later entries do not shift', async () => {
    const actor = { kind: 'staff' as const, id: 'someone', name: 'Someone' };
    const base = (await t.services.audit.page()).total;
    for (let i = 0; i < 120; i++) {
      t.clock.advance(1000);
      await t.services.audit.record({
        actor,
        via: 'admin',
        apiKeyId: null,
        method: 'POST',
        route: `POST /admin/x/${i}`,
        targetId: null,
        status: 303,
      });
    }
    const first = await t.services.audit.page();
    expect(first.events).toHaveLength(50);
    expect(first.events[0]?.route).toBe('POST /admin/x/119');
    await t.services.audit.record({
      actor,
      via: 'admin',
      apiKeyId: null,
      method: 'POST',
      route: 'POST /admin/x/late',
      targetId: null,
      status: 303,
    });
    const second = await t.services.audit.page(first.next);
    expect(second.events[0]?.route).toBe('POST /admin/x/69');
    const third = await t.services.audit.page(second.next);
    expect(third.events.map((e) => e.route).slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `POST /admin/x/${19 - i}`));
    expect(third.total).toBe(base + 121);

    const owner = await signInStaff(t, 'owner');
    const page1 = await owner.browser.get('/admin/audit');
    const older = page1.body.match(/href="(\/admin\/audit\?before=[^"]+)"/)?.[1];
    expect(older).toBeDefined();
    const page2 = await owner.browser.get(String(older).replace(/&amp;/g, '&'));
    expect(page2.statusCode).toBe(200);
    expect(page2.body).toContain('Newest entries');
    expect((await owner.browser.get('/admin/audit?before=nonsense')).statusCode).toBe(400);
  });

  it('is for the owner only', async () => {
    for (const role of ['editor', 'writer', 'business'] as const) {
      const s = await signInStaff(t, role);
      expect((await s.browser.get('/admin/audit')).statusCode).toBe(403);
    }
  });
});
