/**
 * The paywall's words and offer, made ready for the page: the editable Markdown rendered the way
 * article bodies are (markdown-it without HTML, then sanitized), `{n}` and `{period}` filled in,
 * and the offer taken from the plan catalogue. Pure.
 */
import { renderBody } from '../articles/index.js';
import type { Entitlement, Plan } from '../subscriptions/index.js';
import { formatPlanPrice } from '../subscriptions/index.js';
import { type MeterPolicy, periodPhrase } from './meter-policy.js';
import type { OfferFacts, PaywallWords } from './meter-presenter.js';
import type { PaywallCopy } from './paywall-copy.js';

const INCLUDES: Record<Entitlement, string> = {
  weekly_print: 'the weekly magazine in print',
  daily_email: 'the daily email',
  web: 'unlimited access to the website',
};
const ORDER: Entitlement[] = ['weekly_print', 'daily_email', 'web'];

const markdownHtml = (md: string) =>
  renderBody(md)
    .map((b) => b.html)
    .join('\n');

export function paywallWords(copy: PaywallCopy, tagline: string, policy: MeterPolicy): PaywallWords {
  const fill = (md: string) => md.replaceAll('{n}', String(policy.registeredExtra)).replaceAll('{period}', periodPhrase(policy.period));
  // The opening goes where the letter says `{opening}`; a letter without it gets none.
  const letter = (opening: string) => markdownHtml(fill(copy.letter.replaceAll('{opening}', opening)));
  return {
    tagline,
    heading: copy.heading,
    pitchHtml: markdownHtml(copy.pitch),
    letterTitle: copy.letterTitle,
    letterHtml: {
      'subscribers-only': letter(copy.openingSubscribers),
      'free-used': letter(copy.openingFreeUsed),
      registration: letter(copy.openingRegistration),
      network: letter(''),
    },
    signature: copy.signature,
    registerPitchHtml: markdownHtml(fill(copy.registerPitch)),
  };
}

/**
 * The plan the paywall offers: the one the copy names when it is active, otherwise the active
 * plan that includes the most, monthly before yearly, cheapest first.
 */
export function pickOfferPlan(plans: readonly Plan[], slug: string | null): Plan | undefined {
  const active = plans.filter((p) => p.active);
  const named = slug === null ? undefined : active.find((p) => p.slug === slug);
  if (named) return named;
  return [...active].sort(
    (a, b) =>
      b.entitlements.length - a.entitlements.length ||
      (a.interval === b.interval ? 0 : a.interval === 'month' ? -1 : 1) ||
      a.priceCents - b.priceCents,
  )[0];
}

export function offerFacts(plan: Plan | undefined): OfferFacts | null {
  if (!plan) return null;
  return {
    planName: plan.name,
    price: formatPlanPrice(plan),
    includes: ORDER.filter((e) => plan.entitlements.includes(e)).map((e) => INCLUDES[e]),
  };
}
