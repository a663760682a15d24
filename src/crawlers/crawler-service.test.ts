import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { writeStoredRanges } from './crawler-range-repository.js';
import { type CrawlerVerifierDeps, createCrawlerVerifier } from './crawler-service.js';
import { type FakeDnsServer, startFakeDnsServer } from './fake-dns-server.js';

const HOUR = 3_600_000;
// Addresses outside Google's published ranges (66.249.95.0/24 is Google's, but not in the list),
// so only DNS can verify them; the fake DNS server answers for them.
const RECORDS = {
  ptr: {
    '66.249.95.10': ['crawl-66-249-95-10.googlebot.com'],
    '2001:4860:4801:ffff::10': ['crawl6.googlebot.com'],
    '66.249.95.11': ['rate-limited-proxy-66-249-95-11.google.com'],
    '66.249.95.20': ['crawl-66-249-95-20.googlebot.com.evil.example'],
    '66.249.95.21': ['66-249-95-21.bc.googleusercontent.com'],
    '66.249.95.30': ['crawl-66-249-95-30.googlebot.com'],
    '66.249.95.50': ['crawl-66-249-95-50.googlebot.com'],
    '66.249.95.70': ['msnbot-66-249-95-70.search.msn.com'],
  },
  a: {
    'crawl-66-249-95-10.googlebot.com': ['66.249.95.10'],
    'rate-limited-proxy-66-249-95-11.google.com': ['66.249.95.11'],
    'crawl-66-249-95-20.googlebot.com.evil.example': ['66.249.95.20'],
    '66-249-95-21.bc.googleusercontent.com': ['66.249.95.21'],
    'crawl-66-249-95-30.googlebot.com': ['66.249.95.31'],
    'crawl-66-249-95-50.googlebot.com': [],
    'msnbot-66-249-95-70.search.msn.com': ['66.249.95.70'],
  },
  // Written out in full: compared as an address, not as text.
  aaaa: { 'crawl6.googlebot.com': ['2001:4860:4801:ffff:0000:0000:0000:0010'] },
  silent: ['66.249.95.60'],
};

