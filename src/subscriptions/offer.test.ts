/** The pure rules of offers: which may be used, what they take off, and how they read. */
import { describe, expect, it } from 'vitest';
import { describeOffer, discountedCents, isOfferCode, type Offer, offerPriceText, offerProblem, offerUnavailable } from './offer.js';
import { formatPrice } from './plan.js';

const NOW = new Date('2026-12-06T10:00:00Z');
const usd = (c: number) => formatPrice(c, 'usd');
const offer = (over: Partial<Offer> = {}): Offer => ({
  id: 'o1',
  code: 'SPRING',
  kind: 'percent',
  value: 20,
  periods: 3,
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

  it.each([
    ['percent', 20, 1500, 1200],
    ['percent', 100, 1500, 0],
    ['percent', 33, 999, 669],
    ['amount', 500, 800, 300],
    ['amount', 5000, 800, 0],
  ] as const)('discountedCents: %s %i off %i is %i', (kind, value, price, after) => {
    expect(discountedCents({ kind, value }, price)).toBe(after);
  });

  it('reads in words', () => {
    expect(describeOffer(offer(), 'month', usd)).toBe('20% off for 3 months');
    expect(describeOffer(offer({ kind: 'amount', value: 500, periods: 1 }), 'year', usd)).toBe('$5.00 off the first year');
    expect(offerPriceText(offer(), { priceCents: 1500, interval: 'month' }, usd)).toBe('$12.00 a month for 3 months, then $15.00 a month');
    expect(offerPriceText(offer({ periods: 1 }), { priceCents: 15000, interval: 'year' }, usd)).toBe(
      '$120.00 for the first year, then $150.00 a year',
    );
  });

  it('codes are letters, digits, - and _ (40 at most), not starting with a sign', () => {
    for (const ok of ['A', 'spring-2027', 'X_1', 'a'.repeat(40)]) expect(isOfferCode(ok), ok).toBe(true);
    for (const bad of ['', '-a', 'two words', 'a'.repeat(41), 'ünï']) expect(isOfferCode(bad), bad).toBe(false);
  });
});
