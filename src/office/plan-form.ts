/**
 * The plan form of the business office, as typed (every field a string), and the plan service's
 * input it says: the price in the currency's units ("15.00"), the slug made from the name and
 * interval when left empty (as the Admin API makes it), each problem named by the form's field.
 * The plan service checks the rest (a slug taken, a price that cannot change once readers
 * subscribe) and its fields are renamed to the form's by `formField`. Pure.
 */
import type { FieldProblem } from '../http/app-error.js';
import { slugify } from '../http/slug.js';
import { ENTITLEMENTS, type Entitlement, type Plan, type PlanInput } from '../subscriptions/index.js';

export interface PlanForm {
  name: string;
  slug: string;
  description: string;
  price: string;
  currency: string;
  interval: string;
  trialDays: string;
  entitlements: Entitlement[];
  position: string;
  stripePriceId: string;
  active: boolean;
}

export const EMPTY_PLAN_FORM: PlanForm = {
  name: '',
  slug: '',
  description: '',
  price: '',
  currency: 'usd',
  interval: 'month',
  trialDays: '0',
  entitlements: ['web'],
  position: '0',
  stripePriceId: '',
  active: true,
};

/** "15.00" for 1500 cents. */
export const units = (cents: number) => (cents / 100).toFixed(2);

export function planFormOf(p: Plan): PlanForm {
  return {
    name: p.name,
    slug: p.slug,
    description: p.description,
    price: units(p.priceCents),
    currency: p.currency,
    interval: p.interval,
    trialDays: String(p.trialDays),
    entitlements: [...p.entitlements],
    position: String(p.position),
    stripePriceId: p.stripePriceId ?? '',
    active: p.active,
  };
}

const text = (raw: unknown, name: string, max: number) => {
  const v = raw !== null && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
  return typeof v === 'string' ? v.slice(0, max) : '';
};

/** The form as posted: a missing or repeated field is empty; an unticked box is absent. */
export function planFormFrom(raw: unknown): PlanForm {
  const picked = raw !== null && typeof raw === 'object' ? Reflect.get(raw, 'entitlements') : undefined;
  const list = Array.isArray(picked) ? picked : [picked];
  return {
    name: text(raw, 'name', 200),
    slug: text(raw, 'slug', 200),
    description: text(raw, 'description', 2000),
    price: text(raw, 'price', 40),
    currency: text(raw, 'currency', 10),
    interval: text(raw, 'interval', 10),
    trialDays: text(raw, 'trialDays', 10),
    entitlements: ENTITLEMENTS.filter((e) => list.includes(e)),
    position: text(raw, 'position', 10),
    stripePriceId: text(raw, 'stripePriceId', 300),
    active: text(raw, 'active', 10) !== '',
  };
}

/** Money typed as "15", "15.5" or "15.00", in cents; NaN when it is not an amount. */
export function centsOf(typed: string): number {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(typed.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
}

const whole = (typed: string) => (/^\d{1,6}$/.test(typed.trim()) ? Number(typed.trim()) : Number.NaN);

/** "Digital Plus", month: "digital-plus-monthly" (at most 60 characters, as plan slugs are). */
export function defaultPlanSlug(name: string, interval: string): string {
  const base = slugify(name).slice(0, 51).replace(/-+$/, '') || 'plan';
  return `${base}-${interval === 'year' ? 'yearly' : 'monthly'}`;
}

/** The plan service's field names as the form's. */
export function formField(field: string): string {
  return field === 'priceCents' ? 'price' : field;
}

export function parsePlanForm(f: PlanForm): { ok: true; input: PlanInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = f.name.trim();
  if (name === '' || name.length > 80) problems.push({ field: 'name', message: 'Enter a name of up to 80 characters.' });
  const slug = f.slug.trim() === '' ? defaultPlanSlug(name, f.interval) : f.slug.trim();
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 60)
    problems.push({ field: 'slug', message: 'Use lower-case letters, digits and single hyphens (up to 60), or leave it empty.' });
  if (f.description.trim().length > 500) problems.push({ field: 'description', message: 'Use at most 500 characters.' });
  const priceCents = centsOf(f.price);
  if (Number.isNaN(priceCents) || priceCents > 100_000_000) problems.push({ field: 'price', message: 'Enter a price such as 15.00.' });
  const currency = f.currency.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    problems.push({ field: 'currency', message: 'Enter a three-letter currency code, such as usd or eur.' });
  if (f.interval !== 'month' && f.interval !== 'year') problems.push({ field: 'interval', message: 'Choose monthly or yearly.' });
  const trialDays = whole(f.trialDays);
  if (!(trialDays <= 730)) problems.push({ field: 'trialDays', message: 'Enter a number of days from 0 to 730.' });
  if (f.entitlements.length === 0) problems.push({ field: 'entitlements', message: 'Choose at least one thing the plan includes.' });
  const position = whole(f.position);
  if (!(position <= 10_000)) problems.push({ field: 'position', message: 'Enter a whole number from 0 to 10,000.' });
  const stripePriceId = f.stripePriceId.trim() === '' ? null : f.stripePriceId.trim();
  if (stripePriceId !== null && !/^price_[A-Za-z0-9]+$/.test(stripePriceId))
    problems.push({ field: 'stripePriceId', message: 'A Stripe price starts with price_, or leave it empty.' });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      slug,
      name,
      description: f.description.trim(),
      priceCents,
      currency,
      interval: f.interval === 'year' ? 'year' : 'month',
      trialDays,
      entitlements: f.entitlements,
      active: f.active,
      position,
      stripePriceId,
    },
  };
}
