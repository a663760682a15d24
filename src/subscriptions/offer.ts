/**
 * Offers: a percentage or an amount off the first N billing periods, by code or by link
 * (`/subscribe?offer=CODE`). Pure types and checks.
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

/** Whether an offer may be used for this plan now; a reason for people when not. */
export function offerProblem(offer: Offer, planId: string, now: Date): string | null {
  if (!offer.active) return 'This offer is no longer available.';
  if (offer.expiresAt !== null && offer.expiresAt.getTime() <= now.getTime()) return 'This offer has expired.';
  if (offer.planId !== null && offer.planId !== planId) return 'This offer is for a different plan.';
  return null;
}

/** "20% off for 3 months", "$5.00 off the first year". */
export function describeOffer(offer: Offer, interval: 'month' | 'year', formatCents: (cents: number) => string): string {
  const off = offer.kind === 'percent' ? `${offer.value}% off` : `${formatCents(offer.value)} off`;
  if (offer.periods === 1) return `${off} the first ${interval}`;
  return `${off} for ${offer.periods} ${interval}s`;
}