describe.each(DIALECTS)('crawler verification on %s', (dialect) => {
  let handle: DbHandle;
  let dns: FakeDnsServer;
  let now: Date;
  let warnings: string[];

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    dns = await startFakeDnsServer(RECORDS);
  });
  afterAll(async () => {
    await dns.close();
    await handle.close();
  });
  beforeEach(async () => {
    await handle.db.deleteFrom('settings').where('key', 'like', 'crawler_ranges:%').execute();
    dns.queries.length = 0;
    now = new Date('2026-12-06T09:00:00Z');
    warnings = [];
  });

  function resolver(timeoutMs = 1_000): Resolver {
    const r = new Resolver({ timeout: timeoutMs, tries: 1 });
    r.setServers([dns.server]);
    return r;
  }

  async function verifier(deps: Partial<CrawlerVerifierDeps> = {}) {
    const v = createCrawlerVerifier({
      db: handle.db,
      clock: () => now,
      log: { debug() {}, warn: (_obj, msg) => warnings.push(msg) },
      resolver: resolver(),
      ...deps,
    });
    await v.reloadRanges();
    return v;
  }

  describe('by published range', () => {
    it('verifies v4, v6 and IPv4-mapped v6 addresses in the shipped Googlebot list synchronously, without DNS', async () => {
      const v = await verifier();
      expect(v.verifyFast('googlebot', '66.249.66.1')).toBe(true);
      expect(v.verifyFast('googlebot', '::ffff:66.249.66.1')).toBe(true);
      expect(v.verifyFast('googlebot', '2001:4860:4801:10::1')).toBe(true);
      expect(await v.verify('googlebot', '66.249.66.1')).toBe(true);
      expect(dns.queries).toEqual([]);
    });

    it('does not verify a Googlebot range for another crawler, nor an address outside the ranges', async () => {
      const v = await verifier();
      expect(await v.verify('bingbot', '66.249.66.1')).toBe(false);
      expect(await v.verify('googlebot', '::ffff:66.249.95.1')).toBe(false);
      expect(await v.verify('googlebot', '2001:4860:4801:ffff::99')).toBe(false);
      // Outside the ranges, DNS was asked (and said no).
      expect(dns.queries).toEqual([
        'PTR 1.66.249.66.in-addr.arpa',
        'PTR 1.95.249.66.in-addr.arpa',
        'PTR 9.9.0.0.0.0.0.0.0.0.0.0.0.0.0.0.f.f.f.f.1.0.8.4.0.6.8.4.1.0.0.2.ip6.arpa',
      ]);
    });

    it('never asks DNS about private, loopback, documentation or other special-use addresses', async () => {
      const v = await verifier();
      for (const ip of [
        '127.0.0.1',
        '::1',
        '::ffff:127.0.0.1',
        '10.1.2.3',
        '192.168.1.1',
        '172.16.0.1',
        '100.64.0.1',
        '169.254.1.1',
        '203.0.113.9',
        '::ffff:198.51.100.7',
        '2001:db8::1',
        'fd00::1',
        'fe80::1',
      ]) {
        expect(await v.verify('googlebot', ip), ip).toBe(false);
      }
      expect(dns.queries).toEqual([]);
    });

    it('waits for the loaded lists on the first check in a process', async () => {
      const v = createCrawlerVerifier({ db: handle.db, clock: () => now, log: { debug() {}, warn() {} }, resolver: resolver() });
      const first = v.verifyFast('googlebot', '66.249.66.1');
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toBe(true);
      expect(v.verifyFast('googlebot', '66.249.66.1')).toBe(true);
    });
  });

  describe('by forward-confirmed reverse DNS', () => {
    it.each([
      ['googlebot', '66.249.95.10', 'a PTR in googlebot.com that resolves back'],
      ['googlebot', '::ffff:66.249.95.10', 'the same, from a dual-stack socket'],
      ['googlebot', '2001:4860:4801:ffff::10', 'an IPv6 PTR in googlebot.com with a matching AAAA'],
      ['googlebot', '66.249.95.11', 'a PTR in google.com'],
      ['bingbot', '66.249.95.70', 'a PTR in search.msn.com'],
    ] as const)('verifies %s at %s: %s', async (crawler, ip, _why) => {
      const v = await verifier();
      expect(await v.verify(crawler, ip)).toBe(true);
    });

    it.each([
      ['googlebot', '66.249.95.20', 'a PTR under googlebot.com.evil.example'],
      ['googlebot', '66.249.95.21', 'a PTR in googleusercontent.com (any Google Cloud machine)'],
      ['googlebot', '66.249.95.30', 'a good PTR whose name resolves to another address'],
      ['googlebot', '66.249.95.40', 'no PTR (NXDOMAIN)'],
      ['googlebot', '66.249.95.50', 'a good PTR whose name has no address'],
      ['googlebot', '66.249.95.70', "Bing's PTR for a Googlebot claim"],
      ['bingbot', '66.249.95.10', "Google's PTR for a Bingbot claim"],
      ['googlebot', 'not-an-address', 'no address at all'],
    ] as const)('rejects %s at %s: %s', async (crawler, ip, _why) => {
      const v = await verifier();
      expect(await v.verify(crawler, ip)).toBe(false);
    });

    it('never asks for the address of a name outside the crawler’s domain', async () => {
      const v = await verifier();
      await v.verify('googlebot', '66.249.95.20');
      expect(dns.queries).toEqual(['PTR 20.95.249.66.in-addr.arpa']);
    });

    it('gives up fast when DNS does not answer, and does not verify', async () => {
      const v = await verifier({ resolver: resolver(5_000), dnsTimeoutMs: 200 });
      const t = performance.now();
      expect(await v.verify('googlebot', '66.249.95.60')).toBe(false);
      expect(performance.now() - t).toBeLessThan(1_000);
      expect(warnings).toContain('crawler DNS check failed');
    });
  });

  describe('the verdict cache', () => {
    it('answers a second check from the cache, synchronously and with no DNS query, until the verdict expires', async () => {
      const v = await verifier();
      expect(await v.verify('googlebot', '66.249.95.10')).toBe(true);
      expect(await v.verify('googlebot', '66.249.95.40')).toBe(false);
      const asked = dns.queries.length;
      expect(asked).toBe(3); // PTR and A for .10, PTR for .40
      expect(v.verifyFast('googlebot', '66.249.95.10')).toBe(true);
      expect(v.verifyFast('googlebot', '66.249.95.40')).toBe(false);
      expect(dns.queries).toHaveLength(asked);

      // The cache is per crawler: Bingbot's claim on the same address is its own question.
      expect(await v.verify('bingbot', '66.249.95.10')).toBe(false);
      expect(dns.queries).toHaveLength(asked + 1);

      now = new Date(now.getTime() + HOUR + 1); // a "no" is kept an hour
      expect(v.verifyFast('googlebot', '66.249.95.10')).toBe(true);
      expect(await v.verifyFast('googlebot', '66.249.95.40')).toBe(false);
      expect(dns.queries).toHaveLength(asked + 2);

      now = new Date(now.getTime() + 24 * HOUR); // a "yes" a day
      expect(await v.verifyFast('googlebot', '66.249.95.10')).toBe(true);
      expect(dns.queries).toHaveLength(asked + 4);
    });

    it('keeps a DNS failure only briefly', async () => {
      const v = await verifier({ resolver: resolver(5_000), dnsTimeoutMs: 100 });
      expect(await v.verify('googlebot', '66.249.95.60')).toBe(false);
      const asked = dns.queries.length;
      expect(v.verifyFast('googlebot', '66.249.95.60')).toBe(false);
      expect(dns.queries).toHaveLength(asked);
      now = new Date(now.getTime() + 61_000);
      expect(await v.verify('googlebot', '66.249.95.60')).toBe(false);
      expect(dns.queries.length).toBeGreaterThan(asked);
    });

    it('asks DNS once for concurrent checks of one address', async () => {
      const v = await verifier();
      const results = await Promise.all([
        v.verify('googlebot', '66.249.95.10'),
        v.verify('googlebot', '66.249.95.10'),
        v.verify('googlebot', '66.249.95.10'),
      ]);
      expect(results).toEqual([true, true, true]);
      expect(dns.queries).toEqual(['PTR 10.95.249.66.in-addr.arpa', 'A crawl-66-249-95-10.googlebot.com']);
    });

    it('bounds the DNS checks in flight: past the limit a claimant is simply not verified', async () => {
      const v = await verifier({ resolver: resolver(5_000), dnsTimeoutMs: 300, maxLookups: 1 });
      const slow = v.verify('googlebot', '66.249.95.60');
      expect(await v.verify('googlebot', '66.249.95.10')).toBe(false);
      expect(await slow).toBe(false);
      // Not cached as a "no": with room again, the address is checked and verified.
      expect(await v.verify('googlebot', '66.249.95.10')).toBe(true);
    });

    it('keeps at most cacheSize verdicts per crawler, dropping the oldest', async () => {
      const v = await verifier({ cacheSize: 2 });
      for (const ip of ['66.249.95.40', '66.249.95.41', '66.249.95.42']) expect(await v.verify('googlebot', ip)).toBe(false);
      expect(v.verifyFast('googlebot', '66.249.95.42')).toBe(false);
      expect(v.verifyFast('googlebot', '66.249.95.41')).toBe(false);
      const evicted = v.verifyFast('googlebot', '66.249.95.40');
      expect(evicted).toBeInstanceOf(Promise);
      expect(await evicted).toBe(false);
    });
  });

  describe('loaded lists', () => {
    it("replace the shipped list: a dropped range is no longer trusted, a new one is, and Bing's list applies", async () => {
      await writeStoredRanges(
        handle.db,
        'googlebot',
        { creationTime: '2026-12-01T00:00:00.000000', ipv4: ['198.51.100.0/24'], ipv6: ['2001:db8:1::/48'] },
        now,
      );
      await writeStoredRanges(
        handle.db,
        'bingbot',
        { creationTime: '2026-12-01T00:00:00.000000', ipv4: ['203.0.113.0/24'], ipv6: [] },
        now,
      );
      const v = await verifier();
      expect(v.verifyFast('googlebot', '198.51.100.7')).toBe(true);
      expect(v.verifyFast('googlebot', '::ffff:198.51.100.7')).toBe(true);
      expect(v.verifyFast('googlebot', '2001:db8:1::7')).toBe(true);
      expect(v.verifyFast('bingbot', '203.0.113.5')).toBe(true);
      expect(dns.queries).toEqual([]);
      // 66.249.66.1 is in the shipped list only: now it must pass DNS (and here it cannot).
      expect(await v.verify('googlebot', '66.249.66.1')).toBe(false);
      expect(dns.queries).toEqual(['PTR 1.66.249.66.in-addr.arpa']);
    });

    it('are seen by a running process after rangesTtlMs', async () => {
      const v = await verifier({ rangesTtlMs: 5 * 60_000 });
      expect(await v.verify('bingbot', '203.0.113.5')).toBe(false);
      await writeStoredRanges(
        handle.db,
        'bingbot',
        { creationTime: '2026-12-01T00:00:00.000000', ipv4: ['203.0.113.0/24'], ipv6: [] },
        now,
      );
      expect(await v.verify('bingbot', '203.0.113.6')).toBe(false);
      now = new Date(now.getTime() + 5 * 60_000);
      const during = v.verifyFast('bingbot', '203.0.113.7'); // starts the re-read in the background
      await v.reloadRanges();
      await during;
      expect(v.verifyFast('bingbot', '203.0.113.8')).toBe(true);
    });

    it('fall back to the shipped list when the stored value is damaged', async () => {
      await handle.db
        .insertInto('settings')
        .values({
          key: 'crawler_ranges:googlebot',
          value: JSON.stringify({ creationTime: 'x', prefixes: [{ ipv4Prefix: 'nope' }] }),
          updated_at: now,
        })
        .execute();
      const v = await verifier();
      expect(v.verifyFast('googlebot', '66.249.66.1')).toBe(true);
      expect(warnings).toContain('stored crawler ranges are invalid; using the shipped list');
    });
  });
});
