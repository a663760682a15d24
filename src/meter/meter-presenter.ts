/**
 * What the meter adds to an article page, decided from the reading and the viewer: the counter
 * ("You've read 2 of 3 free articles this month"), the last-free notice, "register for N more",
 * the paywall with its copy and offer, the gift-link notice, or the "give this article" link.
 * Also the page's variant (the cache key part) and whether shared caches may keep it. Pure.
 */
import type { AccessDecision, Viewer, WallReason } from './access.js';
import { type MeterPolicy, periodPhrase } from './meter-policy.js';

export interface OfferFacts {
  planName: string;
  /** "$15.00 a month". */
  price: string;
  /** What the plan includes, for people. */
  includes: string[];
}

export interface PaywallWords {
  tagline: string;
  heading: string;
  pitchHtml: string;
  letterTitle: string;
  letterHtml: string;
  signature: string;
  registerPitchHtml: string;
}

export type MeterBox =
  | {
      kind: 'counter';
      used: number;
      allowance: number;
      /** "this month". */
      phrase: string;
      last: boolean;
      /** More free articles a registration would give; 0 for registered readers. */
      registerMore: number;
      returnPath: string;
    }
  | {
      kind: 'wall';
      reason: WallReason;
      registration: boolean;
      registerMore: number;
      phrase: string;
      words: PaywallWords;
      offer: OfferFacts | null;
      returnPath: string;
      signedIn: boolean;
    }
  | { kind: 'gift' }
  | { kind: 'give'; articleId: string };

/**
 * The page variant: one of a small, bounded set (decisions.md "Pages vary by a few variants"):
 * the counter's numbers, the wall's reason, entitled, crawler, gift, free.
 */
export function pageVariant(a: AccessDecision, viewer: Viewer): string {
  if (!a.allow) return `wall-${a.reason}`;
  switch (a.reason) {
    case 'counted':
    case 'reread':
      return `count-${viewer.kind === 'registered' ? 'r' : 'a'}-${a.count?.used ?? 0}-${a.count?.allowance ?? 0}`;
    case 'entitled':
      return viewer.kind === 'registered' ? 'entitled-reader' : 'entitled';
    default:
      return a.reason;
  }
}

/**
 * Only a page that is the same for every visitor of its URL may be kept by a shared cache: a
 * free article. Anything that depends on the meter, and anything carrying a walled article's
 * full text (entitled, crawler, gift, staff), is `private`.
 */
export function sharedCacheable(a: AccessDecision): boolean {
  return a.allow && a.reason === 'free';
}

export function presentMeterBox(p: {
  access: AccessDecision;
  viewer: Viewer;
  policy: MeterPolicy;
  words: PaywallWords;
  offer: OfferFacts | null;
  returnPath: string;
  articleId: string;
  signedIn: boolean;
}): MeterBox | null {
  const a = p.access;
  const phrase = periodPhrase(p.policy.period);
  const registerMore = p.viewer.kind === 'anonymous' ? p.policy.registeredExtra : 0;
  if (!a.allow) {
    const registration = (a.reason === 'anonymous-quota' || a.reason === 'network-budget') && registerMore > 0;
    return {
      kind: 'wall',
      reason: a.reason,
      registration,
      registerMore,
      phrase,
      words: p.words,
      offer: p.offer,
      returnPath: p.returnPath,
      signedIn: p.signedIn,
    };
  }
  switch (a.reason) {
    case 'counted':
    case 'reread': {
      const c = a.count;
      if (!c) return null;
      return {
        kind: 'counter',
        used: c.used,
        allowance: c.allowance,
        phrase,
        last: c.remaining === 0,
        registerMore,
        returnPath: p.returnPath,
      };
    }
    case 'gift':
      return { kind: 'gift' };
    case 'entitled':
      return p.viewer.kind === 'registered' && p.policy.giftLinksPerMonth > 0 ? { kind: 'give', articleId: p.articleId } : null;
    default:
      return null;
  }
}
