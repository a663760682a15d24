/**
 * Who may read an article's body, decided in one pure function: `decideAccess(viewer, article,
 * usage, policy)`. No database, no clock: nothing in it depends on the time (the period is in
 * `usage`). The content-read service applies its answer to every output; the meter service
 * (src/meter) gathers the facts and records the count.
 */
import type { AccessLevel } from '../articles/index.js';

/** The part of the meter's policy the decision and the lead-in read (src/meter/meter-policy.ts holds the whole). */
export interface ReadingPolicy {
  /** Free articles a period for a reader not signed in. */
  anonymousFree: number;
  /** Free articles a registered reader has beyond those. */
  registeredExtra: number;
  leadInBlocks: number;
  leadInChars: number;
  leadInShare: number;
}

/** How many free articles a reader of this kind has per period. */
export function allowanceOf(policy: Pick<ReadingPolicy, 'anonymousFree' | 'registeredExtra'>, registered: boolean): number {
  return registered ? policy.anonymousFree + policy.registeredExtra : policy.anonymousFree;
}

/**
 * Who is reading, as far as access goes. `entitled`: the entitlement service says `web` holds
 * (plan, trial, grace, group licence, gift subscription). `gift`: the request came through a
 * valid gift link bound to this article.
 */
export type Viewer =
  | { kind: 'anonymous'; entitled?: boolean; gift?: boolean }
  | { kind: 'registered'; readerId: string; entitled: boolean; gift?: boolean }
  | { kind: 'staff' }
  | { kind: 'partner'; fullText: boolean }
  | { kind: 'crawler'; crawler: 'googlebot' | 'bingbot' };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/**
 * The viewer's meter for the current period. Null on outputs that carry no meter (feeds, the
 * public Content API, search): there nothing is counted and no free read is given.
 */
export interface MeterUsage {
  periodKey: string;
  /** Articles counted so far this period. */
  used: number;
  /** This article is one of them: reading it again is free. */
  alreadyCounted: boolean;
  /** The anonymous meter is new on this request (no valid cookie came with it). */
  freshMeter: boolean;
  /** The client's network has started all the fresh anonymous meters it may this period. */
  networkExhausted: boolean;
  /** The client's network has had all the anonymous reads counted it may this period (any meter). */
  networkReadsExhausted?: boolean;
}

export type AllowReason = 'free' | 'entitled' | 'staff' | 'partner' | 'crawler' | 'gift' | 'counted' | 'reread';
export type WallReason = 'anonymous-quota' | 'network-budget' | 'registered-quota' | 'subscribers-only' | 'no-meter';

export interface MeterCount {
  /** Counted this period, this article included. */
  used: number;
  allowance: number;
  remaining: number;
}

export type AccessDecision =
  | { allow: true; reason: AllowReason; count: MeterCount | null; countThis: boolean }
  | { allow: false; reason: WallReason; count: MeterCount | null };

const allow = (reason: AllowReason): AccessDecision => ({ allow: true, reason, count: null, countThis: false });

export function decideAccess(
  viewer: Viewer,
  article: { access: AccessLevel },
  usage: MeterUsage | null,
  policy: Pick<ReadingPolicy, 'anonymousFree' | 'registeredExtra'>,
): AccessDecision {
  if (article.access === 'free') return allow('free');
  switch (viewer.kind) {
    case 'staff':
      return allow('staff');
    case 'crawler':
      // Verified crawlers index the whole text, marked up as paywalled (never counted).
      return allow('crawler');
    case 'partner':
      return viewer.fullText ? allow('partner') : { allow: false, reason: 'no-meter', count: null };
    default:
      break;
  }
  if (viewer.entitled) return allow('entitled');
  if (viewer.gift) return allow('gift');
  if (article.access === 'subscribers') return { allow: false, reason: 'subscribers-only', count: null };
  if (usage === null) return { allow: false, reason: 'no-meter', count: null };

  const registered = viewer.kind === 'registered';
  const allowance = allowanceOf(policy, registered);
  const at = (used: number): MeterCount => ({ used, allowance, remaining: Math.max(0, allowance - used) });
  if (usage.alreadyCounted) return { allow: true, reason: 'reread', count: at(usage.used), countThis: false };
  if (usage.used >= allowance) {
    return { allow: false, reason: registered ? 'registered-quota' : 'anonymous-quota', count: at(usage.used) };
  }
  if (!registered && ((usage.freshMeter && usage.networkExhausted) || usage.networkReadsExhausted === true)) {
    return { allow: false, reason: 'network-budget', count: null };
  }
  return { allow: true, reason: 'counted', count: at(usage.used + 1), countThis: true };
}

/** The registration wall (sign up for more) rather than the paywall. */
export function isRegistrationWall(reason: WallReason): boolean {
  return reason === 'anonymous-quota' || reason === 'network-budget';
}
