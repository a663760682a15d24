/**
 * Gift subscriptions through the whole app on both databases, with the demo gateway (no Stripe
 * key): the /gift form and its validation, the demo checkout, the emails, redeeming a code into
 * an account, the account page, and sending a lost code again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { csrfIn, mailTo, signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { DEMO_LABEL } from './demo-gateway.js';
import { GIFT_CODE_REFUSED, hashGiftCode } from './gift.js';
import { insertGift } from './gift-repository.js';
import { type Plan, planInputFrom } from './plan.js';
import { seedDemoPlans } from './plan-service.js';
import { runMoneyJobs } from './test-reader.js';

const PASSWORD = 'correct horse battery';
const T0 = new Date('2026-11-25T09:00:00Z');
const CODE = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}/;
const REFUSED_HTML = GIFT_CODE_REFUSED.replace(/'/g, '&#39;');

describe.each(DIALECTS)('gift subscriptions on %s', (dialect) => {
  let t: TestApp;
  let plans: Plan[];
  let n = 0;

  const plan = (slug: string) => plans.find((p) => p.slug === slug) as Plan;
  const gifts = () => t.services.db.selectFrom('gifts').selectAll().orderBy('id').execute();
  const giftRow = (id: string) => t.services.db.selectFrom('gifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const entitled = (readerId: string, at = t.clock.now) =>
    t.services.entitlements.entitlementsFor({ readerId, clientIp: '203.0.113.7', at });
  const codeIn = (text: string) => text.match(CODE)?.[0] ?? '';

  async function signedInReader(prefix = 'gift') {
    n += 1;
    const email = `${prefix}-${n}@example.com`;
    const b = new TestBrowser(t.app);
    await signUpConfirmed(t, email, PASSWORD, b);
    const reader = await t.services.accounts.findReaderByEmail(email);
    if (!reader) throw new Error('no reader');
    return { b, email, id: reader.id };
  }

  /** Fills in /gift as a signed-in reader and answers the demo checkout's path and page. */
  async function buy(b: TestBrowser, form: { plan: string; months: string; recipient: string; message?: string }) {
    const r = await b.submit('/gift', '/gift', { message: '', ...form });
    expect(r.statusCode).toBe(303);
    const path = new URL(String(r.headers.location), 'https://paper.test').pathname;
    expect(path).toMatch(/^\/gift\/demo\/cs_demo_[0-9a-f]{32}$/);
    return { path, page: await b.get(path) };
  }

  /** Buys and pays for a gift; answers the recipient's code from the email. */
  async function giftFor(recipient: string, slug = 'digital-monthly', months = '3') {
    const buyer = await signedInReader('buyer');
    const { path, page } = await buy(buyer.b, { plan: plan(slug).id, months, recipient, message: 'Happy birthday!' });
    expect((await buyer.b.post(`${path}/complete`, { _csrf: csrfIn(page.body) })).statusCode).toBe(303);
    await runMoneyJobs(t); // the code's email is a job enqueued with the payment
    const mail = mailTo(t, recipient).at(-1);
    return { buyer, code: codeIn(mail?.text ?? ''), mail };
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

  it('shows what can be given, and asks an anonymous visitor to sign in first', async () => {
    const anon = new TestBrowser(t.app);
    const r = await anon.get('/gift');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    for (const text of [
      'All Access (monthly)',
      '3 months $45.00',
      '12 months $96.00',
      'Digital (yearly)',
      '12 months $80.00',
      DEMO_LABEL,
    ]) {
      expect(r.body).toContain(text);
    }
    expect(r.body).toContain('href="/signin?return=%2Fgift"');
    expect(r.body).not.toContain('<form method="post" action="/gift"');
    // Posting anyway: to sign in, nothing written.
    const before = await gifts();
    const out = await anon.post('/gift', {
      _csrf: csrfIn((await anon.get('/signin')).body),
      plan: plan('digital-monthly').id,
      months: '1',
      recipient: 'x@example.com',
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signin?return=%2Fgift');
    expect(await gifts()).toEqual(before);
  });

  it('the signed-in form carries a token and names the receipt address; without the token it is a 403', async () => {
    const { b, email } = await signedInReader();
    const page = await b.get('/gift');
    expect(page.body).toContain('<form method="post" action="/gift"');
    expect(page.body).toContain(`Your receipt goes to <strong>${email}</strong>`);
    expect(csrfIn(page.body)).not.toBe('');
    const r = await b.post('/gift', { plan: plan('digital-monthly').id, months: '1', recipient: 'x@example.com' });
    expect(r.statusCode).toBe(403);
  });

  it.each([
    { name: 'a malformed recipient', form: { recipient: 'not-an-address' }, field: 'recipient', says: 'Enter their email address' },
    { name: 'no recipient', form: { recipient: '' }, field: 'recipient', says: 'Enter their email address' },
    { name: 'an unknown number of months', form: { months: '2' }, field: 'months', says: 'Choose 1, 3, 6 or 12 months.' },
    { name: 'a yearly plan for 3 months', slug: 'digital-yearly', form: {}, field: 'months', says: 'can be given for 12 months only' },
    { name: 'a message over 500 characters', form: { message: 'a'.repeat(501) }, field: 'message', says: 'at most 500 characters' },
    { name: 'a message with a control character', form: { message: 'hi\u0007' }, field: 'message', says: 'at most 500 characters' },
    { name: 'no such plan', form: { plan: 'no-such-plan' }, field: 'plan', says: 'Choose one of the plans on offer.' },
    { name: 'no plan at all', form: { plan: '' }, field: 'plan', says: 'Choose one of the plans on offer.' },
  ])('bad input, $name: a 400 naming the field, the form kept, nothing written', async ({ slug, form, field, says }) => {
    const { b } = await signedInReader();
    const before = await gifts();
    const r = await b.submit('/gift', '/gift', {
      plan: plan(slug ?? 'digital-monthly').id,
      months: '3',
      recipient: 'friend@example.com',
      message: 'See you soon',
      ...form,
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('There is a problem');
    expect(r.body).toContain(`href="#${field}"`);
    expect(r.body).toContain(says);
    expect(r.body).toContain(`id="${field}"`);
    if (field !== 'message') expect(r.body).toContain('See you soon');
    expect(await gifts()).toEqual(before);
  });

  it('a 500-character message with line breaks (sent as CRLF) is accepted', async () => {
    const { b } = await signedInReader();
    const message = `${'a'.repeat(249)}\r\n${'b'.repeat(250)}`;
    await buy(b, { plan: plan('digital-monthly').id, months: '1', recipient: 'long@example.com', message });
    const row = (await gifts()).find((g) => g.recipient_email === 'long@example.com');
    expect(row?.message).toBe(`${'a'.repeat(249)}\n${'b'.repeat(250)}`);
  });

  it('an inactive plan cannot be given', async () => {
    const { b } = await signedInReader();
    const p = plan('all-access-yearly');
    await t.services.plans.update(p.id, { ...planInputFrom(p), active: false });
    try {
      const before = await gifts();
      const r = await b.submit('/gift', '/gift', { plan: p.id, months: '12', recipient: 'friend@example.com', message: '' });
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('href="#plan"');
      expect(await gifts()).toEqual(before);
    } finally {
      await t.services.plans.update(p.id, planInputFrom(p));
    }
  });

  it('end to end on the demo gateway: pending, paid, both emails, redeemed into the recipient’s account', async () => {
    const buyer = await signedInReader('buyer');
    const recipient = await signedInReader('friend');
    const { path, page } = await buy(buyer.b, {
      plan: plan('digital-monthly').id,
      months: '3',
      recipient: recipient.email.toUpperCase(),
      message: 'Happy birthday!\r\nLove, Ada <3',
    });
    // The labelled demo page, and the gift waiting for its payment.
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(DEMO_LABEL);
    expect(page.body).toContain('Digital (monthly), 3 months');
    expect(page.body).toContain('$24.00');
    expect(page.body).toContain(recipient.email);
    const pending = (await gifts()).find((g) => g.recipient_email === recipient.email);
    expect(pending).toMatchObject({
      status: 'pending',
      code_hash: null,
      purchaser_email: buyer.email,
      purchaser_reader_id: buyer.id,
      plan_id: plan('digital-monthly').id,
      months: 3,
      amount_cents: 2400,
      currency: 'usd',
      provider: 'demo',
      checkout_session_id: path.split('/').pop(),
      message: 'Happy birthday!\nLove, Ada <3',
      paid_at: null,
    });
    expect(mailTo(t, recipient.email).filter((m) => m.subject.includes('gift'))).toHaveLength(0);

    t.clock.set(new Date('2026-11-26T09:00:00Z'));
    const done = await buyer.b.post(`${path}/complete`, { _csrf: csrfIn(page.body) });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/gift/thanks'); // a path: the reader stays on the host they browse;
    expect((await buyer.b.get('/gift/thanks')).body).toContain('Thank you for your gift');
    const paid = await giftRow(pending?.id as string);
    expect(paid.status).toBe('paid');
    expect(paid.paid_at?.toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(paid.expires_at.toISOString()).toBe('2027-11-26T09:00:00.000Z');

    // The recipient's email: the code, its link, the message, what it includes, until when.
    await runMoneyJobs(t); // the code and the receipt are jobs enqueued with the payment
    const gift = mailTo(t, recipient.email).at(-1);
    expect(gift?.subject).toBe('A gift for you: 3 months of Masthead');
    const code = codeIn(gift?.text ?? '');
    expect(code).not.toBe('');
    expect(paid.code_hash).toBe(hashGiftCode(code));
    expect(JSON.stringify(paid)).not.toContain(code);
    expect(gift?.text).toContain(`${buyer.email} has given you 3 months of`);
    expect(gift?.text).toContain('Happy birthday!\nLove, Ada <3');
    expect(gift?.text).toContain('- Unlimited reading on the website');
    expect(gift?.text).toContain(`https://paper.test/gift/redeem?code=${code}`);
    expect(gift?.text).toContain('redeem it by 26 November 2027');
    expect(gift?.html).toContain('Love, Ada &lt;3');
    // The purchaser's receipt: no code in it.
    const receipt = mailTo(t, buyer.email).at(-1);
    expect(receipt?.subject).toBe('Your receipt: a gift of Masthead');
    expect(receipt?.text).toContain(`You have given 3 months of Masthead (Digital) to ${recipient.email}.`);
    expect(receipt?.text).toContain('Paid: $24.00 on 26 November 2026');
    expect(receipt?.text).not.toContain(code);

    // The demo session is finished.
    expect((await buyer.b.post(`${path}/complete`, { _csrf: csrfIn(page.body) })).statusCode).toBe(409);

    // Redeeming: the link fills in the code; the recipient redeems it into their account.
    expect((await entitled(recipient.id)).entitlements).toEqual([]);
    const form = await recipient.b.get(`/gift/redeem?code=${code}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${code}"`);
    const redeemed = await recipient.b.post('/gift/redeem', { _csrf: csrfIn(form.body), code: code.toLowerCase().replace(/-/g, ' ') });
    expect(redeemed.statusCode).toBe(303);
    // A confirmation: what they got, until when, and where to start reading.
    expect(String(redeemed.headers.location)).toMatch(/^\/gift\/redeemed\?gift=[0-9a-f-]+$/);
    const confirmed = await recipient.b.get(String(redeemed.headers.location));
    expect(confirmed.statusCode).toBe(200);
    for (const words of [
      'Your gift is redeemed',
      'You have 3 months of Digital, until 26 February 2027',
      'href="/">Start reading',
      'Account</a>',
    ])
      expect(confirmed.body).toContain(words);
    expect((await buyer.b.get(String(redeemed.headers.location))).statusCode).toBe(404);
    // The giver is told, once, however often the job runs.
    await runMoneyJobs(t);
    await runMoneyJobs(t);
    const note = mailTo(t, buyer.email).filter((m) => m.subject === 'Your gift of Masthead was redeemed');
    expect(note).toHaveLength(1);
    expect(note[0]?.text).toContain(`Your gift of 3 months of Masthead (Digital) was redeemed by ${recipient.email} on 26 November 2026.`);
    expect(note[0]?.html).toContain('It runs until 26 February 2027.');
    const d = await entitled(recipient.id);
    expect(d.entitlements).toEqual(['web', 'daily_email']);
    expect(d.reasons.map((r) => r.source)).toEqual(['gift', 'gift']);
    expect((await entitled(recipient.id, new Date('2027-02-26T10:00:00Z'))).entitlements).toEqual([]);

    // Both account pages show it.
    const account = await recipient.b.get('/account');
    expect(account.body).toContain('Gift: <strong>Digital</strong>, 3 months — active until 26 February 2027.');
    expect(account.body).not.toContain('You have no subscription.');
    const given = await buyer.b.get('/account');
    expect(given.body).toContain(`<strong>Digital</strong>, 3 months, for ${recipient.email}: redeemed on 26 November 2026.`);
    expect(given.body).not.toContain('/resend');
  });

  it('a declined demo payment: labelled 402 page, the gift canceled, no email', async () => {
    const buyer = await signedInReader('buyer');
    const recipient = `declined-${n}@example.com`;
    const { path, page } = await buy(buyer.b, { plan: plan('digital-monthly').id, months: '1', recipient });
    const r = await buyer.b.post(`${path}/fail`, { _csrf: csrfIn(page.body) });
    expect(r.statusCode).toBe(402);
    expect(r.body).toContain(DEMO_LABEL);
    expect(r.body).toContain('Nothing was charged');
    expect((await gifts()).find((g) => g.recipient_email === recipient)).toMatchObject({ status: 'canceled', code_hash: null });
    expect(mailTo(t, recipient)).toHaveLength(0);
    expect((await buyer.b.get('/account')).body).not.toContain(recipient);
  });

  it('a wrong, used, expired or unpaid code fails the same way, with nothing changed', async () => {
    const { code } = await giftFor(`twice-${n}@example.com`);
    const first = await signedInReader('first');
    const second = await signedInReader('second');
    const redeem = async (who: { b: TestBrowser }, typed: string) => who.b.submit('/gift/redeem', '/gift/redeem', { code: typed });

    expect((await redeem(first, code)).statusCode).toBe(303);
    const after = await gifts();
    for (const typed of [code, 'AAAA-BBBB-CCCC-DDDD', 'not a code']) {
      const r = await redeem(second, typed);
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain(REFUSED_HTML);
    }
    expect(await gifts()).toEqual(after);
    expect((await entitled(second.id)).entitlements).toEqual([]);

    // Expired: a year after payment.
    const late = await giftFor(`late-${n}@example.com`);
    const beforeExpiry = await gifts();
    t.clock.set(new Date('2027-11-25T09:00:00Z'));
    const third = await signedInReader('third');
    const expired = await redeem(third, late.code);
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain(REFUSED_HTML);
    expect(await gifts()).toEqual(beforeExpiry);
    expect((await entitled(third.id)).entitlements).toEqual([]);

    // Unpaid: a code whose gift is not (or no longer) paid for.
    const unpaid = 'MMMM-NNNN-PPPP-QQQQ';
    await insertGift(t.services.db, {
      id: `unpaid-${n}`,
      codeHash: hashGiftCode(unpaid),
      purchaserEmail: 'a@example.com',
      recipientEmail: 'b@example.com',
      planId: plan('digital-monthly').id,
      months: 1,
      expiresAt: new Date('2030-01-01T00:00:00Z'),
      createdAt: t.clock.now,
    });
    await t.services.db.updateTable('gifts').set({ status: 'pending' }).where('id', '=', `unpaid-${n}`).execute();
    const beforeUnpaid = await gifts();
    expect((await redeem(third, unpaid)).statusCode).toBe(400);
    expect(await gifts()).toEqual(beforeUnpaid);

    // An empty code is a 400 naming the field.
    const empty = await redeem(third, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#code"');
  });

  it('redeeming needs a signed-in reader: a way to sign in that comes back with the code', async () => {
    const anon = new TestBrowser(t.app);
    const page = await anon.get('/gift/redeem?code=ABCD-EFGH-JKMN-PQRS');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/signin?return=${encodeURIComponent('/gift/redeem?code=ABCD-EFGH-JKMN-PQRS')}"`);
    // Sign-up carries the way back too (the accounts feature keeps it through confirmation).
    expect(page.body).toContain(`href="/signup?return=${encodeURIComponent('/gift/redeem?code=ABCD-EFGH-JKMN-PQRS')}"`);
    expect(page.body).toContain(DEMO_LABEL);
    expect(page.body).not.toContain('action="/gift/redeem"');
    const token = csrfIn((await anon.get('/signin')).body);
    const r = await anon.post('/gift/redeem', { _csrf: token, code: 'ABCD-EFGH-JKMN-PQRS' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/signin?return=${encodeURIComponent('/gift/redeem?code=ABCD-EFGH-JKMN-PQRS')}`);
    // And a signed-in reader without the form's token is refused.
    const reader = await signedInReader();
    expect((await reader.b.post('/gift/redeem', { code: 'ABCD-EFGH-JKMN-PQRS' })).statusCode).toBe(403);
  });

  it('a gift with the print magazine asks for the postal address in the same form, saves it, and redeems', async () => {
    const { code } = await giftFor(`print-${n}@example.com`, 'all-access-monthly', '1');
    const recipient = await signedInReader('print');
    const r = await recipient.b.submit('/gift/redeem', '/gift/redeem', { code });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('where should we send it?');
    expect(r.body).toContain('<input type="hidden" name="step" value="address"/>');
    expect(r.body).toContain(`value="${code}"`);
    expect((await entitled(recipient.id)).entitlements).toEqual([]);
    // Something missing: the same form, each problem named, the input kept; nothing redeemed.
    const bad = await recipient.b.post('/gift/redeem', { _csrf: csrfIn(r.body), code, step: 'address', line1: '1 Quay St', city: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the town or city.');
    expect(bad.body).toContain('value="1 Quay St"');
    expect((await entitled(recipient.id)).entitlements).toEqual([]);
    const ok = await recipient.b.post('/gift/redeem', {
      _csrf: csrfIn(bad.body),
      code,
      step: 'address',
      line1: '1 Quay St',
      city: 'Harbour',
      postcode: '1010',
      country: 'NZ',
    });
    expect(ok.statusCode).toBe(303);
    expect(String(ok.headers.location)).toMatch(/^\/gift\/redeemed\?gift=/);
    expect((await entitled(recipient.id)).entitlements).toEqual(['web', 'daily_email', 'weekly_print']);
    expect((await t.services.accounts.findReaderById(recipient.id))?.address).toMatchObject({ line1: '1 Quay St', city: 'Harbour' });
  });

  it('the purchaser can send a lost code again: a new code, the old one stops working', async () => {
    const recipientEmail = `lost-${n}@example.com`;
    const { buyer, code: oldCode } = await giftFor(recipientEmail);
    const gift = (await gifts()).find((g) => g.recipient_email === recipientEmail);
    const action = `/account/gifts/${gift?.id}/resend`;
    const account = await buyer.b.get('/account');
    expect(account.body).toContain(`action="${action}"`);
    expect(account.body).toContain('code sent; not redeemed yet');

    // Only with the form's token, and only by the purchaser.
    expect((await buyer.b.post(action, {})).statusCode).toBe(403);
    const stranger = await signedInReader('stranger');
    expect((await stranger.b.submit('/account', action, {})).statusCode).toBe(404);
    await runMoneyJobs(t);
    expect(mailTo(t, recipientEmail)).toHaveLength(1);

    const r = await buyer.b.submit('/account', action, {});
    expect(r.statusCode).toBe(303);
    await runMoneyJobs(t);
    const again = mailTo(t, recipientEmail).at(-1);
    expect(again?.subject).toBe('Your gift code for Masthead, sent again');
    expect(again?.text).toContain('replaces the one we sent before');
    const newCode = codeIn(again?.text ?? '');
    expect(newCode).not.toBe(oldCode);

    const recipient = await signedInReader('lost');
    expect((await recipient.b.submit('/gift/redeem', '/gift/redeem', { code: oldCode })).statusCode).toBe(400);
    expect((await recipient.b.submit('/gift/redeem', '/gift/redeem', { code: newCode })).statusCode).toBe(303);
    // Once redeemed, no more codes.
    expect((await buyer.b.submit('/account', action, {})).statusCode).toBe(409);
  });

  it('a code replaced before its email went out is not sent: only the new one reaches the recipient', async () => {
    const buyer = await signedInReader('buyer');
    const recipient = `replaced-${n}@example.com`;
    const { path, page } = await buy(buyer.b, { plan: plan('digital-monthly').id, months: '1', recipient });
    await runMoneyJobs(t); // what earlier tests left due
    expect((await buyer.b.post(`${path}/complete`, { _csrf: csrfIn(page.body) })).statusCode).toBe(303);
    const gift = (await gifts()).find((g) => g.recipient_email === recipient);
    // Sent again before any worker ran the first code's job.
    expect((await buyer.b.submit('/account', `/account/gifts/${gift?.id}/resend`, {})).statusCode).toBe(303);
    await runMoneyJobs(t);
    const mails = mailTo(t, recipient);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your gift code for Masthead, sent again');
    expect(mailTo(t, buyer.email).filter((m) => m.subject.startsWith('Your receipt'))).toHaveLength(1);
    const code = codeIn(mails[0]?.text ?? '');
    expect((await giftRow(gift?.id as string)).code_hash).toBe(hashGiftCode(code));
  });

  it('a mail that cannot be sent never fails the payment: the gift is paid, the failure logged', async () => {
    const buyer = await signedInReader('buyer');
    const recipient = `smtp-down-${n}@example.com`;
    const { path, page } = await buy(buyer.b, { plan: plan('digital-monthly').id, months: '1', recipient });
    await runMoneyJobs(t); // what earlier tests left due, before the mailer fails
    const logged = vi.spyOn(t.services.log, 'error');
    const send = vi.spyOn(t.services.mailer, 'send').mockRejectedValue(new Error('SMTP down'));
    const done = await buyer.b.post(`${path}/complete`, { _csrf: csrfIn(page.body) });
    expect(done.statusCode).toBe(303);
    await runMoneyJobs(t); // the code's and the receipt's jobs, as a worker runs them
    expect(send).toHaveBeenCalledTimes(2);
    expect((await gifts()).find((g) => g.recipient_email === recipient)?.status).toBe('paid');
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), expect.stringContaining('gift code'));
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), expect.stringContaining('gift receipt'));
  });

  it('the same payment event twice is one paid gift and one email', async () => {
    const buyer = await signedInReader('buyer');
    const recipient = `dup-${n}@example.com`;
    await buy(buyer.b, { plan: plan('digital-monthly').id, months: '6', recipient });
    const gift = (await gifts()).find((g) => g.recipient_email === recipient);
    const event = {
      provider: 'demo' as const,
      eventId: `evt_demo_dup_${n}`,
      type: 'checkout.session.completed',
      created: Math.floor(t.clock.now.getTime() / 1000),
      change: { kind: 'gift_paid' as const, giftId: gift?.id as string, checkoutSessionId: gift?.checkout_session_id as string },
    };
    expect(await t.services.subscriptions.processEvent(event)).toBe('applied');
    const paid = await giftRow(gift?.id as string);
    expect(await t.services.subscriptions.processEvent(event)).toBe('duplicate');
    // Another event for the same payment (a late async success) changes nothing either.
    expect(await t.services.subscriptions.processEvent({ ...event, eventId: `evt_demo_dup2_${n}` })).toBe('ignored');
    expect(await giftRow(gift?.id as string)).toEqual(paid);
    await runMoneyJobs(t); // the emails are jobs enqueued with the payment
    expect(mailTo(t, recipient)).toHaveLength(1);
    expect(mailTo(t, buyer.email).filter((m) => m.subject.startsWith('Your receipt'))).toHaveLength(1);
    // A payment for a session that is not the gift's, or for no gift, pays nothing.
    expect(
      await t.services.subscriptions.processEvent({
        ...event,
        eventId: `evt_demo_none_${n}`,
        change: { kind: 'gift_paid', giftId: 'no-such-gift', checkoutSessionId: 'cs_x' },
      }),
    ).toBe('unknown_gift');
  });

  it('redeeming is rate-limited per client address, like signing in', async () => {
    const reader = await signedInReader('limit');
    const page = await reader.b.get('/gift/redeem');
    const token = csrfIn(page.body);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await reader.b.post('/gift/redeem', { _csrf: token, code: 'AAAA-BBBB-CCCC-DDDD' })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
