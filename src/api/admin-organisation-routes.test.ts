/**
 * Group licences through the Admin API on both databases: what each route does, its 400s (naming
 * the field, nothing written) and 404s, and that every change reaches the entitlement check at
 * once (the change event forgets the cached organisations). Who may call each route is checked
 * for every role in admin-roles.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

type Json = Record<string, unknown>;
const A = '/api/v1/admin/organisations';

describe.each(DIALECTS)('Admin API for group licences on %s', (dialect) => {
  let t: TestApp;
  const keys: Record<string, string> = {};
  const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}` }, ...(body !== undefined && { payload: body as Json }) });
  const fieldsOf = (r: { json(): { error: { fields: { field: string }[] } } }) => r.json().error.fields.map((f) => f.field);
  const count = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('organisations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const webAt = async (ip: string) => (await t.services.entitlements.entitlementsFor({ clientIp: ip, at: t.clock.now })).entitlements;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const role of ['owner', 'business', 'editor'] as const)
      keys[role] = (await t.services.apiKeys.createKey({ name: role, kind: 'admin', role, createdBy: 'test' })).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a licence that grants web at once, changes it, and ends it', async () => {
    expect(await webAt('198.18.4.9')).toEqual([]); // the (empty) organisations are now cached
    const made = await call('business', 'POST', A, {
      name: 'Port Ellery Library',
      ip_ranges: ['198.18.4.0/24'],
      email_domains: ['Library.Example.org'],
      seat_limit: 40,
      valid_until: '2099-08-31',
      contact_name: 'Ada Lovelace',
      contact_email: 'ada@library.example.org',
    });
    expect(made.statusCode, made.body).toBe(201);
    const o = made.json();
    expect(o).toMatchObject({
      name: 'Port Ellery Library',
      ip_ranges: ['198.18.4.0/24'],
      email_domains: ['library.example.org'],
      seat_limit: 40,
      seats_used: 0,
      valid_until: '2099-08-31',
      active: true,
      in_force: true,
    });
    expect(await webAt('198.18.4.9')).toEqual(['web']);

    expect((await call('owner', 'GET', `${A}/${o.id}`)).json()).toMatchObject({ id: o.id, contact_name: 'Ada Lovelace' });
    expect((await call('owner', 'GET', A)).json().organisations.map((x: Json) => x.id)).toContain(o.id);

    const moved = await call('owner', 'PATCH', `${A}/${o.id}`, { ip_ranges: ['198.18.5.0/24'] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ ip_ranges: ['198.18.5.0/24'], email_domains: ['library.example.org'], seat_limit: 40 });
    expect(await webAt('198.18.4.9')).toEqual([]);
    expect(await webAt('198.18.5.9')).toEqual(['web']);

    expect((await t.services.audit.page()).events[0]).toMatchObject({
      route: 'PATCH /api/v1/admin/organisations/:id',
      targetKind: 'organisation',
      targetId: o.id,
      targetName: 'Port Ellery Library',
    });

    const ended = await call('business', 'POST', `${A}/${o.id}/deactivate`);
    expect(ended.json()).toMatchObject({ active: false, in_force: false });
    expect(await webAt('198.18.5.9')).toEqual([]);
    expect((await call('owner', 'GET', `${A}?active=false`)).json().organisations.map((x: Json) => x.id)).toContain(o.id);
    expect((await call('owner', 'GET', `${A}?active=true`)).json().organisations.map((x: Json) => x.id)).not.toContain(o.id);
  });

  it('answers 400 naming each bad field and writes nothing; 404 for no such licence; 403 for an editor', async () => {
    const before = await count();
    const bad = await call('owner', 'POST', A, { name: 'Bad', ip_ranges: ['10.0.0.0/33'], seat_limit: 3, valid_until: '2027-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['body.ip_ranges', 'body.valid_until']);
    expect(fieldsOf(await call('owner', 'POST', A, { name: 'None', seat_limit: 3 }))).toEqual(['body.ip_ranges']);
    const schema = await call('owner', 'POST', A, { name: 'Zero', ip_ranges: ['10.0.0.0/8'], seat_limit: 0, colour: 'red' });
    expect(schema.statusCode).toBe(400);
    expect(schema.json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('owner', 'POST', A, { name: 'Seatless', ip_ranges: ['10.0.0.0/8'] })).statusCode).toBe(400);
    expect((await call('editor', 'POST', A, { name: 'Editor', ip_ranges: ['10.0.0.0/8'], seat_limit: 1 })).statusCode).toBe(403);
    expect(await count()).toBe(before);

    expect((await call('owner', 'GET', `${A}/no-such`)).statusCode).toBe(404);
    expect((await call('owner', 'PATCH', `${A}/no-such`, { name: 'X' })).statusCode).toBe(404);
    expect((await call('owner', 'POST', `${A}/no-such/deactivate`)).statusCode).toBe(404);
    expect((await call('owner', 'PATCH', `${A}/no-such`, {})).statusCode).toBe(400);
  });
});
