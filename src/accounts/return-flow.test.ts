/**
 * Readers are never lost on the way in: `return` survives sign-up, the emails, the
 * link pages and the redirects, and every redirect stays on the host the reader browses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { csrfIn, lastLinkTo, present, pressLinkButton, signUpConfirmed, TestBrowser, tokenFormIn } from './account-test-support.js';

const PASSWORD = 'correct horse battery';
const ARTICLE = '/news/2026/11/24/harbour-dredging-delayed';
const GIFT = '/gift/redeem?code=ABCD-EFGH-JKLM';
const q = (path: string) => encodeURIComponent(path);

describe.each(DIALECTS)('return paths through sign-up and emailed links on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const address = (what: string) => `${what}-${++n}@example.com`;
  const browser = () => new TestBrowser(t.app);
  const readerRow = (email: string) => t.services.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();

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

  it('"Register for more": a password sign-up lands signed in on the article', async () => {
    const b = browser();
    expect((await b.get(ARTICLE)).body).toContain('>Sign in</a>');
    const page = await b.get(`/signup?return=${q(ARTICLE)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<input type="hidden" name="return" value="${ARTICLE}"/>`);
    // "Sign in instead" keeps the return, and so do the sign-in page's links back.
    expect(page.body).toContain(`href="/signin?return=${q(ARTICLE)}"`);
    const signin = await b.get(`/signin?return=${q(ARTICLE)}`);
    expect(signin.body).toContain(`href="/signup?return=${q(ARTICLE)}"`);
    expect(signin.body).toContain(`href="/reset?return=${q(ARTICLE)}"`);

    const email = address('reader');
    const r = await b.post('/signup', { _csrf: csrfIn(page.body), email, password: PASSWORD, return: ARTICLE });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(ARTICLE);
    const back = await b.get(ARTICLE);
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('<a href="/account">Account</a>');
    // The confirmation email carries the return too; confirming lands on the article.
    const { path } = lastLinkTo(t, email);
    expect(path).toContain(`&return=${q(ARTICLE)}`);
    const confirmed = await pressLinkButton(b, path);
    expect(confirmed.headers.location).toBe(ARTICLE);
    // A signed-in visitor to /signup goes straight to the return.
    expect((await b.get(`/signup?return=${q(ARTICLE)}`)).headers.location).toBe(ARTICLE);
  });

  it('confirming in another browser (the phone) signs that browser in too, and lands on the return', async () => {
    const email = address('phone');
    await browser().submit(`/signup?return=${q(ARTICLE)}`, '/signup', { email, password: PASSWORD, return: ARTICLE });
    const phone = browser();
    // With the password typed, it stays and the phone goes straight back to the story.
    const r = await pressLinkButton(phone, lastLinkTo(t, email).path, { password: PASSWORD });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(ARTICLE);
    expect((await phone.get('/account')).statusCode).toBe(200);
  });

  it('confirming on the phone without the password still signs it in, and links back to the story', async () => {
    const email = address('phone-nopw');
    await browser().submit(`/signup?return=${q(ARTICLE)}`, '/signup', { email, password: PASSWORD, return: ARTICLE });
    const phone = browser();
    const r = await pressLinkButton(phone, lastLinkTo(t, email).path);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`<a href="${ARTICLE}">Go back to where you were</a>`);
    expect((await phone.get('/account')).statusCode).toBe(200);
  });

  it('a gift code survives an email-only sign-up: link page, button, and the redemption URL whole', async () => {
    const b = browser();
    const email = address('giftee');
    const page = await b.get(`/signup?return=${q(GIFT)}`);
    expect(page.body).toContain('value="/gift/redeem?code=ABCD-EFGH-JKLM"');
    const r = await b.post('/signup', { _csrf: csrfIn(page.body), email, password: '', return: GIFT });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Check your email');
    const { path, message } = lastLinkTo(t, email);
    // The email's link is absolute, on PUBLIC_URL, and carries the return encoded.
    expect(message.text).toContain(`https://paper.test/signin/link?token=`);
    expect(path).toContain(`&return=${q(GIFT)}`);
    const linkPage = await b.get(path);
    expect(tokenFormIn(linkPage.body).fields.return).toBe(GIFT);
    const done = await pressLinkButton(b, path);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(GIFT);
    expect(b.cookies.has('mh_session')).toBe(true);
  });

  it("the header's Sign in link carries the page the reader is on, and signing in from it lands there", async () => {
    const email = address('header');
    await signUpConfirmed(t, email, PASSWORD);
    /** The header's sign-in link, as the browser would follow it. */
    const headerSignIn = (html: string) =>
      present(html.match(/<p class="account-link"><a href="([^"]+)">Sign in<\/a><\/p>/)?.[1], 'a header Sign in link').replace(
        /&amp;/g,
        '&',
      );
    const signInFrom = async (b: TestBrowser, href: string, expected: string) => {
      const form = await b.get(href);
      expect(form.body).toContain(`<input type="hidden" name="return" value="${expected}"/>`);
      const r = await b.post('/signin', { _csrf: csrfIn(form.body), email, password: PASSWORD, return: expected });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe(expected);
    };

    // An article page (cached per variant: the link is the same for every anonymous reader).
    const a = browser();
    const fromArticle = headerSignIn((await a.get(ARTICLE)).body);
    expect(fromArticle).toBe(`/signin?return=${q(ARTICLE)}`);
    await signInFrom(a, fromArticle, ARTICLE);

    // /subscribe keeps its own way back to the story, as the page's own sign-in link does.
    const subscribe = `/subscribe?return=${q(ARTICLE)}`;
    const s = browser();
    const page = await s.get(subscribe);
    expect(page.statusCode).toBe(200);
    const fromSubscribe = headerSignIn(page.body);
    expect(fromSubscribe).toBe(`/signin?return=${q(subscribe)}`);
    expect(page.body).toContain(`href="/signin?return=${q(subscribe)}"`);
    await signInFrom(s, fromSubscribe, subscribe);
    // Signed in, back on /subscribe: the way back to the story is still there.
    const back = await s.get(subscribe);
    expect(back.body).toContain('<a href="/account">Account</a>');
    expect(back.body).toContain(`<a href="${ARTICLE}">Back to what you were reading</a>`);

    // An unsafe `return` never rides along: /subscribe drops it, and so does its header link.
    const evil = await browser().get(`/subscribe?return=${q('//evil.example/x')}`);
    expect(headerSignIn(evil.body)).toBe(`/signin?return=${q('/subscribe')}`);
  });

  it('a gift code survives a password sign-up and a sign-in link', async () => {
    const email = address('gift-pw');
    const s = browser();
    const r = await s.submit(`/signup?return=${q(GIFT)}`, '/signup', { email, password: PASSWORD, return: GIFT });
    expect(r.headers.location).toBe(GIFT);
    expect((await pressLinkButton(s, lastLinkTo(t, email).path)).headers.location).toBe(GIFT);
    const b = browser();
    await b.submit(`/signin?return=${q(GIFT)}`, '/signin/link', { email, return: GIFT });
    const done = await pressLinkButton(b, lastLinkTo(t, email).path);
    expect(done.headers.location).toBe(GIFT);
  });

  it('the return survives a password reset, from the form through the email to the redirect', async () => {
    const email = address('reset');
    await browser().submit('/signup', '/signup', { email, password: PASSWORD });
    const b = browser();
    const form = await b.get(`/reset?return=${q(ARTICLE)}`);
    expect(form.body).toContain(`name="return" value="${ARTICLE}"`);
    await b.post('/reset', { _csrf: csrfIn(form.body), email, return: ARTICLE });
    const { path } = lastLinkTo(t, email);
    expect(path).toMatch(/^\/reset\/confirm\?token=.+&return=/);
    const done = await pressLinkButton(b, path, { password: 'a brand new password' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(ARTICLE);
  });

  it('refuses returns to other sites at every step, falling back to /account', async () => {
    for (const evil of ['//evil.example/x', '/..//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const email = address('evil');
      const b = browser();
      const page = await b.get(`/signup?return=${q(evil)}`);
      expect(page.body).not.toContain('evil.example');
      const r = await b.post('/signup', { _csrf: csrfIn(page.body), email, password: PASSWORD, return: evil });
      expect(r.headers.location).toBe('/account');
      expect(lastLinkTo(t, email).path).not.toContain('return=');
      const other = browser();
      await other.submit('/signin', '/signin/link', { email, return: evil });
      const done = await pressLinkButton(other, lastLinkTo(t, email).path, { return: evil });
      expect(done.headers.location).toBe('/account');
    }
  });

  it('redirects stay on the host the reader browses (127.0.0.1); emails use PUBLIC_URL', async () => {
    const host = { host: '127.0.0.1:3000' };
    const page = await t.app.inject({ url: `/signup?return=${q(ARTICLE)}`, headers: host });
    const cookie = String(page.headers['set-cookie']).split(';')[0] as string;
    const email = address('local');
    const r = await t.app.inject({
      method: 'POST',
      url: '/signup',
      headers: { ...host, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfIn(page.body), email, password: PASSWORD, return: ARTICLE }).toString(),
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(ARTICLE);
    expect(lastLinkTo(t, email).message.text).toContain('https://paper.test/verify?token=');
    const signedOut = await t.app.inject({ url: '/account', headers: host });
    expect(signedOut.headers.location).toBe('/signin?return=%2Faccount');
  });

  it('a scanner (any client, even HEAD) opening a confirmation link first does not stop the person', async () => {
    const email = address('scanned');
    const b = browser();
    await b.submit('/signup', '/signup', { email, password: '' });
    const { path } = lastLinkTo(t, email);
    const head = await t.app.inject({ method: 'HEAD', url: path, headers: { 'user-agent': 'Barracuda Sentinel (EE)' } });
    expect(head.headers['set-cookie'] ?? '').not.toContain('mh_session');
    const scanner = new TestBrowser(t.app);
    const scanned = await scanner.get(path);
    expect(scanned.statusCode).toBe(200);
    expect(scanner.cookies.has('mh_session')).toBe(false);
    expect((await readerRow(email))?.email_verified_at).toBeNull();
    expect((await pressLinkButton(b, path)).statusCode).toBe(303);
    expect((await b.get('/account')).statusCode).toBe(200);
  });

  it('the button needs its form token (login CSRF): a cross-site post signs nobody in and leaves the link usable', async () => {
    const email = address('csrf');
    await browser().submit('/signup', '/signup', { email, password: '' });
    const { path } = lastLinkTo(t, email);
    const token = new URL(path, 'https://x').searchParams.get('token') as string;
    const victim = browser();
    const forged = await victim.post('/signin/link/confirm', { token });
    expect(forged.statusCode).toBe(403);
    expect(victim.cookies.has('mh_session')).toBe(false);
    expect((await pressLinkButton(browser(), path)).statusCode).toBe(303);
  });

  it('a newer claim on an unconfirmed address ends the older claim’s sessions; the owner’s link drops its password', async () => {
    const email = address('claimed');
    const squatter = browser();
    expect((await squatter.submit('/signup', '/signup', { email, password: 'squatter password' })).statusCode).toBe(303);
    expect((await squatter.get('/account')).statusCode).toBe(200);
    // The owner signs up too: the squatter's session ends.
    const owner = browser();
    expect((await owner.submit('/signup', '/signup', { email, password: PASSWORD })).statusCode).toBe(303);
    expect((await squatter.get('/account')).statusCode).toBe(303);

    // Another squatter claims again; the owner then confirms with a sign-in link instead (an
    // hour later: three messages an hour is the per-recipient limit).
    const again = browser();
    await again.submit('/signup', '/signup', { email, password: 'squatter password' });
    const start = t.clock.now;
    t.clock.advance(60 * 60 * 1000);
    const b = browser();
    try {
      await b.submit('/signin', '/signin/link', { email });
      expect(lastLinkTo(t, email).message.subject).toContain('sign-in link');
      expect((await pressLinkButton(b, lastLinkTo(t, email).path)).statusCode).toBe(303);
    } finally {
      t.clock.set(start);
    }
    expect((await again.get('/account')).statusCode).toBe(303);
    expect((await readerRow(email))?.password_hash).toBeNull();
    expect((await browser().submit('/signin', '/signin', { email, password: 'squatter password' })).statusCode).toBe(400);
    expect((await b.get('/account')).body).toContain('Set a password');
  });
});
