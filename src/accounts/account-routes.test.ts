import { h } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { csrfIn, lastLinkTo, mailTo, present, pressLinkButton, runAccountJobs, TestBrowser } from './account-test-support.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('the account page on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const address = (what: string) => `${what}-${++n}@example.com`;
  const browser = () => new TestBrowser(t.app);
  const readerRow = (email: string) => t.services.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();

  /** A reader with a confirmed address, signed in (with a password, or by the emailed link). */
  async function signedIn(email: string, password: string | null = PASSWORD): Promise<TestBrowser> {
    const b = browser();
    const r = await b.submit('/signup', '/signup', { email, password: password ?? '' });
    expect(r.statusCode).toBe(password ? 303 : 200);
    expect((await pressLinkButton(b, lastLinkTo(t, email).path)).statusCode).toBe(303);
    expect((await b.get('/account')).statusCode).toBe(200);
    return b;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    await t.services.articles.create(
      {
        headline: 'Harbour dredging delayed',
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: new Date('2026-11-24T08:00:00Z'),
        body: SAMPLE_BODY,
      },
      'test',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends signed-out visitors to sign in, and back', async () => {
    const r = await browser().get('/account');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/signin?return=%2Faccount');
    expect((await browser().get('/account/data')).statusCode).toBe(303);
  });

  it('saves the name and postal address, and re-shows a bad form with its problems', async () => {
    const email = address('profile');
    const b = await signedIn(email);
    const form = {
      name: 'Ann Reader',
      line1: '1 Quay Street',
      line2: '',
      city: 'Port Ellery',
      region: '',
      postcode: 'PE1 1AA',
      country: 'United Kingdom',
    };
    const ok = await b.submit('/account', '/account/profile', form);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/account?done=profile');
    const page = await b.get('/account?done=profile');
    expect(page.body).toContain('Your name and address are saved.');
    expect(page.body).toContain('value="Port Ellery"');
    const row = await readerRow(email);
    expect(row).toMatchObject({ name: 'Ann Reader', address_line1: '1 Quay Street', address_line2: null, address_postcode: 'PE1 1AA' });
    expect((await t.services.accounts.findReaderByEmail(email.toUpperCase()))?.address?.city).toBe('Port Ellery');

    const bad = await b.submit('/account', '/account/profile', { ...form, city: 'Elsewhere', postcode: 'X'.repeat(21) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('href="#postcode"');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(bad.body).toContain('value="Elsewhere"');
    expect((await readerRow(email))?.address_city).toBe('Port Ellery');
    // The printed magazine's mail house needs a country it can write as a code.
    const unknownCountry = await b.submit('/account', '/account/profile', { ...form, city: 'Cair Paravel', country: 'Narnia' });
    expect(unknownCountry.statusCode).toBe(400);
    expect(unknownCountry.body).toContain('href="#country"');
    expect(unknownCountry.body).toContain('We do not know this country');
    expect(unknownCountry.body).toContain('value="Narnia"');
    expect((await readerRow(email))?.address_country).toBe('United Kingdom');
    expect((await b.get('/account?done=nonsense')).statusCode).toBe(400);
  });

  it('saves email preferences', async () => {
    const email = address('prefs');
    const b = await signedIn(email);
    expect((await b.submit('/account', '/account/preferences', { dailyEmail: 'yes' })).statusCode).toBe(303);
    expect((await t.services.accounts.findReaderByEmail(email))?.emailPreferences).toEqual({ dailyEmail: true, offers: false });
    expect((await b.submit('/account', '/account/preferences', {})).statusCode).toBe(303);
    expect((await t.services.accounts.findReaderByEmail(email))?.emailPreferences).toEqual({ dailyEmail: false, offers: false });
    expect((await b.submit('/account', '/account/preferences', { offers: 'maybe' })).statusCode).toBe(400);
  });

  it('changes the email address after the new one is confirmed, and tells the old one', async () => {
    const email = address('move');
    const next = address('moved');
    const b = await signedIn(email);
    const wrong = await b.submit('/account', '/account/email', { email: next, currentPassword: 'not my password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That is not your current password.');
    expect(mailTo(t, next)).toHaveLength(0);

    const ok = await b.submit('/account', '/account/email', { email: next, currentPassword: PASSWORD });
    expect(ok.headers.location).toBe('/account?done=email-sent');
    expect((await readerRow(email))?.email).toBe(email);
    const { path } = lastLinkTo(t, next);
    expect(path).toMatch(/^\/account\/email\/confirm\?token=/);
    // Opening the link changes nothing (mail scanners); the button does.
    const page = await browser().get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Use this address');
    expect((await readerRow(email))?.email).toBe(email);
    const done = await pressLinkButton(browser(), path);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your email address is changed');
    expect(await readerRow(email)).toBeUndefined();
    expect((await readerRow(next))?.email_verified_at).toBeInstanceOf(Date);
    // The notice is a job enqueued with the change: a worker sends it.
    await runAccountJobs(t);
    expect(mailTo(t, email).at(-1)?.subject).toContain('email address was changed');
    expect((await browser().get(path)).statusCode).toBe(400);
    expect((await browser().submit('/signin', '/signin', { email: next, password: PASSWORD })).statusCode).toBe(303);
  });

  it('does not move an account onto an address another account took meanwhile', async () => {
    const b = await signedIn(address('mover'));
    const target = address('target');
    await b.submit('/account', '/account/email', { email: target, currentPassword: PASSWORD });
    const { path } = lastLinkTo(t, target);
    await signedIn(target);
    const r = await pressLinkButton(browser(), path);
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('already in use');
  });

  it('changes the password and signs out every other device', async () => {
    const email = address('pw');
    const b = await signedIn(email);
    const other = browser();
    await other.submit('/signin', '/signin', { email, password: PASSWORD });
    expect((await other.get('/account')).statusCode).toBe(200);
    expect(
      (await b.submit('/account', '/account/password', { currentPassword: 'wrong one!!', newPassword: 'a new password 1' })).statusCode,
    ).toBe(400);
    expect((await b.submit('/account', '/account/password', { currentPassword: PASSWORD, newPassword: 'short' })).statusCode).toBe(400);
    const ok = await b.submit('/account', '/account/password', { currentPassword: PASSWORD, newPassword: 'a new password 1' });
    expect(ok.headers.location).toBe('/account?done=password');
    expect((await b.get('/account')).statusCode).toBe(200);
    expect((await other.get('/account')).statusCode).toBe(303);
  });

  it('lets a reader without a password set one', async () => {
    const email = address('nopw');
    const b = await signedIn(email, null);
    const page = await b.get('/account');
    expect(page.body).toContain('Set a password');
    expect((await b.submit('/account', '/account/password', { newPassword: 'first password 1' })).statusCode).toBe(303);
    expect((await browser().submit('/signin', '/signin', { email, password: 'first password 1' })).statusCode).toBe(303);
  });

  it('signs out everywhere: every session of the reader ends', async () => {
    const email = address('everywhere');
    const a = await signedIn(email);
    const c = browser();
    await c.submit('/signin', '/signin', { email, password: PASSWORD });
    const other = await signedIn(address('bystander'));
    const r = await a.submit('/account', '/account/signout-everywhere', {});
    expect(r.statusCode).toBe(303);
    expect((await a.get('/account')).statusCode).toBe(303);
    expect((await c.get('/account')).statusCode).toBe(303);
    expect((await other.get('/account')).statusCode).toBe(200);
    const row = await readerRow(email);
    const left = await t.services.db
      .selectFrom('sessions')
      .selectAll()
      .where('principal_id', '=', present(row, 'a reader row').id)
      .execute();
    expect(left).toHaveLength(0);
  });

  it('downloads the reader’s data as JSON', async () => {
    const email = address('export');
    const b = await signedIn(email);
    await b.submit('/account', '/account/profile', { name: 'Dee Download', city: 'Port Ellery' });
    t.services.accounts.registerDataExport('extra', async (reader) => ({ readerId: reader.id }));
    const r = await b.get('/account/data');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/json');
    expect(r.headers['content-disposition']).toBe('attachment; filename="account-data.json"');
    expect(r.headers['cache-control']).toBe('no-store');
    const data = r.json() as { account: Record<string, unknown>; sessions: { current: boolean }[]; extra: { readerId: string } };
    expect(data.account).toMatchObject({ email, name: 'Dee Download', hasPassword: true });
    expect(data.account).not.toHaveProperty('passwordHash');
    expect(r.body).not.toContain('argon2');
    expect(data.sessions.filter((s) => s.current)).toHaveLength(1);
    expect(data.extra.readerId).toBe(data.account.id);
  });

  it('closes the account: personal data erased, sessions gone, the row kept', async () => {
    const email = address('close');
    const b = await signedIn(email);
    await b.submit('/account', '/account/profile', {
      name: 'Cy Closer',
      line1: '2 Mill Lane',
      city: 'Port Ellery',
      postcode: 'PE2',
      country: 'UK',
    });
    await b.submit('/account', '/account/preferences', { dailyEmail: 'yes' });
    const id = present(await readerRow(email), 'a reader row').id;
    expect((await b.submit('/account', '/account/close', { password: PASSWORD })).statusCode).toBe(400);
    // Closing needs the password: without it, or with a wrong one, nothing happens.
    const none = await b.submit('/account', '/account/close', { confirm: 'yes' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('That is not your current password.');
    expect((await b.submit('/account', '/account/close', { confirm: 'yes', password: 'not my password' })).statusCode).toBe(400);
    expect((await readerRow(email))?.name).toBe('Cy Closer');
    const r = await b.submit('/account', '/account/close', { confirm: 'yes', password: PASSWORD });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Your account is closed');
    expect(b.cookies.has('mh_session')).toBe(false);

    const row = await t.services.db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      email: `closed-${id}@closed.invalid`,
      name: '',
      password_hash: null,
      email_verified_at: null,
      address_line1: null,
      address_city: null,
      address_postcode: null,
      address_country: null,
    });
    expect(row.closed_at).toBeInstanceOf(Date);
    expect(JSON.stringify(row)).not.toContain('Cy Closer');
    expect(await t.services.db.selectFrom('sessions').selectAll().where('principal_id', '=', id).execute()).toHaveLength(0);
    expect(await t.services.db.selectFrom('email_tokens').selectAll().where('reader_id', '=', id).execute()).toHaveLength(0);
    expect((await t.services.accounts.findReaderById(id))?.closedAt).toBeInstanceOf(Date);
    expect(await t.services.accounts.findReaderByEmail(email)).toBeUndefined();
    // The address is free again: signing up makes a new account.
    const again = await signedIn(email);
    expect(present(await readerRow(email), 'a reader row').id).not.toBe(id);
    expect((await again.get('/account')).statusCode).toBe(200);
  });

  it('shows panels other features register in the subscription section', async () => {
    const b = await signedIn(address('panel'));
    t.services.accounts.registerAccountPanel(async (reader) => h('p', { class: 'plan' }, `Plan for ${reader.id.slice(0, 4)}: Digital`));
    const page = await b.get('/account');
    expect(page.body).toMatch(/<section id="subscription"[^>]*>.*<p class="plan">Plan for .{4}: Digital<\/p>/s);
  });

  it('gives reader pages a signed-in variant that carries nothing personal', async () => {
    const email = address('variant');
    const anon = await browser().get('/news/2026/11/24/harbour-dredging-delayed');
    expect(anon.body).toContain('>Sign in</a>');
    expect(anon.body).toContain('href="/signin?return=%2Fnews%2F2026%2F11%2F24%2Fharbour-dredging-delayed"');
    // A metered story: the page carries the reader's meter, so it is never for shared caches.
    expect(anon.headers['cache-control']).toMatch(/^private/);
    expect((await browser().get('/')).headers['cache-control']).toMatch(/^public/);

    const b = await signedIn(email);
    const mine = await b.get('/news/2026/11/24/harbour-dredging-delayed');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('<a href="/account">Account</a>');
    expect(mine.body).not.toContain('>Sign in</a>');
    expect(mine.body).not.toContain(email);
    expect(mine.body).not.toContain('_csrf');
    expect(mine.headers['cache-control']).toMatch(/^private/);
    expect(mine.headers['set-cookie']).toBeUndefined();
    // Another signed-in reader gets the very same bytes (one cached variant).
    const other = await signedIn(address('variant-too'));
    expect((await other.get('/news/2026/11/24/harbour-dredging-delayed')).body).toBe(mine.body);
    // A forged or stale cookie is the anonymous page.
    const forged = await t.app.inject({ url: '/', headers: { cookie: `mh_session=${'A'.repeat(43)}` } });
    expect(forged.body).toContain('>Sign in</a>');
    // Signing out here takes effect on reader pages at once.
    await b.submit('/account', '/signout', {});
    expect((await b.get('/')).body).toContain('>Sign in</a>');
  });

  it('leaves Secure off the cookies of a plain-http site (localhost)', async () => {
    const local = await createTestApp(dialect, { PUBLIC_URL: 'http://localhost:3000' });
    try {
      const page = await local.app.inject('/signin');
      expect(String(page.headers['set-cookie'])).toMatch(/^mh_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
      const token = csrfIn(page.body);
      const cookie = String(page.headers['set-cookie']).split(';')[0] as string;
      const r = await local.app.inject({
        method: 'POST',
        url: '/signup',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, email: 'local@example.com', password: '' }).toString(),
      });
      expect(r.statusCode).toBe(200);
    } finally {
      await local.close();
    }
  });
});
