/**
 * The subscription panel on /account (each state, its cancel and card forms) and the email on a
 * failed renewal payment, through the whole app (demo gateway) on both databases. The paper's
 * time zone is Auckland, so dates differ from UTC ones.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { csrfIn, mailTo, signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { PaymentChange, PaymentEvent, SubscriptionSnapshot } from './payments-gateway.js';
import type { Plan } from './plan.js';
import { seedDemoPlans } from './plan-service.js';
import type { SubscriptionRouteDeps } from './subscription-route-deps.js';
import { runMoneyJobs } from './test-reader.js';

const PASSWORD = 'correct horse battery';
const T0 = new Date('2026-11-25T09:00:00Z');
const PERIOD_END = new Date('2026-12-25T12:00:00Z'); // 26 December in Auckland
const secs = (d: Date) => Math.floor(d.getTime() / 1000);
const FAILED_SUBJECT = 'did not go through';

describe.each(DIALECTS)('the subscription on /account on %s', (dialect) => {
  let t: TestApp;
  let plans: Plan[];
  let n = 0;
  let events = 0;

  const plan = (slug: string) => plans.find((p) => p.slug === slug) as Plan;
  // The email is a job enqueued with the failed payment: run what is due, as a worker would, then read the outbox.
  const failedMails = async (email: string) => {
    await runMoneyJobs(t);
    return mailTo(t, email).filter((m) => m.subject.includes(FAILED_SUBJECT));
  };
  const row = (providerId: string) =>
    t.services.db.selectFrom('subscriptions').selectAll().where('provider_subscription_id', '=', providerId).executeTakeFirstOrThrow();
  const panelOf = (html: string) => {
    const start = html.indexOf('<section id="subscription"');
    return html.slice(start, html.indexOf('</section>', start));
  };

  async function signedInReader() {
    n += 1;
    const email = `panel-${n}@example.com`;
    const b = new TestBrowser(t.app);
    await signUpConfirmed(t, email, PASSWORD, b);
    const reader = await t.services.accounts.findReaderByEmail(email);
    if (!reader) throw new Error('no reader');
    return { b, email, id: reader.id };
  }

  function send(change: PaymentChange, created = secs(t.clock.now), eventId = `evt_demo_${++events}`) {
    const event: PaymentEvent = { provider: 'demo', eventId, type: 'test', created, change };
    return t.services.subscriptions.processEvent(event);
  }

  /** A subscription as a completed checkout makes it; answers its provider id. */
  async function subscribe(readerId: string, over: Partial<SubscriptionSnapshot> = {}): Promise<string> {
    const providerSubscriptionId = `sub_demo_${++events}`;
    const snapshot: SubscriptionSnapshot = {
      providerSubscriptionId,
      providerCustomerId: `cus_demo_${events}`,
      status: 'active',
      currentPeriodEnd: PERIOD_END,
      cancelAtPeriodEnd: false,
      trialEnd: null,
      readerId,
      planId: plan('digital-monthly').id,
      priceId: null,
      version: secs(T0),
      ...over,
    };
    const change: PaymentChange = {
      kind: 'checkout_completed',
      readerId,
      planId: snapshot.planId as string,
      providerCustomerId: snapshot.providerCustomerId,
      providerSubscriptionId,
      snapshot,
      paid: true,
    };
    expect(await send(change, snapshot.version)).toBe('applied');
    return providerSubscriptionId;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'Pacific/Auckland' });
    await seedDemoPlans(t.services.db, () => t.clock.now);
    plans = await t.services.plans.listActive();
  });
  afterEach(() => {
    t.clock.set(T0);
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the app hands the routes everything the account side needs', () => {
    const deps = t.services satisfies SubscriptionRouteDeps;
    expect(typeof deps.accounts.registerAccountPanel).toBe('function');
  });

  it('without a subscription: a link to the plans, no forms', async () => {
    const { b } = await signedInReader();
    const panel = panelOf((await b.get('/account')).body);
    expect(panel).toContain('You have no subscription.');
    expect(panel).toContain('href="/subscribe"');
    expect(panel).not.toContain('/account/subscription/');
  });

  it('active: plan, price, status and the renewal date in the paper’s time zone, with both forms', async () => {
    const { b, id } = await signedInReader();
    await subscribe(id);
    const panel = panelOf((await b.get('/account')).body);
    expect(panel).toContain('<strong>Digital</strong>, $8.00 a month');
    expect(panel).toContain('Status: Active');
    expect(panel).toContain('Renews on 26 December 2026.');
    expect(panel).toContain('href="/account/subscription/cancel?subscription=');
    expect(panel).toContain('Cancel your subscription');
    expect(panel).toContain('action="/account/subscription/card"');
    expect(panel).toContain('Update your card');
  });

  it('trial: until when', async () => {
    const { b, id } = await signedInReader();
    await subscribe(id, { status: 'trialing', trialEnd: new Date('2026-12-09T12:00:00Z'), planId: plan('all-access-monthly').id });
    const panel = panelOf((await b.get('/account')).body);
    expect(panel).toContain('<strong>All Access</strong>, $15.00 a month');
    expect(panel).toContain('Status: Free trial until 10 December 2026');
  });

  it('a failed payment: the panel says until when access continues; one email per grace period', async () => {
    const { b, id, email } = await signedInReader();
    const sub = await subscribe(id);
    const failed = secs(T0) + 60; // grace: seven days on, 2 December 09:01 UTC, 22:01 in Auckland
    expect(await send({ kind: 'invoice_payment_failed', providerSubscriptionId: sub }, failed, `evt_fail_${id}`)).toBe('applied');
    expect((await row(sub)).status).toBe('past_due');

    const panel = panelOf((await b.get('/account')).body);
    expect(panel).toContain('Status: Payment problem — access continues until 2 December 2026');
    expect(panel).toContain('Update your card');

    const mails = await failedMails(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('Your access continues until 2 December 2026');
    expect(mails[0]?.text).toContain('Digital');
    expect(mails[0]?.text).toContain('https://paper.test/account');
    expect(mails[0]?.html).toContain('href="https://paper.test/account"');

    // The same event again, then the provider's retry failing too: same grace period, no more mail.
    expect(await send({ kind: 'invoice_payment_failed', providerSubscriptionId: sub }, failed, `evt_fail_${id}`)).toBe('duplicate');
    expect(await send({ kind: 'invoice_payment_failed', providerSubscriptionId: sub }, failed + 86_400)).toBe('applied');
    expect(
      await send({ kind: 'subscription_changed', snapshot: { ...(await snapshotOf(sub)), status: 'past_due', version: failed + 90_000 } }),
    ).toBe('applied');
    expect(await failedMails(email)).toHaveLength(1);

    // Paid, then a later renewal fails: a new grace period, a new email.
    expect(await send({ kind: 'invoice_paid', providerSubscriptionId: sub, periodEnd: PERIOD_END }, failed + 100_000)).toBe('applied');
    expect(await send({ kind: 'invoice_payment_failed', providerSubscriptionId: sub }, failed + 200_000)).toBe('applied');
    expect(await failedMails(email)).toHaveLength(2);
  });

  async function snapshotOf(providerId: string): Promise<SubscriptionSnapshot> {
    const r = await row(providerId);
    return {
      providerSubscriptionId: providerId,
      providerCustomerId: r.provider_customer_id,
      status: 'active',
      currentPeriodEnd: r.current_period_end_at,
      cancelAtPeriodEnd: Boolean(r.cancel_at_period_end),
      trialEnd: r.trial_end_at,
      readerId: r.reader_id,
      planId: r.plan_id,
      priceId: null,
      version: Number(r.provider_version),
    };
  }

  it('a mail that cannot be sent never fails the event', async () => {
    const { id, email } = await signedInReader();
    const sub = await subscribe(id);
    await runMoneyJobs(t); // the welcome, and whatever earlier tests left due, sent before the mailer fails
    const logged = vi.spyOn(t.services.log, 'error');
    let seen = '';
    const send$ = vi.spyOn(t.services.mailer, 'send').mockImplementation(async () => {
      // Sent by its job, after the commit: the change is already there for anyone to read (inside the
      // transaction this read would wait on it, on SQLite for ever).
      seen = (await row(sub)).status;
      throw new Error('SMTP down');
    });
    expect(await send({ kind: 'invoice_payment_failed', providerSubscriptionId: sub }, secs(T0) + 60)).toBe('applied');
    await runMoneyJobs(t);
    expect(send$).toHaveBeenCalledTimes(1);
    expect(seen).toBe('past_due');
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), expect.stringContaining('failed payment'));
    expect((await row(sub)).status).toBe('past_due');
    expect(await failedMails(email)).toHaveLength(0);
  });

  it('when grace has run out, the panel says ended', async () => {
    const { b, id } = await signedInReader();
    const sub = await subscribe(id);
    await send({ kind: 'invoice_payment_failed', providerSubscriptionId: sub }, secs(T0) + 60);
    t.clock.advance(8 * 86_400_000);
    const panel = panelOf((await b.get('/account')).body);
    expect(panel).toContain('Status: Ended');
    expect(panel).toContain('href="/subscribe"');
    expect(panel).not.toContain('/account/subscription/cancel');
  });

  it('ended: a canceled subscription, with a way to subscribe again', async () => {
    const { b, id } = await signedInReader();
    const sub = await subscribe(id);
    const snapshot = { ...(await snapshotOf(sub)), status: 'canceled' as const, version: secs(T0) + 10 };
    expect(await send({ kind: 'subscription_changed', snapshot })).toBe('applied');
    const panel = panelOf((await b.get('/account')).body);
    expect(panel).toContain('Status: Ended');
    expect(panel).toContain('Ended on 26 December 2026.');
    expect(panel).toContain('Subscribe again');
  });

  it('cancel at the end of the period: CSRF-guarded, only one’s own, then shown as cancelled', async () => {
    const { b, id } = await signedInReader();
    const sub = await subscribe(id);
    const subId = (await row(sub)).id;

    expect((await b.post('/account/subscription/cancel', { subscription: subId })).statusCode).toBe(403);
    expect((await b.post('/account/subscription/cancel', { _csrf: 'forged', subscription: subId })).statusCode).toBe(403);
    expect(Boolean((await row(sub)).cancel_at_period_end)).toBe(false);

    const other = await signedInReader();
    expect((await other.b.submit('/account', '/account/subscription/cancel', { subscription: subId })).statusCode).toBe(404);
    expect(Boolean((await row(sub)).cancel_at_period_end)).toBe(false);

    const r = await b.submit('/account', '/account/subscription/cancel', { subscription: subId });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/account#subscription');
    expect(Boolean((await row(sub)).cancel_at_period_end)).toBe(true);
    const panel = panelOf((await b.get('/account')).body);
    expect(panel).toContain('Status: Cancelled — access until 26 December 2026');
    expect(panel).not.toContain('/account/subscription/cancel');
    expect(panel).toContain('action="/account/subscription/resume"');
    // Signed out: sent to sign in.
    const anon = new TestBrowser(t.app);
    const page = await anon.get('/signin');
    const out = await anon.post('/account/subscription/cancel', { _csrf: csrfIn(page.body), subscription: subId });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signin?return=%2Faccount');
  });

  it('update your card: CSRF-guarded, then to the gateway’s portal (the demo’s own page)', async () => {
    const { b, id } = await signedInReader();
    await subscribe(id);
    expect((await b.post('/account/subscription/card', {})).statusCode).toBe(403);
    const r = await b.submit('/account', '/account/subscription/card', {});
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/checkout/demo/portal');
  });
});
