/**
 * Is this request from the search crawler its User-Agent names? Yes when the address is in the
 * crawler's published ranges (the list loaded into the database, else the shipped one), or
 * passes forward-confirmed reverse DNS. DNS verdicts are cached per (crawler, address); the range
 * check and a cached verdict answer synchronously, so a verified Googlebot costs no promise.
 *
 * The address is `request.ip`: the socket's, unless MASTHEAD_TRUSTED_PROXIES names the peer
 * (Fastify's trustProxy), so X-Forwarded-For from anyone else is never believed.
 */
import { Resolver } from 'node:dns/promises';
import type { Db } from '../db/database.js';
import { clientNetwork } from '../http/request-log.js';
import { normalizeAddress } from '../net/cidr.js';
import type { Clock } from '../platform.js';
import { CRAWLER_NAMES, type CrawlerName, claimedCrawler } from './crawler.js';
import { readStoredRanges } from './crawler-range-repository.js';
import { type CrawlerRanges, rangeMatcher } from './crawler-ranges.js';
import { type DnsResolver, forwardConfirmedReverseDns } from './reverse-dns.js';
import { readShippedRanges } from './shipped-ranges.js';
import { VerdictCache } from './verdict-cache.js';

export interface CrawlerVerifier {
  /** Which crawler a User-Agent claims to be (the pure `claimedCrawler`, here for callers holding only this). */
  claimedCrawler(userAgent: string | undefined): CrawlerName | null;
  /** Whether `ip` belongs to `crawler`. Never rejects: a DNS failure or timeout is "not verified". */
  verify(crawler: CrawlerName, ip: string): Promise<boolean>;
  /** The same, synchronous when the address is in the ranges or its verdict is cached. */
  verifyFast(crawler: CrawlerName, ip: string): boolean | Promise<boolean>;
}

/** The part of pino's Logger this needs. */
export interface CrawlerLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface CrawlerVerifierDeps {
  db: Db;
  clock: Clock;
  log: CrawlerLog;
  /** Default: node:dns/promises' Resolver on the system's servers, 1 s a try, 2 tries. */
  resolver?: DnsResolver;
  /** The longest a DNS check may take in all (default 2,500 ms); past it, "not verified". */
  dnsTimeoutMs?: number;
  /** How long verdicts are kept: verified (24 h), rejected by DNS (1 h), DNS failed (1 min). */
  ttlMs?: Partial<Record<'verified' | 'rejected' | 'failed', number>>;
  /** Verdicts kept per crawler (default 10,000; the oldest go first). */
  cacheSize?: number;
  /** DNS checks in flight at once (default 32); more claimants than that are not verified. */
  maxLookups?: number;
  /** How often the loaded lists are re-read from the database (default 5 min). */
  rangesTtlMs?: number;
}

export type CrawlerVerifierService = CrawlerVerifier & {
  /** Re-reads the loaded lists now (the CLI's `crawlers load` in another process is seen at the next re-read). */
  reloadRanges(): Promise<void>;
};

const HOUR = 3_600_000;

