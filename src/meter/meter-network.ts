/**
 * The network a request comes from, for the budget of fresh anonymous meters (issue 4, "reset
 * resistance"): the client address's /24 (IPv4) or /48 (IPv6), as a keyed hash. The raw address
 * is never stored; without the server's key the hash cannot be reversed by trying the 2^24
 * IPv4 networks.
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { normalizeAddress } from '../net/cidr.js';

/** "203.0.113.0/24", "2001:db8:42::/48", or null for a string that is not an address. */
export function networkOf(ip: string): string | null {
  const addr = normalizeAddress(ip);
  if (addr === null) return null;
  if (isIP(addr) === 4) {
    const parts = addr.split('.');
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`;
  }
  return `${expandIpv6(addr).slice(0, 3).join(':')}::/48`;
}

/** Eight 16-bit groups, lowercase, without leading zeros ("::1" → ["0", …, "1"]). */
function expandIpv6(addr: string): string[] {
  let text = addr.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4 that is not mapped, 64:ff9b::1.2.3.4) becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const n = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((n[0] << 8) | n[1]).toString(16)}:${((n[2] << 8) | n[3]).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => Number.parseInt(g, 16).toString(16));
}

/** The keyed hash stored for a network: HMAC-SHA256 with the first signing key, 128 bits. */
export function networkHash(network: string, key: string): string {
  return createHmac('sha256', key).update(`meter-network:${network}`).digest('base64url').slice(0, 22);
}
