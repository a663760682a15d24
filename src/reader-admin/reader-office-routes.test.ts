/**
 * The reader screens over HTTP on both databases: who may open them (business and owner; the
 * navigation link), the list's search, filters and pages (400 for a filter or cursor we did not
 * make), the reader page (standing, what they may read and why, emails), and each action: CSRF
 * refused, 400 naming the field, 404, 409 shown plainly, the audit entry naming who did it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, mailTo } from '../accounts/account-test-support.js';
import { insertReader } from '../accounts/reader-repository.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import type { Plan } from '../subscriptions/index.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('the reader screens on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  let digital: Plan;
  let allAccess: Plan;

  async function reader(id: string, email: string, name = '', minutesAgo = 0) {
    await insertReader(t.services.db, { id, email, passwordHash: null, at: new Date(t.clock.now.getTime() - minutesAgo * 60_000) });
    await t.services.db.updateTable('readers').set({ name, email_verified_at: t.clock.now }).where('id', '=', id).execute();
  }
  const entitlements = async (readerId: string) =>
    (await t.services.entitlements.entitlementsFor({ readerId, clientIp: '', at: t.clock.now })).entitlements;
  const lastAudit = async () => (await t.services.audit.page()).events[0];
  const subsOf = (readerId: string) => t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedDemoPlans(t.services.db, () => t.clock.now);
    const plans = await t.services.plans.listAll();
    digital = plans.find((p) => p.slug === 'digital-monthly') as Plan;
    allAccess = plans.find((p) => p.slug === 'all-access-monthly') as Plan;
    business = await signInStaff(t, 'business');
    for (let i = 0; i < 53; i++) await reader(`bulk-${String(i).padStart(2, '0')}`, `bulk${i}@example.org`, `Bulk ${i}`, 1000 + i);
    await reader('ada', 'ada@example.org', 'Ada Quill', 10);
    await reader('formula', 'formula@example.org', '=HYPERLINK("http://x"),"Smith, J"', 11);
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens to business and owner staff, with "Readers" in the navigation; editors and writers are refused', async () => {
    const list = await business.browser.get('/admin/readers');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<a href="/admin/readers" aria-current="page">Readers</a>');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/readers/ada')).statusCode).toBe(200);
    for (const role of ['editor', 'writer'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/readers')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/readers/ada')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/keys')).body).not.toContain('href="/admin/readers"');
      expect((await other.browser.post('/admin/readers/ada/close', { confirm: 'yes' })).statusCode).toBe(403);
    }
    expect((await business.browser.get('/admin/readers/no-such')).statusCode).toBe(404);
  });

  it('searches, filters and pages; a filter or a page address we did not make is a 400', async () => {
    const found = await business.browser.get('/admin/readers?q=Ada');
    expect(found.body).toContain('href="/admin/readers/ada"');
    expect(found.body).not.toContain('href="/admin/readers/bulk-00"');
    const first = await business.browser.get('/admin/readers');
    expect(first.body.match(/href="\/admin\/readers\/(ada|formula|bulk-\d+)"/g)?.length).toBe(50);
    const older = /href="(\/admin\/readers\?after=[A-Za-z0-9_-]+)"/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    const second = await business.browser.get(older ?? '');
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('href="/admin/readers/bulk-52"');
    expect(second.body).not.toContain('href="/admin/readers/ada"');
    expect(second.body).toContain('Newest readers');
    const bad = await business.browser.get('/admin/readers?show=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose what to show from the list.');
    expect((await business.browser.get('/admin/readers?after=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    const imported = await business.browser.get('/admin/readers?show=imported');
    expect(imported.body).toContain('No reader matches.');
  });

  it('comps a plan until a day: 303, the reader may read at once, the audit entry names who and whom', async () => {
    const page = await business.browser.get('/admin/readers/ada');
    expect(page.body).toContain('Only what the meter allows');
    const csrf = csrfIn(page.body);
    // No token: refused, nothing written.
    expect((await business.browser.post('/admin/readers/ada/comp', { plan: digital.id, until: '2027-01-31' })).statusCode).toBe(403);
    const noPlan = await business.browser.post('/admin/readers/ada/comp', { _csrf: csrf, plan: '', until: '' });
    expect(noPlan.statusCode).toBe(400);
    expect(noPlan.body).toContain('href="#plan"');
    const badDay = await business.browser.post('/admin/readers/ada/comp', { _csrf: csrf, plan: digital.id, until: '2027-02-30' });
    expect(badDay.statusCode).toBe(400);
    expect(badDay.body).toContain('href="#until"');
    const past = await business.browser.post('/admin/readers/ada/comp', { _csrf: csrf, plan: digital.id, until: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    const unknownPlan = await business.browser.post('/admin/readers/ada/comp', { _csrf: csrf, plan: 'no-such-plan', until: '' });
    expect(unknownPlan.statusCode).toBe(400);
    expect(await subsOf('ada')).toEqual([]);

    const made = await business.browser.post('/admin/readers/ada/comp', { _csrf: csrf, plan: digital.id, until: '2027-01-31' });
    expect(made.statusCode, made.body).toBe(303);
    expect(made.headers.location).toBe('/admin/readers/ada?done=comp');
    expect(await entitlements('ada')).toContain('web');
    const [sub] = await subsOf('ada');
    expect(sub).toMatchObject({ provider: 'comp', status: 'active', plan_id: digital.id });
    expect(sub?.current_period_end_at).toEqual(new Date('2027-02-01T00:00:00Z'));
    expect(await lastAudit()).toMatchObject({
      route: 'POST /admin/readers/:id/comp',
      targetKind: 'reader',
      targetId: 'ada',
      targetName: 'ada@example.org',
      actor: { id: business.staff.id },
      status: 303,
    });
    const after = await business.browser.get('/admin/readers/ada?done=comp');
    expect(after.body).toContain('Comped.');
    expect(after.body).toContain('comp, ending');
    expect(after.body).toContain(`Subscription (${digital.name}, ending at the period end)`);
    // The filter finds the comp.
    expect((await business.browser.get('/admin/readers?show=comp')).body).toContain('href="/admin/readers/ada"');
    // A second comp of the plan while the first gives access: 409, said plainly.
    const again = await business.browser.post('/admin/readers/ada/comp', { _csrf: csrf, plan: digital.id, until: '' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already held');
  });

  it('cancels: asks for the tick, then ends a comp now; 404 for a subscription not theirs', async () => {
    const page = await business.browser.get('/admin/readers/ada');
    const csrf = csrfIn(page.body);
    const [sub] = await subsOf('ada');
    const id = sub?.id ?? '';
    const unticked = await business.browser.post(`/admin/readers/ada/subscriptions/${id}/cancel`, { _csrf: csrf, when: 'now' });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('Tick the box to confirm the cancellation.');
    expect(await entitlements('ada')).toContain('web');
    expect(
      (await business.browser.post(`/admin/readers/formula/subscriptions/${id}/cancel`, { _csrf: csrf, when: 'now', confirm: 'yes' }))
        .statusCode,
    ).toBe(404);
    const done = await business.browser.post(`/admin/readers/ada/subscriptions/${id}/cancel`, { _csrf: csrf, when: 'now', confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect(await entitlements('ada')).toEqual([]);
    expect(await lastAudit()).toMatchObject({ route: 'POST /admin/readers/:id/subscriptions/:subscriptionId/cancel', targetId: 'ada' });
    expect((await business.browser.get('/admin/readers?show=lapsed')).body).toContain('href="/admin/readers/ada"');
    const ended = await business.browser.post(`/admin/readers/ada/subscriptions/${id}/cancel`, {
      _csrf: csrf,
      when: 'now',
      confirm: 'yes',
    });
    expect(ended.statusCode).toBe(409);
  });

  it('cancels a demo-paid subscription at its period end through the gateway', async () => {
    await reader('payer', 'payer@example.org', 'Pat Payer', 12);
    await insertSubscription(t.services.db, {
      id: 'sub-payer',
      readerId: 'payer',
      planId: allAccess.id,
      status: 'active',
      currentPeriodEnd: new Date(t.clock.now.getTime() + 20 * 86_400_000),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: 'demo_sub_payer',
      providerCustomerId: 'demo_cus_payer',
      providerVersion: 0,
      createdAt: t.clock.now,
      updatedAt: t.clock.now,
    });
    expect((await business.browser.get('/admin/readers?show=subscriber')).body).toContain('href="/admin/readers/payer"');
    const csrf = csrfIn((await business.browser.get('/admin/readers/payer')).body);
    const r = await business.browser.post('/admin/readers/payer/subscriptions/sub-payer/cancel', {
      _csrf: csrf,
      when: 'period-end',
      confirm: 'yes',
    });
    expect(r.statusCode, r.body).toBe(303);
    const [sub] = await subsOf('payer');
    expect(sub?.cancel_at_period_end).toBeTruthy();
    expect(await entitlements('payer')).toContain('web');
    expect((await business.browser.get('/admin/readers/payer')).body).toContain('cancelling at period end');
  });

  it('sends a fresh link, counted against the address: the fourth in an hour is not sent', async () => {
    const csrf = csrfIn((await business.browser.get('/admin/readers/formula')).body);
    for (let i = 0; i < 3; i++) {
      const r = await business.browser.post('/admin/readers/formula/link', { _csrf: csrf });
      expect(r.headers.location).toBe('/admin/readers/formula?done=link');
    }
    expect(mailTo(t, 'formula@example.org')).toHaveLength(3);
    const fourth = await business.browser.post('/admin/readers/formula/link', { _csrf: csrf });
    expect(fourth.headers.location).toBe('/admin/readers/formula?done=limited');
    expect(mailTo(t, 'formula@example.org')).toHaveLength(3);
    const page = await business.browser.get('/admin/readers/formula?done=limited');
    expect(page.body).toContain('No email sent');
    expect(page.body).toContain('Links and confirmations this hour: 4 of 3');
    expect(page.body).toContain('Sign-in link');
    expect(await lastAudit()).toMatchObject({ route: 'POST /admin/readers/:id/link', targetId: 'formula' });
  });

  it('downloads the reader’s data as they get it at /account, recorded in the audit trail', async () => {
    const csrf = csrfIn((await business.browser.get('/admin/readers/payer')).body);
    expect((await business.browser.post('/admin/readers/payer/export', {})).statusCode).toBe(403);
    const r = await business.browser.post('/admin/readers/payer/export', { _csrf: csrf });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="reader-payer.json"');
    const data = JSON.parse(r.body) as { account: { email: string }; subscriptions: unknown[] };
    expect(data.account.email).toBe('payer@example.org');
    expect(data.subscriptions).toHaveLength(1);
    expect(await lastAudit()).toMatchObject({ route: 'POST /admin/readers/:id/export', targetId: 'payer', status: 200 });
  });

  it('closes an account: asks for the tick; a listener’s refusal is a plain 409; then closes and records it', async () => {
    await reader('leaver', 'leaver@example.org', 'Lee Leaver', 13);
    // Billed by a provider this paper does not use now: the subscriptions' close listener refuses.
    await insertSubscription(t.services.db, {
      id: 'sub-leaver',
      readerId: 'leaver',
      planId: digital.id,
      status: 'active',
      currentPeriodEnd: new Date(t.clock.now.getTime() + 20 * 86_400_000),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'stripe',
      providerSubscriptionId: 'sub_leaver',
      providerCustomerId: 'cus_leaver',
      providerVersion: 0,
      createdAt: t.clock.now,
      updatedAt: t.clock.now,
    });
    const csrf = csrfIn((await business.browser.get('/admin/readers/leaver')).body);
    const unticked = await business.browser.post('/admin/readers/leaver/close', { _csrf: csrf });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('href="#close-confirm"');
    const refused = await business.browser.post('/admin/readers/leaver/close', { _csrf: csrf, confirm: 'yes' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('could not cancel your Digital subscription with the payment provider');
    expect((await t.services.accounts.findReaderById('leaver'))?.closedAt).toBeNull();
    // As the provider's cancel-now would leave it: ended at this instant.
    await t.services.db
      .updateTable('subscriptions')
      .set({ status: 'canceled', current_period_end_at: t.clock.now })
      .where('id', '=', 'sub-leaver')
      .execute();
    const closed = await business.browser.post('/admin/readers/leaver/close', { _csrf: csrf, confirm: 'yes' });
    expect(closed.statusCode).toBe(303);
    const gone = await t.services.accounts.findReaderById('leaver');
    expect(gone?.closedAt).not.toBeNull();
    expect(gone?.email).not.toBe('leaver@example.org');
    expect(await lastAudit()).toMatchObject({
      route: 'POST /admin/readers/:id/close',
      targetId: 'leaver',
      actor: { id: business.staff.id },
    });
    const page = await business.browser.get('/admin/readers/leaver?done=closed');
    expect(page.body).toContain('The account is closed.');
    expect(page.body).not.toContain('action="/admin/readers/leaver/close"');
  });

  it('downloads the list as CSV with its filters: UTF-8 with a BOM, quoted, formulas defused, recorded', async () => {
    const csrf = csrfIn((await business.browser.get('/admin/readers')).body);
    expect((await business.browser.post('/admin/readers/export', { kind: 'readers' })).statusCode).toBe(403);
    expect((await business.browser.post('/admin/readers/export', { _csrf: csrf, kind: 'everything' })).statusCode).toBe(400);
    expect((await business.browser.post('/admin/readers/export', { _csrf: csrf, kind: 'readers', show: 'bogus' })).statusCode).toBe(400);
    const r = await business.browser.post('/admin/readers/export', { _csrf: csrf, kind: 'readers', q: 'formula' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="readers-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = r.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('id,email,name,company,email_confirmed,created_at,imported_at,import_source,closed_at');
    expect(lines[1]).toBe(
      `formula,formula@example.org,"'=HYPERLINK(""http://x""),""Smith, J""",,yes,${new Date(t.clock.now.getTime() - 11 * 60_000).toISOString()},,,`,
    );
    expect(lines).toHaveLength(3);
    expect(await lastAudit()).toMatchObject({ route: 'POST /admin/readers/export', status: 200 });

    const subs = await business.browser.post('/admin/readers/export', { _csrf: csrf, kind: 'subscribers', show: 'subscriber' });
    const rows = subs.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toContain('reader_id,email,name,subscription_id,plan,standing');
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual([
      `payer,payer@example.org,Pat Payer,sub-payer,${allAccess.name},cancelling at period end`,
    ]);
  });
});
