/**
 * Gift subscriptions in the reader's own data, through the whole app on both databases with the
 * demo gateway: "download my data" lists the gifts a reader bought and redeemed (never a code),
 * and closing an account erases what is personal while the billing record stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, mailTo, signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { hashGiftCode } from './gift.js';
import { insertGift } from './gift-repository.js';
import { addMonths, type Plan } from './plan.js';
import { seedDemoPlans } from './plan-service.js';
import { runMoneyJobs } from './test-reader.js';

const PASSWORD = 'correct horse battery';
const CODE = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}/;
const BILLING = ['id', 'plan_id', 'months', 'amount_cents', 'currency', 'status', 'provider', 'checkout_session_id', 'paid_at'] as const;
const billingOf = (row: Record<string, unknown>) => Object.fromEntries(BILLING.map((k) => [k, row[k]]));

interface BoughtExport {
  id: string;
  plan: string;
  months: number;
  amountCents: number | null;
  currency: string | null;
  recipientEmail: string;
  message: string | null;
  status: string;
  createdAt: string;
  paidAt: string | null;
  redeemBy: string;
  redeemedAt: string | null;
}
interface GiftsExport {
  bought: BoughtExport[];
  redeemed: Record<string, unknown>[];
}

describe.each(DIALECTS)('gift subscriptions in the reader’s data on %s', (dialect) => {
  let t: TestApp;
  let plans: Plan[];
  let n = 0;

  const plan = (slug: string) => plans.find((p) => p.slug === slug) as Plan;
  const giftRow = (id: string) => t.services.db.selectFrom('gifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const giftIdFor = async (recipient: string) =>
    (await t.services.db.selectFrom('gifts').select('id').where('recipient_email', '=', recipient).executeTakeFirstOrThrow()).id;
  const codeIn = (text: string) => text.match(CODE)?.[0] ?? '';
  const entitled = (readerId: string) => t.services.entitlements.entitlementsFor({ readerId, clientIp: '203.0.113.7', at: t.clock.now });

  async function signedInReader(prefix: string) {
    n += 1;
    const email = `${prefix}-${n}@example.com`;
    const b = new TestBrowser(t.app);
    await signUpConfirmed(t, email, PASSWORD, b);
    const reader = await t.services.accounts.findReaderByEmail(email);
    if (!reader) throw new Error('no reader');
    return { b, email, id: reader.id };
  }
  type Signed = Awaited<ReturnType<typeof signedInReader>>;

  /** Buys a gift through /gift and the demo checkout; paid unless `pay` is false. Answers its id and code. */
  async function buyGift(buyer: Signed, recipient: string, o: { slug?: string; months?: string; message?: string; pay?: boolean } = {}) {
    const r = await buyer.b.submit('/gift', '/gift', {
      plan: plan(o.slug ?? 'digital-monthly').id,
      months: o.months ?? '3',
      recipient,
      message: o.message ?? '',
    });
    expect(r.statusCode).toBe(303);
    const path = new URL(String(r.headers.location), 'https://paper.test').pathname;
    const id = await giftIdFor(recipient);
    if (o.pay === false) return { id, code: '' };
    const page = await buyer.b.get(path);
    expect((await buyer.b.post(`${path}/complete`, { _csrf: csrfIn(page.body) })).statusCode).toBe(303);
    await runMoneyJobs(t); // the code's email is a job enqueued with the payment
    return { id, code: codeIn(mailTo(t, recipient).at(-1)?.text ?? '') };
  }

  const redeem = (who: Signed, code: string) => who.b.submit('/gift/redeem', '/gift/redeem', { code });
  const download = async (who: Signed) => {
    const r = await who.b.get('/account/data');
    expect(r.statusCode).toBe(200);
    return { body: r.body, gifts: (r.json() as { gifts: GiftsExport }).gifts };
  };
  const close = async (who: Signed) => {
    expect((await who.b.submit('/account', '/account/close', { confirm: 'yes', password: PASSWORD })).statusCode).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'Pacific/Auckland' });
    await seedDemoPlans(t.services.db, () => t.clock.now);
    plans = await t.services.plans.listActive();
  });
  afterAll(async () => {
    await t.close();
  });

  it('download: the gifts bought (every status) and redeemed, never a code', async () => {
    const buyer = await signedInReader('buyer');
    const friend = await signedInReader('friend');
    const giver = await signedInReader('giver');

    const paid = await buyGift(buyer, friend.email, { message: 'Happy birthday!' });
    const pending = await buyGift(buyer, `later-${n}@example.com`, { months: '1', pay: false });
    // A gift made before purchases were recorded: known by the purchaser's address only.
    const legacyId = `legacy-${n}`;
    await insertGift(t.services.db, {
      id: legacyId,
      codeHash: hashGiftCode(`LEGA-CYCO-DE00-000${n % 10}`),
      purchaserEmail: buyer.email.toUpperCase(),
      recipientEmail: `old-friend-${n}@example.com`,
      planId: plan('digital-monthly').id,
      months: 1,
      expiresAt: new Date(t.clock.now.getTime() + 86_400_000),
      createdAt: new Date(t.clock.now.getTime() - 86_400_000),
    });
    // And one the buyer received from someone else, and redeemed.
    const received = await buyGift(giver, buyer.email, { slug: 'all-access-monthly', months: '6', message: 'From your aunt' });
    await buyer.b.submit('/account', '/account/profile', {
      name: 'B',
      line1: '1 Quay St',
      city: 'Port Ellery',
      postcode: 'PE1',
      country: 'UK',
    });
    expect((await redeem(buyer, received.code)).statusCode).toBe(303);
    expect((await redeem(friend, paid.code)).statusCode).toBe(303);

    const { body, gifts } = await download(buyer);
    const row = await giftRow(paid.id);
    expect(gifts.bought.map((g) => g.id)).toEqual([legacyId, paid.id, pending.id]);
    expect(gifts.bought[1]).toEqual({
      id: paid.id,
      plan: 'Digital',
      months: 3,
      amountCents: plan('digital-monthly').priceCents * 3,
      currency: plan('digital-monthly').currency,
      recipientEmail: friend.email,
      message: 'Happy birthday!',
      status: 'paid',
      createdAt: row.created_at.toISOString(),
      paidAt: row.paid_at?.toISOString(),
      redeemBy: row.expires_at.toISOString(),
      redeemedAt: row.redeemed_at?.toISOString(),
    });
    expect(gifts.bought[2]).toMatchObject({ status: 'pending', paidAt: null, redeemedAt: null, months: 1 });
    expect(gifts.bought[0]).toMatchObject({ status: 'paid', recipientEmail: `old-friend-${n}@example.com`, message: null });
    // Redeemed: plan, months and dates; nothing of the purchaser's.
    expect(gifts.redeemed).toEqual([
      {
        plan: 'All Access',
        months: 6,
        redeemedAt: t.clock.now.toISOString(),
        until: addMonths(t.clock.now, 6).toISOString(),
      },
    ]);
    expect(body).not.toContain(giver.email);
    expect(body).not.toContain('From your aunt');
    // No code, and no hash of one.
    for (const code of [paid.code, received.code]) {
      expect(code).not.toBe('');
      expect(body).not.toContain(code);
      expect(body).not.toContain(code.replace(/-/g, ''));
      expect(body).not.toContain(hashGiftCode(code));
    }
    expect(JSON.stringify(gifts)).not.toMatch(/code/i);

    // The recipient's own download has the gift as redeemed, and not as bought.
    const theirs = (await download(friend)).gifts;
    expect(theirs.bought).toEqual([]);
    expect(theirs.redeemed).toEqual([expect.objectContaining({ plan: 'Digital', months: 3 })]);
  });

  it('the purchaser closes: message and address erased, billing kept; unredeemed still redeemable, redeemed without the recipient', async () => {
    const buyer = await signedInReader('closer');
    const early = await signedInReader('early');
    const late = await signedInReader('late');
    const other = await signedInReader('other');
    const redeemed = await buyGift(buyer, early.email, { message: 'Enjoy, Cy' });
    const unredeemed = await buyGift(buyer, late.email, { months: '6', message: 'For the long winter' });
    const pending = await buyGift(buyer, `maybe-${n}@example.com`, { months: '1', message: 'Still paying', pay: false });
    const someoneElses = await buyGift(other, `bystander-${n}@example.com`, { message: 'Not Cy’s' });
    expect((await redeem(early, redeemed.code)).statusCode).toBe(303);
    const before = await Promise.all([redeemed, unredeemed, pending, someoneElses].map((g) => giftRow(g.id)));

    await close(buyer);

    const closedEmail = (await t.services.accounts.findReaderById(buyer.id))?.email;
    expect(closedEmail).toBe(`closed-${buyer.id}@closed.invalid`);
    const after = await Promise.all([redeemed, unredeemed, pending, someoneElses].map((g) => giftRow(g.id)));
    for (const [i, row] of after.slice(0, 3).entries()) {
      expect(billingOf(row)).toEqual(billingOf(before[i] as Record<string, unknown>));
      expect(row).toMatchObject({ message: null, purchaser_email: closedEmail, purchaser_reader_id: buyer.id });
      expect(row.created_at).toEqual(before[i]?.created_at);
      expect(row.expires_at).toEqual(before[i]?.expires_at);
      expect(JSON.stringify(row)).not.toContain(buyer.email);
    }
    const [r, u, p] = after as [(typeof after)[0], (typeof after)[0], (typeof after)[0]];
    expect(r.amount_cents).toBe(plan('digital-monthly').priceCents * 3);
    expect(r.paid_at).toBeInstanceOf(Date);
    // Redeemed: the recipient's address is no longer needed; who redeemed it and when stay.
    expect(r).toMatchObject({ recipient_email: '', redeemed_by: early.id, status: 'paid' });
    expect(r.redeemed_at).toEqual(before[0]?.redeemed_at);
    // Paid, not yet redeemed: it still reaches and serves its recipient.
    expect(u).toMatchObject({ recipient_email: late.email, redeemed_by: null, code_hash: before[1]?.code_hash });
    expect(p).toMatchObject({ recipient_email: `maybe-${n}@example.com`, status: 'pending' });
    // Nobody else's gift changes.
    expect(after[3]).toEqual(before[3]);

    expect((await redeem(late, unredeemed.code)).statusCode).toBe(303);
    expect((await entitled(late.id)).entitlements).toContain('web');
    expect((await giftRow(unredeemed.id)).redeemed_by).toBe(late.id);
    // The recipient who redeemed before still reads on it.
    expect((await entitled(early.id)).entitlements).toContain('web');
  });

  it('the redeeming reader closes: the gift keeps its billing record and still names the account row', async () => {
    const buyer = await signedInReader('aunt');
    const recipient = await signedInReader('nephew');
    const gift = await buyGift(buyer, recipient.email, { message: 'Read widely' });
    expect((await redeem(recipient, gift.code)).statusCode).toBe(303);
    const before = await giftRow(gift.id);

    await close(recipient);

    const after = await giftRow(gift.id);
    expect(billingOf(after)).toEqual(billingOf(before));
    expect(after).toMatchObject({ redeemed_by: recipient.id, purchaser_email: buyer.email, message: 'Read widely', recipient_email: '' });
    expect(after.redeemed_at).toEqual(before.redeemed_at);
    // The buyer's panel no longer names the closed reader's address.
    const panel = (await buyer.b.get('/account')).body;
    expect(panel).not.toContain(recipient.email);
    expect(panel).toContain('a reader who has since closed their account');
    expect((await t.services.accounts.findReaderById(recipient.id))?.closedAt).toBeInstanceOf(Date);
    // The purchaser's own record of it is whole.
    expect((await download(buyer)).gifts.bought).toEqual([
      expect.objectContaining({ id: gift.id, status: 'paid', message: 'Read widely' }),
    ]);
  });
});
