/**
 * Plans: what a reader can buy. Pure domain types and functions; no database, no HTTP.
 */
import { type Static, Type } from 'typebox';

/** What a subscription can grant: unlimited web reading, the daily email, the weekly print magazine. */
export const ENTITLEMENTS = ['web', 'daily_email', 'weekly_print'] as const;
export type Entitlement = (typeof ENTITLEMENTS)[number];

export const PLAN_INTERVALS = ['month', 'year'] as const;
export type PlanInterval = (typeof PLAN_INTERVALS)[number];

export interface Plan {
  id: string;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  /** ISO 4217, lower case ("usd"). */
  currency: string;
  interval: PlanInterval;
  trialDays: number;
  entitlements: Entitlement[];
  active: boolean;
  position: number;
  /** A Stripe Price to bill; absent: checkout describes the price inline. */
  stripePriceId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ENTITLEMENT_LABELS: Record<Entitlement, string> = {
  web: 'Unlimited reading on the website',
  daily_email: 'The daily email with the morning’s top stories',
  weekly_print: 'The weekly magazine in print, mailed to you',
};

export function isEntitlement(v: unknown): v is Entitlement {
  return typeof v === 'string' && (ENTITLEMENTS as readonly string[]).includes(v);
}

/** Entitlements from a JSON column, in canonical order, unknown values dropped. */
export function entitlementsFrom(value: unknown): Entitlement[] {
  const list = Array.isArray(value) ? value : [];
  return ENTITLEMENTS.filter((e) => list.includes(e));
}

/** The input for creating or replacing a plan (admin API later; the demo seed now). */
export const PlanInputSchema = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    description: Type.String({ maxLength: 500 }),
    priceCents: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    currency: Type.String({ pattern: '^[a-z]{3}$' }),
    interval: Type.Union([Type.Literal('month'), Type.Literal('year')]),
    trialDays: Type.Integer({ minimum: 0, maximum: 730 }),
    entitlements: Type.Array(Type.Union([Type.Literal('web'), Type.Literal('daily_email'), Type.Literal('weekly_print')]), {
      minItems: 1,
      maxItems: 3,
      uniqueItems: true,
    }),
    active: Type.Boolean(),
    position: Type.Integer({ minimum: 0, maximum: 10_000 }),
    stripePriceId: Type.Union([Type.String({ pattern: '^price_[A-Za-z0-9]+$', maxLength: 255 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type PlanInput = Static<typeof PlanInputSchema>;

/** "$15.00", "€8.50": the amount in the plan's currency, for people. */
export function formatPrice(cents: number, currency: string, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

/** "$15.00 a month", "$150.00 a year". */
export function formatPlanPrice(plan: Pick<Plan, 'priceCents' | 'currency' | 'interval'>, locale = 'en-US'): string {
  return `${formatPrice(plan.priceCents, plan.currency, locale)} a ${plan.interval}`;
}

/** The end of `periods` billing intervals after `from` (month ends clamp: Jan 31 + 1 month = Feb 28/29). */
export function addInterval(from: Date, interval: PlanInterval, periods = 1): Date {
  return addMonths(from, interval === 'year' ? 12 * periods : periods);
}

export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** A plan's editable fields, e.g. to change one of them and save the rest as they are. */
export function planInputFrom(p: Plan): PlanInput {
  return {
    slug: p.slug,
    name: p.name,
    description: p.description,
    priceCents: p.priceCents,
    currency: p.currency,
    interval: p.interval,
    trialDays: p.trialDays,
    entitlements: [...p.entitlements],
    active: p.active,
    position: p.position,
    stripePriceId: p.stripePriceId,
  };
}
