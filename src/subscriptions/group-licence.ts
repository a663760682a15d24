/**
 * Group licences: an organisation (library, school, company) whose address ranges and/or email
 * domains grant `web` to its people. Pure types and checks.
 */
import { isValidCidr } from '../net/cidr.js';

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

/** Problems with an organisation's ranges and domains, named by field (empty when fine). */
export function organisationProblems(
  o: Pick<Organisation, 'ipRanges' | 'emailDomains' | 'seatLimit'>,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const r of o.ipRanges)
    if (!isValidCidr(r))
      problems.push({ field: 'ipRanges', message: `"${r}" is not an address range such as 192.0.2.0/24 or 2001:db8::/32` });
  for (const d of o.emailDomains)
    if (!DOMAIN.test(d)) problems.push({ field: 'emailDomains', message: `"${d}" is not a lower-case domain such as example.edu` });
  if (o.seatLimit !== null && (!Number.isInteger(o.seatLimit) || o.seatLimit < 0))
    problems.push({ field: 'seatLimit', message: 'must be a whole number, or empty for no limit' });
  return problems;
}
