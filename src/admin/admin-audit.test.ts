/**
 * The audit trail: what is recorded (every successful change under /admin and the Admin API,
 * naming a person), what is not (reads, refusals, failures), and the owner's page with its
 * paging.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
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
    expect(targetOf({}, '', '/admin/stories/01900000-0000-7000-8000-0000000000aa?done=made')).toBe('01900000-0000-7000-8000-0000000000aa');
    expect(targetOf({}, '', '/admin/staff?done=invited')).toBeNull();
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
        targetKind: null,
        targetName: null,
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
      targetKind: null,
      targetName: null,
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

describe.each(DIALECTS)('the audit trail names targets, writes in the change’s transaction and filters on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t?.close();
  });

  const story = { headline: 'Harbour wall approved', section: 'news', authors: 'mara-quint', body: 'The council voted.', intent: 'save' };
  const entriesOn = async (targetId: string) => (await t.services.audit.page(undefined, 200)).events.filter((e) => e.targetId === targetId);

  it('records a story saved on the desk once, with its headline, written with the save', async () => {
    const editor = await signInStaff(t, 'editor');
    const r = await editor.browser.submit('/admin/stories/new', '/admin/stories', story);
    expect(r.statusCode).toBe(303);
    const id = /\/admin\/stories\/([0-9a-f-]{36})/.exec(String(r.headers.location))?.[1] ?? '';
    const made = await entriesOn(id);
    // One entry (the save's own, not a second from the after-the-fact hook), naming the story.
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      actor: { id: editor.staff.id, name: editor.staff.name },
      route: 'POST /admin/stories',
      targetKind: 'story',
      targetName: 'Harbour wall approved',
      status: 303,
    });
    const saved = await editor.browser.submit(`/admin/stories/${id}`, `/admin/stories/${id}`, {
      ...story,
      headline: 'Harbour wall approved at last',
      version: '1',
    });
    expect(saved.statusCode).toBe(303);
    expect((await entriesOn(id)).map((e) => [e.route, e.targetName])).toEqual([
      ['POST /admin/stories/:id', 'Harbour wall approved at last'],
      ['POST /admin/stories', 'Harbour wall approved'],
    ]);
    const page = await (await signInStaff(t, 'owner')).browser.get('/admin/audit?kind=story');
    expect(page.body).toContain('Harbour wall approved at last');
    expect(page.body).toContain(id);
    expect(page.body).toContain('Story <code>');
  });

  it('rolls the change back when its entry cannot be written, and the other way round', async () => {
    const before = (await t.services.audit.page()).total;
    const failing = async () => {
      throw new Error('the audit write failed');
    };
    await expect(
      t.services.articles.create({ headline: 'Never saved', section: 'news', authors: ['mara-quint'], body: 'x' }, 'staff:x', failing),
    ).rejects.toThrow('the audit write failed');
    expect(await t.services.articles.get('never-saved')).toBeUndefined();
    // A save that fails after its entry was written leaves no entry either.
    const writer = t.services.audit;
    await expect(
      t.services.articles.create(
        { headline: 'Bad section', section: 'no-such-section', authors: ['mara-quint'], body: 'x' },
        'staff:x',
        (tx, s) =>
          writer.recordIn(tx, {
            actor: { kind: 'staff', id: 'x', name: 'X' },
            via: 'admin',
            apiKeyId: null,
            method: 'POST',
            route: 'POST /admin/stories',
            targetId: s.id,
            targetKind: 'story',
            targetName: s.name,
            status: 303,
          }),
      ),
    ).rejects.toThrow();
    expect((await t.services.audit.page()).total).toBe(before);
  });

  it('names pages, fronts and staff by their names', async () => {
    const owner = await signInStaff(t, 'owner');
    const writer = await signInStaff(t, 'writer');
    expect(
      (await owner.browser.submit('/admin/pages/about', '/admin/pages/about', { title: 'About the Ledger', body: 'Since 1887.' }))
        .statusCode,
    ).toBe(303);
    const [page] = await entriesOn('about');
    expect(page).toMatchObject({ route: 'POST /admin/pages/:slug', targetKind: 'page', targetName: 'About the Ledger' });
    expect((await owner.browser.submit('/admin/fronts/home', '/admin/fronts/home/rule', { newStories: 'none' })).statusCode).toBe(303);
    const [front] = await entriesOn('home');
    expect(front).toMatchObject({ route: 'POST /admin/fronts/:front/rule', targetKind: 'front', targetName: 'Front page' });
    const token = await owner.csrf('/admin/staff');
    await owner.browser.post(`/admin/staff/${writer.staff.id}/role`, { _csrf: token, role: 'editor' });
    const [role] = await entriesOn(writer.staff.id);
    expect(role).toMatchObject({ targetKind: 'staff', targetName: writer.staff.name });
  });

  it('filters by person, action, kind of target and dates, and pages within the filter', async () => {
    const actor = (id: string) => ({ kind: 'staff' as const, id, name: `Person ${id}` });
    const entry = (who: string, route: string, kind: 'story' | 'page') => ({
      actor: actor(who),
      via: 'admin' as const,
      apiKeyId: null,
      method: 'POST',
      route,
      targetId: 't',
      targetKind: kind,
      targetName: 'T',
      status: 303,
    });
    t.clock.set(new Date('2027-03-01T10:00:00Z'));
    for (let i = 0; i < 60; i++) {
      t.clock.advance(60_000);
      await t.services.audit.record(
        entry(i % 2 ? 'ann' : 'bob', i % 3 ? 'POST /admin/stories/:id' : 'POST /admin/pages/:slug', i % 3 ? 'story' : 'page'),
      );
    }
    t.clock.set(new Date('2027-03-03T10:00:00Z'));
    await t.services.audit.record(entry('ann', 'POST /admin/pages/:slug', 'page'));

    const ann = await t.services.audit.page(undefined, 50, { actorId: 'ann' });
    expect(ann.total).toBe(31);
    expect(ann.events.every((e) => e.actor.id === 'ann')).toBe(true);
    const pages = await t.services.audit.page(undefined, 50, { targetKind: 'page', from: new Date('2027-03-01T00:00:00Z') });
    expect(pages.events.every((e) => e.targetKind === 'page')).toBe(true);
    expect(pages.total).toBe(21);
    const byRoute = await t.services.audit.page(undefined, 50, { route: 'POST /admin/stories/:id', actorId: 'bob' });
    expect(byRoute.total).toBe(20);
    // Dates are days in the paper's time zone, both ends included.
    const owner = await signInStaff(t, 'owner');
    const day1 = await owner.browser.get('/admin/audit?person=ann&from=2027-03-01&to=2027-03-01');
    expect(day1.statusCode).toBe(200);
    expect(day1.body).toContain('30 matching entries');
    const day3 = await owner.browser.get('/admin/audit?person=ann&from=2027-03-03');
    expect(day3.body).toContain('1 matching entry');
    // Paging keeps the filters: a page of 50 of bob's 30 + ann's 31 = 61 in that day range.
    const first = await owner.browser.get('/admin/audit?from=2027-03-01&to=2027-03-03');
    const older = first.body.match(/href="(\/admin\/audit\?[^"]*before=[^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toContain('from=2027-03-01');
    expect(older).toContain('to=2027-03-03');
    const second = await owner.browser.get(String(older));
    expect(second.body.match(/<tr>/g)?.length).toBe(1 + 11); // the header row and the 11 left
    expect((await owner.browser.get('/admin/audit?from=2027-02-30')).statusCode).toBe(400);
    expect((await owner.browser.get('/admin/audit?kind=planet')).statusCode).toBe(400);
  });

  it('reads a filtered page by its index (keyset on the time and id)', async () => {
    if (dialect !== 'sqlite') return;
    const plan = await sql<{
      detail: string;
    }>`explain query plan select * from audit_events where actor_id = ${'ann'} and (occurred_at < ${new Date().toISOString()}) order by occurred_at desc, id desc limit 51`.execute(
      t.services.db,
    );
    expect(plan.rows.map((r) => r.detail).join(' ')).toContain('audit_events_actor_idx');
    expect(plan.rows.map((r) => r.detail).join(' ')).not.toContain('TEMP B-TREE');
  });
});
