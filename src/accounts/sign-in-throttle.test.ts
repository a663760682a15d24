import { describe, expect, it } from 'vitest';
import { accountHash, attemptAllowed, SIGN_IN_THROTTLE, throttleWindow } from './sign-in-throttle.js';

describe('the sign-in throttle', () => {
  it('puts every moment in a fixed 15-minute window', () => {
    const w = throttleWindow(new Date('2026-12-06T21:07:30Z'));
    expect(w.endsAt.toISOString()).toBe('2026-12-06T21:15:00.000Z');
    expect(w.key).toBe(String(Date.parse('2026-12-06T21:00:00Z')));
    expect(throttleWindow(new Date('2026-12-06T21:14:59.999Z')).key).toBe(w.key);
    expect(throttleWindow(new Date('2026-12-06T21:15:00Z')).key).not.toBe(w.key);
    expect(throttleWindow(new Date('2026-12-06T21:00:00Z'), 60_000).endsAt.toISOString()).toBe('2026-12-06T21:01:00.000Z');
  });

  it('lets the first 10 attempts of a window check the password, not the 11th', () => {
    expect(SIGN_IN_THROTTLE.maxAttempts).toBe(10);
    expect([1, 10, 11, 50].map((n) => attemptAllowed(n))).toEqual([true, true, false, false]);
    expect(attemptAllowed(3, 2)).toBe(false);
  });

  it('hashes an address with the key, never holding it', () => {
    const h = accountHash('ann@example.com', 'key-1');
    expect(h).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(h).toBe(accountHash('ann@example.com', 'key-1'));
    expect(h).not.toBe(accountHash('ann@example.com', 'key-2'));
    expect(h).not.toBe(accountHash('bob@example.com', 'key-1'));
  });
});
