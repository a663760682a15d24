/**
 * Who gets a copy of the printed magazine: the table of subscription states (README "The
 * mailing list" has the same table), and the rows of the two files.
 */
import { describe, expect, it } from 'vitest';
import { countryCodeOf } from '../accounts/index.js';
import type { GiftFacts, SubscriptionFacts } from '../subscriptions/index.js';
import {
  addressGaps,
  type CopyDecision,
  decideMailing,
  endDay,
  incompletePathFor,
  type MailingReader,
  mailingCells,
  postcodeKey,
  quotedCsvLine,
} from './mailing-list.js';

/** The edition's cut-off: the moment it went to the printer. */
const CUT_OFF = new Date('2026-12-07T10:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(CUT_OFF.getTime() + days * DAY);
const PRINT = ['web', 'daily_email', 'weekly_print'] as const;
const DIGITAL = ['web', 'daily_email'] as const;

function sub(over: Partial<SubscriptionFacts> = {}): SubscriptionFacts {
  return {
    id: 's1',
    planName: 'All Access',
    status: 'active',
    entitlements: [...PRINT],
    currentPeriodEnd: at(20),
    cancelAtPeriodEnd: false,
    trialEnd: null,
    graceUntil: null,
    ...over,
  };
}

function gift(over: Partial<GiftFacts> = {}): GiftFacts {
  return { id: 'g1', planName: 'All Access', entitlements: [...PRINT], redeemedAt: at(-30), months: 3, ...over };
}

const ADDRESS = { line1: '1 Quay Street', line2: '', city: 'Port Ellery', region: '', postcode: 'PE1 1AA', country: 'United Kingdom' };

function reader(over: Partial<MailingReader> = {}): MailingReader {
  return { id: 'r1', email: 'ann@example.com', name: 'Ann Lee', company: null, address: ADDRESS, closedAt: null, ...over };
}

interface Row {
  state: string;
  subscriptions?: (SubscriptionFacts & { createdAt?: Date })[];
  gifts?: GiftFacts[];
  reader?: Partial<MailingReader>;
  gets: CopyDecision['kind'];
  why: RegExp;
  /** The subscription end written in the list (YYYY-MM-DD, '' for no end). */
  end?: string;
}

/** The table of subscription states: which get a copy of an edition, and why. */
const TABLE: Row[] = [
  { state: 'active print plan, renewing', subscriptions: [sub()], gets: 'copy', why: /^All Access$/, end: '2026-12-27' },
  {
    state: 'active digital plan (no print)',
    subscriptions: [sub({ planName: 'Digital', entitlements: [...DIGITAL] })],
    gets: 'none',
    why: /no plan or gift that includes weekly_print/,
  },
  { state: 'no subscription at all (a registered reader)', gets: 'none', why: /no subscription or gift/ },
  {
    state: 'group licence member only (organisation)',
    // A group licence grants `web` alone (entitlements.ts): the organisation's readers are not on the list.
    gets: 'none',
    why: /no subscription or gift/,
  },
  {
    state: 'trial of the print plan, running',
    subscriptions: [sub({ status: 'trialing', trialEnd: at(5), currentPeriodEnd: at(5) })],
    gets: 'copy',
    why: /trial/,
    end: '2026-12-12',
  },
  {
    state: 'trial ended without paying',
    subscriptions: [sub({ status: 'trialing', trialEnd: at(-1), currentPeriodEnd: at(-1) })],
    gets: 'none',
    why: /the trial is over/,
  },
  {
    state: 'cancelled at period end, period still running',
    subscriptions: [sub({ cancelAtPeriodEnd: true, currentPeriodEnd: at(10) })],
    gets: 'copy',
    why: /ending at the period end/,
    end: '2026-12-17',
  },
  {
    state: 'cancelled at period end, period over',
    subscriptions: [sub({ cancelAtPeriodEnd: true, currentPeriodEnd: at(-1) })],
    gets: 'none',
    why: /canceled at the period end, which has passed/,
  },
  {
    state: 'canceled after paying, paid period running',
    subscriptions: [sub({ status: 'canceled', currentPeriodEnd: at(3) })],
    gets: 'copy',
    why: /canceled, paid period/,
    end: '2026-12-10',
  },
  {
    state: 'lapsed (canceled, paid period over)',
    subscriptions: [sub({ status: 'canceled', currentPeriodEnd: at(-3) })],
    gets: 'none',
    why: /canceled, the paid period is over/,
  },
  {
    state: 'past due, in the grace period',
    subscriptions: [sub({ status: 'past_due', currentPeriodEnd: at(-2), graceUntil: at(5) })],
    gets: 'copy',
    why: /grace period/,
    end: '2026-12-12',
  },
  {
    state: 'past due, grace over',
    subscriptions: [sub({ status: 'past_due', currentPeriodEnd: at(-9), graceUntil: at(-2) })],
    gets: 'none',
    why: /grace period is over/,
  },
  {
    state: 'canceled for not paying',
    subscriptions: [sub({ status: 'canceled', currentPeriodEnd: at(-9), graceUntil: at(-2) })],
    gets: 'none',
    why: /canceled for not paying/,
  },
  {
    state: 'paused (Stripe `paused`: kept as incomplete)',
    subscriptions: [sub({ status: 'incomplete', currentPeriodEnd: at(10) })],
    gets: 'none',
    why: /never paid, or paused/,
  },
  {
    state: 'payment collection paused (Stripe `pause_collection`), resuming after the cut-off',
    subscriptions: [sub({ pause: { behavior: 'void', resumesAt: at(20), since: at(-3) } })],
    gets: 'none',
    why: /^All Access: payment collection paused until 2026-12-27$/,
  },
  {
    state: 'payment collection paused with no resume date',
    subscriptions: [sub({ pause: { behavior: 'keep_as_draft', resumesAt: null, since: at(-3) } })],
    gets: 'none',
    why: /paused until resumed/,
  },
  {
    state: 'paused, its resume date passed before the cut-off (the resuming event late)',
    subscriptions: [sub({ pause: { behavior: 'void', resumesAt: at(-1), since: at(-10) } })],
    gets: 'copy',
    why: /^All Access$/,
    end: '2026-12-27',
  },
  {
    state: 'paused after the cut-off (the list made again later)',
    subscriptions: [sub({ pause: { behavior: 'void', resumesAt: null, since: at(2) } })],
    gets: 'copy',
    why: /^All Access$/,
  },
  {
    state: 'paused, and cancelled at period end (period still running)',
    subscriptions: [
      sub({ cancelAtPeriodEnd: true, currentPeriodEnd: at(10), pause: { behavior: 'void', resumesAt: null, since: at(-3) } }),
    ],
    gets: 'none',
    why: /paused until resumed/,
  },
  {
    state: 'paused print plan, and a gift of it running: the gift’s copy',
    subscriptions: [sub({ pause: { behavior: 'void', resumesAt: null, since: at(-3) } })],
    gifts: [gift()],
    gets: 'copy',
    why: /^Gift: All Access$/,
    end: '2027-02-07',
  },
  {
    state: 'renewal late (period ended yesterday, within the leeway)',
    subscriptions: [sub({ currentPeriodEnd: at(-1) })],
    gets: 'copy',
    why: /^All Access$/,
  },
  {
    state: 'renewal never came (period ended 5 days ago)',
    subscriptions: [sub({ currentPeriodEnd: at(-5) })],
    gets: 'none',
    why: /no renewal came/,
  },
  { state: 'complimentary, no end', subscriptions: [sub({ currentPeriodEnd: null })], gets: 'copy', why: /All Access/, end: '' },
  {
    state: 'complimentary until a date',
    subscriptions: [sub({ currentPeriodEnd: at(40), cancelAtPeriodEnd: true })],
    gets: 'copy',
    why: /ending at the period end/,
    end: '2027-01-16',
  },
  {
    state: 'gift of the print plan, running (to the recipient)',
    gifts: [gift()],
    gets: 'copy',
    why: /Gift: All Access/,
    end: '2027-02-07',
  },
  { state: 'gift of the print plan, ran out', gifts: [gift({ redeemedAt: at(-120) })], gets: 'none', why: /ran out/ },
  {
    state: 'gift of the digital plan',
    gifts: [gift({ planName: 'Digital', entitlements: [...DIGITAL] })],
    gets: 'none',
    why: /no plan or gift that includes weekly_print/,
  },
  {
    state: 'two print plans (a paid one and a comp): one copy',
    subscriptions: [sub(), sub({ id: 's2', planName: 'Print Comp', currentPeriodEnd: null })],
    gets: 'copy',
    why: /All Access; Print Comp \(one copy\)/,
    end: '',
  },
  {
    state: 'print plan and a gift of it: one copy, the later end',
    subscriptions: [sub()],
    gifts: [gift()],
    gets: 'copy',
    why: /one copy/,
    end: '2027-02-07',
  },
  {
    state: 'print plan and the digital plan',
    subscriptions: [sub(), sub({ id: 's2', planName: 'Digital', entitlements: [...DIGITAL] })],
    gets: 'copy',
    why: /^All Access$/,
  },
  {
    state: 'lapsed, then subscribed again',
    subscriptions: [sub({ id: 's0', status: 'canceled', currentPeriodEnd: at(-60) }), sub()],
    gets: 'copy',
    why: /^All Access$/,
  },
  {
    state: 'subscribed after the cut-off (a list made again later)',
    subscriptions: [{ ...sub(), createdAt: at(1) }],
    gets: 'none',
    why: /begun after that moment/,
  },
  { state: 'gift redeemed after the cut-off', gifts: [gift({ redeemedAt: at(1) })], gets: 'none', why: /redeemed after that date/ },
  {
    state: 'closed account (still paying at the cut-off)',
    subscriptions: [sub()],
    reader: { closedAt: at(-1), address: null },
    gets: 'none',
    why: /account closed/,
  },
  { state: 'entitled, no postal address', subscriptions: [sub()], reader: { address: null }, gets: 'incomplete', why: /All Access/ },
  {
    state: 'entitled, no postcode',
    subscriptions: [sub()],
    reader: { address: { ...ADDRESS, postcode: ' ' } },
    gets: 'incomplete',
    why: /All Access/,
  },
  {
    state: 'entitled, a country we do not know',
    subscriptions: [sub()],
    reader: { address: { ...ADDRESS, country: 'Narnia' } },
    gets: 'incomplete',
    why: /All Access/,
  },
  { state: 'entitled, no name', subscriptions: [sub()], reader: { name: '' }, gets: 'incomplete', why: /All Access/ },
];

describe('who gets a copy of the printed magazine', () => {
  it.each(TABLE)('$state → $gets', (row) => {
    const d = decideMailing(reader(row.reader), { subscriptions: row.subscriptions ?? [], gifts: row.gifts ?? [] }, CUT_OFF);
    expect(d.kind).toBe(row.gets);
    expect(d.why).toMatch(row.why);
    if (row.end !== undefined && d.kind === 'copy') expect(mailingCells(reader(row.reader), d, 'UTC')[9]).toBe(row.end);
  });

  it('names what is missing from an address, field by field', () => {
    expect(addressGaps(reader())).toEqual([]);
    expect(addressGaps(reader({ address: null }))).toEqual(['address']);
    expect(addressGaps(reader({ name: ' ', address: { ...ADDRESS, line1: '', city: '', postcode: '', country: '' } }))).toEqual([
      'name',
      'address line 1',
      'city',
      'postcode',
      'country',
    ]);
    expect(addressGaps(reader({ address: { ...ADDRESS, country: 'Narnia' } }))).toEqual(['country ("Narnia" is not one we know)']);
  });
});

describe('the rows of the list', () => {
  it('writes the label with the country as its code, the reader id and the end date in the paper’s zone', () => {
    const d = decideMailing(
      reader({ company: 'Quay Books' }),
      { subscriptions: [sub({ currentPeriodEnd: new Date('2026-12-31T23:30:00Z') })], gifts: [] },
      CUT_OFF,
    );
    if (d.kind !== 'copy') throw new Error(d.kind);
    expect(mailingCells(reader({ company: 'Quay Books' }), d, 'Europe/Berlin')).toEqual([
      'Ann Lee',
      'Quay Books',
      '1 Quay Street',
      '',
      'Port Ellery',
      '',
      'PE1 1AA',
      'GB',
      'r1',
      '2027-01-01',
    ]);
    expect(endDay(null, 'UTC')).toBe('');
  });

  it('quotes every field, doubles quotes, keeps UTF-8, and defuses spreadsheet formulas', () => {
    expect(quotedCsvLine(['Zoë "Zo" Ørsted', '', '=HYPERLINK("x")', 'a,b\nc'])).toBe(
      '"Zoë ""Zo"" Ørsted","","\'=HYPERLINK(""x"")","a,b\nc"\r\n',
    );
  });

  it('sorts postcodes as the post office reads them', () => {
    expect(postcodeKey(' pe1 1aa ')).toBe('PE11AA');
  });

  it('puts the incomplete list beside the list by default', () => {
    expect(incompletePathFor('out/edition-3.csv')).toBe('out/edition-3-incomplete.csv');
    expect(incompletePathFor('list')).toBe('list-incomplete.csv');
  });

  it.each([
    ['GB', 'GB'],
    ['gb', 'GB'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['the Netherlands', 'NL'],
    ['Côte d’Ivoire', 'CI'],
    ["Cote d'Ivoire", 'CI'],
    ['germany', 'DE'],
    ['United States', 'US'],
    ['New Zealand', 'NZ'],
    ['Narnia', null],
    ['EU', null],
    ['', null],
  ])('reads the country %j as %j', (written, code) => {
    expect(countryCodeOf(written)).toBe(code);
  });
});
