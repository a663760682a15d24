import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonColumn } from '../db/database.js';
import { DIALECTS } from '../db/test-databases.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { importReaders, ReaderImportError, type Refusal } from './reader-import-service.js';

const PLAIN = [
  'email,name,newsletter,plan,company,address_line1,address_line2,city,region,postcode,country',
  'Ann@Example.com,Ann Lee,yes,digital-monthly,Lee & Co,1 Quay St,Flat 2,Ellery,Otago,EL1 1AA,nz',
  'bob@example.com,Bob,no,,,,,,,,',
  'not-an-address,Nobody,yes,,,,,,,,',
  'cee@example.com,Cee,yes,gold,,,,,,,',
  'dee@example.com,Dee,,,,,,,,,UK',
  '"eve@example.com","Eve ""the reader"" Ng",yes,all-access-monthly,,"2 Long Rd, Unit 4",,Ellery,,EL2 2BB,GB',
  'ANN@example.com,Ann Again,no,,,,,,,,',
].join('\r\n');

const GHOST = [
  'id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers',
  '64a1,gil@example.com,Gil,"met at the fair,\nsigned up twice",true,true,,2023-05-01T10:00:00.000Z,,"vip,early",Digital',
  '64a2,hal@example.com,Hal,,false,false,cus_123,2023-06-01T10:00:00.000Z,,,Digital',
  '64a3,ida@example.com,Ida,,true,true,,2023-07-01T10:00:00.000Z,,,Gold',
  '64a4,jo@example.com,Jo,,true,false,,2023-07-02T10:00:00.000Z,2024-01-01T00:00:00.000Z,,',
].join('\n');

