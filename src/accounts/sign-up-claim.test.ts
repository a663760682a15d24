/**
 * Pre-account takeover through the confirmation link (sign-up-claim.ts): a stranger signs up with
 * someone else's address and a password of their own; the address's owner confirms it. The
 * password stays only for the browser that signed up or for whoever types it. Through HTTP, on
 * both dialects, plus the decision table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { csrfIn, lastLinkTo, present, pressLinkButton, TestBrowser, tokenFormIn } from './account-test-support.js';
import { CLAIM_COOKIE, claimMatches, decideClaim, makeClaim } from './sign-up-claim.js';

const STRANGER_PASSWORD = 'strangers own password';
const OWNER_PASSWORD = 'the owners real password';
const ARTICLE = '/news/2026/12/07/a-story';

describe('decideClaim', () => {
  it.each([
    [
      { hasPassword: false, claimant: false, passwordMatches: undefined },
      { confirm: true, password: 'none' },
    ],
    [
      { hasPassword: true, claimant: true, passwordMatches: undefined },
      { confirm: true, password: 'keep' },
    ],
    [
      { hasPassword: true, claimant: true, passwordMatches: false },
      { confirm: true, password: 'keep' },
    ],
    [
      { hasPassword: true, claimant: false, passwordMatches: true },
      { confirm: true, password: 'keep' },
    ],
    [
      { hasPassword: true, claimant: false, passwordMatches: false },
      { confirm: false, reason: 'wrong-password' },
    ],
    [
      { hasPassword: true, claimant: false, passwordMatches: undefined },
      { confirm: true, password: 'drop' },
    ],
  ] as const)('%o → %o', (evidence, decision) => {
    expect(decideClaim(evidence)).toEqual(decision);
  });

  it('a claim is worth nothing for another reader, another password or another key; any listed key verifies', () => {
    const claim = makeClaim('key-1', 'reader-a', 'hash-1');
    expect(claimMatches(['key-1'], claim, 'reader-a', 'hash-1')).toBe(true);
    expect(claimMatches(['key-0', 'key-1'], claim, 'reader-a', 'hash-1')).toBe(true);
    expect(claimMatches(['key-1'], claim, 'reader-b', 'hash-1')).toBe(false);
    expect(claimMatches(['key-1'], claim, 'reader-a', 'hash-2')).toBe(false);
    expect(claimMatches(['key-2'], claim, 'reader-a', 'hash-1')).toBe(false);
    expect(claimMatches(['key-1'], undefined, 'reader-a', 'hash-1')).toBe(false);
    expect(claimMatches(['key-1'], `${claim}x`, 'reader-a', 'hash-1')).toBe(false);
  });
});

describe.each(DIALECTS)('confirming a sign-up on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const address = (what: string) => `${what}-${++n}@example.com`;
  const browser = () => new TestBrowser(t.app);
  const readerRow = (email: string) => t.services.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();
  const sessionsOf = async (email: string) => {
    const id = present(await readerRow(email), 'a reader row').id;
    return t.services.db.selectFrom('sessions').select('id').where('principal_id', '=', id).execute();
  };
  const signIn = (email: string, password: string) => browser().submit('/signin', '/signin', { email, password });
  /** Whether a browser's session is live: /account answers the page, not a redirect to sign in. */
  const signedIn = async (b: TestBrowser) => (await b.get('/account')).statusCode === 200;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t.close();
  });

  it("the attack: the owner confirms in their own browser; the stranger's password and session are gone", async () => {
    const email = address('victim');
    const stranger = browser();
    const r = await stranger.submit(`/signup?return=${encodeURIComponent(ARTICLE)}`, '/signup', {
      email,
      password: STRANGER_PASSWORD,
      return: ARTICLE,
    });
    expect(r.statusCode).toBe(303);
    expect(await signedIn(stranger)).toBe(true);
    const claimCookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${CLAIM_COOKIE}=`));
    expect(claimCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=172800;/);

    // The owner opens the email in their own browser: the page says what confirming will do.
    const owner = browser();
    const { path } = lastLinkTo(t, email);
    const page = await owner.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Did you create this account?');
    expect(page.body).toContain('leave the box empty');
    expect(page.body).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password"/);

    const done = await pressLinkButton(owner, path);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your address is confirmed');
    expect(done.body).toContain('has not been kept');
    expect(done.body).toContain('href="/account#password-title"');
    expect(done.body).toContain(`href="${ARTICLE}"`);
    const row = present(await readerRow(email), 'a reader row');
    expect(row.email_verified_at).toBeInstanceOf(Date);
    expect(row.password_hash).toBeNull();

    // The stranger: their password no longer signs in, and their session has ended.
    expect((await signIn(email, STRANGER_PASSWORD)).statusCode).toBe(400);
    expect(await signedIn(stranger)).toBe(false);
    // Only the owner's browser is signed in, and it can choose a password on /account.
    expect(await signedIn(owner)).toBe(true);
    expect(await sessionsOf(email)).toHaveLength(1);
    const account = await owner.get('/account');
    expect(account.body).toContain('Set a password');
    const set = await owner.post('/account/password', { _csrf: csrfIn(account.body), newPassword: OWNER_PASSWORD });
    expect(set.statusCode).toBeLessThan(400);
    expect((await signIn(email, OWNER_PASSWORD)).statusCode).toBe(303);
  });

  it("the stranger's claim cookie is worthless in another browser, and gone with the password", async () => {
    const email = address('copied');
    const stranger = browser();
    await stranger.submit('/signup', '/signup', { email, password: STRANGER_PASSWORD });
    const { path } = lastLinkTo(t, email);
    // The owner signs up again for their address: the stranger's claim no longer matches.
    const owner = browser();
    await owner.submit('/signup', '/signup', { email, password: OWNER_PASSWORD });
    const ownerLink = lastLinkTo(t, email).path;
    expect(ownerLink).not.toBe(path);
    const thief = browser();
    thief.cookies.set(CLAIM_COOKIE, present(stranger.cookies.get(CLAIM_COOKIE), 'a claim cookie'));
    expect((await thief.get(ownerLink)).body).toContain('Did you create this account?');
    // In the owner's browser (the newest sign-up) the password stays.
    expect((await owner.get(ownerLink)).body).not.toContain('Did you create this account?');
    expect((await pressLinkButton(owner, ownerLink)).statusCode).toBe(303);
    expect((await signIn(email, OWNER_PASSWORD)).statusCode).toBe(303);
    expect((await signIn(email, STRANGER_PASSWORD)).statusCode).toBe(400);
  });

  it('signing up and confirming in the same browser keeps the password, even after signing out', async () => {
    const email = address('same');
    const b = browser();
    await b.submit('/signup', '/signup', { email, password: OWNER_PASSWORD });
    const account = await b.get('/account');
    await b.post('/signout', { _csrf: csrfIn(account.body) });
    expect(await signedIn(b)).toBe(false);
    const { path } = lastLinkTo(t, email);
    const page = await b.get(path);
    expect(page.body).toContain('You created this account on this device');
    expect(page.body).not.toContain('name="password"');
    const done = await pressLinkButton(b, path);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account');
    expect(await signedIn(b)).toBe(true);
    // The claim is spent with the confirmation.
    expect(b.cookies.has(CLAIM_COOKIE)).toBe(false);
    expect((await signIn(email, OWNER_PASSWORD)).statusCode).toBe(303);
  });

  it('the sign-up session alone (without the claim cookie) keeps the password too', async () => {
    const email = address('session');
    const b = browser();
    await b.submit('/signup', '/signup', { email, password: OWNER_PASSWORD });
    b.cookies.delete(CLAIM_COOKIE);
    const { path } = lastLinkTo(t, email);
    expect((await pressLinkButton(b, path)).statusCode).toBe(303);
    expect((await signIn(email, OWNER_PASSWORD)).statusCode).toBe(303);
  });

  it('on another device, typing the password keeps it; a wrong one uses nothing and says so', async () => {
    const email = address('phone');
    await browser().submit(`/signup?return=${encodeURIComponent(ARTICLE)}`, '/signup', {
      email,
      password: OWNER_PASSWORD,
      return: ARTICLE,
    });
    const phone = browser();
    const { path } = lastLinkTo(t, email);
    const page = await phone.get(path);
    const { action, fields } = tokenFormIn(page.body);
    const wrong = await phone.post(action, { ...fields, password: 'not the password at all' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That is not the password chosen for this account');
    expect(wrong.body).toContain('aria-invalid="true"');
    expect((await readerRow(email))?.email_verified_at).toBeNull();
    expect(await signedIn(phone)).toBe(false);

    const right = await phone.post(action, { ...tokenFormIn(wrong.body).fields, password: OWNER_PASSWORD });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe(ARTICLE);
    expect(await signedIn(phone)).toBe(true);
    expect((await readerRow(email))?.password_hash).toMatch(/^\$argon2id\$/);
    expect((await signIn(email, OWNER_PASSWORD)).statusCode).toBe(303);
  });

  it('on another device, without the password, it is dropped and the page says so', async () => {
    const email = address('laptop');
    const first = browser();
    await first.submit('/signup', '/signup', { email, password: OWNER_PASSWORD });
    const other = browser();
    const done = await pressLinkButton(other, lastLinkTo(t, email).path);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('has not been kept');
    expect(done.body).toContain('Set a password on your account page');
    expect(await signedIn(other)).toBe(true);
    expect(await signedIn(first)).toBe(false);
    expect((await signIn(email, OWNER_PASSWORD)).statusCode).toBe(400);
  });

  it('a right password typed on /signin elsewhere lets that browser confirm keeping it', async () => {
    const email = address('signin-first');
    await browser().submit('/signup', '/signup', { email, password: OWNER_PASSWORD });
    const phone = browser();
    const r = await phone.submit('/signin', '/signin', { email, password: OWNER_PASSWORD });
    expect(r.body).toContain('Check your email');
    expect(phone.cookies.has(CLAIM_COOKIE)).toBe(true);
    // A wrong password gives no claim.
    const guesser = browser();
    await guesser.submit('/signin', '/signin', { email, password: 'a wrong guess here' });
    expect(guesser.cookies.has(CLAIM_COOKIE)).toBe(false);
    const { path } = lastLinkTo(t, email);
    expect((await pressLinkButton(phone, path)).statusCode).toBe(303);
    expect((await signIn(email, OWNER_PASSWORD)).statusCode).toBe(303);
  });

  it('a mail scanner opening the link (GET, HEAD, any browser) confirms nothing and drops nothing', async () => {
    const email = address('scanned');
    await browser().submit('/signup', '/signup', { email, password: OWNER_PASSWORD });
    const { path } = lastLinkTo(t, email);
    const scanner = browser();
    for (let i = 0; i < 3; i++) expect((await scanner.get(path)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'HEAD', url: path })).statusCode).toBe(200);
    const row = present(await readerRow(email), 'a reader row');
    expect(row.email_verified_at).toBeNull();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await signedIn(scanner)).toBe(false);
    // A POST without the page's CSRF token (a scanner that submits forms blindly) is refused.
    const token = new URL(path, 'https://x').searchParams.get('token') as string;
    expect((await browser().post('/verify', { token })).statusCode).toBe(403);
    expect((await readerRow(email))?.password_hash).toMatch(/^\$argon2id\$/);
  });
});
