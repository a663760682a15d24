/**
 * Group licences: an organisation (library, school, company) whose address ranges and/or email
 * domains grant `web` to its people. Pure types and checks.
 */
import { isValidCidr } from '../net/cidr.js';
import { localMidnight } from '../time/local-time.js';

export interface Organisation {
  id: string;
  name: string;
  /** CIDR ranges, v4 or v6, as text. */
  ipRanges: string[];
  /** Lower-case domains; a reader with a verified address at one of them qualifies. */
  emailDomains: string[];
  /** Readers who may hold a seat through an email domain; null: no limit. */
  seatLimit: number | null;
  active: boolean;
  /** The licence's last day, YYYY-MM-DD in the paper's time zone; null: no end. */
  validUntil: string | null;
  /** The person at the organisation the business office deals with ('' when not known). */
  contactName: string;
  contactEmail: string;
}

/** An organisation as the business office sees it: with its seats used. */
export interface OrganisationSummary extends Organisation {
  seatsUsed: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What the business office sets on a group licence (the CLI, the Admin API and the screens). */
export type OrganisationInput = Omit<Organisation, 'id'>;

export interface FieldProblem {
  field: keyof OrganisationInput;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written YYYY-MM-DD ("2027-02-30" is not). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1970 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The instant a licence with this last day stops granting: the next local midnight. */
export function licenceEndsAt(validUntil: string, timeZone: string): Date {
  const [y, m, d] = validUntil.split('-').map(Number) as [number, number, number];
  return localMidnight(y, m, d + 1, timeZone);
}

/** Whether a licence grants anything at `at`: active, and its last day not over yet. */
export function licenceInForce(o: Pick<Organisation, 'active' | 'validUntil'>, at: Date, timeZone: string): boolean {
  if (!o.active) return false;
  return o.validUntil === null || at.getTime() < licenceEndsAt(o.validUntil, timeZone).getTime();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The business office's input, tidied (trimmed; domains lower case; ranges written as the
 * network they name, duplicates dropped) and checked: every problem named by its field.
 */
export function checkOrganisationInput(
  raw: OrganisationInput,
): { ok: true; value: OrganisationInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = raw.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'an organisation needs a name' });
  else if (name.length > 200) problems.push({ field: 'name', message: 'a name is at most 200 characters' });
  const ipRanges: string[] = [];
  for (const r of raw.ipRanges.map((x) => x.trim()).filter((x) => x !== '')) {
    if (!isValidCidr(r))
      problems.push({ field: 'ipRanges', message: `"${r}" is not an address range such as 192.0.2.0/24 or 2001:db8::/32` });
    else if (!ipRanges.includes(r)) ipRanges.push(r);
  }
  const emailDomains: string[] = [];
  for (const d of raw.emailDomains.map((x) => x.trim().toLowerCase().replace(/^@/, '')).filter((x) => x !== '')) {
    if (!DOMAIN.test(d)) problems.push({ field: 'emailDomains', message: `"${d}" is not a domain such as example.edu` });
    else if (!emailDomains.includes(d)) emailDomains.push(d);
  }
  if (ipRanges.length === 0 && emailDomains.length === 0 && !problems.some((p) => p.field === 'ipRanges' || p.field === 'emailDomains'))
    problems.push({ field: 'ipRanges', message: 'a group licence needs at least one address range or email domain' });
  if (raw.seatLimit !== null && (!Number.isInteger(raw.seatLimit) || raw.seatLimit < 1 || raw.seatLimit > 10_000_000))
    problems.push({ field: 'seatLimit', message: 'seats must be a whole number, at least 1' });
  const validUntil = raw.validUntil === null || raw.validUntil.trim() === '' ? null : raw.validUntil.trim();
  if (validUntil !== null && !isCalendarDate(validUntil))
    problems.push({ field: 'validUntil', message: `"${validUntil}" is not a date written YYYY-MM-DD, such as 2027-08-31` });
  const contactName = raw.contactName.trim();
  if (contactName.length > 200) problems.push({ field: 'contactName', message: 'a contact name is at most 200 characters' });
  const contactEmail = raw.contactEmail.trim();
  if (contactEmail !== '' && (!EMAIL.test(contactEmail) || contactEmail.length > 254))
    problems.push({ field: 'contactEmail', message: `"${contactEmail}" is not an email address` });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { name, ipRanges, emailDomains, seatLimit: raw.seatLimit, validUntil, contactName, contactEmail, active: raw.active },
  };
}

/** The domain of an address, lower case: "Ada@Library.Example.org" → "library.example.org". */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase();
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
