/**
 * What the meter adds to an article page, decided from the reading and the viewer: the counter
 * ("You've read 2 of 3 free articles this month"), the last-free notice, "register for N more",
 * the paywall with its copy and offer, the gift-link notes, or the "give this article" link.
 * Also the page's variant (the cache key part) and whether shared caches may keep it. Pure.
 *
 * Every link out of the box carries `return=<article path>` (signup, signin, subscribe), so a
 * reader who registers, signs in or pays comes back to the story. The path is the same for every
 * reader of the page, so the page stays one of a few shared variants (`pageVariant`).
 */
import type { AccessDecision, Viewer, WallReason } from '../reading/index.js';
import type { ArmView } from './meter-experiment.js';
import { type MeterPolicy, periodPhrase } from './meter-policy.js';

export interface OfferFacts {
  planName: string;
  /** "$15.00 a month". */
  price: string;
  /** What the plan includes, for people. */
  includes: string[];
}

/**
 * Which words a wall speaks. They follow its reason: a subscribers-only story says nothing about
 * free articles (the reader may never have read one), free articles used says so, the
 * registration wall offers an account, and a network's spent budget (a first visit, perhaps)
 * says neither that the reader used anything nor, when registering gives nothing, to register.
 */
export type WallWording = 'subscribers-only' | 'free-used' | 'registration' | 'network';

export interface PaywallWords {
  tagline: string;
  heading: string;
  pitchHtml: string;
  letterTitle: string;
  /** The editor's letter with the opening of each wording in place. */
  letterHtml: Record<WallWording, string>;
  signature: string;
  registerPitchHtml: string;
}

/** Where the box's links lead, each bringing the reader back to `returnPath`. */
export interface WaysIn {
  signup: string;
  signin: string;
  subscribe: string;
}

export function waysIn(returnPath: string): WaysIn {
  const back = `return=${encodeURIComponent(returnPath)}`;
  return { signup: `/signup?${back}`, signin: `/signin?${back}`, subscribe: `/subscribe?${back}` };
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
      links: WaysIn;
    }
  | {
      kind: 'wall';
      reason: WallReason;
      wording: WallWording;
      /** The line over the wall, e.g. "This story is for subscribers." */
      intro: string;
      registration: boolean;
      registerMore: number;
      phrase: string;
      words: PaywallWords;
      offer: OfferFacts | null;
      links: WaysIn;
      signedIn: boolean;
    }
  | { kind: 'gift'; links: WaysIn }
  | { kind: 'give'; articleId: string };

/** Why a gift link in the URL did not open the story, as the reader is told it. */
export type GiftProblem = 'expired' | 'used-up' | 'read-limit' | 'revoked' | 'unknown';

/** What the gift-link service answered for this request (src/gift-links `GiftAdmission`). */
export type GiftOutcome =
  | { ok: true; via?: 'print' }
  | { ok: false; reason: 'invalid' | 'wrong-article' | 'expired' | 'used-up' | 'read-limit' | 'revoked' | 'preview' | 'print-refused' };

/** The note at the top of the story, under the headline and dek. */
export type ArticleNotice =
  | { kind: 'gift' }
  /** Opened by a QR code in the printed magazine (src/magazine/print-code.ts). */
  | { kind: 'print' }
  | {
      kind: 'gift-problem';
      problem: GiftProblem;
      /** The reader still reads this story as one of their free articles. */
      counted: { used: number; allowance: number; phrase: string } | null;
      /** Free articles registering would add, when that would open this story; else 0. */
      registerMore: number;
      subscribersOnly: boolean;
      signedIn: boolean;
      links: WaysIn;
    };

/** The problem to tell the reader, or null: the gift opened, was not asked, or was a preview (it gets the public page). */
export function giftProblem(outcome: GiftOutcome | undefined): GiftProblem | null {
  if (!outcome || outcome.ok) return null;
  switch (outcome.reason) {
    case 'preview':
    // A magazine code that grants nothing says nothing: the page is what it is without one.
    case 'print-refused':
      return null;
    case 'invalid':
    case 'wrong-article':
      return 'unknown';
    default:
      return outcome.reason;
  }
}

