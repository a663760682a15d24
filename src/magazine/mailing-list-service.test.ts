/**
 * The mailing list on both databases: the entitlement service's pages of `weekly_print` holders,
 * the list sorted by country and postcode with one row per copy, the incomplete list, the
 * email-once ledger, refusals (no edition, a draft), and the staff's downloads.
 */

import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailTo } from '../accounts/account-test-support.js';
import type { PostalAddress } from '../accounts/index.js';
import { anonymiseReader, insertReader, updateReaderProfile } from '../accounts/reader-repository.js';
import { signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { insertGift, redeemGift } from '../subscriptions/gift-repository.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { listPlans } from '../subscriptions/plan-repository.js';
import type { SubscriptionStatus } from '../subscriptions/subscription.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { publishWeek } from './magazine-test-support.js';
import { claimAddressRequest, releaseAddressRequest } from './mailing-list-repository.js';
import type { MailingListRun } from './mailing-list-service.js';

const CUT_OFF = new Date('2026-12-07T10:00:00Z');
const DAY = 86_400_000;

async function collect(run: MailingListRun, list: 'copy' | 'incomplete'): Promise<string[]> {
  const lines: string[] = [];
  for await (const l of run.lines(list)) lines.push(l);
  return lines;
}

describe.each(DIALECTS)('the magazine’s mailing list on %s', (dialect) => {
  let t: TestApp;
  let printPlan = '';
  let digitalPlan = '';
  const ids: Record<string, string> = {};
  let frozen = 0;
  let draft = 0;

  async function reader(key: string, name: string, address: PostalAddress | null) {
    const id = uuidv7();
    ids[key] = id;
    await insertReader(t.services.db, { id, email: `${key}@example.com`, passwordHash: null, at: new Date('2026-10-01T00:00:00Z') });
    await updateReaderProfile(t.services.db, id, { name, address }, new Date('2026-10-01T00:00:00Z'));
    return id;
  }

  async function subscribe(readerId: string, planId: string, over: { status?: SubscriptionStatus; end?: Date | null } = {}) {
    const id = uuidv7();
    await insertSubscription(t.services.db, {
      id,
      readerId,
      planId,
      status: over.status ?? 'active',
      currentPeriodEnd: over.end === undefined ? new Date(CUT_OFF.getTime() + 20 * DAY) : over.end,
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: id,
      providerCustomerId: null,
      providerVersion: 0,
      createdAt: new Date('2026-10-01T00:00:00Z'),
      updatedAt: new Date('2026-10-01T00:00:00Z'),
    });
  }

  const at = (line1: string, city: string, postcode: string, country: string): PostalAddress => ({
    line1,
    line2: '',
    city,
    region: '',
    postcode,
    country,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    await seedDemoPlans(t.services.db, () => new Date('2026-10-01T00:00:00Z'));
    const plans = await listPlans(t.services.db, { activeOnly: false });
    printPlan = plans.find((p) => p.slug === 'all-access-monthly')?.id ?? '';
    digitalPlan = plans.find((p) => p.slug === 'digital-monthly')?.id ?? '';

    await subscribe(await reader('ann', 'Ann Lee', at('1 Quay Street', 'Port Ellery', 'PE1 1AA', 'United Kingdom')), printPlan);
    await subscribe(await reader('bea', 'Bea Kühn', at('Torstraße 1', 'Berlin', '10115', 'Germany')), printPlan);
    await subscribe(await reader('cal', 'Cal "Cap" Moss', at('2 Mill Lane', 'Aberdeen', 'ab1 2cd', 'gb')), printPlan);
    // A gift of the print plan, redeemed: the copy goes to the recipient.
    const dee = await reader('dee', 'Dee Ngata', at('5 Wharf Road', 'Wellington', '6011', 'New Zealand'));
    await insertGift(t.services.db, {
      id: uuidv7(),
      codeHash: 'hash-dee',
      purchaserEmail: 'giver@example.com',
      recipientEmail: 'dee@example.com',
      planId: printPlan,
      months: 6,
      expiresAt: new Date('2027-06-01T00:00:00Z'),
      createdAt: new Date('2026-11-01T00:00:00Z'),
    });
    await redeemGift(t.services.db, 'hash-dee', dee, new Date('2026-11-02T00:00:00Z'));
    // Two print plans (a paid one and a comp): one copy.
    const eve = await reader('eve', 'Eve Hart', at('9 High Street', 'Zennor', 'ZZ9 9ZZ', 'UK'));
    await subscribe(eve, printPlan);
    await subscribe(eve, printPlan, { end: null });
    await subscribe(await reader('fin', 'Fin Digital', at('3 Dock Road', 'Port Ellery', 'PE2 2BB', 'GB')), digitalPlan);
    await subscribe(await reader('gus', 'Gus No-Address', null), printPlan);
    await subscribe(await reader('hal', 'Hal Fable', at('1 Lamp Post', 'Cair Paravel', 'N1', 'Narnia')), printPlan);
    await subscribe(await reader('ivy', 'Ivy Lapsed', at('4 Old Road', 'Port Ellery', 'PE3 3CC', 'GB')), printPlan, {
      status: 'canceled',
      end: new Date(CUT_OFF.getTime() - 5 * DAY),
    });
    const jon = await reader('jon', 'Jon Closed', at('8 Gone Way', 'Port Ellery', 'PE4 4DD', 'GB'));
    await subscribe(jon, printPlan);
    await anonymiseReader(t.services.db, jon, new Date('2026-12-01T00:00:00Z'));

    const stories = await publishWeek(t);
    t.clock.set(new Date('2026-12-06T09:00:00Z'));
    const made = await t.services.magazine.propose('2026-12-01', 'test');
    await t.services.magazine.update(made.edition.number, { storyIds: [stories[0] ?? ''], coverArticleId: stories[0] ?? null }, 'test');
    t.clock.set(CUT_OFF);
    frozen = (await t.services.magazine.freeze(made.edition.number, 'test')).number;
    draft = (await t.services.magazine.propose('2026-12-09', 'test')).edition.number;
    // The list is made after the cut-off: the entitlements are those at the cut-off.
    t.clock.set(new Date(CUT_OFF.getTime() + DAY));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('walks every reader who ever had the print plan in keyset pages, each once, with the term at the cut-off', async () => {
    const seen: string[] = [];
    const held: string[] = [];
    for await (const page of t.services.entitlements.termsOfReaders('weekly_print', CUT_OFF, 2)) {
      expect(page.length).toBeLessThanOrEqual(4);
      for (const p of page) {
        seen.push(p.readerId);
        if (p.term.held) held.push(p.readerId);
      }
    }
    const everPrint = ['ann', 'bea', 'cal', 'dee', 'eve', 'gus', 'hal', 'ivy', 'jon'].map((k) => ids[k]);
    expect(seen).toEqual([...everPrint].sort());
    expect(held.sort()).toEqual(everPrint.filter((id) => id !== ids.ivy).sort());
  });

  it('writes one row per copy, sorted by country then postcode, every field quoted, and the incomplete list apart', async () => {
    const run = await t.services.mailingList.make(frozen);
    try {
      expect(run.cutOff).toEqual(CUT_OFF);
      expect(run.counts).toEqual({ copies: 5, incomplete: 2, notEntitled: 2 });
      const lines = await collect(run, 'copy');
      expect(lines[0]).toBe(
        '"name","company","address_line1","address_line2","city","region","postcode","country","subscriber_id","subscription_end"\r\n',
      );
      expect(lines.slice(1)).toEqual([
        `"Bea Kühn","","Torstraße 1","","Berlin","","10115","DE","${ids.bea}","2026-12-27"\r\n`,
        `"Cal ""Cap"" Moss","","2 Mill Lane","","Aberdeen","","ab1 2cd","GB","${ids.cal}","2026-12-27"\r\n`,
        `"Ann Lee","","1 Quay Street","","Port Ellery","","PE1 1AA","GB","${ids.ann}","2026-12-27"\r\n`,
        // Two plans, one copy; the comp has no end.
        `"Eve Hart","","9 High Street","","Zennor","","ZZ9 9ZZ","GB","${ids.eve}",""\r\n`,
        // The gift's six months from its redemption.
        `"Dee Ngata","","5 Wharf Road","","Wellington","","6011","NZ","${ids.dee}","2027-05-02"\r\n`,
      ]);
      const incomplete = await collect(run, 'incomplete');
      expect(incomplete.slice(1)).toEqual([
        `"${ids.gus}","gus@example.com","Gus No-Address","","","","","","","","address","2026-12-27"\r\n`,
        `"${ids.hal}","hal@example.com","Hal Fable","","1 Lamp Post","","Cair Paravel","","N1","Narnia","country (""Narnia"" is not one we know)","2026-12-27"\r\n`,
      ]);
    } finally {
      await run.close();
    }
    const left = await t.services.db.selectFrom('magazine_mailing_rows').select('run_id').execute();
    expect(left).toEqual([]);
  });

  it('emails each reader with an incomplete address once per edition, however often the list is made', async () => {
    const first = await t.services.mailingList.make(frozen);
    try {
      expect(await first.requestAddresses()).toEqual({ sent: 2, askedBefore: 0, failed: 0 });
    } finally {
      await first.close();
    }
    const toGus = mailTo(t, 'gus@example.com');
    expect(toGus).toHaveLength(1);
    expect(toGus[0]?.subject).toBe('Your address for Masthead Weekly');
    expect(toGus[0]?.text).toContain('your postal address is missing address');
    expect(toGus[0]?.text).toContain('https://paper.test/account');
    expect(mailTo(t, 'hal@example.com')[0]?.text).toContain('country ("Narnia" is not one we know)');

    const again = await t.services.mailingList.make(frozen);
    try {
      expect(await again.requestAddresses()).toEqual({ sent: 0, askedBefore: 2, failed: 0 });
    } finally {
      await again.close();
    }
    expect(mailTo(t, 'gus@example.com')).toHaveLength(1);
    expect(mailTo(t, 'hal@example.com')).toHaveLength(1);
    // Nobody with a complete address, and nobody without the magazine, is asked.
    for (const k of ['ann', 'fin', 'ivy']) expect(mailTo(t, `${k}@example.com`)).toEqual([]);
  });

  it('claims an address request once when several runs ask at once, and a failed send gives it back', async () => {
    const e = await t.services.magazine.get(frozen);
    const reader = ids.fin ?? '';
    const claims = await Promise.all([1, 2, 3].map(() => claimAddressRequest(t.services.db, e.id, reader, t.clock.now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await releaseAddressRequest(t.services.db, e.id, reader);
    expect(await claimAddressRequest(t.services.db, e.id, reader, t.clock.now)).toBe(true);
    await releaseAddressRequest(t.services.db, e.id, reader);
  });

  it('a reader who completes the address is on the next list', async () => {
    await updateReaderProfile(
      t.services.db,
      ids.gus ?? '',
      { name: 'Gus Found', address: at('7 New Street', 'Port Ellery', 'PE5 5EE', 'GB') },
      t.clock.now,
    );
    const run = await t.services.mailingList.make(frozen);
    try {
      expect(run.counts).toEqual({ copies: 6, incomplete: 1, notEntitled: 2 });
      expect((await collect(run, 'copy')).some((l) => l.includes('"Gus Found"'))).toBe(true);
    } finally {
      await run.close();
    }
  });

  it('refuses an edition that does not exist (404) and a draft (409), naming why', async () => {
    await expect(t.services.mailingList.make(99)).rejects.toMatchObject({ statusCode: 404, message: 'No magazine edition No. 99.' });
    await expect(t.services.mailingList.make(draft)).rejects.toMatchObject({
      statusCode: 409,
      message: `Edition No. ${draft} is a draft: its mailing list is made once it goes to the printer.`,
    });
  });

  it('lets the business office download both lists of a frozen edition, and records the download', async () => {
    const business = await signInStaff(t, 'business');
    const list = await business.browser.get(`/admin/magazine/editions/${frozen}/mailing-list.csv`);
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(list.headers['content-disposition']).toBe(`attachment; filename="edition-${frozen}-mailing-list.csv"`);
    const rows = list.body.trimEnd().split('\r\n');
    expect(rows).toHaveLength(7);
    expect(rows[1]).toContain('"DE"');
    const incomplete = await business.browser.get(`/admin/magazine/editions/${frozen}/mailing-list-incomplete.csv`);
    expect(incomplete.statusCode).toBe(200);
    expect(incomplete.body).toContain('"Hal Fable"');
    // Downloading emails nobody.
    expect(mailTo(t, 'hal@example.com')).toHaveLength(1);
    const draftList = await business.browser.get(`/admin/magazine/editions/${draft}/mailing-list.csv`);
    expect(draftList.statusCode).toBe(409);
    expect((await business.browser.get('/admin/magazine/editions/99/mailing-list.csv')).statusCode).toBe(404);
    expect((await business.browser.get('/admin/magazine/editions/first/mailing-list.csv')).statusCode).toBe(400);
    const writer = await signInStaff(t, 'writer');
    expect((await writer.browser.get(`/admin/magazine/editions/${frozen}/mailing-list.csv`)).statusCode).toBe(403);
    const audit = await t.services.db
      .selectFrom('audit_events')
      .select(['route', 'target_id'])
      .where('route', 'like', 'GET /admin/magazine/%')
      .execute();
    expect(audit).toHaveLength(2);
    expect(await t.services.db.selectFrom('magazine_mailing_rows').select('run_id').execute()).toEqual([]);
  });
});
