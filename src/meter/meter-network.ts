/**
 * The network a request comes from, for the budget of fresh anonymous meters ("reset
 * resistance"): the client address's /24 (IPv4) or /48 (IPv6), as a keyed hash. The raw address
 * is never stored; without the server's key the hash cannot be reversed by trying the 2^24
 * IPv4 networks.
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { ipv6Groups, normalizeAddress } from '../net/cidr.js';
import { hmacKey } from './meter-cookie.js';

/** "203.0.113.0/24", "2001:db8:42::/48", or null for a string that is not an address. */
export function networkOf(ip: string): string | null {
  // Normalised first: every spelling of one IPv4-mapped address is that IPv4 address (cidr.ts).
  const addr = normalizeAddress(ip);
  if (addr === null) return null;
  if (isIP(addr) === 4) {
    const parts = addr.split('.');
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`;
  }
  const groups = ipv6Groups(addr);
  return groups === null
    ? null
    : `${groups
        .slice(0, 3)
        .map((g) => g.toString(16))
        .join(':')}::/48`;
}

/** The keyed hash stored for a network: HMAC-SHA256 with the first signing key, 128 bits. */
export function networkHash(network: string, key: string): string {
  return createHmac('sha256', hmacKey(key)).update(`meter-network:${network}`).digest('base64url').slice(0, 22);
}