/**
 * What opened a story through the meter's gift pass: a subscriber's gift link, or a QR code of
 * the printed magazine (a print read, src/magazine/print-code.ts); null when no pass opened it.
 * A print read is a read of its own kind, not a gift with a flag: its own note at the top, its
 * own funnel event (`print_read`) and its own cached page.
 */
export function passRead(a: AccessDecision, gift: GiftOutcome | undefined): 'gift' | 'print' | null {
  if (!a.allow || a.reason !== 'gift') return null;
  return gift?.ok === true && gift.via === 'print' ? 'print' : 'gift';
}

/** What an article page varies by (besides signed in or not): the page cache keeps one page per variant. */
export interface PageVariantFacts {
  access: AccessDecision;
  viewer: Viewer;
  /** The note at the top, as `presentArticleNotice` made it (null: none). */
  notice: ArticleNotice | null;
  /** The reader's arm of the running experiment (null: none, or not in one). */
  arm: ArmView | null;
}

/**
 * The page variant: one of a small, bounded set, so the page cache holds a few pages per story:
 * the counter's numbers, the wall's reason, entitled, crawler, gift, print, free; which gift-link
 * problem the top of the page explains, if any; and an experiment's arm where it changes the page.
 */
export function pageVariant(f: PageVariantFacts): string {
  const problem = f.notice?.kind === 'gift-problem' ? `|gift-${f.notice.problem}` : '';
  return `${accessVariant(f.access, f.viewer, f.notice)}${problem}${armVariant(f.arm, f.access)}`;
}

function accessVariant(a: AccessDecision, viewer: Viewer, notice: ArticleNotice | null): string {
  if (!a.allow) return `wall-${a.reason}`;
  switch (a.reason) {
    case 'counted':
    case 'reread':
      return `count-${viewer.kind === 'registered' ? 'r' : 'a'}-${a.count?.used ?? 0}-${a.count?.allowance ?? 0}`;
    case 'entitled':
      return viewer.kind === 'registered' ? 'entitled-reader' : 'entitled';
    // The gift pass: a gift link's page, or a print read's (its own note: "From this week's magazine").
    case 'gift':
      return notice?.kind === 'print' ? 'gift|print' : 'gift';
    default:
      return a.reason;
  }
}

/**
 * The variant's part for an experiment's arm: empty unless the arm changes this page. Arm A is
 * the meter and paywall in force, the same page as outside any experiment. Arm B of a copy
 * experiment changes only a wall; of an allowance experiment, the counter and the wall (the
 * counter's numbers are in the variant already, but "register for N more" and the wall's words
 * follow the allowance too). Bounded: one more variant per walled or counted page, while one
 * experiment runs (the key names it, so a page of a stopped experiment is never served).
 */
function armVariant(arm: ArmView | null, a: AccessDecision): string {
  if (arm === null || arm.arm === 'A') return '';
  const changed = arm.experiment.kind === 'copy' ? !a.allow : !a.allow || a.reason === 'counted' || a.reason === 'reread';
  return changed ? `|x-${arm.experiment.id}` : '';
}

/**
 * Only a page that is the same for every visitor of its URL may be kept by a shared cache: a
 * free article. Anything that depends on the meter, and anything carrying a walled article's
 * full text (entitled, crawler, gift, staff), is `private`.
 */
export function sharedCacheable(a: AccessDecision): boolean {
  return a.allow && a.reason === 'free';
}

export function wallWording(reason: WallReason, registration: boolean): WallWording {
  switch (reason) {
    case 'subscribers-only':
      return 'subscribers-only';
    // A metered story where no meter applies (a link preview or prefetch gets its teaser): nothing
    // happened to this reader and the story is not for subscribers only, so the letter has no opening.
    case 'no-meter':
      return 'network';
    case 'registered-quota':
      return 'free-used';
    case 'anonymous-quota':
      return registration ? 'registration' : 'free-used';
    case 'network-budget':
      return registration ? 'registration' : 'network';
  }
}

