import { describe, expect, it } from 'vitest';
import {
  decideEntitlements,
  type EntitlementFacts,
  type EntitlementSource,
  type GiftFacts,
  GRACE_PERIOD_MS,
  type OrgMatch,
  RENEWAL_LEEWAY_MS,
  type SubscriptionFacts,
} from './entitlements.js';
import type { Entitlement } from './plan.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const ALL: Entitlement[] = ['web', 'daily_email', 'weekly_print'];
const DIGITAL: Entitlement[] = ['web', 'daily_email'];

function sub(over: Partial<SubscriptionFacts>): SubscriptionFacts {
  return {
    id: 's1',
    planName: 'All Access',
    status: 'active',
    entitlements: ALL,
    currentPeriodEnd: at(10 * DAY),
    cancelAtPeriodEnd: false,
    trialEnd: null,
    graceUntil: null,
    ...over,
  };
}

function org(over: Partial<OrgMatch>): OrgMatch {
  return { organisationId: 'o1', name: 'Port Ellery Library', via: 'ip', seatLimit: null, seatsUsed: 0, isMember: false, ...over };
}

function gift(over: Partial<GiftFacts>): GiftFacts {
  return { id: 'g1', planName: 'Digital', entitlements: DIGITAL, redeemedAt: at(-10 * DAY), months: 3, ...over };
}

const none = { subscriptions: [], orgMatches: [], gifts: [], now: NOW };

interface Case {
  name: string;
  facts: Partial<EntitlementFacts>;
  expected: Entitlement[];
  sources?: EntitlementSource[];
}

const cases: Case[] = [
  { name: 'nothing at all', facts: {}, expected: [] },
  { name: 'active subscription', facts: { subscriptions: [sub({})] }, expected: ALL, sources: ['plan'] },
  { name: 'active, digital plan', facts: { subscriptions: [sub({ entitlements: DIGITAL })] }, expected: DIGITAL, sources: ['plan'] },
  {
    name: 'active, payment collection paused (Stripe pause_collection): reading and email go on, no printed copy',
    facts: { subscriptions: [sub({ pause: { behavior: 'void', resumesAt: at(20 * DAY), since: at(-DAY) } })] },
    expected: DIGITAL,
    sources: ['plan'],
  },
  {
    name: 'active, paused until resumed',
    facts: { subscriptions: [sub({ pause: { behavior: 'keep_as_draft', resumesAt: null, since: at(-DAY) } })] },
    expected: DIGITAL,
  },
  {
    name: 'active, pause over by its date (the resuming webhook late)',
    facts: { subscriptions: [sub({ pause: { behavior: 'void', resumesAt: at(-1000), since: at(-5 * DAY) } })] },
    expected: ALL,
  },
  {
    name: 'active, a pause not yet begun at that moment',
    facts: { subscriptions: [sub({ pause: { behavior: 'void', resumesAt: null, since: at(DAY) } })] },
    expected: ALL,
  },
  {
    name: 'active, period just ended, renewal webhook late (within leeway)',
    facts: { subscriptions: [sub({ currentPeriodEnd: at(-DAY) })] },
    expected: ALL,
    sources: ['plan'],
  },
  {
    name: 'active, period ended long ago and never renewed',
    facts: { subscriptions: [sub({ currentPeriodEnd: at(-RENEWAL_LEEWAY_MS - 1) })] },
    expected: [],
  },
  {
    name: 'trialing within the trial',
    facts: { subscriptions: [sub({ status: 'trialing', trialEnd: at(DAY) })] },
    expected: ALL,
    sources: ['trial'],
  },
  { name: 'trialing after the trial ended', facts: { subscriptions: [sub({ status: 'trialing', trialEnd: at(-1) })] }, expected: [] },
  {
    name: 'past_due within grace',
    facts: { subscriptions: [sub({ status: 'past_due', graceUntil: at(GRACE_PERIOD_MS - DAY) })] },
    expected: ALL,
    sources: ['grace'],
  },
  { name: 'past_due past grace', facts: { subscriptions: [sub({ status: 'past_due', graceUntil: at(-1) })] }, expected: [] },
  { name: 'past_due with no grace recorded', facts: { subscriptions: [sub({ status: 'past_due', graceUntil: null })] }, expected: [] },
  {
    name: 'canceled but the paid period is not over',
    facts: { subscriptions: [sub({ status: 'canceled', currentPeriodEnd: at(DAY) })] },
    expected: ALL,
    sources: ['plan'],
  },
  {
    name: 'canceled and the period is over',
    facts: { subscriptions: [sub({ status: 'canceled', currentPeriodEnd: at(-1) })] },
    expected: [],
  },
  {
    name: 'canceled for non-payment (grace was running)',
    facts: { subscriptions: [sub({ status: 'canceled', currentPeriodEnd: at(20 * DAY), graceUntil: at(DAY) })] },
    expected: [],
  },
  {
    name: 'cancel_at_period_end before the end',
    facts: { subscriptions: [sub({ cancelAtPeriodEnd: true, currentPeriodEnd: at(DAY) })] },
    expected: ALL,
    sources: ['plan'],
  },
  {
    name: 'cancel_at_period_end after the end (no renewal leeway)',
    facts: { subscriptions: [sub({ cancelAtPeriodEnd: true, currentPeriodEnd: at(-1) })] },
    expected: [],
  },
  { name: 'incomplete checkout', facts: { subscriptions: [sub({ status: 'incomplete' })] }, expected: [] },
  { name: 'group by IP', facts: { orgMatches: [org({ via: 'ip' })] }, expected: ['web'], sources: ['group'] },
  {
    name: 'group by IP ignores the seat limit (site licence)',
    facts: { orgMatches: [org({ via: 'ip', seatLimit: 1, seatsUsed: 1 })] },
    expected: ['web'],
    sources: ['group'],
  },
  {
    name: 'group by verified email domain',
    facts: { orgMatches: [org({ via: 'email_domain', seatLimit: 5, seatsUsed: 2 })] },
    expected: ['web'],
  },
  {
    name: 'group by email, seat limit reached',
    facts: { orgMatches: [org({ via: 'email_domain', seatLimit: 5, seatsUsed: 5 })] },
    expected: [],
  },
  {
    name: 'group by email, limit reached but already a member',
    facts: { orgMatches: [org({ via: 'email_domain', seatLimit: 5, seatsUsed: 5, isMember: true })] },
    expected: ['web'],
  },
  { name: 'gift active', facts: { gifts: [gift({})] }, expected: DIGITAL, sources: ['gift'] },
  { name: 'gift expired', facts: { gifts: [gift({ redeemedAt: at(-100 * DAY), months: 3 })] }, expected: [] },
  { name: 'gift redeemed in the future (clock skew)', facts: { gifts: [gift({ redeemedAt: at(DAY) })] }, expected: [] },
  {
    name: 'several sources add up, in canonical order',
    facts: {
      subscriptions: [sub({ entitlements: ['weekly_print'] })],
      orgMatches: [org({})],
      gifts: [gift({ entitlements: ['daily_email'] })],
    },
    expected: ALL,
    sources: ['plan', 'group', 'gift'],
  },
];

