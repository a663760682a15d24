import { describe, expect, it } from 'vitest';
import type { AccessLevel } from '../articles/article.js';
import { type AccessDecision, decideAccess, type MeterUsage, type ReadingPolicy, type Viewer } from './access.js';

// The meter's default policy (src/meter/meter-policy.ts): 3 anonymous, 5 more registered.
const policy: ReadingPolicy = { anonymousFree: 3, registeredExtra: 5, leadInBlocks: 2, leadInChars: 800, leadInShare: 25 };

const anon: Viewer = { kind: 'anonymous' };
const anonEntitled: Viewer = { kind: 'anonymous', entitled: true };
const anonGift: Viewer = { kind: 'anonymous', gift: true };
const reg: Viewer = { kind: 'registered', readerId: 'r1', entitled: false };
const regEntitled: Viewer = { kind: 'registered', readerId: 'r1', entitled: true };
const regGift: Viewer = { kind: 'registered', readerId: 'r1', entitled: false, gift: true };
const staff: Viewer = { kind: 'staff' };
const partner: Viewer = { kind: 'partner', fullText: false };
const partnerFull: Viewer = { kind: 'partner', fullText: true };
const crawler: Viewer = { kind: 'crawler', crawler: 'googlebot' };

const usage = (used: number, over: Partial<MeterUsage> = {}): MeterUsage => ({
  periodKey: '2026-12',
  used,
  alreadyCounted: false,
  freshMeter: false,
  networkExhausted: false,
  ...over,
});

type Row = [string, Viewer, AccessLevel, MeterUsage | null, Partial<AccessDecision> & { allow: boolean; reason: string }];

const count = (used: number, allowance: number) => ({ used, allowance, remaining: allowance - used });

const TABLE: Row[] = [
  // Free articles: everyone, never counted, whatever the meter says.
  ['free, anonymous, no meter', anon, 'free', null, { allow: true, reason: 'free', count: null }],
  ['free, anonymous, quota used', anon, 'free', usage(3), { allow: true, reason: 'free', count: null }],
  ['free, registered, quota used', reg, 'free', usage(8), { allow: true, reason: 'free' }],
  // Viewers who always read in full.
  ['staff, subscribers-only', staff, 'subscribers', null, { allow: true, reason: 'staff' }],
  ['crawler, metered, no meter', crawler, 'metered', null, { allow: true, reason: 'crawler', count: null }],
  ['crawler, subscribers-only', crawler, 'subscribers', null, { allow: true, reason: 'crawler' }],
  ['partner with full text', partnerFull, 'subscribers', null, { allow: true, reason: 'partner' }],
  ['partner without full text', partner, 'metered', null, { allow: false, reason: 'no-meter' }],
  ['entitled reader, metered', regEntitled, 'metered', usage(8), { allow: true, reason: 'entitled', count: null }],
  ['entitled reader, subscribers-only', regEntitled, 'subscribers', usage(0), { allow: true, reason: 'entitled' }],
  ['entitled by address, anonymous', anonEntitled, 'subscribers', usage(3), { allow: true, reason: 'entitled' }],
  // Gift links: free to the friend, even past the quota or on a subscribers-only story.
  ['gift, anonymous, quota used', anonGift, 'metered', usage(3), { allow: true, reason: 'gift', count: null }],
  ['gift, registered, subscribers-only', regGift, 'subscribers', usage(0), { allow: true, reason: 'gift' }],
  // Hard paywall.
  ['subscribers-only, anonymous', anon, 'subscribers', usage(0), { allow: false, reason: 'subscribers-only' }],
  ['subscribers-only, registered', reg, 'subscribers', usage(0), { allow: false, reason: 'subscribers-only' }],
  // No meter on this output (feeds, public API, search).
  ['metered, no meter', anon, 'metered', null, { allow: false, reason: 'no-meter' }],
  // Anonymous meter.
  ['anonymous, first read', anon, 'metered', usage(0), { allow: true, reason: 'counted', countThis: true, count: count(1, 3) }],
  ['anonymous, third read (last free)', anon, 'metered', usage(2), { allow: true, reason: 'counted', countThis: true, count: count(3, 3) }],
  ['anonymous, quota used', anon, 'metered', usage(3), { allow: false, reason: 'anonymous-quota', count: count(3, 3) }],
  [
    'anonymous, re-read',
    anon,
    'metered',
    usage(3, { alreadyCounted: true }),
    { allow: true, reason: 'reread', countThis: false, count: count(3, 3) },
  ],
  [
    'anonymous, fresh meter, network budget spent',
    anon,
    'metered',
    usage(0, { freshMeter: true, networkExhausted: true }),
    { allow: false, reason: 'network-budget', count: null },
  ],
  [
    'anonymous, known meter, network budget spent (counts only for new meters)',
    anon,
    'metered',
    usage(1, { networkExhausted: true }),
    { allow: true, reason: 'counted', count: count(2, 3) },
  ],
  [
    'anonymous, known meter, the network’s counted reads spent',
    anon,
    'metered',
    usage(1, { networkReadsExhausted: true }),
    { allow: false, reason: 'network-budget', count: null },
  ],
  [
    'anonymous, re-read while the network’s counted reads are spent',
    anon,
    'metered',
    usage(2, { alreadyCounted: true, networkReadsExhausted: true }),
    { allow: true, reason: 'reread', count: count(2, 3) },
  ],
  [
    'registered, the network’s anonymous reads spent (not theirs)',
    reg,
    'metered',
    usage(3, { networkReadsExhausted: true }),
    { allow: true, reason: 'counted', count: count(4, 8) },
  ],
  // Registered meter: 3 + 5.
  ['registered, fourth read', reg, 'metered', usage(3), { allow: true, reason: 'counted', countThis: true, count: count(4, 8) }],
  ['registered, eighth read', reg, 'metered', usage(7), { allow: true, reason: 'counted', count: count(8, 8) }],
  ['registered, quota used', reg, 'metered', usage(8), { allow: false, reason: 'registered-quota', count: count(8, 8) }],
  [
    'registered, re-read past quota',
    reg,
    'metered',
    usage(8, { alreadyCounted: true }),
    { allow: true, reason: 'reread', count: count(8, 8) },
  ],
  [
    'registered, past quota after a policy change',
    reg,
    'metered',
    usage(12),
    { allow: false, reason: 'registered-quota', count: { used: 12, allowance: 8, remaining: 0 } },
  ],
];

describe('decideAccess', () => {
  it.each(TABLE)('%s', (_name, viewer, access, u, expected) => {
    const d = decideAccess(viewer, { access }, u, policy);
    expect(d).toMatchObject(expected);
    if (!d.allow) expect('countThis' in d).toBe(false);
  });

  it('follows the policy: no anonymous allowance walls the first read', () => {
    const d = decideAccess(anon, { access: 'metered' }, usage(0), { ...policy, anonymousFree: 0 });
    expect(d).toMatchObject({ allow: false, reason: 'anonymous-quota' });
  });

  it('follows the policy: a larger registered allowance', () => {
    const d = decideAccess(reg, { access: 'metered' }, usage(9), { ...policy, registeredExtra: 10 });
    expect(d).toMatchObject({ allow: true, reason: 'counted', count: count(10, 13) });
  });

  it('never allows a walled reader to count', () => {
    for (const [, viewer, access, u] of TABLE) {
      const d = decideAccess(viewer, { access }, u, policy);
      if (d.allow && d.countThis) expect(['counted']).toContain(d.reason);
    }
  });
});
