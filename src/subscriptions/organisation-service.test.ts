import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { AppError } from '../http/app-error.js';
import { createEntitlementService } from './entitlement-service.js';
import { createOrganisationService, type OrganisationService } from './organisation-service.js';

const NOW = new Date('2026-12-07T09:00:00Z');

describe.each(DIALECTS)('organisation service on %s', (dialect) => {
  let h: DbHandle;
  let orgs: OrganisationService;
  let changes = 0;

  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    orgs = createOrganisationService({ db: h.db, clock: () => NOW, changed: () => changes++ });
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates, lists, changes and deactivates a licence, announcing each change', async () => {
    const before = changes;
    const o = await orgs.create({
      name: 'Harbour School',
      ipRanges: [],
      emailDomains: ['Harbour.Sch.Example'],
      seatLimit: 1,
      validUntil: '2027-08-31',
      contactName: 'Ada Lovelace',
      contactEmail: 'ada@harbour.sch.example',
      active: true,
    });
    expect(o).toMatchObject({
      name: 'Harbour School',
      emailDomains: ['harbour.sch.example'],
      seatLimit: 1,
      seatsUsed: 0,
      validUntil: '2027-08-31',
    });
    expect(changes).toBe(before + 1);
    expect((await orgs.list()).map((x) => x.id)).toContain(o.id);

    // One seat: the first reader from the domain takes it, the second is refused.
    const ent = createEntitlementService({ db: h.db, dialect: h.dialect, clock: () => NOW, timeZone: 'Europe/London' });
    const ask = (id: string) =>
      ent.entitlementsFor({ readerId: id, readerEmail: `${id}@harbour.sch.example`, emailVerified: true, clientIp: '192.0.3.1', at: NOW });
    expect((await ask('r1')).entitlements).toEqual(['web']);
    expect((await ask('r2')).entitlements).toEqual([]);
    expect((await orgs.get(o.id)).seatsUsed).toBe(1);

    const changed = await orgs.update(o.id, { seatLimit: 2, ipRanges: ['192.0.2.0/24'] });
    expect(changed).toMatchObject({ seatLimit: 2, ipRanges: ['192.0.2.0/24'], emailDomains: ['harbour.sch.example'], seatsUsed: 1 });
    expect(changes).toBe(before + 2);

    const ended = await orgs.deactivate(o.id);
    expect(ended.active).toBe(false);
    expect(changes).toBe(before + 3);
    ent.invalidateOrganisations();
    expect((await ent.entitlementsFor({ clientIp: '192.0.2.5', at: NOW })).entitlements).toEqual([]);
  });

  it('refuses bad input naming the fields, and writes nothing', async () => {
    const count = (await orgs.list()).length;
    const before = changes;
    const err = await orgs
      .create({
        name: 'X',
        ipRanges: ['10.0.0.0/40'],
        emailDomains: [],
        seatLimit: 0,
        validUntil: '2027-02-30',
        contactName: '',
        contactEmail: '',
        active: true,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).statusCode).toBe(400);
    expect((err as AppError).fields.map((f) => f.field)).toEqual(['ipRanges', 'seatLimit', 'validUntil']);
    expect((await orgs.list()).length).toBe(count);
    expect(changes).toBe(before);
    await expect(orgs.update('no-such', { name: 'Y' })).rejects.toMatchObject({ statusCode: 404 });
  });
});
