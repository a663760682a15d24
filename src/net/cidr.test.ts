import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipInRanges, isValidCidr, normalizeAddress, parseCidr } from './cidr.js';

describe('parseCidr', () => {
  it.each([
    ['192.0.2.0/24', { address: '192.0.2.0', prefix: 24, family: 'ipv4' }],
    ['10.0.0.1', { address: '10.0.0.1', prefix: 32, family: 'ipv4' }],
    ['0.0.0.0/0', { address: '0.0.0.0', prefix: 0, family: 'ipv4' }],
    ['2001:db8::/32', { address: '2001:db8::', prefix: 32, family: 'ipv6' }],
    ['::1', { address: '::1', prefix: 128, family: 'ipv6' }],
    [' 198.51.100.0/25 ', { address: '198.51.100.0', prefix: 25, family: 'ipv4' }],
  ])('reads %s', (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });

  it.each([
    '',
    '192.0.2.0/33',
    '2001:db8::/129',
    '256.0.0.1/8',
    'example.com',
    '192.0.2.0/',
    '192.0.2.0/024',
    '1.2.3/8',
    '10.0.0.0/8/8',
    '::g/64',
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeNull();
    expect(isValidCidr(text)).toBe(false);
  });
});

describe('ipInRanges', () => {
  const ranges = ['192.0.2.0/24', '198.51.100.7', '2001:db8:abcd::/48'];
  it.each([
    ['192.0.2.1', true],
    ['192.0.2.255', true],
    ['192.0.3.0', false],
    ['198.51.100.7', true],
    ['198.51.100.8', false],
    ['::ffff:192.0.2.10', true],
    ['2001:db8:abcd:12::1', true],
    ['2001:db8:abce::1', false],
    ['::1', false],
    ['not an address', false],
    ['', false],
  ])('%s → %s', (ip, inside) => {
    expect(ipInRanges(ip, ranges)).toBe(inside);
  });

  it('skips ranges that are not ranges and matches nothing when none are left', () => {
    expect(ipInRanges('192.0.2.1', ['nonsense', '10.0.0.0/8'])).toBe(false);
    expect(ipInRanges('10.1.2.3', ['nonsense', '10.0.0.0/8'])).toBe(true);
    expect(ipInRanges('10.1.2.3', [])).toBe(false);
  });

  it('agrees with arithmetic for random IPv4 addresses and prefixes', () => {
    const toInt = (parts: number[]) => parts.reduce((n, p) => n * 256 + p, 0);
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (net, ip, prefix) => {
        const block = 2 ** (32 - prefix);
        const expected = Math.floor(toInt(net) / block) === Math.floor(toInt(ip) / block);
        expect(ipInRanges(ip.join('.'), [`${net.join('.')}/${prefix}`])).toBe(expected);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 3 }), (ip, ranges) => {
        expect(typeof ipInRanges(ip, ranges)).toBe('boolean');
      }),
    );
  });
});

describe('normalizeAddress', () => {
  // One IPv4 client, as sockets, proxies and people spell it: every form is the same address.
  it.each([
    ['198.51.100.1', '198.51.100.1'],
    ['::ffff:198.51.100.1', '198.51.100.1'],
    ['::FFFF:198.51.100.1', '198.51.100.1'],
    ['::ffff:c633:6401', '198.51.100.1'],
    ['::FFFF:C633:6401', '198.51.100.1'],
    ['::ffff:C633:6401', '198.51.100.1'],
    ['0:0:0:0:0:ffff:c633:6401', '198.51.100.1'],
    ['0000:0000:0000:0000:0000:ffff:c633:6401', '198.51.100.1'],
    ['0:0:0:0:0:FFFF:198.51.100.1', '198.51.100.1'],
    ['::0:ffff:c633:6401', '198.51.100.1'],
    ['0::ffff:c633:6401', '198.51.100.1'],
    ['::ffff:0c12:0501', '12.18.5.1'],
    ['::ffff:c612:501', '198.18.5.1'],
    ['::ffff:c633:6401%eth0', '198.51.100.1'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
  ])('%s is %s', (text, address) => {
    expect(normalizeAddress(text)).toBe(address);
  });

  // IPv6 takes its RFC 5952 form.
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
    ['::', '::'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
    // IPv4-translated (SIIT, RFC 2765) and IPv4-compatible forms are IPv6 hosts, not mapped ones.
    ['::ffff:0:c633:6401', '::ffff:0:c633:6401'],
    ['::ffff:0:198.51.100.1', '::ffff:0:c633:6401'],
    ['::198.51.100.1', '::c633:6401'],
    ['::c633:6401', '::c633:6401'],
  ])('%s is %s', (text, address) => {
    expect(normalizeAddress(text)).toBe(address);
  });

  it.each(['x', '', '198.051.100.1', '::ffff:198.51.100.001', '1.2.3.4.5', ':::1', '2001:db8::1::2', '[::1]', ' 198.51.100.1'])(
    'refuses %j',
    (text) => {
      expect(normalizeAddress(text)).toBeNull();
    },
  );

  it('makes every form of one address match the same ranges', () => {
    const forms = ['198.51.100.1', '::ffff:198.51.100.1', '::ffff:c633:6401', '::FFFF:C633:6401', '0:0:0:0:0:ffff:c633:6401'];
    for (const f of forms) {
      expect(ipInRanges(f, ['198.51.100.0/24'])).toBe(true);
      expect(ipInRanges(f, ['::ffff:198.51.100.0/120'])).toBe(true);
      expect(ipInRanges(f, ['198.51.101.0/24'])).toBe(false);
    }
    expect(ipInRanges('::ffff:0:c633:6401', ['198.51.100.0/24'])).toBe(false);
  });
});
