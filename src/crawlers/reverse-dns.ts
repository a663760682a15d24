/**
 * Forward-confirmed reverse DNS, the check Google and Bing both document for their crawlers:
 * the address's PTR name lies in the crawler's domain, and that name's A (or AAAA) records
 * include the address. Either half alone proves nothing: anyone may set the PTR of their own
 * address to "crawl-1-2-3-4.googlebot.com", and only Google can make that name resolve to it.
 */
import { BlockList, isIP } from 'node:net';
import { type CrawlerName, isCrawlerHost } from './crawler.js';

/** The part of `node:dns/promises`' Resolver this needs (tests point a real one at a loopback server). */
export interface DnsResolver {
  reverse(ip: string): Promise<string[]>;
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
}

/**
 * `verified`; `rejected` when DNS answered and the answer does not back the claim (no PTR, a
 * foreign name, a forward lookup that misses); `failed` when DNS did not answer (timeout, server
 * failure), which says nothing about the address and is only remembered briefly.
 */
export type DnsVerdict = { verdict: 'verified'; host: string } | { verdict: 'rejected' | 'failed'; reason: string };

/** Answers that mean "no such record", as node:dns reports them: a real no, not a failure. */
const NEGATIVE = new Set(['ENOTFOUND', 'ENODATA', 'NOTFOUND', 'NODATA']);

/** PTR names checked at most: a crawler's address has one; a long list is someone's experiment. */
const MAX_NAMES = 4;

/**
 * Special-use ranges (RFC 6890 and IANA's registries of them): private, loopback, link-local,
 * shared (CGNAT), documentation, benchmarking, multicast, reserved. No crawler sends from one,
 * so they are refused without asking DNS (which would only leak internal names, or wait).
 */
const SPECIAL_USE = new BlockList();
for (const [range, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  SPECIAL_USE.addSubnet(range, prefix, 'ipv4');
}
for (const [range, prefix] of [
  ['::', 127], // unspecified and loopback
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  SPECIAL_USE.addSubnet(range, prefix, 'ipv6');
}

/** `address` is plain IPv4 or IPv6 (IPv4-mapped IPv6 already unwrapped). Never throws. */
export async function forwardConfirmedReverseDns(
  resolver: DnsResolver,
  crawler: CrawlerName,
  address: string,
  timeoutMs: number,
): Promise<DnsVerdict> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<DnsVerdict>((resolve) => {
    timer = setTimeout(() => resolve({ verdict: 'failed', reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([confirm(resolver, crawler, address), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function confirm(resolver: DnsResolver, crawler: CrawlerName, address: string): Promise<DnsVerdict> {
  const family = isIP(address);
  if (family === 0) return { verdict: 'rejected', reason: 'not an address' };
  if (SPECIAL_USE.check(address, family === 4 ? 'ipv4' : 'ipv6')) return { verdict: 'rejected', reason: 'not a public address' };
  let names: string[];
  try {
    names = await resolver.reverse(address);
  } catch (err) {
    return fromError('reverse lookup', err);
  }
  const candidates = names.filter((n) => isCrawlerHost(crawler, n)).slice(0, MAX_NAMES);
  if (candidates.length === 0)
    return { verdict: 'rejected', reason: `PTR ${names.length > 0 ? names.join(', ') : '(none)'} is not the crawler's` };
  const self = new BlockList();
  self.addAddress(address, family === 4 ? 'ipv4' : 'ipv6');
  let failure: DnsVerdict | null = null;
  for (const host of candidates) {
    try {
      const forward = family === 4 ? await resolver.resolve4(host) : await resolver.resolve6(host);
      // Compared as addresses, not text: "2001:db8::1" and "2001:0db8:0:0::1" are one address.
      if (forward.some((a) => isIP(a) === family && self.check(a, family === 4 ? 'ipv4' : 'ipv6'))) return { verdict: 'verified', host };
    } catch (err) {
      const v = fromError(`forward lookup of ${host}`, err);
      if (v.verdict === 'failed') failure = v;
    }
  }
  return failure ?? { verdict: 'rejected', reason: `${candidates.join(', ')} does not resolve back to the address` };
}

function fromError(step: string, err: unknown): DnsVerdict {
  const code = (err as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : String(err);
  return { verdict: typeof code === 'string' && NEGATIVE.has(code) ? 'rejected' : 'failed', reason: `${step}: ${text}` };
}
