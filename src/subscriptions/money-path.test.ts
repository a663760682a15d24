/**
 * The money path as a reader walks it, through the whole app (real accounts, the demo gateway)
 * on both databases: every page says who is signed in and that the demo moves no
 * money; `return` survives sign-in, offers, checkout and the gateway and ends on "Back to the
 * story" with full access; no "do this first" is a dead end; the receipt, the cancellation
 * confirmation and the yearly renewal reminder are emailed once; cancelling asks first and can be
 * taken back until the period ends; closing an account cancels, leaves groups and keeps billing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { csrfIn, mailTo, TestBrowser } from '../accounts/account-test-support.js';
import { hashPassword } from '../accounts/credentials.js';
import { insertReader } from '../accounts/reader-repository.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { DEMO_LABEL } from './demo-gateway.js';
import { insertOffer } from './offer-repository.js';
import { claimSeat, insertOrganisation } from './organisation-repository.js';
import { type Plan, planInputFrom } from './plan.js';
import { seedDemoPlans } from './plan-service.js';
import { QUAY_STREET, runMoneyJobs } from './test-reader.js';

const PASSWORD = 'correct horse battery';
const T0 = new Date('2026-11-25T09:00:00Z');
const DAY = 86_400_000;
const STORY = '/news/2026/11/25/harbour-vote';
const enc = encodeURIComponent;

describe.each(DIALECTS)('the money path on %s', (dialect) => {
  let t: TestApp;
  let plans: Plan[];
  let hash: string;
  let n = 0;

  const plan = (slug: string) => plans.find((p) => p.slug === slug) as Plan;
  const subscriptionOf = (readerId: string) =>
    t.services.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('reader_id', '=', readerId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
  const web = async (readerId: string) =>
    (await t.services.entitlements.entitlementsFor({ readerId, clientIp: '203.0.113.5', at: t.clock.now })).entitlements.includes('web');
  const signedInHeader = (html: string) => html.includes('<p class="account-link"><a href="/account">Account</a></p>');

  /** A confirmed reader with a password, signed in through /signin. */
  async function reader(prefix = 'money') {
    n += 1;
    const email = `${prefix}-${n}@example.com`;
    const id = `${prefix}-reader-${n}`;
    await insertReader(t.services.db, { id, email, passwordHash: hash, at: t.clock.now });
    await t.services.db.updateTable('readers').set({ email_verified_at: t.clock.now }).where('id', '=', id).execute();
    const b = new TestBrowser(t.app);
    expect((await b.submit('/signin', '/signin', { email, password: PASSWORD })).statusCode).toBe(303);
    return { b, email, id };
  }

  /** Subscribes from /subscribe?return=… through the demo checkout; answers each step. */
  async function subscribe(b: TestBrowser, slug: string, opts: { returnTo?: string; offer?: string } = {}) {
    const q = new URLSearchParams({ ...(opts.offer ? { offer: opts.offer } : {}), ...(opts.returnTo ? { return: opts.returnTo } : {}) });
    const page = await b.get(`/subscribe?${q}`);
    const form = { plan: plan(slug).id, ...(opts.offer ? { offer: opts.offer } : {}), ...(opts.returnTo ? { return: opts.returnTo } : {}) };
    let r = await b.post('/checkout', { _csrf: csrfIn(page.body), ...form });
    if (r.statusCode === 200) r = await b.post('/checkout', { _csrf: csrfIn(r.body), ...form, step: 'address', ...QUAY_STREET });
    expect(r.statusCode, r.body.slice(r.body.indexOf('<main'), r.body.indexOf('</main>'))).toBe(303);
    const demoPath = String(r.headers.location);
    const demo = await b.get(demoPath);
    const done = await b.post(`${demoPath}/complete`, { _csrf: csrfIn(demo.body) });
    expect(done.statusCode).toBe(303);
    return { page, demoPath, demo, done };
  }

  beforeAll(async () => {
    hash = await hashPassword(PASSWORD);
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'Pacific/Auckland' });
    await seedDemoPlans(t.services.db, () => t.clock.now);
    plans = await t.services.plans.listActive();
  });
  afterEach(() => {
    t.clock.set(T0);
  });
  afterAll(async () => {
    await t.close();
  });

  it('every page of the demo says so, and shows who is signed in', async () => {
    const anon = new TestBrowser(t.app);
    const sub = await anon.get('/subscribe');
    expect(signedInHeader(sub.body)).toBe(false);
    expect(sub.body).toContain('no money moves');
    const { b } = await reader();
    const pages = { subscribe: await b.get('/subscribe'), gift: await b.get('/gift'), portal: await b.get('/checkout/demo/portal') };
    const { demo, done } = await subscribe(b, 'digital-monthly');
    const success = await b.get(String(done.headers.location));
    const cancel = await b.get('/checkout/cancel');
    for (const [name, r] of Object.entries({ ...pages, demo, success })) {
      expect(r.statusCode, name).toBe(200);
      expect(r.body, name).toContain(DEMO_LABEL);
      expect(r.body, name).toContain('no money moves');
      expect(signedInHeader(r.body), name).toBe(true);
    }
    expect(signedInHeader(cancel.body)).toBe(true);
    // A gift's demo checkout too.
    const giftPage = await b.get('/gift');
    const gift = await b.post('/gift', {
      _csrf: csrfIn(giftPage.body),
      plan: plan('digital-monthly').id,
      months: '1',
      recipient: 'friend@example.com',
      message: '',
    });
    expect(gift.headers.location).toMatch(/^\/gift\/demo\/cs_demo_/);
    const giftDemo = await b.get(String(gift.headers.location));
    expect(giftDemo.body).toContain(DEMO_LABEL);
  });

  it('return survives sign-in, an offer link, checkout and the gateway, and ends on "Back to the story" with full access', async () => {
    await insertOffer(
      t.services.db,
      { id: `o-${n}`, code: `BACK${n}`, kind: 'percent', value: 20, months: 3, planId: null, active: true, expiresAt: null },
      T0,
    );
    const code = `BACK${n}`;
    // An anonymous reader from the paywall: the offer link keeps the way back.
    const anon = new TestBrowser(t.app);
    const link = await anon.get(`/subscribe/offer/${code}?return=${enc(STORY)}`);
    expect(link.statusCode).toBe(302);
    const subscribeUrl = `/subscribe?offer=${code}&return=${enc(STORY)}`;
    expect(link.headers.location).toBe(subscribeUrl);
    const page = await anon.get(subscribeUrl);
    expect(page.body).toContain(`href="/signin?return=${enc(subscribeUrl)}"`);
    expect(page.body).toContain(`<input type="hidden" name="return" value="${STORY}"/>`);
    // Choosing a plan signed out: to sign in, and back to the same offer and story.
    const out = await anon.post('/checkout', { _csrf: csrfIn(page.body), plan: plan('digital-monthly').id, offer: code, return: STORY });
    expect(out.headers.location).toBe(`/signin?return=${enc(subscribeUrl)}`);
    // A return that leaves the site is dropped everywhere.
    const evil = await anon.get(`/subscribe?return=${enc('//evil.example/x')}`);
    expect(evil.body).not.toContain('evil.example');

    const { b, id } = await reader();
    expect(await web(id)).toBe(false);
    const { demoPath, done } = await subscribe(b, 'digital-monthly', { offer: code, returnTo: STORY });
    expect(demoPath).toMatch(/^\/checkout\/demo\/cs_demo_[0-9a-f]{32}$/);
    expect(done.headers.location).toBe(`/checkout/success?return=${enc(STORY)}`);
    const success = await b.get(String(done.headers.location));
    expect(success.body).toContain(`<a class="button" href="${STORY}">Back to the story</a>`);
    expect(await web(id)).toBe(true);
  });

  it('no dead ends: a plan off sale, an offer gone, already subscribed, a declined payment each link onward with the way back', async () => {
    const { b, id } = await reader();
    const page = await b.get(`/subscribe?return=${enc(STORY)}`);
    const csrf = csrfIn(page.body);
    const yearly = plan('digital-yearly');
    await t.services.plans.update(yearly.id, { ...planInputFrom(yearly), active: false });
    const off = await b.post('/checkout', { _csrf: csrf, plan: yearly.id, return: STORY });
    await t.services.plans.update(yearly.id, planInputFrom(yearly));
    expect(off.statusCode).toBe(404);
    expect(off.body).toContain(`href="/subscribe?return=${enc(STORY)}"`);
    expect(off.body).toContain(`href="${STORY}"`);

    await insertOffer(
      t.services.db,
      { id: `gone-${n}`, code: `GONE${n}`, kind: 'percent', value: 20, months: 3, planId: null, active: false, expiresAt: null },
      T0,
    );
    const gone = await b.post('/checkout', { _csrf: csrf, plan: plan('digital-monthly').id, offer: `GONE${n}`, return: STORY });
    expect(gone.statusCode).toBe(409);
    expect(gone.body).toContain('no longer available');
    expect(gone.body).toContain(`href="/subscribe?return=${enc(STORY)}">Choose a plan at the full price`);

    // Declined: try again, with the way back.
    const start = await b.post('/checkout', { _csrf: csrf, plan: plan('digital-monthly').id, return: STORY });
    const demo = await b.get(String(start.headers.location));
    expect(demo.body).toContain(`href="/checkout/cancel?return=${enc(STORY)}"`);
    const declined = await b.post(`${start.headers.location}/fail`, { _csrf: csrfIn(demo.body) });
    expect(declined.statusCode).toBe(402);
    expect(declined.body).toContain(`href="/subscribe?return=${enc(STORY)}">Try again`);
    expect(declined.body).toContain(`href="${STORY}"`);
    const cancelled = await b.get(`/checkout/cancel?return=${enc(STORY)}`);
    expect(cancelled.body).toContain(`href="/subscribe?return=${enc(STORY)}"`);

    // Subscribed: a second checkout is refused with the way to the account page.
    await subscribe(b, 'digital-monthly');
    expect(await web(id)).toBe(true);
    const again = await b.post('/checkout', { _csrf: csrf, plan: plan('digital-yearly').id, return: STORY });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('You already subscribe to Digital');
    expect(again.body).toContain('href="/account#subscription"');
    expect(again.body).toContain(`href="${STORY}"`);
    expect((await b.get('/subscribe')).body).toContain('You already subscribe to Digital');
  });

  it('the print plan saves the address inside checkout to the account', async () => {
    const { b, id } = await reader();
    const page = await b.get('/subscribe');
    const step = await b.post('/checkout', { _csrf: csrfIn(page.body), plan: plan('all-access-monthly').id });
    expect(step.statusCode).toBe(200);
    const bad = await b.post('/checkout', { _csrf: csrfIn(step.body), plan: plan('all-access-monthly').id, step: 'address', line1: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the town or city.');
    expect((await t.services.accounts.findReaderById(id))?.address).toBeNull();
    const ok = await b.post('/checkout', { _csrf: csrfIn(bad.body), plan: plan('all-access-monthly').id, step: 'address', ...QUAY_STREET });
    expect(ok.statusCode).toBe(303);
    expect((await t.services.accounts.findReaderById(id))?.address).toMatchObject({ line1: '1 Quay St', postcode: 'EL1 1AA' });
    // The account page shows it.
    expect((await b.get('/account')).body).toContain('1 Quay St');
  });

  it('a welcome with the receipt (offer applied), once; cancelling asks, confirms by email, and can be resumed until the period ends', async () => {
    const code = `WELCOME${n}`;
    const offerId = `w-${n}`;
    await insertOffer(
      t.services.db,
      { id: offerId, code, kind: 'percent', value: 20, months: 3, planId: null, active: true, expiresAt: null },
      T0,
    );
    const { b, id, email } = await reader();
    await subscribe(b, 'digital-yearly', { offer: code });
    await runMoneyJobs(t);
    await runMoneyJobs(t);
    const welcome = mailTo(t, email).filter((m) => m.subject === 'Welcome to Masthead: your receipt');
    expect(welcome).toHaveLength(1);
    for (const words of [
      'Your Digital subscription ($80.00 a year) has started',
      'Your receipt: $76.00 paid on 25 November 2026, for the period 25 November 2026 to 25 November 2027.',
      `Offer applied: ${code}, 20% off for 3 months.`,
      'Next payment: $80.00 on 25 November 2027.',
      'To cancel, go to your account page',
      'no money moved',
      'https://paper.test/account#subscription',
    ])
      expect(welcome[0]?.text).toContain(words);
    expect(welcome[0]?.html).toContain('$76.00 paid on 25 November 2026');
    const sub = await subscriptionOf(id);
    expect({ price: sub.price_cents, first: sub.first_payment_cents, currency: sub.currency, offer: sub.offer_id }).toEqual({
      price: 8000,
      first: 7600,
      currency: 'usd',
      offer: offerId,
    });

    // Cancel: the panel links to a page that asks first.
    const account = await b.get('/account');
    const ask = `/account/subscription/cancel?subscription=${sub.id}`;
    expect(account.body).toContain(`href="${ask}"`);
    const confirm = await b.get(ask);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Cancel your subscription?');
    expect(confirm.body).toContain('You keep access until 25 November 2027.');
    expect(Boolean((await subscriptionOf(id)).cancel_at_period_end)).toBe(false);
    expect((await b.post('/account/subscription/cancel', { _csrf: csrfIn(confirm.body), subscription: sub.id })).statusCode).toBe(303);
    expect(Boolean((await subscriptionOf(id)).cancel_at_period_end)).toBe(true);
    await runMoneyJobs(t);
    const cancelled = mailTo(t, email).filter((m) => m.subject === 'Your Masthead subscription is cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]?.text).toContain('You keep access until 25 November 2027.');
    expect(cancelled[0]?.text).toContain('Resume it on your account page before 25 November 2027');

    // Resume, from /account, while the period lasts.
    const panel = await b.get('/account');
    expect(panel.body).toContain('Resume your subscription');
    expect((await b.post('/account/subscription/resume', { _csrf: csrfIn(panel.body), subscription: sub.id })).statusCode).toBe(303);
    expect(Boolean((await subscriptionOf(id)).cancel_at_period_end)).toBe(false);
    expect((await b.get('/account')).body).toContain('Status: Active');

    // Cancel again; once the period is over it cannot be resumed, and the page says how to subscribe again.
    const again = await b.get(ask);
    await b.post('/account/subscription/cancel', { _csrf: csrfIn(again.body), subscription: sub.id });
    // Cancelled but running: a new checkout would pay twice, so it points to resuming instead.
    const twice = await b.post('/checkout', { _csrf: csrfIn(again.body), plan: plan('digital-monthly').id });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('is cancelled but runs until 25 November 2027. Resume it on your account page');
    expect(twice.body).toContain('href="/account#subscription"');
    // The period ends (a year on, as far as the subscription is concerned; the session stays fresh).
    await t.services.db
      .updateTable('subscriptions')
      .set({ current_period_end_at: new Date(T0.getTime() + DAY) })
      .where('id', '=', sub.id)
      .execute();
    t.clock.set(new Date(T0.getTime() + 2 * DAY));
    const late = await b.get('/account');
    expect(late.body).toContain('It can no longer be resumed.');
    expect(late.body).not.toContain('Resume your subscription');
    const refused = await b.post('/account/subscription/resume', { _csrf: csrfIn(late.body), subscription: sub.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('href="/subscribe">Subscribe again');
    expect(Boolean((await subscriptionOf(id)).cancel_at_period_end)).toBe(true);
  });

  it('a welcome whose send fails is given back and sent on the retry, still once', async () => {
    await runMoneyJobs(t); // what earlier tests left due
    const { b, id, email } = await reader();
    await subscribe(b, 'digital-monthly');
    const claimed = async () =>
      (
        await t.services.db
          .selectFrom('subscriber_emails')
          .select('kind')
          .where('subject_id', '=', (await subscriptionOf(id)).id)
          .execute()
      ).length;
    const send = vi.spyOn(t.services.mailer, 'send').mockRejectedValue(new Error('SMTP down'));
    await runMoneyJobs(t);
    expect(send).toHaveBeenCalled();
    send.mockRestore();
    const welcomes = () => mailTo(t, email).filter((m) => m.subject === 'Welcome to Masthead: your receipt');
    expect(welcomes()).toHaveLength(0);
    expect(await claimed()).toBe(0);
    // The runner backs off (2 s after a first failure); later it goes, once.
    t.clock.advance(60_000);
    await runMoneyJobs(t);
    await runMoneyJobs(t);
    expect(welcomes()).toHaveLength(1);
    expect(await claimed()).toBe(1);
  });

  it('a reminder 7 days before a yearly renewal, once per renewal, however often and wherever the job runs', async () => {
    const yearly = await reader('yearly');
    const monthly = await reader('monthly');
    await subscribe(yearly.b, 'digital-yearly');
    await subscribe(monthly.b, 'digital-monthly');
    const reminders = (email: string) => mailTo(t, email).filter((m) => m.subject.startsWith('Your Masthead subscription renews on'));
    t.clock.set(new Date(T0.getTime() + 357 * DAY));
    await runMoneyJobs(t);
    expect(reminders(yearly.email)).toHaveLength(0);
    t.clock.set(new Date(T0.getTime() + 359 * DAY));
    // Two workers at once, then again later: one email.
    await Promise.all([runMoneyJobs(t), runMoneyJobs(t)]);
    await runMoneyJobs(t);
    expect(reminders(yearly.email)).toHaveLength(1);
    expect(reminders(yearly.email)[0]?.text).toContain('Your yearly Digital subscription renews on 25 November 2027, for $80.00.');
    expect(reminders(monthly.email)).toHaveLength(0);
    // The ledger forgets claims older than two years, and only those. (This run also proves that the
    // access-ended job, which runs first, does not push the reminders' run back: it did once.)
    const old = { subject_id: 'gone', kind: 'welcome', occasion: '', claimed_at: new Date(t.clock.now.getTime() - 733 * DAY) };
    await t.services.db.insertInto('subscriber_emails').values(old).execute();
    await runMoneyJobs(t);
    expect(await t.services.db.selectFrom('subscriber_emails').select('kind').where('subject_id', '=', 'gone').execute()).toEqual([]);
    expect(reminders(yearly.email)).toHaveLength(1);
  });

  it('closing an account cancels every live subscription now, leaves groups, keeps the billing record; download my data lists them', async () => {
    const { b, id } = await reader();
    await subscribe(b, 'digital-monthly');
    const org = { id: `org-${n}`, name: 'Ellery Library', ipRanges: [], emailDomains: ['example.com'], seatLimit: null, active: true };
    await insertOrganisation(t.services.db, org, T0);
    expect(await claimSeat(t.services.db, org, id, T0, false)).toBe(true);
    const data = JSON.parse((await b.get('/account/data')).body) as Record<string, unknown>;
    expect(data.subscriptions).toEqual([
      expect.objectContaining({
        plan: 'Digital',
        status: 'active',
        provider: 'demo',
        providerCustomerId: expect.stringMatching(/^cus_demo_/),
      }),
    ]);
    expect(data.groupMemberships).toEqual([{ organisation: 'Ellery Library', joinedAt: T0.toISOString() }]);
    expect(data).toHaveProperty('gifts');

    const account = await b.get('/account');
    const closed = await b.post('/account/close', {
      _csrf: csrfIn(account.body),
      confirm: 'yes',
      password: PASSWORD,
      currentPassword: PASSWORD,
    });
    expect(closed.statusCode).toBe(200);
    const row = await subscriptionOf(id);
    expect(row.status).toBe('canceled');
    expect(Boolean(row.cancel_at_period_end)).toBe(false);
    expect({ price: row.price_cents, currency: row.currency }).toEqual({ price: 800, currency: 'usd' });
    expect(await web(id)).toBe(false);
    expect(await t.services.db.selectFrom('organisation_members').selectAll().where('reader_id', '=', id).execute()).toEqual([]);
  });
});
