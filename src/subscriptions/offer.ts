/**
 * Offers: a percentage or an amount off for the first N months, by code or by link
 * (`/subscribe?offer=CODE`, `/subscribe/offer/CODE`). Pure types and checks.
 *
 * An offer's terms (kind, value, months, plan) are fixed once it is made: readers may already
 * have seen them, and Stripe's coupon for it is made once (stripe/stripe-gateway.ts). To change
 * the terms, make a new code and deactivate the old one.
 */
import type { Plan } from './plan.js';

export interface Offer {
  id: string;
  code: string;
  kind: 'percent' | 'amount';
  /** Percent (1–100), or cents off each month's price in the plan's currency. */
  value: number;
  /** How long the offer runs, in months, whatever the plan's interval (see `offerOnPlan`). */
  months: number;
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
  | { code: string; offer: Offer; planIds: ReadonlySet<string>; notOn: ReadonlyMap<string, string>; problem: null }
  | { code: string; offer: null; planIds: ReadonlySet<string>; problem: string };

/** Longest offer: three years. */
export const MAX_OFFER_MONTHS = 36;

/** Whether an offer may be used for this plan now; a reason for people when not. */
export function offerProblem(offer: Offer, planId: string, now: Date): string | null {
  if (!offer.active) return 'This offer is no longer available.';
  if (offer.expiresAt !== null && offer.expiresAt.getTime() <= now.getTime()) return 'This offer has expired.';
  if (offer.planId !== null && offer.planId !== planId) return 'This offer is for a different plan.';
  return null;
}

/** Whether an offer may be used for this plan now (`offerProblem`), and whether its length fits the plan's interval. */
export function offerProblemOnPlan(offer: Offer, plan: Pick<Plan, 'id' | 'interval' | 'priceCents'>, now: Date): string | null {
  const problem = offerProblem(offer, plan.id, now);
  if (problem) return problem;
  const terms = offerOnPlan(offer, plan);
  return 'problem' in terms ? terms.problem : null;
}

/** The offer itself, whatever the plan: inactive or expired, with a reason for people. */
export function offerUnavailable(offer: Offer, now: Date): string | null {
  return offerProblem({ ...offer, planId: null }, '', now);
}

/**
 * What an offer does on one plan. An offer is stated in months ("20% off for 3 months") and
 * means that on every interval; a yearly plan bills once a year, so the months become money:
 *
 * - Monthly plan: the first `months` monthly invoices are discounted (percent, or the amount off
 *   each).
 * - Yearly plan, an offer shorter than a year: the first yearly invoice is reduced, once, by what
 *   the offer is worth over its months at the plan's monthly share of the price (20% off 3
 *   months of $150.00 a year = 20% of $37.50 = $7.50 off; $5.00 off a month for 3 months = $15.00
 *   off). This is how a paper sells an introductory offer on an annual plan: the reader gets the
 *   value the words promise, never a year of discount for three months of offer.
 * - Yearly plan, an offer of whole years (12, 24, 36 months): each of those yearly invoices is
 *   discounted in full (the percent, or twelve months' amounts), the same as the months would.
 * - Yearly plan, longer than a year but not whole years (18 months): no single yearly invoice can
 *   carry it honestly, so the offer is for monthly plans only, and /subscribe says so.
 *
 * Percentages round to the nearest cent as Stripe does
 * (https://docs.stripe.com/billing/subscriptions/coupons#coupon-rounding); a discount never makes
 * an invoice negative. Stripe's coupon for it (stripe/stripe-gateway.ts) and the demo gateway
 * both read these terms, so what the reader is told is what is charged.
 */
export type OfferOnPlan =
  | {
      /** Cents off each discounted invoice. */
      offCents: number;
      /** How many of the plan's invoices are discounted. */
      invoices: number;
      /** What the first invoice comes to. */
      firstPaymentCents: number;
      /** Stripe's coupon (https://docs.stripe.com/api/coupons/create). */
      coupon:
        | { duration: 'once'; amountOff: number }
        | { duration: 'repeating'; durationInMonths: number; percentOff: number }
        | { duration: 'repeating'; durationInMonths: number; amountOff: number };
    }
  | { problem: string };

const pct = (priceCents: number, percent: number, share = 1) => Math.round((priceCents * Math.min(percent, 100) * share) / 100);

export function offerOnPlan(offer: Pick<Offer, 'kind' | 'value' | 'months'>, plan: Pick<Plan, 'interval' | 'priceCents'>): OfferOnPlan {
  const price = plan.priceCents;
  const percent = offer.kind === 'percent';
  if (plan.interval === 'month') {
    const offCents = Math.min(price, percent ? pct(price, offer.value) : offer.value);
    return {
      offCents,
      invoices: offer.months,
      firstPaymentCents: price - offCents,
      coupon: percent
        ? { duration: 'repeating', durationInMonths: offer.months, percentOff: offer.value }
        : { duration: 'repeating', durationInMonths: offer.months, amountOff: offer.value },
    };
  }
  if (offer.months < 12) {
    const offCents = Math.min(price, percent ? pct(price, offer.value, offer.months / 12) : offer.value * offer.months);
    return { offCents, invoices: 1, firstPaymentCents: price - offCents, coupon: { duration: 'once', amountOff: offCents } };
  }
  if (offer.months % 12 !== 0) {
    return { problem: `This offer runs ${offer.months} months, which a yearly plan cannot bill: choose a monthly plan to use it.` };
  }
  const offCents = Math.min(price, percent ? pct(price, offer.value) : offer.value * 12);
  return {
    offCents,
    invoices: offer.months / 12,
    firstPaymentCents: price - offCents,
    coupon: percent
      ? { duration: 'repeating', durationInMonths: offer.months, percentOff: offer.value }
      : { duration: 'repeating', durationInMonths: offer.months, amountOff: offCents },
  };
}

/** "20% off for 3 months", "$5.00 off a month for 3 months", "20% off the first month". */
export function describeOffer(offer: Pick<Offer, 'kind' | 'value' | 'months'>, formatCents: (cents: number) => string): string {
  const off = offer.kind === 'percent' ? `${offer.value}% off` : `${formatCents(offer.value)} off`;
  if (offer.months === 1) return `${off} the first month`;
  return offer.kind === 'percent' ? `${off} for ${offer.months} months` : `${off} a month for ${offer.months} months`;
}

/**
 * What a reader pays with the offer on this plan, for people: "$12.00 a month for 3 months, then
 * $15.00 a month"; on a yearly plan "$7.50 off your first year: $142.50 for the first year, then
 * $150.00 a year", or "$120.00 a year for 2 years, then $150.00 a year". Null when the offer does
 * not fit the plan (`offerOnPlan`).
 */
export function offerPriceText(
  offer: Pick<Offer, 'kind' | 'value' | 'months'>,
  plan: { priceCents: number; interval: 'month' | 'year' },
  formatCents: (cents: number) => string,
): string | null {
  const terms = offerOnPlan(offer, plan);
  if ('problem' in terms) return null;
  const now = formatCents(terms.firstPaymentCents);
  const then = `${formatCents(plan.priceCents)} a ${plan.interval}`;
  if (plan.interval === 'year' && offer.months < 12) {
    return `${formatCents(terms.offCents)} off your first year: ${now} for the first year, then ${then}`;
  }
  const unit = plan.interval;
  if (terms.invoices === 1) return `${now} for the first ${unit}, then ${then}`;
  return `${now} a ${unit} for ${terms.invoices} ${unit}s, then ${then}`;
}
