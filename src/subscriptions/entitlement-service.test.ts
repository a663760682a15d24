import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { createEntitlementService, type EntitlementService } from './entitlement-service.js';
import { insertGift, redeemGift } from './gift-repository.js';
import type { Organisation } from './group-licence.js';
import { insertOrganisation } from './organisation-repository.js';
import type { Plan } from './plan.js';
import { createPlanService, seedDemoPlans } from './plan-service.js';

const NOW = new Date('2026-11-25T09:00:00Z');
const DAY = 86_400_000;

describe.each(DIALECTS)('entitlement service on %s', (dialect) => {
  let h: DbHandle;
  let svc: EntitlementService;
  let digital: Plan;

  const org = (over: Partial<Organisation>): Organisation => ({
    id: `org-${Math.random().toString(36).slice(2)}`,
    name: 'Org',
    ipRanges: [],
    emailDomains: [],
    seatLimit: null,
    active: true,
    validUntil: null,
    contactName: '',
    contactEmail: '',
    ...over,
  });

  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    await seedDemoPlans(h.db, () => NOW);
    digital = (await createPlanService({ db: h.db, clock: () => NOW }).listActive()).find((p) => p.slug === 'digital-monthly') as Plan;
    await insertOrganisation(h.db, org({ id: 'library', name: 'Port Ellery Library', ipRanges: ['192.0.2.0/24', '2001:db8:1::/48'] }), NOW);
    await insertOrganisation(h.db, org({ id: 'closed', name: 'Closed Co', ipRanges: ['198.51.100.0/24'], active: false }), NOW);
    await insertOrganisation(h.db, org({ id: 'school', name: 'Harbour School', emailDomains: ['harbour.sch.example'], seatLimit: 2 }), NOW);
    // A licence whose last day is 30 November in Wellington: it ends at 2026-11-30T11:00:00Z (NZDT, +13).
    await insertOrganisation(
      h.db,
      org({
        id: 'termed',
        name: 'Termed College',
        ipRanges: ['203.0.113.128/25'],
        emailDomains: ['termed.example'],
        validUntil: '2026-11-30',
      }),
      NOW,
    );
    svc = createEntitlementService({ db: h.db, dialect: h.dialect, clock: () => NOW, timeZone: 'Pacific/Auckland' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('grants web to an anonymous request inside a licensed range, v4 and v6', async () => {
    for (const ip of ['192.0.2.77', '::ffff:192.0.2.8', '2001:db8:1:2::9']) {
      const d = await svc.entitlementsFor({ clientIp: ip, at: NOW });
      expect(d.entitlements).toEqual(['web']);
      expect(d.reasons).toEqual([{ entitlement: 'web', source: 'group', detail: 'Port Ellery Library (by network address)' }]);
    }
    expect((await svc.entitlementsFor({ clientIp: '192.0.3.1', at: NOW })).entitlements).toEqual([]);
    expect((await svc.entitlementsFor({ clientIp: '198.51.100.5', at: NOW })).entitlements).toEqual([]);
  });

  it('grants web by a verified email domain while seats last, and keeps a member’s seat', async () => {
    const ask = (readerId: string, email: string, emailVerified = true) =>
      svc.entitlementsFor({ readerId, readerEmail: email, emailVerified, clientIp: '203.0.113.4', at: NOW });
    expect((await ask('s1', 'ada@harbour.sch.example', false)).entitlements).toEqual([]);
    expect((await ask('s1', 'Ada@Harbour.Sch.Example')).reasons).toEqual([
      { entitlement: 'web', source: 'group', detail: 'Harbour School (by email address)' },
    ]);
    expect((await ask('s2', 'bo@harbour.sch.example')).entitlements).toEqual(['web']);
    // The limit is two: a third reader is turned away, the first two keep their seats.
    expect((await ask('s3', 'cy@harbour.sch.example')).entitlements).toEqual([]);
    expect((await ask('s1', 'ada@harbour.sch.example')).entitlements).toEqual(['web']);
    const members = await h.db
      .selectFrom('organisation_members')
      .select('reader_id')
      .where('organisation_id', '=', 'school')
      .orderBy('reader_id')
      .execute();
    expect(members.map((m) => m.reader_id)).toEqual(['s1', 's2']);
    // Someone at another domain with the same ending gets nothing.
    expect((await ask('s4', 'x@notharbour.sch.example')).entitlements).toEqual([]);
  });

  it('grants nothing after a licence’s last day ends in the paper’s time zone, by address or by email', async () => {
    const lastMinute = new Date('2026-11-30T10:59:59Z');
    const over = new Date('2026-11-30T11:00:00Z');
    const byIp = (at: Date) => svc.entitlementsFor({ clientIp: '203.0.113.200', at });
    expect((await byIp(lastMinute)).entitlements).toEqual(['web']);
    expect((await byIp(over)).entitlements).toEqual([]);
    const byEmail = (at: Date) =>
      svc.entitlementsFor({ readerId: 't1', readerEmail: 'tu@termed.example', emailVerified: true, clientIp: '192.0.3.9', at });
    expect((await byEmail(lastMinute)).reasons).toEqual([
      { entitlement: 'web', source: 'group', detail: 'Termed College (by email address)' },
    ]);
    expect((await byEmail(over)).entitlements).toEqual([]);
    // The synchronous check of anonymous pages reads the clock (NOW, inside the term).
    expect(await svc.webByAddress('203.0.113.200')).toBe(true);
    const later = createEntitlementService({ db: h.db, dialect: h.dialect, clock: () => over, timeZone: 'Pacific/Auckland' });
    expect(await later.webByAddress('203.0.113.200')).toBe(false);
    expect(await later.webByAddress('192.0.2.77')).toBe(true);
  });

  it('grants a redeemed gift for its months, then not', async () => {
    const code = 'GIFT-CODE-1';
    const codeHash = createHash('sha256').update(code).digest('hex');
    await insertGift(h.db, {
      id: 'gift-1',
      codeHash,
      purchaserEmail: 'aunt@example.com',
      recipientEmail: 'nephew@example.com',
      planId: digital.id,
      months: 3,
      expiresAt: new Date(NOW.getTime() + 365 * DAY),
      createdAt: NOW,
    });
    expect((await svc.entitlementsFor({ readerId: 'nephew', clientIp: '203.0.113.4', at: NOW })).entitlements).toEqual([]);
    expect(await redeemGift(h.db, codeHash, 'nephew', NOW)).toBe(true);
    expect(await redeemGift(h.db, codeHash, 'someone-else', NOW)).toBe(false);
    const d = await svc.entitlementsFor({ readerId: 'nephew', clientIp: '203.0.113.4', at: new Date(NOW.getTime() + 30 * DAY) });
    expect(d.entitlements).toEqual(['web', 'daily_email']);
    expect(d.reasons.map((r) => r.source)).toEqual(['gift', 'gift']);
    expect(
      (await svc.entitlementsFor({ readerId: 'nephew', clientIp: '203.0.113.4', at: new Date('2027-02-25T09:00:00Z') })).entitlements,
    ).toEqual([]);
  });

  it('will not redeem an expired gift code', async () => {
    const codeHash = createHash('sha256').update('OLD').digest('hex');
    await insertGift(h.db, {
      id: 'gift-2',
      codeHash,
      purchaserEmail: 'a@example.com',
      recipientEmail: 'b@example.com',
      planId: digital.id,
      months: 1,
      expiresAt: new Date(NOW.getTime() - 1),
      createdAt: new Date(NOW.getTime() - 400 * DAY),
    });
    expect(await redeemGift(h.db, codeHash, 'late', NOW)).toBe(false);
  });

  it('answers nothing for an anonymous request outside every range', async () => {
    expect(await svc.entitlementsFor({ clientIp: 'not-an-ip', at: NOW })).toEqual({ entitlements: [], reasons: [], withheld: [] });
  });
});
