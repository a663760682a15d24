/**
 * Gift subscriptions in the business office, on both databases: the gift service's page of
 * gifts by where each stands (keyset paging), and /admin/gifts over HTTP: who may open it, the
 * filters, a gift's page, and sending its code again (CSRF; a new code by email, audited; the
 * per-recipient email limit answered 429 with the code unchanged; an expired gift refused).
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailTo } from '../accounts/account-test-support.js';
import { insertReader } from '../accounts/reader-repository.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { hashGiftCode, newGiftCode } from '../subscriptions/gift.js';
import { insertGift, insertPendingGift, redeemGift } from '../subscriptions/gift-repository.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { runMoneyJobs } from '../subscriptions/test-reader.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('gift subscriptions in the business office on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  const ids: Record<string, string> = {};
  let n = 0;
  const codeHashOf = async (id: string) =>
    (await t.services.db.selectFrom('gifts').select('code_hash').where('id', '=', id).executeTakeFirstOrThrow()).code_hash;

  /** A paid gift with its code, bought `daysAgo` before the test's clock, for `recipient`. */
  async function paidGift(recipient: string, daysAgo: number, expired = false) {
    const planId = (await t.services.plans.listAll()).find((p) => p.slug === 'digital-monthly')?.id ?? '';
    const at = new Date(t.clock.now.getTime() - daysAgo * 86_400_000);
    const code = newGiftCode();
    const id = uuidv7();
    await insertGift(t.services.db, {
      id,
      codeHash: hashGiftCode(code),
      purchaserEmail: 'giver@example.org',
      recipientEmail: recipient,
      planId,
      months: 3,
      expiresAt: new Date(t.clock.now.getTime() + (expired ? -1 : 300) * 86_400_000),
      createdAt: at,
    });
    return { id, code };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedDemoPlans(t.services.db, t.services.clock);
    ids.open = (await paidGift('open@example.org', 5)).id;
    ids.old = (await paidGift('old@example.org', 400, true)).id;
    const used = await paidGift('used@example.org', 3);
    ids.used = used.id;
    await insertReader(t.services.db, { id: 'reader-used', email: 'used@example.org', passwordHash: null, at: t.clock.now });
    expect(await redeemGift(t.services.db, hashGiftCode(used.code), 'reader-used', t.clock.now)).toBe(true);
    ids.pending = uuidv7();
    await insertPendingGift(t.services.db, {
      id: ids.pending,
      purchaserReaderId: 'reader-used',
      purchaserEmail: 'used@example.org',
      recipientEmail: 'later@example.org',
      planId: (await t.services.plans.listAll())[0]?.id ?? '',
      months: 1,
      message: 'Happy birthday',
      amountCents: 1500,
      currency: 'usd',
      provider: 'demo',
      expiresAt: new Date(t.clock.now.getTime() + 86_400_000),
      createdAt: new Date(t.clock.now.getTime() - 1000),
    });
    business = await signInStaff(t, 'business');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists gifts newest first by where each stands, a page at a time', async () => {
    const gifts = t.services.subscriptions.gifts;
    const all = await gifts.listPage({ limit: 10 });
    expect(all.map((g) => g.id)).toEqual([ids.pending, ids.used, ids.open, ids.old]);
    expect(all[0]?.planName).toBe('All Access');
    const ofStanding = async (standing: 'unredeemed' | 'redeemed' | 'expired' | 'pending' | 'canceled') =>
      (await gifts.listPage({ standing, limit: 10 })).map((g) => g.id);
    expect(await ofStanding('unredeemed')).toEqual([ids.open]);
    expect(await ofStanding('redeemed')).toEqual([ids.used]);
    expect(await ofStanding('expired')).toEqual([ids.old]);
    expect(await ofStanding('pending')).toEqual([ids.pending]);
    expect(await ofStanding('canceled')).toEqual([]);
    const first = await gifts.listPage({ limit: 2 });
    const last = first[1];
    if (!last) throw new Error('no second gift');
    const second = await gifts.listPage({ limit: 2, before: { createdAt: last.createdAt, id: last.id } });
    expect(second.map((g) => g.id)).toEqual([ids.open, ids.old]);
  });

  it('opens to business and owner with a link in the navigation; shows the list, the filters and a gift', async () => {
    const list = await business.browser.get('/admin/gifts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<a href="/admin/gifts" aria-current="page">Gifts</a>');
    expect(list.body).toContain('open@example.org');
    expect(list.body).toContain('Awaiting payment');
    const expired = await business.browser.get('/admin/gifts?standing=expired');
    expect(expired.body).toContain('old@example.org');
    expect(expired.body).not.toContain('open@example.org');
    expect((await business.browser.get('/admin/gifts?standing=lost')).statusCode).toBe(400);
    expect((await business.browser.get('/admin/gifts?before=nonsense')).statusCode).toBe(400);
    const page = await business.browser.get(`/admin/gifts/${ids.pending}`);
    expect(page.body).toContain('Happy birthday');
    expect(page.body).toContain('$15.00');
    expect(page.body).not.toContain('/resend');
    expect((await business.browser.get('/admin/gifts/no-such')).statusCode).toBe(404);
    for (const role of ['editor', 'writer'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/gifts')).statusCode).toBe(403);
    }
  });

  it('sends an unredeemed gift’s code again: a new code by email, audited; the old one stops working', async () => {
    const action = `/admin/gifts/${ids.open}/resend`;
    const before = await codeHashOf(ids.open ?? '');
    expect((await business.browser.post(action, {})).statusCode).toBe(403);
    const r = await business.browser.submit(`/admin/gifts/${ids.open}`, action, {});
    expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
    expect(r.headers.location).toBe(`/admin/gifts/${ids.open}?sent=1`);
    expect(await codeHashOf(ids.open ?? '')).not.toBe(before);
    await runMoneyJobs(t);
    const mail = mailTo(t, 'open@example.org').at(-1);
    expect(mail?.subject).toBe('Your gift code for Masthead, sent again');
    const [entry] = (await t.services.audit.page()).events;
    expect(entry).toMatchObject({
      route: 'POST /admin/gifts/:id/resend',
      targetKind: 'gift',
      targetId: ids.open,
      targetName: 'Digital, 3 months',
      actor: { id: business.staff.id },
    });
    expect((await business.browser.get(`/admin/gifts/${ids.open}?sent=1`)).body).toContain('A new code is on its way');
  });

  it('past the recipient’s email limit: 429, nothing sent, the code unchanged; an expired gift: 409', async () => {
    n++;
    const email = `limited-${n}@example.org`;
    const { id } = await paidGift(email, 1);
    for (let i = 0; i < 3; i++) await t.services.accounts.auth.claimSend(email);
    const before = await codeHashOf(id);
    const r = await business.browser.submit(`/admin/gifts/${id}`, `/admin/gifts/${id}/resend`, {});
    expect(r.statusCode).toBe(429);
    expect(r.body).toContain('Nothing was sent; the code has not changed.');
    expect(await codeHashOf(id)).toBe(before);
    await runMoneyJobs(t);
    expect(mailTo(t, email)).toHaveLength(0);

    const old = await business.browser.submit(`/admin/gifts/${ids.old}`, `/admin/gifts/${ids.old}/resend`, {});
    expect(old.statusCode).toBe(409);
    expect(old.body).toContain('no code was sent');
  });
});