describe('decideEntitlements', () => {
  it.each(cases)('$name', ({ facts, expected, sources }) => {
    const d = decideEntitlements({ ...none, ...facts });
    expect(d.entitlements).toEqual(expected);
    if (sources) expect([...new Set(d.reasons.map((r) => r.source))]).toEqual(sources);
    // Every entitlement has a reason, and every reason names a held entitlement.
    expect(new Set(d.reasons.map((r) => r.entitlement))).toEqual(new Set(expected));
    for (const r of d.reasons) expect(r.detail).not.toBe('');
  });

  it('is pure: the same facts give the same answer', () => {
    const facts = { ...none, subscriptions: [sub({})], orgMatches: [org({})] };
    expect(decideEntitlements(facts)).toEqual(decideEntitlements(facts));
  });

  it('says what a pause in force holds back, unless something else gives it', () => {
    const pause = { behavior: 'void', resumesAt: at(20 * DAY), since: at(-DAY) };
    expect(decideEntitlements({ ...none, subscriptions: [sub({ pause })] }).withheld).toEqual([
      { entitlement: 'weekly_print', subscriptionId: 's1', planName: 'All Access', pause },
    ]);
    // A gift of the printed weekly: nothing is held back from the reader.
    const withGift = decideEntitlements({ ...none, subscriptions: [sub({ pause })], gifts: [gift({ entitlements: ALL })] });
    expect(withGift.entitlements).toEqual(ALL);
    expect(withGift.withheld).toEqual([]);
    // A digital plan has no printed copy to hold back; a pause over, or a lapsed subscription, holds back nothing.
    expect(decideEntitlements({ ...none, subscriptions: [sub({ pause, entitlements: DIGITAL })] }).withheld).toEqual([]);
    const over = { ...pause, resumesAt: at(-1) };
    expect(decideEntitlements({ ...none, subscriptions: [sub({ pause: over })] }).withheld).toEqual([]);
    const lapsed = sub({ pause, currentPeriodEnd: at(-RENEWAL_LEEWAY_MS - 1) });
    expect(decideEntitlements({ ...none, subscriptions: [lapsed] }).withheld).toEqual([]);
    expect(decideEntitlements({ ...none, subscriptions: [sub({})] }).withheld).toEqual([]);
  });
});
