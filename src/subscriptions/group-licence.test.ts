import { describe, expect, it } from 'vitest';
import { checkOrganisationInput, isCalendarDate, licenceEndsAt, licenceInForce, type OrganisationInput } from './group-licence.js';

const input = (over: Partial<OrganisationInput> = {}): OrganisationInput => ({
  name: 'Port Ellery Library',
  ipRanges: ['192.0.2.0/24'],
  emailDomains: [],
  seatLimit: 10,
  validUntil: null,
  contactName: '',
  contactEmail: '',
  active: true,
  ...over,
});

const fields = (o: OrganisationInput) => {
  const r = checkOrganisationInput(o);
  return r.ok ? [] : r.problems.map((p) => p.field);
};

describe('group licence decisions', () => {
  it('tidies good input: trimmed, domains lower case without "@", duplicates dropped', () => {
    const r = checkOrganisationInput(
      input({
        name: '  Harbour School ',
        ipRanges: [' 192.0.2.0/24', '192.0.2.0/24', '2001:db8::/32', ''],
        emailDomains: ['@Harbour.Sch.Example', 'harbour.sch.example'],
        validUntil: '2027-08-31',
        contactEmail: ' ada@harbour.sch.example ',
      }),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Harbour School',
        ipRanges: ['192.0.2.0/24', '2001:db8::/32'],
        emailDomains: ['harbour.sch.example'],
        seatLimit: 10,
        validUntil: '2027-08-31',
        contactName: '',
        contactEmail: 'ada@harbour.sch.example',
        active: true,
      },
    });
  });

  it('names every bad field', () => {
    expect(fields(input({ name: ' ' }))).toEqual(['name']);
    expect(fields(input({ ipRanges: ['192.0.2.0/33'] }))).toEqual(['ipRanges']);
    expect(fields(input({ ipRanges: ['library'] }))).toEqual(['ipRanges']);
    expect(fields(input({ ipRanges: [], emailDomains: ['not a domain'] }))).toEqual(['emailDomains']);
    expect(fields(input({ ipRanges: [], emailDomains: [] }))).toEqual(['ipRanges']);
    for (const seats of [0, -1, 2.5]) expect(fields(input({ seatLimit: seats }))).toEqual(['seatLimit']);
    for (const until of ['2027-02-30', '31/08/2027', '2027-8-31', 'tomorrow'])
      expect(fields(input({ validUntil: until }))).toEqual(['validUntil']);
    expect(fields(input({ contactEmail: 'ada' }))).toEqual(['contactEmail']);
    expect(fields(input({ name: '', seatLimit: 0, validUntil: 'x' }))).toEqual(['name', 'seatLimit', 'validUntil']);
  });

  it('knows a real calendar date', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
  });

  it('ends a licence at midnight after its last day, in the paper’s time zone', () => {
    expect(licenceEndsAt('2026-11-30', 'Pacific/Auckland').toISOString()).toBe('2026-11-30T11:00:00.000Z');
    expect(licenceEndsAt('2026-12-31', 'Europe/London').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const o = { active: true, validUntil: '2026-11-30' };
    expect(licenceInForce(o, new Date('2026-11-30T10:59:59.999Z'), 'Pacific/Auckland')).toBe(true);
    expect(licenceInForce(o, new Date('2026-11-30T11:00:00Z'), 'Pacific/Auckland')).toBe(false);
    expect(licenceInForce({ active: true, validUntil: null }, new Date('2099-01-01'), 'UTC')).toBe(true);
    expect(licenceInForce({ active: false, validUntil: null }, new Date('2026-01-01'), 'UTC')).toBe(false);
  });
});
