/**
 * Address ranges (CIDR, IPv4 and IPv6) for group licences, crawler lists and the meter's network
 * budget: parsed from text, matched in the app
 * (decisions.md: "Address ranges are stored as text and matched in the app"). Pure; the matching
 * itself is node:net's BlockList, which knows both families and IPv4-mapped IPv6 addresses.
 */
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** "192.0.2.0/24", "2001:db8::/32", or a single address (a /32 or /128). Null when it is not one. */
export function parseCidr(text: string): Cidr | null {
  const trimmed = text.trim();
  const m = /^([0-9A-Fa-f.:]+)(?:\/(\d{1,3}))?$/.exec(trimmed);
  if (!m || m[1] === undefined) return null;
  const address = m[1];
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (prefix > max || (m[2] !== undefined && m[2].length > 1 && m[2].startsWith('0'))) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export function isValidCidr(text: string): boolean {
  return parseCidr(text) !== null;
}

/** "::ffff:192.0.2.1" → "192.0.2.1": what a dual-stack socket reports for an IPv4 client. */
export function normalizeAddress(ip: string): string | null {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  const candidate = mapped?.[1] ?? ip;
  return isIP(candidate) === 0 ? null : candidate;
}

/** A matcher over a list of ranges; text that is not a range is skipped (it is validated on save). */
export function createRangeMatcher(ranges: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  let any = false;
  for (const text of ranges) {
    const c = parseCidr(text);
    if (!c) continue;
    list.addSubnet(c.address, c.prefix, c.family);
    any = true;
  }
  return (ip) => {
    if (!any) return false;
    const addr = normalizeAddress(ip);
    if (addr === null) return false;
    return list.check(addr, isIP(addr) === 4 ? 'ipv4' : 'ipv6');
  };
}

export function ipInRanges(ip: string, ranges: readonly string[]): boolean {
  return createRangeMatcher(ranges)(ip);
}
