/**
 * The print edition's mailing list, the pure part: who gets a copy of an edition and why, what
 * makes a postal address complete enough for the mail house, and the rows of the two CSV files
 * (the list, and the readers whose address will not do). No database, no clock of its own: the
 * cut-off is an argument.
 */
import { countryCodeOf, type PostalAddress } from '../accounts/index.js';
import { type EntitlementTerm, entitlementTerm, type GiftFacts, type SubscriptionFacts } from '../subscriptions/index.js';
import { formatDay } from './magazine.js';

/** What the list needs of a reader: the label, and whether the account is still open. */
export interface MailingReader {
  id: string;
  email: string;
  name: string;
  company?: string | null | undefined;
  address: PostalAddress | null;
  closedAt: Date | null;
}

export type CopyDecision =
  /** One copy, to this address; `until` is when what pays for it ends (null: no end). */
  | { kind: 'copy'; why: string; until: Date | null; country: string }
  /** Entitled, but the address will not do: the second file, and an email asking to complete it. */
  | { kind: 'incomplete'; why: string; until: Date | null; missing: string[] }
  | { kind: 'none'; why: string };

/**
 * What is missing from a reader's label, field by field, in the words the second file shows:
 * a name, a street line, a town, a postcode and a country we can write as its ISO 3166-1
 * alpha-2 code. Region and the second line are optional (most countries need neither).
 */
export function addressGaps(r: Pick<MailingReader, 'name' | 'address'>): string[] {
  const gaps: string[] = [];
  const a = r.address;
  if (r.name.trim() === '') gaps.push('name');
  if (a === null) return [...gaps, 'address'];
  if (a.line1.trim() === '') gaps.push('address line 1');
  if (a.city.trim() === '') gaps.push('city');
  if (a.postcode.trim() === '') gaps.push('postcode');
  if (a.country.trim() === '') gaps.push('country');
  else if (countryCodeOf(a.country) === null) gaps.push(`country ("${a.country}" is not one we know)`);
  return gaps;
}

/**
 * Whether a reader gets a copy of the edition whose cut-off is the moment of `term`: the
 * entitlement rules decide who holds `weekly_print` (src/subscriptions/entitlements.ts); a closed
 * account gets nothing (its address is erased); a reader with two plans gets one copy.
 */
export function decideCopy(reader: MailingReader | undefined, term: EntitlementTerm): CopyDecision {
  if (!term.held) return { kind: 'none', why: term.why };
  if (!reader) return { kind: 'none', why: 'no such reader' };
  if (reader.closedAt !== null) return { kind: 'none', why: 'account closed' };
  const details = [...new Set(term.reasons.map((r) => r.detail))];
  const why = details.length > 1 ? `${details.join('; ')} (one copy)` : (details[0] ?? '');
  const missing = addressGaps(reader);
  if (missing.length > 0) return { kind: 'incomplete', why, until: term.until, missing };
  const country = countryCodeOf(reader.address?.country ?? '') ?? '';
  return { kind: 'copy', why, until: term.until, country };
}

/** The decision from the subscription facts themselves: what the table of states in the tests exercises. */
export function decideMailing(
  reader: MailingReader | undefined,
  facts: { subscriptions: readonly (SubscriptionFacts & { createdAt?: Date })[]; gifts: readonly GiftFacts[] },
  cutOff: Date,
): CopyDecision {
  return decideCopy(reader, entitlementTerm(facts, 'weekly_print', cutOff));
}

export const MAILING_HEADER = [
  'name',
  'company',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postcode',
  'country',
  'subscriber_id',
  'subscription_end',
] as const;

export const INCOMPLETE_HEADER = [
  'subscriber_id',
  'email',
  'name',
  'company',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postcode',
  'country_as_written',
  'missing',
  'subscription_end',
] as const;

/** The end of what pays for the copy as a date in the paper's time zone (YYYY-MM-DD); empty: no end. */
export function endDay(until: Date | null, timeZone: string): string {
  if (until === null) return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(until);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The mail house's row: every field of the label, trimmed, the country as its code. */
export function mailingCells(r: MailingReader, d: Extract<CopyDecision, { kind: 'copy' }>, timeZone: string): string[] {
  const a = r.address;
  return [
    r.name.trim(),
    (r.company ?? '').trim(),
    a?.line1.trim() ?? '',
    a?.line2.trim() ?? '',
    a?.city.trim() ?? '',
    a?.region.trim() ?? '',
    a?.postcode.trim() ?? '',
    d.country,
    r.id,
    endDay(d.until, timeZone),
  ];
}

export function incompleteCells(r: MailingReader, d: Extract<CopyDecision, { kind: 'incomplete' }>, timeZone: string): string[] {
  const a = r.address;
  return [
    r.id,
    r.email,
    r.name.trim(),
    (r.company ?? '').trim(),
    a?.line1.trim() ?? '',
    a?.line2.trim() ?? '',
    a?.city.trim() ?? '',
    a?.region.trim() ?? '',
    a?.postcode.trim() ?? '',
    a?.country.trim() ?? '',
    d.missing.join('; '),
    endDay(d.until, timeZone),
  ];
}

/**
 * The sort keys of the mail house's list: country code, then postcode as the post office reads
 * it (upper case, spaces dropped, so "pe1 1aa" and "PE11AA" sort together).
 */
export function postcodeKey(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

/**
 * One CSV line (RFC 4180), every field quoted, quotes doubled, CRLF. A field a spreadsheet would
 * read as a formula (starting with = + - @, a tab or a carriage return) gets an apostrophe first,
 * as the reader office's export does (OWASP, "CSV Injection").
 */
export function quotedCsvLine(cells: readonly string[]): string {
  return `${cells.map((c) => `"${(/^[=+\-@\t\r]/.test(c) ? `'${c}` : c).replace(/"/g, '""')}"`).join(',')}\r\n`;
}

/** The edition's cut-off as words for the command and the README: when it went to the printer. */
export function cutOffText(at: Date): string {
  return `${formatDay(Math.floor(at.getTime() / 86_400_000))} ${at.toISOString().slice(11, 16)} UTC`;
}

/** The incomplete list's default place: beside the list, `-incomplete` before `.csv`. */
export function incompletePathFor(out: string): string {
  return out.toLowerCase().endsWith('.csv') ? `${out.slice(0, -4)}-incomplete.csv` : `${out}-incomplete.csv`;
}
