/** The refund decisions, pure and table-driven: amounts as staff type them, and how much may go back. */
import { describe, expect, it } from 'vitest';
import { decideRefund, parseRefundAmount, type RefundablePayment } from './refund.js';

const paid = (amountCents: number, refundedCents: number | null = null): RefundablePayment => ({
  paymentId: 'pi_1',
  amountCents,
  currency: 'usd',
  refundedCents,
  paidAt: new Date('2026-12-01T00:00:00Z'),
});

describe('parseRefundAmount', () => {
  it.each<[string, number | null | undefined]>([
    ['', undefined],
    ['   ', undefined],
    ['9', 900],
    ['9.5', 950],
    ['9.50', 950],
    ['0.05', 5],
    ['$12.00', 1200],
    ['USD 12', 1200],
    ['1,234.50', 123450],
    ['0', 0],
    ['-5', null],
    ['9.505', null],
    ['nine', null],
    ['1.2.3', null],
    ['12,34', null],
    ['9999999999', null],
  ])('%j → %j', (raw, cents) => {
    expect(parseRefundAmount(raw)).toBe(cents);
  });
});

describe('decideRefund', () => {
  it.each<[string, RefundablePayment | null, number, number | undefined, ReturnType<typeof decideRefund>]>([
    ['all of a payment', paid(1500), 0, undefined, { ok: true, amountCents: 1500, remainingCents: 1500 }],
    ['part of it', paid(1500), 0, 500, { ok: true, amountCents: 500, remainingCents: 1500 }],
    ['the rest after our refund', paid(1500), 500, undefined, { ok: true, amountCents: 1000, remainingCents: 1000 }],
    ['the rest after the provider’s (larger) count', paid(1500, 700), 500, undefined, { ok: true, amountCents: 800, remainingCents: 800 }],
  ])('%s', (_, payment, recorded, requested, expected) => {
    expect(decideRefund(payment, recorded, requested)).toEqual(expected);
  });

  it.each<[string, RefundablePayment | null, number, number | undefined, number, string, string]>([
    ['nothing paid', null, 0, undefined, 409, 'NOTHING_TO_REFUND', 'Nothing has been paid'],
    ['a zero invoice', paid(0), 0, undefined, 409, 'NOTHING_TO_REFUND', 'Nothing has been paid'],
    [
      'all refunded (ours)',
      paid(1500),
      1500,
      undefined,
      409,
      'ALREADY_REFUNDED',
      'The last payment ($15.00) has already been refunded in full.',
    ],
    ['all refunded (provider)', paid(1500, 1500), 0, 100, 409, 'ALREADY_REFUNDED', 'already been refunded in full'],
    [
      'more than paid',
      paid(1500),
      0,
      1501,
      400,
      'REFUND_TOO_LARGE',
      '$15.01 is more than what is left to refund of the last payment: at most $15.00.',
    ],
    ['more than is left', paid(1500), 1000, 600, 400, 'REFUND_TOO_LARGE', 'at most $5.00'],
    ['nothing', paid(1500), 0, 0, 400, 'BAD_REQUEST', 'more than nothing'],
  ])('refuses %s', (_, payment, recorded, requested, status, code, words) => {
    const d = decideRefund(payment, recorded, requested);
    expect(d).toMatchObject({ ok: false, status, code, field: 'amount' });
    expect(d.ok ? '' : d.message).toContain(words);
  });
});