/** The line over the wall: it names what happened to this reader, and nothing that did not. */
export function wallIntro(reason: WallReason, phrase: string): string {
  switch (reason) {
    case 'subscribers-only':
      return 'This story is for subscribers.';
    case 'no-meter':
      return 'Subscribe to read the whole story.';
    case 'anonymous-quota':
      return `You’ve used your free articles ${phrase}.`;
    case 'registered-quota':
      return `You’ve read all your free articles ${phrase}.`;
    case 'network-budget':
      return `Free articles for readers without an account have run out on your network ${phrase}.`;
  }
}

export function presentMeterBox(p: {
  access: AccessDecision;
  viewer: Viewer;
  policy: MeterPolicy;
  /**
   * The paywall's words, asked for only when the box is a wall: they are the paywall copy's
   * Markdown rendered (markdown-it, sanitize-html), which no other page shows, and a free
   * article's first render after a start need not wait for it (bench/README.md, "Session 12").
   */
  words: () => PaywallWords;
  offer: OfferFacts | null;
  returnPath: string;
  articleId: string;
  signedIn: boolean;
}): MeterBox | null {
  const a = p.access;
  const phrase = periodPhrase(p.policy.period);
  const registerMore = p.viewer.kind === 'anonymous' ? p.policy.registeredExtra : 0;
  const links = waysIn(p.returnPath);
  if (!a.allow) {
    const registration = (a.reason === 'anonymous-quota' || a.reason === 'network-budget') && registerMore > 0;
    return {
      kind: 'wall',
      reason: a.reason,
      wording: wallWording(a.reason, registration),
      intro: wallIntro(a.reason, phrase),
      registration,
      registerMore,
      phrase,
      words: p.words(),
      offer: p.offer,
      links,
      signedIn: p.signedIn,
    };
  }
  switch (a.reason) {
    case 'counted':
    case 'reread': {
      const c = a.count;
      if (!c) return null;
      return { kind: 'counter', used: c.used, allowance: c.allowance, phrase, last: c.remaining === 0, registerMore, links };
    }
    case 'gift':
      return { kind: 'gift', links };
    case 'entitled':
      return p.viewer.kind === 'registered' && p.policy.giftLinksPerMonth > 0 ? { kind: 'give', articleId: p.articleId } : null;
    default:
      return null;
  }
}

/**
 * The note at the top of the story: the gift note when a gift link opened it, or, when the link
 * in the URL did not, why not and the ways in that remain (the reader's free articles, an
 * account, a subscription, signing in). Null when there is nothing to say.
 */
export function presentArticleNotice(p: {
  access: AccessDecision;
  viewer: Viewer;
  policy: MeterPolicy;
  gift: GiftOutcome | undefined;
  returnPath: string;
  signedIn: boolean;
}): ArticleNotice | null {
  const a = p.access;
  const pass = passRead(a, p.gift);
  if (pass !== null) return { kind: pass };
  const problem = giftProblem(p.gift);
  if (!problem) return null;
  // Entitled, staff, crawler, free: the story is open anyway, and the link does not matter.
  if (a.allow && a.reason !== 'counted' && a.reason !== 'reread') return null;
  const subscribersOnly = !a.allow && (a.reason === 'subscribers-only' || a.reason === 'no-meter');
  const counted = a.allow && a.count ? { used: a.count.used, allowance: a.count.allowance, phrase: periodPhrase(p.policy.period) } : null;
  return {
    kind: 'gift-problem',
    problem,
    counted,
    registerMore: p.viewer.kind === 'anonymous' && !subscribersOnly ? p.policy.registeredExtra : 0,
    subscribersOnly,
    signedIn: p.signedIn,
    links: waysIn(p.returnPath),
  };
}
