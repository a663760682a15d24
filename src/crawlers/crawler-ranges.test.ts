import { describe, expect, it } from 'vitest';
import { parseRangeFile, rangeMatcher, toRangeFile } from './crawler-ranges.js';
import { readShippedRanges } from './shipped-ranges.js';

describe('parseRangeFile', () => {
  it('reads the published format, keeping each family apart and ignoring unknown keys', () => {
    const r = parseRangeFile({
      creationTime: '2026-08-20T14:46:45.000000',
      syncToken: '1234',
      prefixes: [{ ipv4Prefix: '66.249.64.0/27' }, { ipv6Prefix: '2001:4860:4801:10::/64' }],
    });
    expect(r).toEqual({
      ok: true,
      ranges: { creationTime: '2026-08-20T14:46:45.000000', ipv4: ['66.249.64.0/27'], ipv6: ['2001:4860:4801:10::/64'] },
    });
    if (r.ok) expect(parseRangeFile(toRangeFile(r.ranges))).toEqual(r);
  });

  it('names every bad prefix, and rejects the whole file', () => {
    const r = parseRangeFile({
      creationTime: '2026-08-20',
      prefixes: [
        { ipv4Prefix: '66.249.64.0/27' },
        { ipv4Prefix: '66.249.300.0/27' },
        { ipv6Prefix: '2001:zz::/32' },
        { ipv4Prefix: '2001:db8::/32' },
        { ipv4Prefix: '66.249.64.0/33' },
        { ipv4Prefix: '66.249.64.1' },
        {},
        { ipv4Prefix: '1.2.3.0/24', ipv6Prefix: '2001:db8::/32' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    const text = r.problems[0] as string;
    expect(text).toMatch(/^7 prefixes are not valid CIDR ranges: /);
    for (const bad of [
      '"66.249.300.0/27"',
      '"2001:zz::/32"',
      '"2001:db8::/32" (ipv4Prefix, but an ipv6 range)',
      '"66.249.64.0/33"',
      '"66.249.64.1"',
      'prefixes[6]',
      'prefixes[7]',
    ]) {
      expect(text).toContain(bad);
    }
    expect(text).not.toContain('"66.249.64.0/27"');
  });

  it('says "and N more" past ten', () => {
    const r = parseRangeFile({ creationTime: 'x', prefixes: Array.from({ length: 13 }, (_, i) => ({ ipv4Prefix: `bad-${i}` })) });
    expect(r.ok ? '' : r.problems[0]).toMatch(/13 prefixes .*"bad-9" \(ipv4Prefix\), and 3 more$/);
  });

  it.each([
    ['not an object', 'hello'],
    ['no creationTime', { prefixes: [{ ipv4Prefix: '1.2.3.0/24' }] }],
    ['no prefixes', { creationTime: 'x' }],
    ['an empty list', { creationTime: 'x', prefixes: [] }],
    ['prefixes of the wrong type', { creationTime: 'x', prefixes: [{ ipv4Prefix: 1 }] }],
  ])('rejects %s', (_name, value) => {
    const r = parseRangeFile(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.length).toBeGreaterThan(0);
  });
});

describe('the shipped lists', () => {
  it("ship Google's list of 2026-08-20, and none for Bing", () => {
    const google = readShippedRanges('googlebot');
    expect(google?.creationTime).toBe('2026-08-20T14:46:45.000000');
    expect(google?.ipv4).toHaveLength(169);
    expect(google?.ipv6).toHaveLength(146);
    expect(readShippedRanges('bingbot')).toBeNull();
  });

  it('match v4, v6 and IPv4-mapped v6 addresses inside them, and nothing outside', () => {
    const inGoogle = rangeMatcher(readShippedRanges('googlebot'));
    expect(inGoogle('66.249.66.1')).toBe(true);
    expect(inGoogle('::ffff:66.249.66.1')).toBe(true);
    expect(inGoogle('2001:4860:4801:10::1')).toBe(true);
    expect(inGoogle('2001:4860:4801:0010:0000:0000:0000:00ff')).toBe(true);
    expect(inGoogle('66.249.95.1')).toBe(false);
    expect(inGoogle('::ffff:203.0.113.9')).toBe(false);
    expect(inGoogle('2001:db8::1')).toBe(false);
    expect(inGoogle('not an address')).toBe(false);
    expect(rangeMatcher(null)('66.249.66.1')).toBe(false);
  });
});
