/**
 * Address ranges (CIDR, IPv4 and IPv6) for group licences, crawler lists and the meter's network
 * budget: stored as text, parsed and matched in the app (no database's address type). Pure; the
 * matching itself is node:net's BlockList, which knows both families and IPv4-mapped IPv6 addresses.
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

/**
 * One text for one address, so a budget or a range match never sees two:
 * - an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2, `::ffff:0:0/96`: what a dual-stack socket
 *   reports for an IPv4 client) becomes its IPv4 address, in any of its spellings
 *   (`::ffff:198.51.100.1`, `::ffff:c633:6401`, `::FFFF:C633:6401`, `0:0:0:0:0:ffff:c633:6401`,
 *   zero-padded groups);
 * - every other IPv6 address takes its RFC 5952 form (lowercase, no leading zeros, the longest run
 *   of zero groups as `::`), without a zone (`%eth0`: RFC 4007 §11, it names an interface of this
 *   host, not a part of the address);
 * - IPv4 stays dotted decimal (node:net refuses leading zeros, which inet_aton reads as octal).
 *
 * Deliberately not unwrapped: the "IPv4-translated" `::ffff:0:a.b.c.d` of SIIT (RFC 2765 §2.1,
 * obsoleted by RFC 6145, which dropped the format) and the deprecated "IPv4-compatible"
 * `::a.b.c.d` (RFC 4291 §2.5.5.1). No socket reports them for an IPv4 client, so such a peer is an
 * IPv6 host, and it is treated as one (its /48 is shared with every other such address, which
 * only makes the budget stricter for it).
 */
export function normalizeAddress(ip: string): string | null {
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version === 0) return null;
  const groups = ipv6Groups(ip);
  if (groups === null) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return formatIpv6(groups);
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail and a zone allowed), or null. */
export function ipv6Groups(ip: string): number[] | null {
  const zone = ip.indexOf('%');
  let text = (zone >= 0 ? ip.slice(0, zone) : ip).toLowerCase();
  if (isIP(text) !== 6) return null;
  const v4 = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = v4[1].split('.').map(Number) as [number, number, number, number];
    const tail = `${((n[0] << 8) | n[1]).toString(16)}:${((n[2] << 8) | n[3]).toString(16)}`;
    text = `${text.slice(0, text.length - v4[1].length)}${tail}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  const groups = [...left, ...new Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** RFC 5952 §4: lowercase, no leading zeros, the first longest run (two or more) of zero groups as `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
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
