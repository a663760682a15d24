/**
 * The key the per-client rate limits of the account routes count under: an IPv4 client by its
 * address, an IPv6 client by its /56. One subscriber line is usually given a whole /56 or /48
 * (RIPE-690, "IPv6 prefix assignment for end-users", recommends one of the two), so keying by
 * the full IPv6 address would give one person 2^72 fresh limits. Every textual form of an IPv4-mapped address
 * (`::ffff:192.0.2.1`, `::ffff:c000:201`) is the IPv4 client it stands for. Pure.
 */
import { isIP } from 'node:net';

/** "v4:192.0.2.1", "v6:2001:db8:1:200::/56", or "other:<text>" for what is not an address. */
export function clientKey(ip: string): string {
  const text = ip.trim();
  const family = isIP(text);
  if (family === 4) return `v4:${text}`;
  if (family !== 6) return `other:${text.slice(0, 100)}`;
  const groups = ipv6Groups(text);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `v4:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  const prefix = [groups[0] ?? 0, groups[1] ?? 0, groups[2] ?? 0, (groups[3] ?? 0) & 0xff00].map((g) => g.toString(16));
  return `v6:${prefix.join(':')}::/56`;
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail becomes two groups). */
function ipv6Groups(addr: string): number[] {
  let text = addr.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const n = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((n[0] << 8) | n[1]).toString(16)}:${((n[2] << 8) | n[3]).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => Number.parseInt(g, 16));
}
