import * as argon2 from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { csrfIn, lastLinkTo, mailTo, present, pressLinkButton, TestBrowser, tokenFormIn } from './account-test-support.js';
import { countReaders } from './reader-repository.js';
import { createStaffMember } from './staff-service.js';

// The real argon2, counted: an unknown address must cost a password check too.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(DIALECTS)('sign-up and sign-in on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  /** A fresh address per test. */
  const address = (what: string) => `${what}-${++n}@example.com`;
  const browser = () => new TestBrowser(t.app);
  const readerRow = (email: string) => t.services.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();

  /** Signs up with a password and confirms the address by the emailed link; returns a signed-out browser. */
  async function registered(email: string, password = PASSWORD): Promise<TestBrowser> {
    const b = browser();
    const r = await b.submit('/signup', '/signup', { email, password });
    expect(r.statusCode).toBe(303);
    // Confirmed in the browser that signed up: the password stays (sign-up-claim.ts).
    expect((await pressLinkButton(b, lastLinkTo(t, email).path)).statusCode).toBe(303);
    return browser();
  }

  async function signedIn(email: string, password = PASSWORD): Promise<TestBrowser> {
    const b = await registered(email, password);
    const r = await b.submit('/signin', '/signin', { email, password });
    expect(r.statusCode).toBe(303);
    return b;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs up with a password: signed in at once, then confirms the address by the emailed link', async () => {
    const b = browser();
    const email = address('Ann');
    const r = await b.submit('/signup', '/signup', { email: email.toUpperCase(), password: PASSWORD });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/account');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(b.cookies.has('mh_session')).toBe(true);
    const row = await readerRow(email.toLowerCase());
    expect(row?.email_verified_at).toBeNull();
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    const account = await b.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('not yet confirmed');

    const { message, path } = lastLinkTo(t, email.toLowerCase());
    expect(message.subject).toContain('Confirm your email address');
    expect(message.html).toContain(path.replace(/&/g, '&amp;'));
    expect(path).toMatch(/^\/verify\?token=[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is stored.
    const token = path.split('token=')[1] as string;
    const stored = await t.services.db
      .selectFrom('email_tokens')
      .select('token_hash')
      .where('reader_id', '=', present(row, 'a reader row').id)
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    // Opening the link (a mail scanner, or the person) confirms nothing: it shows a button.
    const scanner = await browser().get(path);
    expect(scanner.statusCode).toBe(200);
    expect(scanner.body).toContain('Confirm my address');
    expect(scanner.headers['referrer-policy']).toBe('no-referrer');
    expect((await readerRow(email.toLowerCase()))?.email_verified_at).toBeNull();
    const v = await pressLinkButton(b, path);
    expect(v.statusCode).toBe(303);
    expect(v.headers.location).toBe('/account');
    expect((await readerRow(email.toLowerCase()))?.email_verified_at).toBeInstanceOf(Date);
    const after = await b.get('/account');
    expect(after.body).toContain(email.toLowerCase());
    expect(after.body).toContain('(confirmed');

    const s = await browser().submit('/signin', '/signin', { email, password: PASSWORD });
    expect(s.statusCode).toBe(303);
    expect(s.headers.location).toBe('/account');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Secure, Path=/, for 30 days', async () => {
    const b = await registered(address('cookie'));
    const r = await b.submit('/signin', '/signin', { email: `cookie-${n}@example.com`, password: PASSWORD });
    const cookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('mh_session='));
    expect(cookie).toMatch(/^mh_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=2592000; Expires=/);
    // The database holds the token's hash, not the token.
    const token = b.cookies.get('mh_session') as string;
    const sessions = await t.services.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.some((s) => s.token_hash === token)).toBe(false);
  });

  it('will not sign in with a password elsewhere before the address is confirmed, and sends a new link', async () => {
    const email = address('early');
    expect((await browser().submit('/signup', '/signup', { email, password: PASSWORD })).statusCode).toBe(303);
    const b = browser();
    const before = mailTo(t, email).length;
    const r = await b.submit('/signin', '/signin', { email, password: PASSWORD });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    expect(b.cookies.has('mh_session')).toBe(false);
    expect(mailTo(t, email)).toHaveLength(before + 1);
  });

  it('answers a wrong password and an unknown address the same way, after the same work', async () => {
    const email = address('known');
    await registered(email);
    const b = browser();
    const page = await b.get('/signin');
    const token = csrfIn(page.body);
    const verify = vi.mocked(argon2.verify);
    const attempt = async (form: Record<string, string>) => {
      verify.mockClear();
      const r = await b.post('/signin', { _csrf: token, ...form });
      return { r, checks: verify.mock.calls.length };
    };
    const wrong = await attempt({ email, password: 'not the password' });
    const unknown = await attempt({ email: 'nobody-at-all@example.com', password: 'not the password' });
    expect(wrong.r.statusCode).toBe(400);
    expect(unknown.r.statusCode).toBe(400);
    const strip = (html: string) => html.replace(/value="[^"]*@example\.com"/g, 'value=""');
    expect(strip(unknown.r.body)).toBe(strip(wrong.r.body));
    expect(wrong.r.body).toContain("don't match");
    // The same work either way: one argon2id check, against a dummy hash for the unknown address.
    expect(wrong.checks).toBe(1);
    expect(unknown.checks).toBe(1);
    expect(b.cookies.has('mh_session')).toBe(false);
  });

  it('signing up again with a confirmed address shows the same page and changes nothing', async () => {
    const email = address('again');
    await registered(email);
    const readers = await countReaders(t.services.db);
    const b = browser();
    const r = await b.submit('/signup?return=%2Fnews', '/signup', { email, password: 'another password here', return: '/news' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    expect(b.cookies.has('mh_session')).toBe(false);
    expect(await countReaders(t.services.db)).toBe(readers);
    expect(lastLinkTo(t, email).message.subject).toContain('already have an account');
    expect(lastLinkTo(t, email).path).toContain('&return=%2Fnews');
    // The old password still works; the attempt's did not replace it.
    expect((await b.submit('/signin', '/signin', { email, password: PASSWORD })).statusCode).toBe(303);
  });

  it("signs up without a password: the link's GET signs nobody in, its button does and returns to the article", async () => {
    const b = browser();
    const email = address('linkonly');
    const r = await b.submit('/signup?return=%2Fnews%2Fstory', '/signup', { email, password: '', return: '/news/story' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    expect(b.cookies.has('mh_session')).toBe(false);
    expect((await readerRow(email))?.password_hash).toBeNull();
    const { path, message } = lastLinkTo(t, email);
    expect(message.subject).toContain('Welcome');
    expect(path).toMatch(/^\/signin\/link\?token=[A-Za-z0-9_-]{43}&return=%2Fnews%2Fstory$/);
    // A scanner opens it twice: nothing is used, nobody is signed in.
    for (let i = 0; i < 2; i++) {
      const scan = await b.get(path);
      expect(scan.statusCode).toBe(200);
      expect(scan.body).toContain('Sign me in');
      expect(scan.headers['set-cookie'] ?? '').not.toContain('mh_session');
    }
    expect(b.cookies.has('mh_session')).toBe(false);
    expect((await readerRow(email))?.email_verified_at).toBeNull();
    const done = await pressLinkButton(b, path);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/news/story');
    expect((await readerRow(email))?.email_verified_at).toBeInstanceOf(Date);
    expect((await b.get('/account')).statusCode).toBe(200);
  });

  it('sends a sign-in link on request; opening it uses nothing, pressing the button uses it once', async () => {
    const email = address('magic');
    await registered(email);
    const b = browser();
    const r = await b.submit('/signin?return=%2Fnews', '/signin/link', { email, return: '/news' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    const { path, message } = lastLinkTo(t, email);
    expect(message.subject).toContain('sign-in link');
    expect(path).toContain('&return=%2Fnews');
    // A mail scanner opening the link twice doesn't use it up.
    expect((await browser().get(path)).statusCode).toBe(200);
    const page = await b.get(path);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const token = new URL(path, 'https://x').searchParams.get('token') as string;
    expect(tokenFormIn(page.body).fields).toMatchObject({ token, return: '/news' });
    const confirm = await b.post('/signin/link/confirm', { _csrf: csrfIn(page.body), token, return: '/news' });
    expect(confirm.statusCode).toBe(303);
    expect(confirm.headers.location).toBe('/news');
    // Single use: the same link again is refused, on the page and on the button.
    const other = browser();
    expect((await other.get(path)).statusCode).toBe(400);
    const again = await other.submit('/signin', '/signin/link/confirm', { token });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link no longer works');
    // No dead end: the page offers a fresh link.
    expect(again.body).toContain('action="/verify/resend"');
    expect(other.cookies.has('mh_session')).toBe(false);
  });

  it('asking for a link for an unknown address looks the same and makes no account', async () => {
    const readers = await countReaders(t.services.db);
    const b = browser();
    const email = address('stranger');
    const r = await b.submit('/signin', '/signin/link', { email });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    expect(await countReaders(t.services.db)).toBe(readers);
    expect(mailTo(t, email).at(-1)?.subject).toContain('No Masthead account');
  });

  it('links expire: a sign-in link after 15 minutes, a confirmation after 48 hours', async () => {
    const start = t.clock.now;
    try {
      const email = address('expiry');
      const b = browser();
      await browser().submit('/signup', '/signup', { email, password: PASSWORD });
      const verify = lastLinkTo(t, email).path;
      await b.submit('/signin', '/signin/link', { email });
      const link = lastLinkTo(t, email).path;
      t.clock.advance(16 * MINUTE);
      expect((await b.get(link)).statusCode).toBe(400);
      t.clock.advance(48 * HOUR);
      const expired = await b.get(verify);
      expect(expired.statusCode).toBe(400);
      expect(expired.body).toContain('This link no longer works');
      expect((await pressLinkButton(b, verify)).statusCode).toBe(400);
      expect((await readerRow(email))?.email_verified_at).toBeNull();
      // The page's form sends a fresh link, which confirms and signs in. Whoever asks need not
      // be whoever chose the claim's password, so that password goes (a new one is set on /account).
      const fresh = await b.post('/verify/resend', { _csrf: csrfIn(expired.body), email });
      expect(fresh.statusCode).toBe(200);
      expect(fresh.body).toContain('Check your email');
      const again = lastLinkTo(t, email).path;
      expect(again).toMatch(/^\/signin\/link\?token=/);
      expect((await pressLinkButton(b, again)).statusCode).toBe(303);
      expect((await readerRow(email))?.email_verified_at).toBeInstanceOf(Date);
      expect((await readerRow(email))?.password_hash).toBeNull();
      expect((await b.get('/account')).body).toContain('Set a password');
    } finally {
      t.clock.set(start);
    }
  });

  it('resets a password by email, once, and signs out every other device', async () => {
    const email = address('reset');
    const elsewhere = await signedIn(email);
    const b = browser();
    const r = await b.submit('/reset', '/reset', { email });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    const { path, message } = lastLinkTo(t, email);
    expect(message.subject).toContain('Reset your');
    expect(path).toMatch(/^\/reset\/confirm\?token=/);
    const token = new URL(path, 'https://x').searchParams.get('token') as string;

    const short = await b.submit(path, '/reset/confirm', { token, password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least 10 characters');
    // A refused form does not use the link up.
    const done = await b.submit(path, '/reset/confirm', { token, password: 'a brand new password' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account');
    expect((await b.get('/account')).statusCode).toBe(200);
    expect((await elsewhere.get('/account')).statusCode).toBe(303);

    const again = await browser().submit('/signin', '/reset/confirm', { token, password: 'yet another password' });
    expect(again.statusCode).toBe(400);
    // A used reset link offers a fresh one.
    expect(again.body).toContain('action="/reset"');
    expect(again.body).toContain('Email me a new reset link');
    const fresh = browser();
    expect((await fresh.submit('/signin', '/signin', { email, password: PASSWORD })).statusCode).toBe(400);
    expect((await fresh.submit('/signin', '/signin', { email, password: 'a brand new password' })).statusCode).toBe(303);
  });

  it('signs out: the cookie is cleared and the session is gone', async () => {
    const email = address('out');
    const b = await signedIn(email);
    const token = b.cookies.get('mh_session') as string;
    const r = await b.submit('/account', '/signout', {});
    expect(r.statusCode).toBe(303);
    expect(String(r.headers['set-cookie'])).toMatch(/mh_session=; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=0/);
    expect(b.cookies.has('mh_session')).toBe(false);
    // The old token, replayed, no longer works.
    const replay = await t.app.inject({ url: '/account', headers: { cookie: `mh_session=${token}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/signin?return=%2Faccount');
  });

  it('refuses a form without its CSRF token, or with another browser’s, and changes nothing', async () => {
    const readers = await countReaders(t.services.db);
    const b = browser();
    await b.get('/signup');
    const email = address('csrf');
    const missing = await b.post('/signup', { email, password: PASSWORD });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('This form has expired');
    const other = browser();
    const othersToken = csrfIn((await other.get('/signup')).body);
    expect((await b.post('/signup', { _csrf: othersToken, email, password: PASSWORD })).statusCode).toBe(403);
    expect(await countReaders(t.services.db)).toBe(readers);
    expect(mailTo(t, email)).toHaveLength(0);

    const reader = await signedIn(address('csrf-in'));
    const before = await reader.get('/account');
    const wrong = await reader.post('/account/profile', { _csrf: othersToken, name: 'Mallory' });
    expect(wrong.statusCode).toBe(403);
    const after = await reader.get('/account');
    expect(after.body).not.toContain('Mallory');
    expect(before.statusCode).toBe(200);
    // A token from before sign-in is no good after it (the token is bound to the session).
    const anon = browser();
    const preToken = csrfIn((await anon.get('/signin')).body);
    const email2 = address('bound');
    await registered(email2);
    await anon.post('/signin', { _csrf: preToken, email: email2, password: PASSWORD });
    expect((await anon.post('/account/profile', { _csrf: preToken, name: 'Late' })).statusCode).toBe(403);
  });

  it('limits sign-in attempts per client address (429), not for everyone', async () => {
    const b = browser();
    const token = csrfIn((await b.get('/signin')).body);
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await b.post('/signin', { _csrf: token, email: 'x@example.com', password: '' })).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 400)).toBe(true);
    expect(codes[20]).toBe(429);
    const other = browser();
    expect((await other.submit('/signin', '/signin', { email: 'x@example.com', password: '' })).statusCode).toBe(400);
  });

  describe('password attempts per address (sign-in-throttle.ts)', () => {
    const wrongFrom = (email: string) => browser().submit('/signin', '/signin', { email, password: 'not the password' });
    const attemptRows = () => t.services.db.selectFrom('sign_in_attempts').selectAll().execute();

    it('stops checking passwords for an address after 10 tries from any client addresses; a link still signs in', async () => {
      const start = t.clock.now;
      try {
        const email = address('stuffed');
        await registered(email);
        // Ten wrong guesses, each from another client address: the per-address rate limit never trips.
        const codes = [];
        for (let i = 0; i < 10; i++) codes.push((await wrongFrom(email)).statusCode);
        expect(codes).toEqual(Array(10).fill(400));
        // The eleventh is refused even with the right password, and the password is not checked.
        const verify = vi.mocked(argon2.verify);
        verify.mockClear();
        const b = browser();
        const r = await b.submit('/signin', '/signin', { email, password: PASSWORD });
        expect(r.statusCode).toBe(429);
        expect(verify).not.toHaveBeenCalled();
        expect(r.body).toContain('Too many tries with a password for this email address');
        expect(r.body).toContain('ask for a sign-in link');
        const retryAfter = Number(r.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
        expect(b.cookies.has('mh_session')).toBe(false);
        // The owner is not locked out: a sign-in link by email works.
        await b.submit('/signin', '/signin/link', { email });
        const link = lastLinkTo(t, email);
        const done = await b.submit(link.path, '/signin/link/confirm', { token: link.path.split('token=')[1]?.split('&')[0] ?? '' });
        expect(done.statusCode).toBe(303);
        expect(b.cookies.has('mh_session')).toBe(true);
        // When the window is over, the password works again.
        t.clock.advance(retryAfter * 1000);
        expect((await browser().submit('/signin', '/signin', { email, password: PASSWORD })).statusCode).toBe(303);
      } finally {
        t.clock.set(start);
      }
    });

    it('limits an address no account has in the same way, and stores no address', async () => {
      const email = address('nobody');
      const codes = [];
      for (let i = 0; i < 11; i++) codes.push((await wrongFrom(email)).statusCode);
      expect(codes).toEqual([...Array(10).fill(400), 429]);
      const rows = await attemptRows();
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain('@');
      expect(JSON.stringify(rows)).not.toContain('nobody');
    });

    it('a right password clears the count', async () => {
      const email = address('forgetful');
      await registered(email);
      for (let i = 0; i < 9; i++) expect((await wrongFrom(email)).statusCode).toBe(400);
      expect((await browser().submit('/signin', '/signin', { email, password: PASSWORD })).statusCode).toBe(303);
      const codes = [];
      for (let i = 0; i < 10; i++) codes.push((await wrongFrom(email)).statusCode);
      expect(codes).toEqual(Array(10).fill(400));
    });

    it('counts parallel guesses one by one: of 16 at once, exactly 10 are checked', async () => {
      const email = address('parallel');
      await registered(email);
      const forms = await Promise.all(
        Array.from({ length: 16 }, async () => {
          const b = browser();
          return { b, token: csrfIn((await b.get('/signin')).body) };
        }),
      );
      const codes = await Promise.all(
        forms.map(({ b, token }) => b.post('/signin', { _csrf: token, email, password: 'not the password' }).then((r) => r.statusCode)),
      );
      expect(codes.filter((c) => c === 400)).toHaveLength(10);
      expect(codes.filter((c) => c === 429)).toHaveLength(6);
    });

    it('the hourly clean-up deletes windows that have ended, and only those', async () => {
      const start = t.clock.now;
      try {
        await wrongFrom(address('old-window'));
        const before = (await attemptRows()).length;
        t.clock.advance(16 * MINUTE);
        await wrongFrom(address('new-window'));
        const purged = await t.services.accounts.purgeExpired();
        expect(purged.signInWindows).toBe(before);
        const left = await attemptRows();
        expect(left).toHaveLength(1);
        expect(left[0]?.window_ends_at.getTime()).toBeGreaterThan(t.clock.now.getTime());
      } finally {
        t.clock.set(start);
      }
    });
  });

  it('limits requests that send email more tightly', async () => {
    const b = browser();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await b.submit('/reset', '/reset', { email: address('flood') })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('returns only to paths on this site after sign-in', async () => {
    const email = address('redirect');
    await registered(email);
    for (const [ret, expected] of [
      ['https://evil.example/phish', '/account'],
      ['//evil.example/phish', '/account'],
      ['/\\evil.example', '/account'],
      ['/tags/harbour?page=2', '/tags/harbour?page=2'],
    ] as const) {
      const b = browser();
      const r = await b.submit('/signin', '/signin', { email, password: PASSWORD, return: ret });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe(expected);
      const back = await b.get(`/signin?return=${encodeURIComponent(ret)}`);
      expect(back.headers.location).toBe(expected);
    }
  });

  it('slides the session forward while it is used, and ends it after 30 idle days', async () => {
    const start = t.clock.now;
    try {
      const b = await signedIn(address('slide'));
      t.clock.advance(2 * HOUR);
      const r = await b.get('/account');
      expect(r.statusCode).toBe(200);
      expect(String(r.headers['set-cookie'])).toMatch(/^mh_session=.+Max-Age=2592000/);
      t.clock.advance(29 * 24 * HOUR);
      expect((await b.get('/account')).statusCode).toBe(200);
      t.clock.advance(31 * 24 * HOUR);
      expect((await b.get('/account')).statusCode).toBe(303);
    } finally {
      t.clock.set(start);
    }
  });

  it('signs staff in on the same page, as staff', async () => {
    const { staff } = await createStaffMember(
      { db: t.services.db, clock: t.services.clock, publicUrl: t.config.publicUrl },
      { email: 'Editor@Paper.test', name: 'Eda Editor', role: 'editor', password: 'staff password 1' },
    );
    const b = browser();
    const r = await b.submit('/signin', '/signin', { email: 'editor@paper.test', password: 'staff password 1' });
    expect(r.statusCode).toBe(303);
    const rows = await t.services.db.selectFrom('sessions').selectAll().where('principal_id', '=', staff.id).execute();
    expect(rows.map((s) => s.principal_kind)).toEqual(['staff']);
    const page = await b.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your staff account');
    expect(page.body).toContain('role: editor');
    // A staff session is not a reader.
    const req = { headers: { cookie: `mh_session=${b.cookies.get('mh_session')}` } };
    expect(await t.services.accounts.readerFromRequest(req as never)).toBeUndefined();
    expect((await t.services.accounts.staffFromRequest(req as never))?.email).toBe('editor@paper.test');
  });

  it('a staff member without a password sets one from the one-time link', async () => {
    const { setPasswordUrl } = await createStaffMember(
      { db: t.services.db, clock: t.services.clock, publicUrl: t.config.publicUrl },
      { email: 'owner@paper.test', name: 'Olu Owner', role: 'owner' },
    );
    expect(setPasswordUrl).toMatch(/^https:\/\/paper\.test\/reset\/confirm\?token=/);
    const path = (setPasswordUrl as string).slice(t.config.publicUrl.length);
    const token = new URL(path, 'https://x').searchParams.get('token') as string;
    const b = browser();
    expect((await b.submit('/signin', '/signin', { email: 'owner@paper.test', password: 'anything at all' })).statusCode).toBe(400);
    expect((await b.submit(path, '/reset/confirm', { token, password: 'owner password 1' })).statusCode).toBe(303);
    expect((await b.get('/account')).body).toContain('role: owner');
    const again = browser();
    expect((await again.submit('/signin', '/signin', { email: 'owner@paper.test', password: 'owner password 1' })).statusCode).toBe(303);
  });
});
