/** The pure rules of gifts: prices, codes, how typed codes are read, when a code can be redeemed. Table-driven. */
import { describe, expect, it } from 'vitest';
import {
  cleanGiftMessage,
  GIFT_MESSAGE_PATTERN,
  giftCodeFrom,
  giftMonthsFor,
  giftQuote,
  giftRedeemBy,
  giftRedeemProblem,
  hashGiftCode,
  newGiftCode,
  normalizeGiftCode,
} from './gift.js';

const monthly = { interval: 'month' as const, priceCents: 800 };
const yearly = { interval: 'year' as const, priceCents: 8000 };
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

describe('giftQuote', () => {
  it.each([
    { plan: monthly, months: 1, expected: { amountCents: 800 } },
    { plan: monthly, months: 3, expected: { amountCents: 2400 } },
    { plan: monthly, months: 6, expected: { amountCents: 4800 } },
    { plan: monthly, months: 12, expected: { amountCents: 9600 } },
    { plan: yearly, months: 12, expected: { amountCents: 8000 } },
    { plan: yearly, months: 3, expected: { problem: 'A yearly plan can be given for 12 months only.' } },
    { plan: monthly, months: 2, expected: { problem: 'Choose 1, 3, 6 or 12 months.' } },
    { plan: monthly, months: 0, expected: { problem: 'Choose 1, 3, 6 or 12 months.' } },
    { plan: yearly, months: 24, expected: { problem: 'Choose 1, 3, 6 or 12 months.' } },
  ])('$plan.interval plan for $months months', ({ plan, months, expected }) => {
    expect(giftQuote(plan, months)).toEqual(expected);
  });

  it('offers a yearly plan for 12 months only', () => {
    expect(giftMonthsFor(yearly)).toEqual([12]);
    expect(giftMonthsFor(monthly)).toEqual([1, 3, 6, 12]);
  });
});

describe('gift codes', () => {
  it('are 80 bits in four groups of Crockford base32', () => {
    expect(giftCodeFrom(new Uint8Array(10))).toBe('0000-0000-0000-0000');
    expect(giftCodeFrom(new Uint8Array(10).fill(255))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(giftCodeFrom(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 33]))).toBe('0000-0000-0000-0011');
    const codes = new Set(Array.from({ length: 200 }, () => newGiftCode()));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(CODE);
  });

  it.each([
    { typed: '7KQ2-M9XD-4HRT-0WZP', expected: '7KQ2-M9XD-4HRT-0WZP' },
    { typed: '7kq2m9xd4hrt0wzp', expected: '7KQ2-M9XD-4HRT-0WZP' },
    { typed: ' 7KQ2 M9XD 4HRT 0WZP ', expected: '7KQ2-M9XD-4HRT-0WZP' },
    { typed: '7KQ2-M9XD-4HRT-OWZP', expected: '7KQ2-M9XD-4HRT-0WZP' },
    { typed: 'iLl1-0000-0000-0000', expected: '1111-0000-0000-0000' },
    { typed: '7KQ2-M9XD-4HRT-0WZ', expected: null },
    { typed: '7KQ2-M9XD-4HRT-0WZPP', expected: null },
    { typed: '7KQ2-M9XD-4HRT-0WZU', expected: null },
    { typed: '7KQ2-M9XD-4HRT-0WZ!', expected: null },
    { typed: '', expected: null },
    { typed: 'x'.repeat(100), expected: null },
  ])('reads "$typed" as $expected', ({ typed, expected }) => {
    expect(normalizeGiftCode(typed)).toBe(expected);
  });

  it('hash the canonical form, so every way of typing a code finds the same gift', () => {
    const canonical = normalizeGiftCode('7kq2 m9xd 4hrt owzp') as string;
    expect(hashGiftCode(canonical)).toBe(hashGiftCode('7KQ2-M9XD-4HRT-0WZP'));
    expect(hashGiftCode(canonical)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashGiftCode('7KQ2-M9XD-4HRT-0WZQ')).not.toBe(hashGiftCode(canonical));
  });
});

describe('giftRedeemProblem', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  const later = new Date('2027-11-25T09:00:00Z');
  it.each([
    { name: 'paid, unused, in date', gift: { status: 'paid' as const, redeemedBy: null, expiresAt: later }, expected: null },
    { name: 'pending', gift: { status: 'pending' as const, redeemedBy: null, expiresAt: later }, expected: 'not-paid' },
    { name: 'canceled', gift: { status: 'canceled' as const, redeemedBy: null, expiresAt: later }, expected: 'not-paid' },
    { name: 'used', gift: { status: 'paid' as const, redeemedBy: 'r1', expiresAt: later }, expected: 'used' },
    { name: 'expired at the last moment', gift: { status: 'paid' as const, redeemedBy: null, expiresAt: now }, expected: 'expired' },
  ])('$name', ({ gift, expected }) => {
    expect(giftRedeemProblem(gift, now)).toBe(expected);
  });

  it('a paid code can be redeemed for twelve months', () => {
    expect(giftRedeemBy(new Date('2026-01-31T10:00:00Z')).toISOString()).toBe('2027-01-31T10:00:00.000Z');
  });
});

describe('the message', () => {
  it('keeps line breaks, trims, and treats empty as none', () => {
    expect(cleanGiftMessage('  Happy birthday!\r\nLove, Ada  ')).toBe('Happy birthday!\nLove, Ada');
    expect(cleanGiftMessage('   ')).toBeNull();
    expect(cleanGiftMessage(undefined)).toBeNull();
  });

  it('refuses control characters other than tab and line ends', () => {
    const re = new RegExp(GIFT_MESSAGE_PATTERN, 'u');
    expect(re.test('Line one\r\nLine two\twith a tab')).toBe(true);
    expect(re.test('bell\u0007')).toBe(false);
    expect(re.test('nul\u0000')).toBe(false);
  });
});
