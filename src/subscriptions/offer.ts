/**
 * Offers: a percentage or an amount off the first N billing periods, by code or by link
 * (`/subscribe?offer=CODE`, `/subscribe/offer/CODE`). Pure types and checks.
 *
 * An offer's terms (kind, value, periods, plan) are fixed once it is made: readers may already
 * have seen them, and Stripe's coupon for it is made once (stripe/stripe-gateway.ts). To change
 * the terms, make a new code and deactivate the old one.
 */
export interface Offer {
  id: string;
  code: string;
  kind: 'percent' | 'amount';
  /** Percent (1–100), or cents off in the plan's currency. */
  value: number;
  periods: number;
  /** Null: any plan. */
  planId: string | null;
  active: boolean;
  expiresAt: Date | null;
}

export const OFFER_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$';
const OFFER_CODE_RE = new RegExp(OFFER_CODE_PATTERN);

export function isOfferCode(value: string): boolean {
  return OFFER_CODE_RE.test(value);
}

/** What makes an offer (the Admin API maps its JSON to this; the service checks the rest). */
export type OfferInput = Omit<Offer, 'id'>;

/** What /subscribe?offer=CODE shows: the offer and the plans it applies to, or a notice saying why not. */
export type OfferOnPage =
  | { code: string; offer: Offer; planIds: ReadonlySet<string>; problem: null }
  | { code: string; offer: null; planIds: ReadonlySet<string>; problem: string };

/** Longest run of discounted periods: three years of months. */
export const MAX_OFFER_PERIODS = 36;

/** Whether an offer may be used for this plan now; a reason for people when not. */
export function offerProblem(offer: Offer, planId: string, now: Date): string | null {
  if (!offer.active) return 'This offer is no longer available.';
  if (offer.expiresAt !== null && offer.expiresAt.getTime() <= now.getTime()) return 'This offer has expired.';
  if (offer.planId !== null && offer.planId !== planId) return 'This offer is for a different plan.';
  return null;
}

/** The offer itself, whatever the plan: inactive or expired, with a reason for people. */
export function offerUnavailable(offer: Offer, now: Date): string | null {
  return offerProblem({ ...offer, planId: null }, '', now);
}

/** "20% off for 3 months", "$5.00 off the first year". */
export function describeOffer(offer: Offer, interval: 'month' | 'year', formatCents: (cents: number) => string): string {
  const off = offer.kind === 'percent' ? `${offer.value}% off` : `${formatCents(offer.value)} off`;
  if (offer.periods === 1) return `${off} the first ${interval}`;
  return `${off} for ${offer.periods} ${interval}s`;
}

/**
 * The price of one discounted period, in cents. Percentages round to the nearest cent as Stripe
 * does (https://docs.stripe.com/billing/subscriptions/coupons#coupon-rounding); an amount larger
 * than the price makes the period free, never negative.
 */
export function discountedCents(offer: Pick<Offer, 'kind' | 'value'>, priceCents: number): number {
  if (offer.kind === 'percent') return Math.max(0, priceCents - Math.round((priceCents * Math.min(offer.value, 100)) / 100));
  return Math.max(0, priceCents - offer.value);
}

/**
 * What a reader pays with the offer, for people: "$12.00 a month for 3 months, then $15.00 a
 * month", "$120.00 for the first year, then $150.00 a year".
 */
export function offerPriceText(
  offer: Pick<Offer, 'kind' | 'value' | 'periods'>,
  plan: { priceCents: number; interval: 'month' | 'year' },
  formatCents: (cents: number) => string,
): string {
  const now = formatCents(discountedCents(offer, plan.priceCents));
  const then = `${formatCents(plan.priceCents)} a ${plan.interval}`;
  if (offer.periods === 1) return `${now} for the first ${plan.interval}, then ${then}`;
  return `${now} a ${plan.interval} for ${offer.periods} ${plan.interval}s, then ${then}`;
}
