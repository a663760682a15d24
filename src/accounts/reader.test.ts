import { describe, expect, it } from 'vitest';
import { addressOrNull, closedEmailFor, hasPostalAddress, isEmail, normalizeEmail, safeReturnPath, withReturn } from './reader.js';

describe('safeReturnPath', () => {
  it.each([
    ['/news/2026/11/24/story', '/news/2026/11/24/story'],
    ['/account?tab=1#x', '/account?tab=1#x'],
    ['/', '/'],
    ['/a/../b', '/b'],
    // A gift code rides on the return: the query string survives whole.
    ['/gift/redeem?code=ABCD-EFGH-JKLM', '/gift/redeem?code=ABCD-EFGH-JKLM'],
    ['/gift/redeem?code=ABCD-EFGH&from=meter', '/gift/redeem?code=ABCD-EFGH&from=meter'],
    ['/news/2026/11/24/story?x=%2F%2Fevil.example', '/news/2026/11/24/story?x=%2F%2Fevil.example'],
    ['/search?q=harbour+news', '/search?q=harbour+news'],
    ['/verifying-the-facts', '/verifying-the-facts'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/signin?return=/x',
    '/signup',
    '/signup?return=%2Fnews',
    '/verify?token=x',
    '/reset/confirm?token=x',
    '/signout',
    `/${'a'.repeat(600)}`,
    // Dot segments that resolve to a scheme-relative "//host".
    '/..//evil.example/x',
    '/.//evil.example',
    '/%2e%2e//evil.example',
    '/a/../..//evil.example',
    // Schemes, even with a leading slash nowhere or whitespace around.
    'http:/evil.example',
    'data:text/html,x',
    ' /news',
    'https:evil.example',
    // CR, LF, NUL and other control characters (header splitting).
    '/news\r\nSet-Cookie: a=b',
    '/news\nx',
    '/news\u0000',
    '/news\u007f',
    '/\\/evil.example',
    '/%0d%0aSet-Cookie:x',
  ])('refuses %j', (input) => {
    const out = safeReturnPath(input);
    if (input === '/%0d%0aSet-Cookie:x') {
      // Percent-encoded stays encoded: a path, not a header.
      expect(out).toBe('/%0d%0aSet-Cookie:x');
      return;
    }
    expect(out).toBe('/account');
  });

  it('adds the return to a link unless it is the default', () => {
    expect(withReturn('/signin', '/account')).toBe('/signin');
    expect(withReturn('/signin', '/gift/redeem?code=AB-CD')).toBe('/signin?return=%2Fgift%2Fredeem%3Fcode%3DAB-CD');
    expect(withReturn('/verify?token=t', '/news/x')).toBe('/verify?token=t&return=%2Fnews%2Fx');
    // What a link carries comes back through safeReturnPath unchanged.
    const back = new URL(withReturn('https://paper.test/signin?token=t', '/gift/redeem?code=AB-CD&x=1')).searchParams.get('return');
    expect(safeReturnPath(back)).toBe('/gift/redeem?code=AB-CD&x=1');
  });

  it('refuses non-strings', () => {
    expect(safeReturnPath(undefined)).toBe('/account');
    expect(safeReturnPath(['/a'])).toBe('/account');
    expect(safeReturnPath(42, '/')).toBe('/');
  });
});

describe('addresses', () => {
  it('normalises and checks email addresses', () => {
    expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(isEmail('ann@example.com')).toBe(true);
    expect(isEmail('ann@localhost')).toBe(false);
    expect(isEmail('ann example@x.com')).toBe(false);
    expect(isEmail(`${'a'.repeat(250)}@x.com`)).toBe(false);
  });

  it('makes unique, undeliverable placeholders for closed accounts', () => {
    expect(closedEmailFor('abc')).toBe('closed-abc@closed.invalid');
  });

  it('knows a complete postal address', () => {
    const a = { line1: '1 Quay St', line2: '', city: 'Port Ellery', region: '', postcode: 'PE1 1AA', country: 'UK' };
    expect(hasPostalAddress({ address: a })).toBe(true);
    expect(hasPostalAddress({ address: { ...a, postcode: '' } })).toBe(false);
    expect(hasPostalAddress({ address: null })).toBe(false);
    expect(addressOrNull({ line1: '', line2: '', city: '', region: '', postcode: '', country: '' })).toBeNull();
  });
});
