import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COUNTRY_CODE_COUNT, countryCode } from './country-codes.js';
import { csvRecords } from './csv-records.js';
import { type CsvLayout, layoutFromHeader, planIndex, type RowOptions, readRow } from './reader-csv-format.js';
import { newReaderFrom, readerChanges } from './reader-import-decision.js';

const DIGITAL = { id: 'p-digital', slug: 'digital-monthly', name: 'Digital' };
const PRINT = { id: 'p-print', slug: 'print-weekly', name: 'Print and Digital' };
const opts: RowOptions = { plans: planIndex([DIGITAL, PRINT]) };

function layout(header: string): CsvLayout {
  const l = layoutFromHeader(header.split(','));
  if ('problem' in l) throw new Error(l.problem);
  return l;
}

const GHOST_HEADER = 'id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers';
const PLAIN_HEADER = 'email,name,newsletter,plan,company,address_line1,address_line2,city,region,postcode,country';

describe('the header decides the format', () => {
  it('reads a plain list with every optional column, in any order and case', () => {
    const l = layout('Country,EMAIL,name, newsletter ,plan,company,address_line1,address_line2,city,region,postcode');
    expect(l.format).toBe('plain');
    expect(l.columns.email).toBe(1);
    expect(l.columns.country).toBe(0);
    expect(l.ignored).toEqual([]);
  });

  it("reads Ghost's members export by its own column names, keeping aside the ones kept nowhere here", () => {
    const l = layout(GHOST_HEADER);
    expect(l.format).toBe('ghost');
    expect(l.columns).toMatchObject({ email: 1, name: 2, newsletter: 4, complimentary: 5, deleted: 8, tiers: 10 });
    expect(l.ignored).toEqual(['id', 'note', 'stripe_customer_id', 'created_at', 'labels']);
    // Older exports said products; columns Ghost adds later are set aside, not refused.
    expect(layout('email,subscribed_to_emails,products,geolocation').ignored).toEqual(['geolocation']);
  });

  it.each([
    ['name,city', /no "email" column/],
    ['email,name,newsleter', /unknown column "newsleter"/],
    ['email,name,email', /names the column "email" twice/],
    ['email,,name', /column 2 of the header has no name/],
    ['email,subscribed_to_emails,tiers,products', /two columns for tiers/],
  ])('refuses the header %s', (header, problem) => {
    const l = layoutFromHeader(header.split(','));
    expect('problem' in l && l.problem).toMatch(problem);
  });
});

describe('one row of a plain list', () => {
  const plain = layout(PLAIN_HEADER);
  const row = (cells: string) => readRow(plain, cells.split(','), 7, opts);

  it('reads every column: the address normalised, the country upper-cased, the plan found by slug', () => {
    expect(row(' Ann@Example.COM ,Ann Lee,yes,Digital-Monthly,Lee & Co,1 Quay St,Flat 2,Ellery,Otago,EL1 1AA,nz')).toEqual({
      ok: true,
      row: {
        line: 7,
        email: 'ann@example.com',
        name: 'Ann Lee',
        newsletter: true,
        company: 'Lee & Co',
        address: { line1: '1 Quay St', line2: 'Flat 2', city: 'Ellery', region: 'Otago', postcode: 'EL1 1AA', country: 'NZ' },
        comp: DIGITAL,
      },
    });
  });

  it('leaves out what the row does not give: empty cells change nothing', () => {
    expect(row('b@example.com,,,,,,,,,,')).toEqual({
      ok: true,
      row: { line: 7, email: 'b@example.com', name: null, newsletter: null, company: null, address: null, comp: null },
    });
    expect(readRow(layout('email,name'), ['c@example.com', 'Cee'], 3, opts)).toMatchObject({
      ok: true,
      row: { name: 'Cee', newsletter: null },
    });
  });

  it.each([
    ['yes', true],
    ['No', false],
    ['TRUE', true],
    ['0', false],
  ])('reads newsletter %s as %s', (value, expected) => {
    expect(row(`d@example.com,,${value},,,,,,,,`)).toMatchObject({ ok: true, row: { newsletter: expected } });
  });

  it.each([
    ['bob@,,,,,,,,,,', '"bob@" is not an email address'],
    [',Nobody,,,,,,,,,', 'no email address'],
    ['e@example.com,,maybe,,,,,,,,', 'newsletter must be yes or no (got "maybe")'],
    ['e@example.com,,,gold,,,,,,,', 'unknown plan "gold"'],
    ['e@example.com,,,,,,,,,,UK', 'country "UK" is not an ISO 3166-1 alpha-2 code (GB, IE, US, …)'],
    ['e@example.com,,,,,,,,,,Germany', 'country "Germany" is not an ISO 3166-1 alpha-2 code (GB, IE, US, …)'],
    [`e@example.com,${'x'.repeat(201)},,,,,,,,,`, 'name is longer than 200 characters'],
    ['e@example.com,,,,,,,,,EL1 1AA 1234567890123,', 'postcode is longer than 20 characters'],
    ['e@example.com,two,fields', 'has 3 fields, the header has 11'],
  ])('refuses %s: %s', (cells, reason) => {
    expect(row(cells)).toEqual({ ok: false, line: 7, reason });
  });

  it('refuses a control character in a name', () => {
    expect(readRow(plain, ['f@example.com', 'A\u0007B', '', '', '', '', '', '', '', '', ''], 2, opts)).toMatchObject({
      ok: false,
      reason: 'name has a control character',
    });
  });
});

