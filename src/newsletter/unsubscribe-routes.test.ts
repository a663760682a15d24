/**
 * The unsubscribe link over HTTP, on both databases: the GET shows a button and changes nothing;
 * the one-click POST (RFC 8058: no cookie, no CSRF token, body List-Unsubscribe=One-Click)
 * unsubscribes at once, a subscriber included; a tampered token and a POST that does not ask are
 * 400s with a clear page; ticking the daily email in /account starts it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { must } from '../test-support/must.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { listAudienceCandidates } from './audience-repository.js';
import { insertTestPlan, insertTestReaders } from './sending-test-support.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(DIALECTS)('the unsubscribe link on %s', (dialect) => {
  let t: TestApp;
  let subscriber = '';
  let url = '';
  const path = () => new URL(url).pathname;
  const inAudience = async (id: string) => (await listAudienceCandidates(t.services.db, null, 100)).some((r) => r.id === id);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const plan = await insertTestPlan(t.services.db, 'digital', ['web', 'daily_email'], t.clock.now);
    const ids = await insertTestReaders(t.services.db, [{ email: 'sub@x.test', plans: [plan], optedIn: true }], t.clock.now);
    subscriber = must(ids.get('sub@x.test'));
    url = t.services.newsletterSending.unsubscribeUrl(subscriber);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('links on PUBLIC_URL with a signed token', () => {
    expect(url).toMatch(/^https:\/\/paper\.test\/newsletter\/unsubscribe\/[A-Za-z0-9_-]{43}$/);
  });

  it('GET shows a button that posts the one-click body, and changes nothing (mail scanners open links)', async () => {
    const res = await t.app.inject({ method: 'GET', url: path() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Stop the daily email?');
    expect(res.body).toContain(`action="${path()}"`);
    expect(res.body).toMatch(/name="List-Unsubscribe" value="One-Click"/);
    expect(res.body).toContain('href="/account#preferences-title"');
    expect(await t.services.newsletterSending.isOptedOut(subscriber)).toBe(false);
    expect(await inAudience(subscriber)).toBe(true);
  });

  it('a tampered token is a 400 with a clear page, on GET and POST, and unsubscribes nobody', async () => {
    const token = path().split('/').pop() ?? '';
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const bad of [flipped, token.slice(0, 20), 'not-a-token']) {
      const get = await t.app.inject({ method: 'GET', url: `/newsletter/unsubscribe/${bad}` });
      expect(get.statusCode).toBe(400);
      expect(get.body).toContain('This unsubscribe link does not work');
      expect(get.body).toContain('not valid');
      const post = await t.app.inject({
        method: 'POST',
        url: `/newsletter/unsubscribe/${bad}`,
        headers: FORM,
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(post.statusCode).toBe(400);
    }
    expect(await t.services.newsletterSending.isOptedOut(subscriber)).toBe(false);
  });

  it('a POST that does not ask to unsubscribe is a 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: path(), headers: FORM, payload: 'List-Unsubscribe=Maybe' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('did not ask to unsubscribe');
    expect(await t.services.newsletterSending.isOptedOut(subscriber)).toBe(false);
  });

  it('the one-click POST, with no cookie and no CSRF token, unsubscribes at once — a subscriber too', async () => {
    const res = await t.app.inject({ method: 'POST', url: path(), headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    expect(res.body).toContain('href="/account#preferences-title"');
    expect(await t.services.newsletterSending.isOptedOut(subscriber)).toBe(true);
    expect(await inAudience(subscriber)).toBe(false);
    expect(must(await t.services.accounts.findReaderById(subscriber)).emailPreferences.dailyEmail).toBe(false);
    // Again: still fine, and the GET now says so.
    expect((await t.app.inject({ method: 'POST', url: path(), headers: FORM, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ method: 'GET', url: path() })).body).toContain('The daily email is not sent to you any more.');
  });

  it('ticking the daily email in /account starts it again', async () => {
    const reader = must(await t.services.accounts.findReaderById(subscriber));
    await t.services.accounts.updatePreferences(reader, { ...reader.emailPreferences, dailyEmail: true });
    expect(await t.services.newsletterSending.isOptedOut(subscriber)).toBe(false);
    expect(await inAudience(subscriber)).toBe(true);
  });
});
