/**
 * The per-recipient email limit (email-send-limit.ts) and the per-client limits of the routes
 * that send email (IPv4 by address, IPv6 by /56).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { csrfIn, lastLinkTo, mailTo, pressLinkButton, TestBrowser } from './account-test-support.js';
import { EMAIL_SEND_LIMIT, emailSendWindow, recipientHash, sendAllowed } from './email-send-limit.js';

const PASSWORD = 'correct horse battery';
const HOUR = 60 * 60 * 1000;

describe('the email-send limit, pure', () => {
  it('allows three messages per address and clock hour, all kinds together', () => {
    expect(EMAIL_SEND_LIMIT).toEqual({ maxSends: 3, windowMs: HOUR });
    expect([1, 2, 3, 4, 9].map((n) => sendAllowed(n))).toEqual([true, true, true, false, false]);
    const w = emailSendWindow(new Date('2026-12-07T00:59:59Z'));
    expect(w.endsAt.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(emailSendWindow(new Date('2026-12-07T01:00:00Z')).key).not.toBe(w.key);
  });

  it('hashes the address with the key; the hash is not the sign-in throttle’s', () => {
    const h = recipientHash('ann@example.com', 'k1');
    expect(h).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(h).not.toBe(recipientHash('ann@example.com', 'k2'));
    expect(h).not.toBe(recipientHash('bob@example.com', 'k1'));
  });
});

describe.each(DIALECTS)('emails per recipient address on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const address = (what: string) => `${what}-${++n}@example.com`;
  const browser = (ip?: string) => new TestBrowser(t.app, ip);
  /** The page an email request answers, with the address taken out (to compare two addresses' pages). */
  const strip = (html: string, email: string) => html.replaceAll(email, 'ADDRESS').replace(/name="_csrf" value="[^"]+"/g, '');

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends three sign-in links an hour to one address, from any clients; the fourth says one went out recently', async () => {
    const start = t.clock.now;
    try {
      const email = address('flooded');
      await browser().submit('/signup', '/signup', { email, password: PASSWORD }); // 1: the confirmation
      const codes: number[] = [];
      let last = '';
      for (let i = 0; i < 3; i++) {
        const r = await browser().submit('/signin', '/signin/link', { email });
        codes.push(r.statusCode);
        last = r.body;
      }
      expect(codes).toEqual([200, 200, 429]);
      expect(last).toContain('We sent you a link recently');
      expect(last).toContain('Check your inbox');
      expect(mailTo(t, email)).toHaveLength(3);
      // The address is counted in the database under a keyed hash, never in clear.
      const rows = await t.services.db.selectFrom('email_sends').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain('@');
      expect(JSON.stringify(rows)).not.toContain('flooded');
      // An hour on, the window is new.
      t.clock.advance(HOUR);
      expect((await browser().submit('/signin', '/signin/link', { email })).statusCode).toBe(200);
      expect(mailTo(t, email)).toHaveLength(4);
    } finally {
      t.clock.set(start);
    }
  });

  it('answers the same for an address with an account and one without (no enumeration)', async () => {
    const known = address('known');
    const unknown = address('unknown');
    await browser().submit('/signup', '/signup', { email: known, password: PASSWORD });
    await browser().submit('/signin', '/signin/link', { email: unknown });
    const pages: Record<string, { status: number; body: string; retry: unknown }> = {};
    for (const email of [known, unknown]) {
      for (let i = 0; i < 3; i++) {
        const r = await browser().submit('/reset', '/reset', { email });
        pages[email] = { status: r.statusCode, body: strip(r.body, email), retry: r.headers['retry-after'] };
      }
    }
    expect(pages[known]?.status).toBe(429);
    expect(pages[unknown]?.status).toBe(429);
    expect(pages[known]?.body).toBe(pages[unknown]?.body);
    expect(pages[known]?.retry).toBe(pages[unknown]?.retry);
    expect(mailTo(t, known)).toHaveLength(3);
    expect(mailTo(t, unknown)).toHaveLength(3);
  });

  it('counts every kind together: sign-up, re-send, reset and the email-change confirmation', async () => {
    const email = address('mixed');
    const b = browser();
    expect((await b.submit('/signup', '/signup', { email, password: '' })).statusCode).toBe(200);
    expect((await browser().submit('/reset', '/reset', { email })).statusCode).toBe(200);
    const page = await browser().get('/reset');
    expect((await browser().post('/verify/resend', { _csrf: csrfIn(page.body), email })).statusCode).toBe(403);
    const other = browser();
    const form = await other.get('/reset');
    expect((await other.post('/verify/resend', { _csrf: csrfIn(form.body), email })).statusCode).toBe(200);
    const signup = await browser().submit('/signup', '/signup', { email, password: PASSWORD });
    expect(signup.statusCode).toBe(429);
    expect(signup.body).toContain('We sent you a link recently');
    expect(mailTo(t, email)).toHaveLength(3);

    // The confirmation of a new address counts against the new address.
    const mover = address('mover');
    const m = browser();
    await m.submit('/signup', '/signup', { email: mover, password: PASSWORD });
    await pressLinkButton(m, lastLinkTo(t, mover).path);
    const r = await m.submit('/account', '/account/email', { email, currentPassword: PASSWORD });
    expect(r.statusCode).toBe(429);
    expect(mailTo(t, email)).toHaveLength(3);
  });

  it('the hourly clean-up forgets ended windows', async () => {
    const start = t.clock.now;
    try {
      await browser().submit('/reset', '/reset', { email: address('old') });
      t.clock.advance(HOUR + 1);
      await browser().submit('/reset', '/reset', { email: address('new') });
      const rows = () => t.services.db.selectFrom('email_sends').selectAll().execute();
      const ended = (await rows()).filter((r) => r.window_ends_at.getTime() <= t.clock.now.getTime());
      expect(ended.length).toBeGreaterThan(0);
      const live = (await rows()).length - ended.length;
      const purged = await t.services.accounts.purgeExpired();
      expect(purged.emailSendWindows).toBe(ended.length);
      const left = await rows();
      expect(left).toHaveLength(live);
      expect(left.every((r) => r.window_ends_at.getTime() > t.clock.now.getTime())).toBe(true);
    } finally {
      t.clock.set(start);
    }
  });

  it('groups IPv6 clients by /56 on the routes that send email; IPv4 clients by address', async () => {
    const from = (ip: string) => browser(ip).submit('/reset', '/reset', { email: address('v6') });
    const codes: number[] = [];
    // Five addresses of one /56 (2001:db8:1:200::/56) share one count of five.
    for (const ip of ['2001:db8:1:200::1', '2001:db8:1:201::2', '2001:db8:1:2aa::3', '2001:db8:1:2ff::4', '2001:db8:1:250::5']) {
      codes.push((await from(ip)).statusCode);
    }
    codes.push((await from('2001:db8:1:2fe:1234::6')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    // The next /56 is another client.
    expect((await from('2001:db8:1:300::1')).statusCode).toBe(200);
    // Neighbouring IPv4 addresses are separate clients.
    const v4: number[] = [];
    for (let i = 0; i < 6; i++) v4.push((await from('198.51.100.7')).statusCode);
    expect(v4).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await from('198.51.100.8')).statusCode).toBe(200);
    // ::ffff:198.51.100.7 is that same IPv4 client.
    expect((await from('::ffff:198.51.100.7')).statusCode).toBe(429);
  });
});
