import { describe, expect, it } from 'vitest';
import { checkPrintRead, codeExpiry, readPrintCode, signPrintCode, signPrintRead } from './print-code.js';

const KEYS = ['first-signing-key-of-at-least-32-chars', 'older-key-still-verifying-000000000'];
const ARTICLE = '0190a6f1-2b3c-7d4e-8f90-a1b2c3d4e5f6';
const OTHER = '0190a6f1-2b3c-7d4e-8f90-a1b2c3d4e5f7';

/** The token with one character changed to another of the alphabet. */
function flip(token: string, at: number): string {
  const c = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + c + token.slice(at + 1);
}

describe('the magazine’s printed codes', () => {
  it('are 20 characters that read back as edition, placement and position', () => {
    const t = signPrintCode({ edition: 42, placement: 'story', position: 7 }, KEYS);
    expect(t).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(readPrintCode(t, KEYS)).toEqual({ edition: 42, placement: 'story', position: 7 });
    expect(readPrintCode(signPrintCode({ edition: 1, placement: 'back', position: 0 }, KEYS), KEYS)).toEqual({
      edition: 1,
      placement: 'back',
      position: 0,
    });
  });

  it('reads nothing from a code changed anywhere, cut short, or signed with a key we do not hold', () => {
    const t = signPrintCode({ edition: 3, placement: 'story', position: 2 }, KEYS);
    for (let i = 0; i < t.length; i++) expect(readPrintCode(flip(t, i), KEYS), `changed at ${i}`).toBeNull();
    expect(readPrintCode(t.slice(0, 19), KEYS)).toBeNull();
    expect(readPrintCode(`${t}A`, KEYS)).toBeNull();
    expect(
      readPrintCode(signPrintCode({ edition: 3, placement: 'story', position: 2 }, ['someone-elses-key-000000000000000000']), KEYS),
    ).toBeNull();
  });

  it('keeps working after the keys rotate (an older key still verifies)', () => {
    const t = signPrintCode({ edition: 9, placement: 'story', position: 0 }, [KEYS[1] ?? '']);
    expect(readPrintCode(t, KEYS)).toEqual({ edition: 9, placement: 'story', position: 0 });
  });

  it('expire 120 days after the cover date', () => {
    expect(codeExpiry('2026-12-07').toISOString()).toBe('2027-04-06T00:00:00.000Z');
  });
});

describe('the read a scan grants', () => {
  const now = new Date('2026-12-08T10:00:00Z');
  const until = new Date('2026-12-10T10:00:00Z');
  const token = signPrintRead(ARTICLE, until, KEYS);

  it('opens its own story until it expires', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(checkPrintRead(token, ARTICLE, now, KEYS)).toEqual({ ok: true });
    expect(checkPrintRead(token, ARTICLE, new Date(until.getTime() - 1000), KEYS)).toEqual({ ok: true });
    expect(checkPrintRead(token, ARTICLE, until, KEYS)).toEqual({ ok: false, reason: 'expired' });
  });

  it('opens no other story', () => {
    expect(checkPrintRead(token, OTHER, now, KEYS)).toEqual({ ok: false, reason: 'wrong-article' });
  });

  it('grants nothing once changed anywhere, or signed with another key', () => {
    for (let i = 0; i < token.length; i++) expect(checkPrintRead(flip(token, i), ARTICLE, now, KEYS).ok, `changed at ${i}`).toBe(false);
    expect(checkPrintRead(signPrintRead(ARTICLE, until, ['someone-elses-key-000000000000000000']), ARTICLE, now, KEYS)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(checkPrintRead('', ARTICLE, now, KEYS)).toEqual({ ok: false, reason: 'invalid' });
  });
});
