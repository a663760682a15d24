import { describe, expect, it } from 'vitest';
import { addressOrNull, closedEmailFor, hasPostalAddress, isEmail, normalizeEmail, safeReturnPath } from './reader.js';

describe('safeReturnPath', () => {
  it.each([
    ['/news/2026/11/24/story', '/news/2026/11/24/story'],
    ['/account?tab=1#x', '/account?tab=1#x'],
    ['/', '/'],
    ['/a/../b', '/b'],
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
    `/${'a'.repeat(600)}`,
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