export function createCrawlerVerifier(deps: CrawlerVerifierDeps): CrawlerVerifierService {
  const { db, clock, log } = deps;
  const ttl = { verified: 24 * HOUR, rejected: HOUR, failed: 60_000, ...deps.ttlMs };
  const dnsTimeoutMs = deps.dnsTimeoutMs ?? 2_500;
  const maxLookups = deps.maxLookups ?? 32;
  const rangesTtlMs = deps.rangesTtlMs ?? 5 * 60_000;
  const cacheSize = deps.cacheSize ?? 10_000;
  const caches: Record<CrawlerName, VerdictCache> = { googlebot: new VerdictCache(cacheSize), bingbot: new VerdictCache(cacheSize) };
  const inFlight: Record<CrawlerName, Map<string, Promise<boolean>>> = { googlebot: new Map(), bingbot: new Map() };
  let resolver = deps.resolver;

  // Read with the first claimant, not at start (parsing them was ~17 ms of a cold start); a broken
  // shipped file is a broken build, caught by crawler-ranges.test.ts ("the shipped lists").
  let shippedLists: Record<CrawlerName, CrawlerRanges | null> | undefined;
  const shipped = (): Record<CrawlerName, CrawlerRanges | null> => {
    shippedLists ??= { googlebot: readShippedRanges('googlebot'), bingbot: readShippedRanges('bingbot') };
    return shippedLists;
  };
  /** Undefined until the first claimant: then the stored lists, or the shipped ones. */
  let matchers: Record<CrawlerName, (ip: string) => boolean> | undefined;
  const matcherOf = (crawler: CrawlerName): ((ip: string) => boolean) => {
    matchers ??= { googlebot: rangeMatcher(shipped().googlebot), bingbot: rangeMatcher(shipped().bingbot) };
    return matchers[crawler];
  };
  /** When the stored lists were last read (or a read last failed); undefined before the first. */
  let rangesReadAt: number | undefined;
  let reading: Promise<void> | undefined;

  /** Never rejects: on a database error the lists in use stay, and the read is tried again later. */
  async function readRanges(): Promise<void> {
    try {
      const stored = await readStoredRanges(db, CRAWLER_NAMES, (crawler, problems) =>
        log.warn({ crawler, problems }, 'stored crawler ranges are invalid; using the shipped list'),
      );
      matchers = {
        googlebot: rangeMatcher(stored.get('googlebot')?.ranges ?? shipped().googlebot),
        bingbot: rangeMatcher(stored.get('bingbot')?.ranges ?? shipped().bingbot),
      };
    } catch (err) {
      log.warn({ err }, 'could not read the crawler ranges from the database');
    }
    rangesReadAt = clock().getTime();
  }

  function reloadRanges(): Promise<void> {
    reading ??= readRanges().finally(() => {
      reading = undefined;
    });
    return reading;
  }

  function lookup(crawler: CrawlerName, ip: string): Promise<boolean> {
    const pending = inFlight[crawler].get(ip);
    if (pending) return pending;
    const address = normalizeAddress(ip);
    if (address === null) return Promise.resolve(false);
    if (inFlight.googlebot.size + inFlight.bingbot.size >= maxLookups) {
      log.debug({ crawler, network: clientNetwork(ip) }, 'crawler check skipped: too many DNS checks in flight');
      return Promise.resolve(false);
    }
    resolver ??= new Resolver({ timeout: 1_000, tries: 2 });
    const dns = resolver;
    const check = (async () => {
      try {
        const result = await forwardConfirmedReverseDns(dns, crawler, address, dnsTimeoutMs);
        const verified = result.verdict === 'verified';
        caches[crawler].set(ip, verified, clock().getTime() + ttl[result.verdict]);
        if (result.verdict === 'failed')
          log.warn({ crawler, network: clientNetwork(ip), reason: result.reason }, 'crawler DNS check failed');
        else log.debug({ crawler, network: clientNetwork(ip), ...result }, 'crawler DNS check');
        return verified;
      } catch (err) {
        log.warn({ err, crawler, network: clientNetwork(ip) }, 'crawler DNS check failed');
        return false;
      } finally {
        inFlight[crawler].delete(ip);
      }
    })();
    inFlight[crawler].set(ip, check);
    return check;
  }

  function decide(crawler: CrawlerName, ip: string, now: number): boolean | Promise<boolean> {
    if (matcherOf(crawler)(ip)) return true;
    const cached = caches[crawler].get(ip, now);
    if (cached !== undefined) return cached;
    return lookup(crawler, ip);
  }

  function verifyFast(crawler: CrawlerName, ip: string): boolean | Promise<boolean> {
    try {
      if (rangesReadAt === undefined) {
        // The first claimant in this process waits for the loaded lists: an operator's list
        // replaces the shipped one, including any range it drops.
        return reloadRanges()
          .then(() => decide(crawler, ip, clock().getTime()))
          .catch((err: unknown) => {
            log.warn({ err, crawler, network: clientNetwork(ip) }, 'crawler check failed');
            return false;
          });
      }
      const now = clock().getTime();
      if (now - rangesReadAt >= rangesTtlMs) void reloadRanges();
      return decide(crawler, ip, now);
    } catch (err) {
      log.warn({ err, crawler, network: clientNetwork(ip) }, 'crawler check failed');
      return false;
    }
  }

  return {
    claimedCrawler,
    verifyFast,
    async verify(crawler, ip) {
      return verifyFast(crawler, ip);
    },
    reloadRanges,
  };
}
