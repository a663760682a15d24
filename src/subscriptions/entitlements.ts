/**
 * Which entitlements hold, and why: a pure decision over the facts the entitlement service
 * gathers (subscriptions with their plans, matching group licences, redeemed gifts) and a time.
 * No database, no clock of its own.
 */
import { addMonths, ENTITLEMENTS, type Entitlement } from './plan.js';
import { pauseInForce, type SubscriptionPause, type SubscriptionStatus } from './subscription.js';

/** A failed renewal keeps access this long ("grace period, then access ends"). */
export const GRACE_PERIOD_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * An active subscription that is not set to cancel renews at its period end; the renewal event
 * can arrive a little after (Stripe finalizes renewal invoices about an hour after the period
 * starts: https://docs.stripe.com/billing/subscriptions/overview#subscription-lifecycle). Access
 * holds this long past the recorded end, so a late webhook never locks a paying reader out, and a
 * webhook that never comes does not grant access for ever.
 */
export const RENEWAL_LEEWAY_MS = 3 * 24 * 60 * 60 * 1000;

export interface SubscriptionFacts {
  id: string;
  planName: string;
  status: SubscriptionStatus;
  /** The plan's entitlements. */
  entitlements: readonly Entitlement[];
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  graceUntil: Date | null;
  /** Payment collection paused at the provider (Stripe's `pause_collection`); absent: not paused. */
  pause?: SubscriptionPause | null | undefined;
}

/**
 * What a pause of payment collection withholds while it lasts: the printed magazine. The reader
 * keeps reading and the daily email (Stripe keeps the subscription active and its periods
 * running; a paper pauses for a holiday stop or instead of a cancellation), but no copy is
 * printed and mailed to someone who is not paying for it, or who asked for a stop.
 */
export const WITHHELD_WHILE_PAUSED: readonly Entitlement[] = ['weekly_print'];

/** Whether `s` withholds `e` at `now` because its payment collection is paused. */
export function pausedOut(s: Pick<SubscriptionFacts, 'pause'>, e: Entitlement, now: Date): boolean {
  return WITHHELD_WHILE_PAUSED.includes(e) && pauseInForce(s, now) !== null;
}

/**
 * A group licence that matches this request. Address ranges are a site licence: everyone inside
 * them reads, signed in or not, and takes no seat. Email domains need a seat: a reader who is
 * already a member keeps theirs; a new reader gets one while `seatsUsed < seatLimit`.
 */
export interface OrgMatch {
  organisationId: string;
  name: string;
  via: 'ip' | 'email_domain';
  /** Null: no limit. */
  seatLimit: number | null;
  seatsUsed: number;
  isMember: boolean;
}

export interface GiftFacts {
  id: string;
  planName: string;
  entitlements: readonly Entitlement[];
  redeemedAt: Date;
  months: number;
}

export type EntitlementSource = 'plan' | 'trial' | 'grace' | 'group' | 'gift';

export interface EntitlementReason {
  entitlement: Entitlement;
  source: EntitlementSource;
  detail: string;
}

/**
 * An entitlement a subscription would give but its pause of payment collection holds back now
 * (the printed magazine), and not held any other way: what the business office shows beside
 * what the reader may read.
 */
export interface WithheldEntitlement {
  entitlement: Entitlement;
  subscriptionId: string;
  planName: string;
  pause: SubscriptionPause;
}

export interface EntitlementDecision {
  entitlements: Entitlement[];
  reasons: EntitlementReason[];
  /** Held back by a pause in force (and by nothing else given); empty when nothing is paused. */
  withheld: WithheldEntitlement[];
}

export interface EntitlementFacts {
  subscriptions: readonly SubscriptionFacts[];
  orgMatches: readonly OrgMatch[];
  gifts: readonly GiftFacts[];
  now: Date;
}

/** What one subscription grants at `now`: the source and a note for people, or null. */
export function subscriptionGrant(s: SubscriptionFacts, now: Date): { source: EntitlementSource; detail: string } | null {
  const t = now.getTime();
  const before = (d: Date | null, slack = 0) => d === null || t < d.getTime() + slack;
  switch (s.status) {
    case 'active':
      if (s.cancelAtPeriodEnd)
        return before(s.currentPeriodEnd) ? { source: 'plan', detail: `${s.planName}, ending at the period end` } : null;
      return before(s.currentPeriodEnd, RENEWAL_LEEWAY_MS) ? { source: 'plan', detail: s.planName } : null;
    case 'trialing': {
      const end = s.trialEnd ?? s.currentPeriodEnd;
      return before(end) ? { source: 'trial', detail: `${s.planName} trial` } : null;
    }
    case 'past_due':
      return s.graceUntil !== null && t < s.graceUntil.getTime()
        ? { source: 'grace', detail: `${s.planName}: payment failed, grace period` }
        : null;
    case 'canceled':
      // Canceled after paying: the paid period is the reader's. Canceled for not paying: nothing.
      if (s.graceUntil !== null || s.currentPeriodEnd === null) return null;
      return t < s.currentPeriodEnd.getTime() ? { source: 'plan', detail: `${s.planName}, canceled, paid period` } : null;
    case 'incomplete':
      return null;
  }
}

export function orgGrants(m: OrgMatch): boolean {
  if (m.via === 'ip') return true;
  return m.isMember || m.seatLimit === null || m.seatsUsed < m.seatLimit;
}

export function giftActive(g: GiftFacts, now: Date): boolean {
  const t = now.getTime();
  return g.redeemedAt.getTime() <= t && t < addMonths(g.redeemedAt, g.months).getTime();
}

export function decideEntitlements(facts: EntitlementFacts): EntitlementDecision {
  const reasons: EntitlementReason[] = [];
  const paused: WithheldEntitlement[] = [];
  for (const s of facts.subscriptions) {
    const grant = subscriptionGrant(s, facts.now);
    if (!grant) continue;
    for (const e of s.entitlements) {
      const pause = pausedOut(s, e, facts.now) ? pauseInForce(s, facts.now) : null;
      if (pause) paused.push({ entitlement: e, subscriptionId: s.id, planName: s.planName, pause });
      else reasons.push({ entitlement: e, ...grant });
    }
  }
  for (const m of facts.orgMatches) {
    if (orgGrants(m)) {
      const how = m.via === 'ip' ? 'by network address' : 'by email address';
      reasons.push({ entitlement: 'web', source: 'group', detail: `${m.name} (${how})` });
    }
  }
  for (const g of facts.gifts) {
    if (giftActive(g, facts.now))
      for (const e of g.entitlements) reasons.push({ entitlement: e, source: 'gift', detail: `Gift: ${g.planName}` });
  }
  const held = new Set(reasons.map((r) => r.entitlement));
  return { entitlements: ENTITLEMENTS.filter((e) => held.has(e)), reasons, withheld: paused.filter((w) => !held.has(w.entitlement)) };
}

/**
 * How long one granting subscription lasts as things stand: the period end (renewing or not),
 * the trial's end, the grace's end; null: no end (a complimentary subscription).
 */
function grantEnd(s: SubscriptionFacts, source: EntitlementSource): Date | null {
  if (source === 'trial') return s.trialEnd ?? s.currentPeriodEnd;
  if (source === 'grace') return s.graceUntil;
  return s.currentPeriodEnd;
}

/** Why a subscription that once granted something grants nothing at `now`, in words for people. */
export function lapseReason(s: SubscriptionFacts, now: Date): string {
  const t = now.getTime();
  switch (s.status) {
    case 'incomplete':
      return `${s.planName}: never paid, or paused`;
    case 'past_due':
      return `${s.planName}: payment failed and the grace period is over`;
    case 'canceled':
      return s.graceUntil !== null ? `${s.planName}: canceled for not paying` : `${s.planName}: canceled, the paid period is over`;
    case 'trialing':
      return `${s.planName}: the trial is over`;
    case 'active':
      if (s.cancelAtPeriodEnd) return `${s.planName}: canceled at the period end, which has passed`;
      return s.currentPeriodEnd !== null && t >= s.currentPeriodEnd.getTime()
        ? `${s.planName}: the period ended and no renewal came`
        : `${s.planName}: not in force`;
  }
}

/** "All Access: paused until 2027-01-05" (UTC date), or "…: paused until resumed". */
export function pauseReason(s: Pick<SubscriptionFacts, 'planName' | 'pause'>, now: Date): string {
  const p = pauseInForce(s, now);
  const until = p?.resumesAt ? `until ${p.resumesAt.toISOString().slice(0, 10)}` : 'until resumed';
  return `${s.planName}: payment collection paused ${until}`;
}

/** Whether one entitlement holds, through what, and until when; or why not. */
export type EntitlementTerm =
  | {
      held: true;
      /** Every source that grants it now (a reader with two plans has two). */
      reasons: EntitlementReason[];
      /** The latest end of those sources; null: one of them has no end. */
      until: Date | null;
    }
  | { held: false; why: string };

/**
 * The same rules as `decideEntitlements`, asked of one entitlement, with the term it runs to:
 * the print edition's mailing list needs the date a copy is paid until, and why a reader who
 * once had a copy has none now. Group licences are not asked: they grant `web` only.
 */
export function entitlementTerm(
  facts: { subscriptions: readonly (SubscriptionFacts & { createdAt?: Date })[]; gifts: readonly GiftFacts[] },
  entitlement: Entitlement,
  now: Date,
): EntitlementTerm {
  const reasons: EntitlementReason[] = [];
  const ends: (Date | null)[] = [];
  const withIt = facts.subscriptions.filter((s) => s.entitlements.includes(entitlement));
  // Asked of a past moment (an edition's cut-off), a subscription begun after it grants nothing then.
  const begunAfter = (s: { createdAt?: Date }) => s.createdAt !== undefined && s.createdAt.getTime() > now.getTime();
  const paused: (SubscriptionFacts & { createdAt?: Date })[] = [];
  for (const s of withIt) {
    if (begunAfter(s)) continue;
    const grant = subscriptionGrant(s, now);
    if (!grant) continue;
    if (pausedOut(s, entitlement, now)) {
      paused.push(s);
      continue;
    }
    reasons.push({ entitlement, ...grant });
    ends.push(grantEnd(s, grant.source));
  }
  const giftsWithIt = facts.gifts.filter((g) => g.entitlements.includes(entitlement));
  for (const g of giftsWithIt) {
    if (!giftActive(g, now)) continue;
    reasons.push({ entitlement, source: 'gift', detail: `Gift: ${g.planName}` });
    ends.push(addMonths(g.redeemedAt, g.months));
  }
  if (reasons.length > 0) {
    const until = ends.some((e) => e === null) ? null : new Date(Math.max(...ends.map((e) => (e as Date).getTime())));
    return { held: true, reasons, until };
  }
  if (withIt.length === 0 && giftsWithIt.length === 0) {
    const other = facts.subscriptions.length > 0 || facts.gifts.length > 0;
    return { held: false, why: other ? `no plan or gift that includes ${entitlement}` : 'no subscription or gift' };
  }
  // A subscription in force but paused says so: it is why, whatever older ones say.
  const pausedOne = paused[0];
  if (pausedOne) return { held: false, why: pauseReason(pausedOne, now) };
  // The newest of them says why: a reader who lapsed, resubscribed and lapsed again is told the last.
  const newest = [...withIt].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  if (newest) return { held: false, why: begunAfter(newest) ? `${newest.planName}: begun after that moment` : lapseReason(newest, now) };
  const g = giftsWithIt[0] as GiftFacts;
  return {
    held: false,
    why: g.redeemedAt.getTime() > now.getTime() ? `Gift: ${g.planName}, redeemed after that date` : `Gift: ${g.planName}, ran out`,
  };
}
