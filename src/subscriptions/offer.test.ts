/** The pure rules of offers: which may be used, what they take off, and how they read. */
import { describe, expect, it } from 'vitest';
import {
  describeOffer,
  isOfferCode,
  type Offer,
  offerOnPlan,
  offerPriceText,
  offerProblem,
  offerProblemOnPlan,
  offerUnavailable,
} from './offer.js';
import { formatPrice } from './plan.js';

const NOW = new Date('2026-12-06T10:00:00Z');
const usd = (c: number) => formatPrice(c, 'usd');
const offer = (over: Partial<Offer> = {}): Offer => ({
  id: 'o1',
  code: 'SPRING',
  kind: 'percent',
  value: 20,
  months: 3,
  planId: null,
  active: true,
  expiresAt: null,
  ...over,
});

describe('offers', () => {
  it.each([
    [offer(), 'p1', null],
    [offer({ planId: 'p1' }), 'p1', null],
    [offer({ planId: 'p2' }), 'p1', 'This offer is for a different plan.'],
    [offer({ active: false }), 'p1', 'This offer is no longer available.'],
    [offer({ expiresAt: NOW }), 'p1', 'This offer has expired.'],
    [offer({ expiresAt: new Date(NOW.getTime() + 1) }), 'p1', null],
  ])('offerProblem %#', (o, planId, problem) => {
    expect(offerProblem(o, planId, NOW)).toBe(problem);
  });

  it('offerUnavailable ignores the plan', () => {
    expect(offerUnavailable(offer({ planId: 'p2' }), NOW)).toBeNull();
    expect(offerUnavailable(offer({ active: false, planId: 'p2' }), NOW)).toBe('This offer is no longer available.');
  });

  // The rule: an offer's length is months on every interval; a yearly plan turns them into money.
  it.each([
    // kind, value, months, interval, price → cents off each discounted invoice, invoices, first payment, Stripe coupon
    ['percent', 20, 3, 'month', 1500, 300, 3, 1200, { duration: 'repeating', durationInMonths: 3, percentOff: 20 }],
    ['percent', 100, 1, 'month', 1500, 1500, 1, 0, { duration: 'repeating', durationInMonths: 1, percentOff: 100 }],
    ['percent', 33, 2, 'month', 999, 330, 2, 669, { duration: 'repeating', durationInMonths: 2, percentOff: 33 }],
    ['amount', 500, 3, 'month', 800, 500, 3, 300, { duration: 'repeating', durationInMonths: 3, amountOff: 500 }],
    ['amount', 5000, 1, 'month', 800, 800, 1, 0, { duration: 'repeating', durationInMonths: 1, amountOff: 5000 }],
    // 20% off 3 months of $150 a year: 20% of $37.50 = $7.50 off the first year, once. Never three years.
    ['percent', 20, 3, 'year', 15000, 750, 1, 14250, { duration: 'once', amountOff: 750 }],
    ['percent', 50, 6, 'year', 8000, 2000, 1, 6000, { duration: 'once', amountOff: 2000 }],
    ['amount', 500, 3, 'year', 15000, 1500, 1, 13500, { duration: 'once', amountOff: 1500 }],
    ['amount', 5000, 11, 'year', 15000, 15000, 1, 0, { duration: 'once', amountOff: 15000 }],
    ['percent', 20, 12, 'year', 15000, 3000, 1, 12000, { duration: 'repeating', durationInMonths: 12, percentOff: 20 }],
    ['percent', 20, 24, 'year', 15000, 3000, 2, 12000, { duration: 'repeating', durationInMonths: 24, percentOff: 20 }],
    ['amount', 500, 12, 'year', 15000, 6000, 1, 9000, { duration: 'repeating', durationInMonths: 12, amountOff: 6000 }],
  ] as const)(
    'offerOnPlan: %s %i for %i months on a %s plan of %i',
    (kind, value, months, interval, price, off, invoices, first, coupon) => {
      expect(offerOnPlan({ kind, value, months }, { interval, priceCents: price })).toEqual({
        offCents: off,
        invoices,
        firstPaymentCents: first,
        coupon,
      });
    },
  );

  it('an offer longer than a year but not whole years is for monthly plans only', () => {
    const o = offer({ months: 18 });
    expect(offerOnPlan(o, { interval: 'year', priceCents: 15000 })).toEqual({ problem: expect.stringContaining('runs 18 months') });
    expect(offerProblemOnPlan(o, { id: 'p1', interval: 'year', priceCents: 15000 }, NOW)).toContain('choose a monthly plan');
    expect(offerProblemOnPlan(o, { id: 'p1', interval: 'month', priceCents: 1500 }, NOW)).toBeNull();
  });

  it('reads in words, in months on every interval', () => {
    expect(describeOffer(offer(), usd)).toBe('20% off for 3 months');
    expect(describeOffer(offer({ kind: 'amount', value: 500, months: 1 }), usd)).toBe('$5.00 off the first month');
    expect(offerPriceText(offer(), { priceCents: 1500, interval: 'month' }, usd)).toBe('$12.00 a month for 3 months, then $15.00 a month');
    expect(offerPriceText(offer(), { priceCents: 15000, interval: 'year' }, usd)).toBe(
      '$7.50 off your first year: $142.50 for the first year, then $150.00 a year',
    );
    expect(offerPriceText(offer({ months: 12 }), { priceCents: 15000, interval: 'year' }, usd)).toBe(
      '$120.00 for the first year, then $150.00 a year',
    );
    expect(offerPriceText(offer({ months: 24 }), { priceCents: 15000, interval: 'year' }, usd)).toBe(
      '$120.00 a year for 2 years, then $150.00 a year',
    );
    expect(offerPriceText(offer({ months: 18 }), { priceCents: 15000, interval: 'year' }, usd)).toBeNull();
  });

  it('codes are letters, digits, - and _ (40 at most), not starting with a sign', () => {
    for (const ok of ['A', 'spring-2027', 'X_1', 'a'.repeat(40)]) expect(isOfferCode(ok), ok).toBe(true);
    for (const bad of ['', '-a', 'two words', 'a'.repeat(41), 'ünï']) expect(isOfferCode(bad), bad).toBe(false);
  });
});
