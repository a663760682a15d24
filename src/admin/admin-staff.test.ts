/**
 * The owner's Staff page: invitations (the email's link sets a password and leads into the
 * admin), roles (carried over to the member's API keys), disabling and enabling (sessions end,
 * keys are revoked), and the rule that the paper keeps an active owner, also under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, lastLinkTo, mailTo, TestBrowser } from '../accounts/account-test-support.js';
import { refuseStaffChange } from '../accounts/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { makeStaff, signInAs, signInStaff } from './admin-test-support.js';

describe('refuseStaffChange', () => {
  const owner = { id: 'o1', name: 'Olga', role: 'owner' as const, disabledAt: null };
  it('keeps the last active owner', () => {
    expect(refuseStaffChange(owner, { kind: 'role', role: 'editor' }, ['o1'], 'o1')).toMatch(/last active owner/);
    expect(refuseStaffChange(owner, { kind: 'disable' }, ['o1'], 'o2')).toMatch(/last active owner/);
    expect(refuseStaffChange(owner, { kind: 'role', role: 'owner' }, ['o1'], 'o1')).toBeUndefined();
    expect(refuseStaffChange(owner, { kind: 'role', role: 'editor' }, ['o1', 'o2'], 'o1')).toBeUndefined();
  });
  it('never lets anyone disable themselves', () => {
    expect(refuseStaffChange(owner, { kind: 'disable' }, ['o1', 'o2'], 'o1')).toMatch(/your own account/);
  });
  it('does not count a disabled owner', () => {
    const gone = { ...owner, disabledAt: new Date() };
    expect(refuseStaffChange(gone, { kind: 'role', role: 'writer' }, [], 'o2')).toBeUndefined();
  });
});

describe.each(DIALECTS)('staff management on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('invites a member: the email link chooses a password and leads into the admin', async () => {
    const owner = await signInStaff(t, 'owner');
    const page = await owner.browser.get('/admin/staff');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(owner.staff.email);
    const r = await owner.browser.post('/admin/staff', {
      _csrf: csrfIn(page.body),
      name: 'Nadia Okafor',
      email: 'Nadia@Paper.test',
      role: 'writer',
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/admin/staff?done=invited');
    const after = await owner.browser.get('/admin/staff?done=invited');
    expect(after.body).toContain('Invitation sent');
    expect(after.body).toContain('Nadia Okafor');
    expect(after.body).toContain('Invited');

    const { message, path } = lastLinkTo(t, 'nadia@paper.test');
    expect(message.subject).toMatch(/^You are invited to the newsroom of /);
    expect(message.subject).not.toMatch(/\bthe the\b/i);
    expect(message.text).toContain('writer role');
    expect(message.text).toContain('/admin/sign-in');
    // Nobody entered this address on the website: the owner invited it, and the email says so.
    expect(message.html).not.toContain('entered this address');
    expect(message.text).toContain('invited this address');
    expect(path).toMatch(/^\/reset\/confirm\?token=.+&return=%2Fadmin$/);
    const invitee = new TestBrowser(t.app);
    const form = await invitee.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose your password for the newsroom.');
    const token = new URL(path, 'https://x.test').searchParams.get('token') ?? '';
    const set = await invitee.post('/reset/confirm', {
      _csrf: csrfIn(form.body),
      token,
      password: 'a fine new password',
      return: '/admin',
    });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe('/admin');
    expect((await invitee.get('/admin')).headers.location).toBe('/admin/stories');
    // And the password works at the staff sign-in.
    const again = await new TestBrowser(t.app).submit('/admin/sign-in', '/admin/sign-in', {
      email: 'nadia@paper.test',
      password: 'a fine new password',
    });
    expect(again.statusCode).toBe(303);
  });

  it('re-renders the invitation form with its problems, and names an address already on the staff', async () => {
    const owner = await signInStaff(t, 'owner');
    const token = await owner.csrf('/admin/staff');
    const bad = await owner.browser.post('/admin/staff', { _csrf: token, name: ' ', email: 'not-an-address', role: 'emperor' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter their name');
    expect(bad.body).toContain('Enter their email address');
    expect(bad.body).toContain('Choose a role');
    expect(bad.body).toContain('value="not-an-address"');
    const dup = await owner.browser.post('/admin/staff', { _csrf: token, name: 'Again', email: owner.staff.email, role: 'editor' });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain('already exists');
  });

  it('sends a fresh invitation; the earlier link stops working', async () => {
    const owner = await signInStaff(t, 'owner');
    const token = await owner.csrf('/admin/staff');
    await owner.browser.post('/admin/staff', { _csrf: token, name: 'Ravi Menon', email: 'ravi@paper.test', role: 'editor' });
    const first = lastLinkTo(t, 'ravi@paper.test').path;
    const ravi = (await t.services.staff.list()).find((s) => s.email === 'ravi@paper.test');
    const r = await owner.browser.post(`/admin/staff/${ravi?.id}/invite`, { _csrf: token });
    expect(r.headers.location).toBe('/admin/staff?done=resent');
    expect(mailTo(t, 'ravi@paper.test')).toHaveLength(2);
    expect((await new TestBrowser(t.app).get(first)).statusCode).toBe(400);
    expect((await new TestBrowser(t.app).get(lastLinkTo(t, 'ravi@paper.test').path)).statusCode).toBe(200);
  });

  it("changes a role, and the member's own API keys follow it", async () => {
    const owner = await signInStaff(t, 'owner');
    const writer = await signInStaff(t, 'writer');
    const made = await writer.browser.post('/admin/keys', { _csrf: await writer.csrf('/admin/keys'), name: 'Feed' });
    expect(made.statusCode).toBe(201);
    const r = await owner.browser.post(`/admin/staff/${writer.staff.id}/role`, { _csrf: await owner.csrf('/admin/staff'), role: 'editor' });
    expect(r.statusCode).toBe(303);
    expect((await t.services.staff.find(writer.staff.id))?.role).toBe('editor');
    expect((await t.services.apiKeys.listOfStaff(writer.staff.id)).map((k) => k.role)).toEqual(['editor']);
    const bad = await owner.browser.post(`/admin/staff/${writer.staff.id}/role`, { _csrf: await owner.csrf('/admin/staff'), role: 'king' });
    expect(bad.statusCode).toBe(400);
  });

  it('disables a member: signed out everywhere, keys revoked; enabling lets them sign in again', async () => {
    const owner = await signInStaff(t, 'owner');
    const editor = await signInStaff(t, 'editor');
    const made = await editor.browser.post('/admin/keys', { _csrf: await editor.csrf('/admin/keys'), name: 'Script' });
    const secret = made.body.match(/mh_[0-9a-f]{32}_[A-Za-z0-9_-]{43}/)?.[0] ?? '';
    const api = () => t.app.inject({ method: 'GET', url: '/api/v1/admin/articles', headers: { authorization: `Bearer ${secret}` } });
    expect((await api()).statusCode).toBe(200);

    const r = await owner.browser.post(`/admin/staff/${editor.staff.id}/disable`, { _csrf: await owner.csrf('/admin/staff') });
    expect(r.headers.location).toBe('/admin/staff?done=disabled');
    expect((await editor.browser.get('/admin')).headers.location).toBe('/admin/sign-in?return=%2Fadmin');
    expect((await api()).statusCode).toBe(401);
    const refused = await signInAs(t, editor.staff).catch((e: Error) => e.message);
    expect(refused).toMatch(/answered 400/);
    expect((await owner.browser.get('/admin/staff')).body).toContain('Disabled');

    await owner.browser.post(`/admin/staff/${editor.staff.id}/enable`, { _csrf: await owner.csrf('/admin/staff') });
    const back = await signInAs(t, editor.staff);
    expect((await back.get('/admin')).statusCode).toBe(303);
    expect((await api()).statusCode).toBe(401); // old keys stay revoked
  });

  it('keeps the last active owner, and refuses disabling oneself', async () => {
    const db = t.services.db;
    // Only one active owner from here on: the others made by earlier tests are disabled.
    const solo = await signInStaff(t, 'owner');
    for (const s of await t.services.staff.list()) {
      if (s.role === 'owner' && s.id !== solo.staff.id && !s.disabledAt) await t.services.staff.disable(s.id, solo.staff);
    }
    const token = await solo.csrf('/admin/staff');
    const demote = await solo.browser.post(`/admin/staff/${solo.staff.id}/role`, { _csrf: token, role: 'editor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('last active owner');
    const self = await solo.browser.post(`/admin/staff/${solo.staff.id}/disable`, { _csrf: token });
    expect(self.statusCode).toBe(409);
    expect(self.body).toContain('cannot disable your own account');
    const row = await db.selectFrom('staff').select(['role', 'disabled_at']).where('id', '=', solo.staff.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'owner', disabled_at: null });

    // With a second owner, one may step down.
    const second = await makeStaff(t, 'owner', 'Second Owner');
    const ok = await solo.browser.post(`/admin/staff/${solo.staff.id}/role`, { _csrf: token, role: 'editor' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin');
    // Now the second is the last: the first (an editor now) gets a 403 on the staff pages.
    expect((await solo.browser.get('/admin/staff')).statusCode).toBe(403);
    await t.services.staff.changeRole(solo.staff.id, 'owner', second);
  });

  it.runIf(dialect === 'postgres')('lets only one of two owners demoting each other at once succeed', async () => {
    const owners = (await t.services.staff.list()).filter((s) => s.role === 'owner' && !s.disabledAt);
    for (const s of owners.slice(1)) await t.services.staff.disable(s.id, owners[0] ?? s);
    const a = owners[0];
    if (!a) throw new Error('no owner');
    const b = await makeStaff(t, 'owner', 'Rival Owner');
    const results = await Promise.allSettled([
      t.services.staff.changeRole(a.id, 'editor', b),
      t.services.staff.changeRole(b.id, 'editor', a),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const active = (await t.services.staff.list()).filter((s) => s.role === 'owner' && !s.disabledAt);
    expect(active).toHaveLength(1);
  });

  it('shows the staff pages to owners only', async () => {
    for (const role of ['editor', 'writer', 'business'] as const) {
      const s = await signInStaff(t, role);
      const r = await s.browser.get('/admin/staff');
      expect(r.statusCode).toBe(403);
      expect(r.body).toContain('This page is for the owner role');
      const post = await s.browser.post(`/admin/staff/${s.staff.id}/role`, { _csrf: await s.csrf('/admin/keys'), role: 'owner' });
      expect(post.statusCode).toBe(403);
      expect((await t.services.staff.find(s.staff.id))?.role).toBe(role);
    }
  });
});
