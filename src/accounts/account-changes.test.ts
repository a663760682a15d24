/**
 * Closing an account and changing its address need proof it is the owner (the password, or a
 * fresh emailed link for email-only accounts); a close listener can refuse and then nothing is
 * erased; and "download my data" holds the whole account and its sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { AppError } from '../http/app-error.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { lastLinkTo, mailTo, present, pressLinkButton, runAccountJobs, signUpConfirmed, TestBrowser } from './account-test-support.js';
import { CloseRefusedError } from './index.js';
import type { Reader } from './reader.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('account changes that need proof on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const address = (what: string) => `${what}-${++n}@example.com`;
  const browser = () => new TestBrowser(t.app);
  const readerRow = (email: string) => t.services.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();
  /** Readers whose close the test listener refuses, and what the listeners saw. */
  const refuse = new Map<string, AppError>();
  const seen: Reader[] = [];

  async function signedIn(email: string, password: string | null): Promise<TestBrowser> {
    if (password) return signUpConfirmed(t, email, password, browser());
    const b = browser();
    await b.submit('/signup', '/signup', { email, password: password ?? '' });
    expect((await pressLinkButton(b, lastLinkTo(t, email).path)).statusCode).toBe(303);
    return b;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    t.services.accounts.onAccountClose(async (reader) => {
      seen.push(reader);
      const no = refuse.get(reader.id);
      if (no) throw no;
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a close listener that refuses erases nothing; the page says why and where; later the close goes through', async () => {
    const email = address('subscriber');
    const b = await signedIn(email, PASSWORD);
    await b.submit('/account', '/account/profile', { name: 'Pat Paying', line1: '3 Rope Walk', city: 'Port Ellery' });
    const id = present(await readerRow(email), 'a reader row').id;
    const before = await readerRow(email);
    refuse.set(
      id,
      new CloseRefusedError('Your subscription is paid until 1 January and could not be cancelled just now. Cancel it first.', {
        href: '/account#subscription',
        label: 'Cancel your subscription',
      }),
    );
    const r = await b.submit('/account', '/account/close', { confirm: 'yes', password: PASSWORD });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('Your account is not closed yet');
    expect(r.body).toContain('could not be cancelled just now. Cancel it first.');
    expect(r.body).toContain('<a href="/account#subscription">Cancel your subscription</a>');
    // The listener saw the reader whole; nothing was erased and the session lives.
    expect(seen.at(-1)).toMatchObject({ id, email, name: 'Pat Paying' });
    expect(await readerRow(email)).toEqual(before);
    expect((await b.get('/account')).statusCode).toBe(200);

    // A plain AppError refuses too, with a link to the subscription section.
    refuse.set(id, new AppError('SUBSCRIPTION_NOT_CANCELLED', 409, 'Cancel your subscription first.'));
    const plain = await b.submit('/account', '/account/close', { confirm: 'yes', password: PASSWORD });
    expect(plain.statusCode).toBe(409);
    expect(plain.body).toContain('href="/account#subscription"');
    expect(await readerRow(email)).toEqual(before);

    refuse.delete(id);
    const done = await b.submit('/account', '/account/close', { confirm: 'yes', password: PASSWORD });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your account is closed');
    expect(await readerRow(email)).toBeUndefined();
  });

  it('an email-only account closes by a fresh emailed link: the GET closes nothing, the button does, once', async () => {
    const email = address('linkonly');
    const b = await signedIn(email, null);
    const page = await b.get('/account');
    expect(page.body).toContain('Email me a link to close my account');
    expect(page.body).not.toContain('name="password"');
    // The password form is no way round the link.
    expect((await b.submit('/account', '/account/close', { confirm: 'yes', password: '' })).statusCode).toBe(400);

    const asked = await b.submit('/account', '/account/close/request', {});
    expect(asked.headers.location).toBe('/account?done=close-sent');
    const { path, message } = lastLinkTo(t, email);
    expect(message.subject).toContain('Close your');
    expect(message.text).toContain('30 minutes');
    expect(path).toMatch(/^\/account\/close\/confirm\?token=/);
    // A scanner opens the link: nothing happens.
    expect((await browser().get(path)).statusCode).toBe(200);
    expect(await readerRow(email)).toBeDefined();
    // Without ticking the box: asked again, the link still good.
    const unticked = await pressLinkButton(browser(), path);
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('Tick the box');
    // A listener's refusal keeps the link usable.
    const id = present(await readerRow(email), 'a reader row').id;
    refuse.set(id, new AppError('SUBSCRIPTION_NOT_CANCELLED', 409, 'Cancel your subscription first.'));
    expect((await pressLinkButton(browser(), path, { confirm: 'yes' })).statusCode).toBe(409);
    expect(await readerRow(email)).toBeDefined();
    refuse.delete(id);
    const done = await pressLinkButton(b, path, { confirm: 'yes' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your account is closed');
    expect(b.cookies.has('mh_session')).toBe(false);
    expect(await readerRow(email)).toBeUndefined();
    expect((await browser().get(path)).statusCode).toBe(400);
  });

  it('a close link lasts 30 minutes', async () => {
    const start = t.clock.now;
    try {
      const email = address('slow');
      const b = await signedIn(email, null);
      await b.submit('/account', '/account/close/request', {});
      const { path } = lastLinkTo(t, email);
      t.clock.advance(31 * 60 * 1000);
      const r = await browser().get(path);
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('href="/account"');
      expect(await readerRow(email)).toBeDefined();
    } finally {
      t.clock.set(start);
    }
  });

  it('an email-only account changes address with a go-ahead from the current address, then the new one', async () => {
    const email = address('old');
    const next = address('new');
    const b = await signedIn(email, null);
    const asked = await b.submit('/account', '/account/email', { email: next });
    expect(asked.headers.location).toBe('/account?done=email-ask-sent');
    expect(mailTo(t, next)).toHaveLength(0);
    const ask = lastLinkTo(t, email);
    expect(ask.message.subject).toContain('Confirm the change');
    expect(ask.message.text).toContain(next);
    const page = await browser().get(ask.path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(next);
    expect(mailTo(t, next)).toHaveLength(0);
    const approved = await pressLinkButton(browser(), ask.path);
    expect(approved.statusCode).toBe(200);
    expect(approved.body).toContain('Check your email');
    expect((await readerRow(email))?.email).toBe(email);

    const confirm = lastLinkTo(t, next).path;
    expect((await browser().get(confirm)).statusCode).toBe(200);
    expect(await readerRow(next)).toBeUndefined();
    expect((await pressLinkButton(browser(), confirm)).statusCode).toBe(200);
    expect(await readerRow(next)).toBeDefined();
    // The notice is a job enqueued with the change: a worker sends it.
    await runAccountJobs(t);
    expect(mailTo(t, email).at(-1)?.subject).toContain('email address was changed');
    // Each link worked once.
    expect((await pressLinkButton(browser(), ask.path)).statusCode).toBe(400);
  });

  it('a signed-in reader re-sends the confirmation of their own claim from the account page', async () => {
    const email = address('unconfirmed');
    const b = browser();
    expect((await b.submit('/signup', '/signup', { email, password: PASSWORD })).statusCode).toBe(303);
    const page = await b.get('/account');
    expect(page.body).toContain('Send the confirmation again');
    const r = await b.submit('/account', '/account/confirmation', {});
    expect(r.headers.location).toBe('/account?done=confirmation-sent');
    const { path } = lastLinkTo(t, email);
    expect(path).toMatch(/^\/verify\?token=/);
    expect(mailTo(t, email)).toHaveLength(2);
    expect((await pressLinkButton(b, path)).statusCode).toBe(303);
    // Their own password stays.
    expect((await browser().submit('/signin', '/signin', { email, password: PASSWORD })).statusCode).toBe(303);
  });

  it('a password account’s change of address needs the password', async () => {
    const email = address('pw');
    const b = await signedIn(email, PASSWORD);
    const next = address('pw-new');
    const r = await b.submit('/account', '/account/email', { email: next });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('That is not your current password.');
    expect(mailTo(t, next)).toHaveLength(0);
  });

  it('"download my data" holds the whole account, its sessions and pending links, and no secret', async () => {
    const email = address('export');
    const b = await signedIn(email, PASSWORD);
    await b.submit('/account', '/account/profile', {
      name: 'Dee Download',
      line1: '4 Net Loft',
      line2: 'Flat 2',
      city: 'Port Ellery',
      region: 'Westshire',
      postcode: 'PE4 4DD',
      country: 'United Kingdom',
    });
    await b.submit('/account', '/account/preferences', { offers: 'yes' });
    await b.submit('/account', '/account/email', { email: address('later'), currentPassword: PASSWORD });
    const r = await b.get('/account/data');
    expect(r.statusCode).toBe(200);
    const data = r.json() as {
      account: Record<string, unknown>;
      sessions: Record<string, unknown>[];
      pendingEmailLinks: Record<string, unknown>[];
    };
    const row = present(await readerRow(email), 'a reader row');
    expect(data.account).toEqual({
      id: row.id,
      email,
      emailConfirmed: true,
      emailVerifiedAt: row.email_verified_at?.toISOString(),
      hasPassword: true,
      name: 'Dee Download',
      postalAddress: {
        line1: '4 Net Loft',
        line2: 'Flat 2',
        city: 'Port Ellery',
        region: 'Westshire',
        postcode: 'PE4 4DD',
        country: 'United Kingdom',
      },
      company: null,
      importedAt: null,
      emailPreferences: { dailyEmail: false, offers: true },
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      closedAt: null,
    });
    // Sessions: when, from what browser; never the id, the token or its hash.
    const sessions = await t.services.db.selectFrom('sessions').selectAll().where('principal_id', '=', row.id).execute();
    expect(data.sessions).toHaveLength(sessions.length);
    expect(Object.keys(data.sessions[0] ?? {}).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'lastSeenAt', 'userAgent']);
    for (const s of sessions) {
      expect(r.body).not.toContain(s.token_hash);
      expect(r.body).not.toContain(s.id);
    }
    expect(r.body).not.toContain(b.cookies.get('mh_session') as string);
    expect(data.pendingEmailLinks.map((l) => l.purpose)).toEqual(['change-email']);
    expect(r.body).not.toContain('token');
    expect(r.body).not.toContain('argon2');
  });
});