describe("one row of Ghost's export", () => {
  const ghost = layout(GHOST_HEADER);
  const row = (over: Record<string, string>, o: RowOptions = opts) => {
    const values: Record<string, string> = {
      id: '6571',
      email: 'g@example.com',
      name: 'Gee',
      note: 'met at the fair',
      subscribed_to_emails: 'true',
      complimentary_plan: 'false',
      stripe_customer_id: '',
      created_at: '2024-03-01T10:00:00.000Z',
      deleted_at: '',
      labels: 'vip,early',
      tiers: '',
      ...over,
    };
    return readRow(
      ghost,
      GHOST_HEADER.split(',').map((h) => values[h] ?? ''),
      4,
      o,
    );
  };

  it('reads subscribed_to_emails as the daily email and leaves the rest aside', () => {
    expect(row({})).toEqual({
      ok: true,
      row: { line: 4, email: 'g@example.com', name: 'Gee', newsletter: true, company: null, address: null, comp: null },
    });
    expect(row({ subscribed_to_emails: 'false' })).toMatchObject({ ok: true, row: { newsletter: false } });
  });

  it('gives a complimentary member the plan its tier names (by name or slug), else --comp-plan', () => {
    expect(row({ complimentary_plan: 'true', tiers: 'Free,Print and Digital' })).toMatchObject({ ok: true, row: { comp: PRINT } });
    expect(row({ complimentary_plan: 'true', tiers: 'digital-monthly' })).toMatchObject({ ok: true, row: { comp: DIGITAL } });
    expect(row({ complimentary_plan: 'true', tiers: 'Gold' }, { ...opts, compPlan: DIGITAL })).toMatchObject({
      ok: true,
      row: { comp: DIGITAL },
    });
    // A paying member's tier is theirs at Stripe: no comp from a list.
    expect(row({ complimentary_plan: 'false', tiers: 'Digital', stripe_customer_id: 'cus_1' })).toMatchObject({
      ok: true,
      row: { comp: null },
    });
  });

  it.each([
    [
      { complimentary_plan: 'true', tiers: 'Gold' },
      'complimentary_plan is true but its tiers ("Gold") name no plan here: give --comp-plan SLUG',
    ],
    [{ complimentary_plan: 'true' }, 'complimentary_plan is true but it names no tier: give --comp-plan SLUG'],
    [{ complimentary_plan: 'sometimes' }, 'complimentary_plan must be true or false (got "sometimes")'],
    [{ subscribed_to_emails: 'maybe' }, 'subscribed_to_emails must be yes or no (got "maybe")'],
    [{ deleted_at: '2025-01-01T00:00:00.000Z' }, 'deleted_at is set: the member was deleted in Ghost'],
  ])('refuses %o', (over, reason) => {
    expect(row(over)).toEqual({ ok: false, line: 4, reason });
  });
});

describe('what a row does to a reader', () => {
  const base = { line: 2, email: 'a@example.com', name: null, newsletter: null, company: null, address: null, comp: null };
  const address = { line1: '1 Quay St', line2: '', city: 'Ellery', region: '', postcode: 'EL1', country: 'NZ' };
  const existing = { name: 'Ann', company: null, address: null, emailPreferences: { dailyEmail: true, offers: true } };

  it('makes a new reader with the daily email only when the row says yes', () => {
    expect(newReaderFrom({ ...base, newsletter: true }).preferences).toEqual({ dailyEmail: true, offers: false });
    expect(newReaderFrom(base)).toEqual({ name: '', company: null, address: null, preferences: { dailyEmail: false, offers: false } });
  });

  it('changes only what the row gives, and never turns the daily email on for an existing reader', () => {
    expect(readerChanges(base, existing)).toEqual({});
    expect(
      readerChanges({ ...base, name: 'Ann', newsletter: true }, { ...existing, emailPreferences: { dailyEmail: false, offers: false } }),
    ).toEqual({});
    expect(readerChanges({ ...base, newsletter: false }, existing)).toEqual({ preferences: { dailyEmail: false, offers: true } });
    expect(readerChanges({ ...base, name: 'Ann Lee', company: 'Co', address }, existing)).toEqual({
      name: 'Ann Lee',
      company: 'Co',
      address,
    });
    expect(readerChanges({ ...base, address }, { ...existing, address })).toEqual({});
  });
});

describe('the CSV itself', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-csv-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const records = async (text: string) => {
    const file = path.join(dir, 'f.csv');
    fs.writeFileSync(file, text);
    const out: [number, string[]][] = [];
    for await (const r of csvRecords(file)) out.push([r.line, r.cells]);
    return out;
  };

  it('reads RFC 4180 quoting, a byte-order mark and CRLF, and tells the line each record starts on', async () => {
    expect(
      await records('\ufeffemail,name\r\na@b.co,"Lee, Ann ""A"""\r\nc@d.co,"two\r\nlines"\r\n\r\ne@f.co,"x\ny"\r\ng@h.co,z\r\n'),
    ).toEqual([
      [1, ['email', 'name']],
      [2, ['a@b.co', 'Lee, Ann "A"']],
      [3, ['c@d.co', 'two\r\nlines']],
      [6, ['e@f.co', 'x\ny']],
      [8, ['g@h.co', 'z']],
    ]);
  });

  it('refuses a quote never closed, naming the line', async () => {
    await expect(records('email,name\na@b.co,"Ann\nb@c.co,Bee\n')).rejects.toThrow(/not valid CSV: Quote Not Closed.*line/);
  });
});

it('knows the 249 assigned country codes and no reserved one', () => {
  expect(COUNTRY_CODE_COUNT).toBe(249);
  expect(countryCode(' gb ')).toBe('GB');
  for (const reserved of ['UK', 'EU', 'XK', 'ZZ', 'AA', 'GBR', '']) expect(countryCode(reserved)).toBeNull();
});
