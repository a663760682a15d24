/**
 * Refunds and "cancel now" from the reader page over HTTP, on the demo gateway, on both
 * databases: who may refund (table-driven by role), CSRF, bad input naming its field with nothing
 * written, nothing to refund (a comp, a trial), too much, a partial refund keeping access to the
 * period end, the same form sent twice refunding once, the rest refunded with access ending now
 * (the reader emailed at once, as when access ends otherwise), then nothing left (409); each
 * audited with who did it; the refunds on the reader's page; closing the account clears their
 * reasons in its erasing transaction (or, when that fails, nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, mailTo } from '../accounts/account-test-support.js';
import type { StaffRole } from '../accounts/index.js';
import { insertReader } from '../accounts/reader-repository.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import type { Plan, SubscriptionRecord } from '../subscriptions/index.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { runDueMoneyJobs } from '../subscriptions/test-reader.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const DAY = 86_400_000;
const KEY = 'refund-key-0001-aaaaaaaa';

describe.each(DIALECTS)('refunds from the reader page on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  let plan: Plan;

  async function subscriber(id: string, over: Partial<SubscriptionRecord> = {}): Promise<SubscriptionRecord> {
    await insertReader(t.services.db, { id, email: `${id}@example.org`, passwordHash: null, at: t.clock.now });
    await t.services.db.updateTable('readers').set({ email_verified_at: t.clock.now }).where('id', '=', id).execute();
    const s: SubscriptionRecord = {
      id: `sub-${id}`,
      readerId: id,
      planId: plan.id,
      status: 'active',
      currentPeriodEnd: new Date(t.clock.now.getTime() + 20 * DAY),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: `sub_demo_${id}`,
      providerCustomerId: `cus_demo_${id}`,
      providerVersion: 0,
      createdAt: t.clock.now,
      updatedAt: t.clock.now,
      priceCents: plan.priceCents,
      firstPaymentCents: plan.priceCents,
      currency: plan.currency,
      ...over,
    };
    await insertSubscription(t.services.db, s);
    return s;
  }
  const refundsOf = (readerId: string) =>
    t.services.db.selectFrom('subscription_refunds').selectAll().where('reader_id', '=', readerId).orderBy('created_at').execute();
  const rowOf = (id: string) => t.services.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const reads = async (readerId: string) =>
    (await t.services.entitlements.entitlementsFor({ readerId, clientIp: '', at: t.clock.now })).entitlements.includes('web');
  const refund = (who: SignedInStaff, readerId: string, form: Record<string, string>) =>
    who.browser.post(`/admin/readers/${readerId}/subscriptions/sub-${readerId}/refund`, form);
  /** The jobs due now, as the worker would run them (nothing rescheduled by the test). */
  const runDueJobs = () => runDueMoneyJobs(t);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedDemoPlans(t.services.db, () => t.clock.now);
    plan = (await t.services.plans.listAll()).find((p) => p.slug === 'all-access-monthly') as Plan;
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await t.close();
  });

  it.each<[StaffRole, boolean]>([
    ['owner', true],
    ['business', true],
    ['editor', false],
    ['writer', false],
  ])('the refund form is for business and owner staff only: %s → %s', async (role, allowed) => {
    const id = `role-${role}`;
    await subscriber(id);
    const who = await signInStaff(t, role);
    const csrf = csrfIn((await who.browser.get('/admin/keys')).body);
    const r = await refund(who, id, {
      _csrf: csrf,
      amount: '1.00',
      reason: 'asked',
      access: 'period-end',
      confirm: 'yes',
      idempotency_key: `${KEY}-${role}`,
    });
    expect(r.statusCode, r.body).toBe(allowed ? 303 : 403);
    expect(await refundsOf(id)).toHaveLength(allowed ? 1 : 0);
  });

  it('refuses without a CSRF token, and bad input with its field named, writing nothing', async () => {
    const s = await subscriber('bad');
    const page = await business.browser.get('/admin/readers/bad');
    expect(page.body).toContain('Refund the payment');
    expect(page.body).toContain('These are demo payments: the refund is recorded here, and no money moves.');
    const csrf = csrfIn(page.body);
    const good = { _csrf: csrf, amount: '5.00', reason: 'Charged twice', access: 'period-end', confirm: 'yes', idempotency_key: KEY };
    expect((await refund(business, 'bad', { ...good, _csrf: '' })).statusCode).toBe(403);
    const cases: [Record<string, string>, number, string][] = [
      [{ amount: 'five' }, 400, `href="#refund-amount-${s.id}"`],
      [{ amount: '-5' }, 400, `href="#refund-amount-${s.id}"`],
      [{ amount: '0' }, 400, 'A refund must be more than nothing.'],
      [{ amount: '1000.00' }, 400, 'is more than what is left to refund of the last payment: at most'],
      [{ reason: '   ' }, 400, `href="#refund-reason-${s.id}"`],
      [{ reason: 'x'.repeat(501) }, 400, 'Keep the reason under 500 characters.'],
      [{ confirm: '' }, 400, `href="#refund-confirm-${s.id}"`],
      [{ access: 'sometime' }, 400, `href="#refund-access-end-${s.id}"`],
      [{ idempotency_key: 'short' }, 400, 'This form is out of date'],
      [{ amount: 'x'.repeat(41) }, 400, 'This form was not complete or too long.'],
    ];
    for (const [change, status, text] of cases) {
      const r = await refund(business, 'bad', { ...good, ...change });
      expect(r.statusCode, JSON.stringify(change)).toBe(status);
      expect(r.body, JSON.stringify(change)).toContain(text);
    }
    expect(await refundsOf('bad')).toEqual([]);
    expect(Boolean((await rowOf(s.id)).cancel_at_period_end)).toBe(false);
    // Someone else's subscription is not found.
    await subscriber('other');
    const r = await business.browser.post('/admin/readers/bad/subscriptions/sub-other/refund', good);
    expect(r.statusCode).toBe(404);
    expect(await refundsOf('other')).toEqual([]);
  });

  it('has nothing to refund on a comp or a trial: a plain 409', async () => {
    await subscriber('comped', { provider: 'comp', providerSubscriptionId: 'comp-1', providerCustomerId: null });
    await subscriber('trying', { status: 'trialing', trialEnd: new Date(t.clock.now.getTime() + 5 * DAY) });
    const form = { amount: '', reason: 'Goodwill', access: 'period-end', confirm: 'yes' };
    const comp = await refund(business, 'comped', {
      ...form,
      _csrf: csrfIn((await business.browser.get('/admin/readers/comped')).body),
      idempotency_key: `${KEY}-comp`,
    });
    expect(comp.statusCode).toBe(409);
    expect(comp.body).toContain('This is a comp: nobody paid for it');
    const trial = await refund(business, 'trying', {
      ...form,
      _csrf: csrfIn((await business.browser.get('/admin/readers/trying')).body),
      idempotency_key: `${KEY}-trial`,
    });
    expect(trial.statusCode).toBe(409);
    expect(trial.body).toContain('Nothing has been paid for this subscription');
    expect([...(await refundsOf('comped')), ...(await refundsOf('trying'))]).toEqual([]);
  });

  it('refunds part with access to the period end, once per form; the rest with access ending now; then nothing is left', async () => {
    const s = await subscriber('payer');
    const csrf = csrfIn((await business.browser.get('/admin/readers/payer')).body);
    const part = {
      _csrf: csrf,
      amount: '5.00',
      reason: 'Charged twice',
      access: 'period-end',
      confirm: 'yes',
      idempotency_key: `${KEY}-part`,
    };

    const first = await refund(business, 'payer', part);
    expect(first.statusCode, first.body).toBe(303);
    expect(first.headers.location).toBe('/admin/readers/payer?done=refund-demo');
    // The same form again (a double click, a resubmitted page): no second refund.
    const again = await refund(business, 'payer', part);
    expect(again.headers.location).toBe('/admin/readers/payer?done=refund-repeated');
    const [one, ...more] = await refundsOf('payer');
    expect(more).toEqual([]);
    expect(one).toMatchObject({
      subscription_id: s.id,
      provider: 'demo',
      amount_cents: 500,
      currency: plan.currency,
      status: 'succeeded',
      reason: 'Charged twice',
      access: 'period-end',
      staff_id: business.staff.id,
      staff_name: business.staff.name,
    });
    expect(Boolean((await rowOf(s.id)).cancel_at_period_end)).toBe(true);
    expect(await reads('payer')).toBe(true);
    const audit = (await t.services.audit.page()).events.find(
      (e) => e.route === 'POST /admin/readers/:id/subscriptions/:subscriptionId/refund',
    );
    expect(audit).toMatchObject({ targetId: 'payer', targetName: 'payer@example.org', actor: { id: business.staff.id }, status: 303 });
    const page = await business.browser.get('/admin/readers/payer?done=refund-demo');
    expect(page.body).toContain('Refund recorded. These are demo payments: no money moved.');
    expect(page.body).toContain('<td data-label="Amount">$5.00</td>');
    expect(page.body).toContain('<td data-label="Reason">Charged twice</td>');
    expect(page.body).toContain('refunded (demo: no money moved)');
    expect(page.body).toContain('<td data-label="Refunded">$5.00</td>');

    // The rest (an empty amount), access ending now: the reader is emailed at once.
    const rest = await refund(business, 'payer', {
      ...part,
      amount: '',
      access: 'now',
      reason: 'Moving abroad',
      idempotency_key: `${KEY}-rest`,
    });
    expect(rest.statusCode, rest.body).toBe(303);
    const refunds = await refundsOf('payer');
    expect(refunds.map((r) => Number(r.amount_cents))).toEqual([500, plan.priceCents - 500]);
    expect((await rowOf(s.id)).status).toBe('canceled');
    expect(await reads('payer')).toBe(false);
    await runDueJobs();
    expect(mailTo(t, 'payer@example.org').map((m) => m.subject)).toContain('Your access to Masthead has ended');

    const none = await refund(business, 'payer', { ...part, amount: '', idempotency_key: `${KEY}-none` });
    expect(none.statusCode).toBe(409);
    expect(none.body).toContain('has already been refunded in full');
    expect(await refundsOf('payer')).toHaveLength(2);
  });

  it('"cancel now" ends access at once and emails the reader; "at the period end" keeps it', async () => {
    const later = await subscriber('later');
    const now = await subscriber('nowish');
    const cancel = async (id: string, when: string) =>
      business.browser.post(`/admin/readers/${id}/subscriptions/sub-${id}/cancel`, {
        _csrf: csrfIn((await business.browser.get(`/admin/readers/${id}`)).body),
        when,
        confirm: 'yes',
      });
    expect((await cancel('later', 'period-end')).statusCode).toBe(303);
    expect((await cancel('nowish', 'now')).statusCode).toBe(303);
    expect(await reads('later')).toBe(true);
    expect(await reads('nowish')).toBe(false);
    expect((await rowOf(now.id)).status).toBe('canceled');
    await runDueJobs();
    expect(mailTo(t, 'nowish@example.org').map((m) => m.subject)).toContain('Your access to Masthead has ended');
    expect(mailTo(t, 'later@example.org').map((m) => m.subject)).not.toContain('Your access to Masthead has ended');
    t.clock.advance(21 * DAY);
    expect(await reads('later')).toBe(false);
    expect(Boolean((await rowOf(later.id)).cancel_at_period_end)).toBe(true);
  });

  it("closing the account clears the refunds' reasons in its erasing transaction, keeping amounts and dates", async () => {
    const refundFor = async (id: string, reason: string) => {
      await subscriber(id);
      const r = await refund(business, id, {
        _csrf: csrfIn((await business.browser.get(`/admin/readers/${id}`)).body),
        amount: '2.00',
        reason,
        access: 'period-end',
        confirm: 'yes',
        idempotency_key: `${KEY}-${id}`,
      });
      expect(r.statusCode, r.body).toBe(303);
      const [row] = await refundsOf(id);
      if (!row) throw new Error(`no refund for ${id}`);
      return row;
    };
    const closeOf = async (id: string) => {
      const reader = await t.services.accounts.findReaderById(id);
      if (!reader) throw new Error(`no reader ${id}`);
      return t.services.accounts.closeAccount(reader);
    };

    const before = await refundFor('closer', 'Her husband died in March; she asked to stop');
    expect(await closeOf('closer')).toBe(true);
    const [after, ...more] = await refundsOf('closer');
    expect(more).toEqual([]);
    expect(after).toEqual({ ...before, reason: '' });

    // A later step of the same transaction fails: the account stays whole, and so does the reason.
    const kept = await refundFor('keeper', 'Lost his job at the mill');
    t.services.accounts.onAccountErase(async (_tx, reader) => {
      if (reader.id === 'keeper') throw new Error('the erasing transaction fails');
    });
    await expect(closeOf('keeper')).rejects.toThrow('the erasing transaction fails');
    expect(await refundsOf('keeper')).toEqual([kept]);
    expect((await t.services.accounts.findReaderById('keeper'))?.closedAt).toBeNull();
  });
});