describe.each(DIALECTS)('importing readers on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const run = async (file: string, opts: { compPlan?: string; batchSize?: number } = {}) => {
    const refused: Refusal[] = [];
    const summary = await importReaders({ db: t.handle.db, clock: () => t.clock.now }, file, {
      ...opts,
      onRefused: (r) => refused.push(r),
    });
    return { summary, refused };
  };
  const reader = (email: string) => t.handle.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();
  const count = async (table: 'readers' | 'subscriptions' | 'jobs' | 'email_sends' | 'subscriber_emails' | 'reader_import_lines') =>
    Number(
      (
        await t.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const entitlements = async (email: string) => {
    const r = await reader(email);
    if (!r) throw new Error(`no reader ${email}`);
    return (await t.services.entitlements.entitlementsFor({ readerId: r.id, clientIp: '203.0.113.9', at: t.clock.now })).entitlements;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-readers-'));
    await seedDemoPlans(t.handle.db, () => t.clock.now);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a plain list: every column, refused rows by line and reason, the later duplicate refused', async () => {
    const { summary, refused } = await run(write('plain.csv', `\ufeff${PLAIN}\r\n`), { batchSize: 3 });
    expect(summary).toEqual({ format: 'plain', rows: 7, imported: 3, updated: 0, unchanged: 0, refused: 4, comps: 2, ignoredColumns: [] });
    expect(refused).toEqual([
      { line: 4, reason: '"not-an-address" is not an email address' },
      { line: 5, reason: 'unknown plan "gold"' },
      { line: 6, reason: 'country "UK" is not an ISO 3166-1 alpha-2 code (GB, IE, US, …)' },
      { line: 8, reason: 'ann@example.com is on line 2 already (the first row is the one imported)' },
    ]);
    const ann = await reader('ann@example.com');
    expect(ann).toMatchObject({
      name: 'Ann Lee',
      company: 'Lee & Co',
      address_line1: '1 Quay St',
      address_line2: 'Flat 2',
      address_city: 'Ellery',
      address_region: 'Otago',
      address_postcode: 'EL1 1AA',
      address_country: 'NZ',
      password_hash: null,
      import_source: 'csv:plain.csv',
    });
    expect(ann?.email_verified_at).toEqual(t.clock.now);
    expect(ann?.imported_at).toEqual(t.clock.now);
    expect(parseJsonColumn(ann?.email_preferences)).toEqual({ dailyEmail: true, offers: false });
    expect(parseJsonColumn((await reader('bob@example.com'))?.email_preferences)).toEqual({ dailyEmail: false, offers: false });
    expect(await reader('eve@example.com')).toMatchObject({
      name: 'Eve "the reader" Ng',
      address_line1: '2 Long Rd, Unit 4',
      address_country: 'GB',
    });
    // The plan column is a complimentary subscription with the plan's entitlements.
    expect(await entitlements('ann@example.com')).toEqual(['web', 'daily_email']);
    expect(await entitlements('eve@example.com')).toEqual(['web', 'daily_email', 'weekly_print']);
    expect(await entitlements('bob@example.com')).toEqual([]);
    expect(await count('readers')).toBe(3);
    // A run forgets the addresses it saw.
    expect(await count('reader_import_lines')).toBe(0);
  });

  it('is idempotent: the same file again changes nothing and duplicates nothing', async () => {
    const { summary } = await run(path.join(dir, 'plain.csv'));
    expect(summary).toMatchObject({ imported: 0, updated: 0, unchanged: 3, refused: 4, comps: 0 });
    expect(await count('readers')).toBe(3);
    expect(await count('subscriptions')).toBe(2);
  });

  it('updates a reader who signed up here without touching the password, the confirmed state or a yes to the daily email', async () => {
    const at = new Date('2026-10-01T00:00:00Z');
    const base = { created_at: at, updated_at: at, password_hash: 'argon2-hash', name: 'Kit', email_verified_at: null, imported_at: null };
    await t.handle.db
      .insertInto('readers')
      .values([
        { ...base, id: 'r-kit', email: 'kit@example.com', email_preferences: JSON.stringify({ dailyEmail: true, offers: true }) },
        { ...base, id: 'r-lou', email: 'lou@example.com', email_preferences: JSON.stringify({ dailyEmail: false, offers: false }) },
      ])
      .execute();
    const file = write(
      'update.csv',
      'email,name,newsletter,plan,city,postcode,country\nKIT@example.com,Kit Carson,no,digital-monthly,Ellery,EL3,ie\nlou@example.com,,yes,,,,\n',
    );
    const { summary } = await run(file);
    expect(summary).toMatchObject({ imported: 0, updated: 1, unchanged: 1, refused: 0, comps: 1 });
    const kit = await reader('kit@example.com');
    expect(kit).toMatchObject({
      name: 'Kit Carson',
      password_hash: 'argon2-hash',
      email_verified_at: null,
      imported_at: null,
      address_line1: null,
      address_city: 'Ellery',
      address_postcode: 'EL3',
      address_country: 'IE',
    });
    // An explicit no is an opt-out; the other preference stays.
    expect(parseJsonColumn(kit?.email_preferences)).toEqual({ dailyEmail: false, offers: true });
    // A yes never subscribes someone who has an account here (they may have unsubscribed).
    expect(parseJsonColumn((await reader('lou@example.com'))?.email_preferences)).toEqual({ dailyEmail: false, offers: false });
    expect(await entitlements('kit@example.com')).toEqual(['web', 'daily_email']);
  });

  it("imports Ghost's members export: subscribed_to_emails, a complimentary tier, a deleted member refused", async () => {
    const { summary, refused } = await run(write('members.csv', GHOST), { compPlan: undefined });
    expect(summary).toEqual({
      format: 'ghost',
      rows: 4,
      imported: 2,
      updated: 0,
      unchanged: 0,
      refused: 2,
      comps: 1,
      ignoredColumns: ['id', 'note', 'stripe_customer_id', 'created_at', 'labels'],
    });
    expect(refused).toEqual([
      { line: 5, reason: 'complimentary_plan is true but its tiers ("Gold") name no plan here: give --comp-plan SLUG' },
      { line: 6, reason: 'deleted_at is set: the member was deleted in Ghost' },
    ]);
    expect(await reader('gil@example.com')).toMatchObject({ name: 'Gil', import_source: 'ghost:members.csv' });
    expect(parseJsonColumn((await reader('gil@example.com'))?.email_preferences)).toEqual({ dailyEmail: true, offers: false });
    expect(await entitlements('gil@example.com')).toEqual(['web', 'daily_email']);
    // A paying Ghost member comes as a reader; the subscription is Stripe's to move.
    expect(await entitlements('hal@example.com')).toEqual([]);

    // With --comp-plan, the tier that names no plan here gets that one.
    const again = await run(path.join(dir, 'members.csv'), { compPlan: 'all-access-yearly' });
    expect(again.summary).toMatchObject({ imported: 1, unchanged: 2, refused: 1, comps: 1 });
    expect(await entitlements('ida@example.com')).toEqual(['web', 'daily_email', 'weekly_print']);
  });

  it('refuses a malformed file or an unknown --comp-plan, writing nothing', async () => {
    const before = { readers: await count('readers'), subscriptions: await count('subscriptions') };
    const cases: [string, string | undefined, RegExp][] = [
      [write('quote.csv', 'email,name\nzed@example.com,Zed\nyan@example.com,"Yan\n'), undefined, /not valid CSV: Quote Not Closed/],
      [write('noemail.csv', 'name,city\nZed,Ellery\n'), undefined, /no "email" column/],
      [write('typo.csv', 'email,nmae\nzed@example.com,Zed\n'), undefined, /unknown column "nmae"/],
      [write('empty.csv', ''), undefined, /the file is empty/],
      [
        write('binary.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString('latin1')),
        undefined,
        /no "email" column/,
      ],
      [path.join(dir, 'missing.csv'), undefined, /ENOENT/],
      [write('ok.csv', 'email\nzed@example.com\n'), 'platinum', /--comp-plan: no plan has the slug "platinum"/],
    ];
    for (const [file, compPlan, problem] of cases) {
      await expect(run(file, { compPlan }), file).rejects.toThrow(ReaderImportError);
      await expect(run(file, { compPlan }), file).rejects.toThrow(problem);
    }
    expect({ readers: await count('readers'), subscriptions: await count('subscriptions') }).toEqual(before);
  });

  it('sends no email: no job, no send, nothing in the outbox', async () => {
    expect(await count('jobs')).toBe(0);
    expect(await count('email_sends')).toBe(0);
    expect(await count('subscriber_emails')).toBe(0);
    const outbox = path.join(t.config.dataDir, 'outbox');
    expect(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []).toEqual([]);
  });

  it("a comp ends with the reader's account, without asking a payment provider", async () => {
    const found = await t.services.accounts.findReaderByEmail('ann@example.com');
    if (!found) throw new Error('no Ann');
    expect(await t.services.accounts.closeAccount(found)).toBe(true);
    const subs = await t.handle.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', found.id).execute();
    expect(subs).toMatchObject([{ provider: 'comp', status: 'canceled' }]);
    expect(
      (await t.services.entitlements.entitlementsFor({ readerId: found.id, clientIp: '203.0.113.9', at: t.clock.now })).entitlements,
    ).toEqual([]);
  });
});
