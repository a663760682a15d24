/**
 * The meter's presenter, table-driven: every wall reason × viewer gets words that fit it (a
 * subscribers-only story never says free articles were used), every way in returns to the story,
 * and a gift link's outcome becomes the right note at the top, in a bounded set of variants.
 */
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { AccessDecision, Viewer, WallReason } from '../reading/index.js';
import type { ArmView, RunningExperiment } from './meter-experiment.js';
import { DEFAULT_METER_POLICY } from './meter-policy.js';
import {
  type GiftOutcome,
  giftProblem,
  pageVariant,
  passRead,
  presentArticleNotice,
  presentMeterBox,
  wallIntro,
  wallWording,
} from './meter-presenter.js';
import { paywallWords } from './paywall-content.js';
import { DEFAULT_PAYWALL_COPY } from './paywall-copy.js';
import { ArticleNotice } from './views/article-notice.js';
import { MeterBox } from './views/meter-box.js';

const policy = DEFAULT_METER_POLICY;
const PATH = '/news/2026/11/20/harbour-vote';
const BACK = `return=${encodeURIComponent(PATH)}`;
const words = paywallWords(DEFAULT_PAYWALL_COPY, 'An independent daily', policy);
const anon: Viewer = { kind: 'anonymous' };
const reg: Viewer = { kind: 'registered', readerId: 'r1', entitled: false };
const wall = (reason: WallReason, used: number | null = null): AccessDecision => ({
  allow: false,
  reason,
  count: used === null ? null : { used, allowance: 3, remaining: 0 },
});

function render(access: AccessDecision, viewer: Viewer, signedIn = viewer.kind === 'registered', p = policy): string {
  const box = presentMeterBox({ access, viewer, policy: p, words: () => words, offer: null, returnPath: PATH, articleId: 'a1', signedIn });
  if (!box) throw new Error('no box');
  return renderToString(<MeterBox box={box} />);
}

const FREE_USED = /free articles (this month|for now)|used your free|read all your free|end of your free/i;

describe('the paywall’s words fit the wall', () => {
  type Row = [string, AccessDecision, Viewer, { intro: string; opening: string; register: boolean; signIn: boolean }];
  const rows: Row[] = [
    [
      'anonymous first visit, subscribers-only',
      wall('subscribers-only'),
      anon,
      {
        intro: 'This story is for subscribers.',
        opening: 'Some of our stories, like this one, are for subscribers',
        register: false,
        signIn: true,
      },
    ],
    [
      'anonymous, free articles used',
      wall('anonymous-quota', 3),
      anon,
      {
        intro: 'You’ve used your free articles this month.',
        opening: 'Free reading without an account has run out',
        register: true,
        signIn: true,
      },
    ],
    [
      'anonymous first visit, the network’s budget spent',
      wall('network-budget'),
      anon,
      {
        intro: 'Free articles for readers without an account have run out on your network this month.',
        opening: 'Free reading without an account has run out',
        register: true,
        signIn: true,
      },
    ],
    [
      'registered, free articles used',
      wall('registered-quota', 8),
      reg,
      {
        intro: 'You’ve read all your free articles this month.',
        opening: 'You have reached the end of your free articles',
        register: false,
        signIn: false,
      },
    ],
    [
      'registered without a subscription, subscribers-only',
      wall('subscribers-only'),
      reg,
      {
        intro: 'This story is for subscribers.',
        opening: 'Some of our stories, like this one, are for subscribers',
        register: false,
        signIn: false,
      },
    ],
  ];

  it.each(rows)('%s', (_name, access, viewer, want) => {
    const html = render(access, viewer);
    expect(html).toContain(`<p class="paywall-intro">${want.intro}</p>`);
    expect(html).toContain(want.opening);
    expect(html.includes('Register for 5 more')).toBe(want.register);
    expect(html.includes(`href="/signup?${BACK}"`)).toBe(want.register);
    expect(html.includes(`href="/signin?${BACK}">Sign in</a>`)).toBe(want.signIn);
    expect(html).toContain(`href="/subscribe?${BACK}">Subscribe</a>`);
    expect(html).not.toMatch(/href="\/(subscribe|signup|signin)"/);
    // The letter has no placeholder left, and its other openings are not in it.
    expect(html).not.toContain('{opening}');
    const openings = [
      DEFAULT_PAYWALL_COPY.openingSubscribers,
      DEFAULT_PAYWALL_COPY.openingFreeUsed,
      DEFAULT_PAYWALL_COPY.openingRegistration,
    ];
    for (const o of openings.filter((o) => o.slice(0, 25) !== want.opening.slice(0, 25))) expect(html).not.toContain(o.slice(0, 40));
  });

  it('a subscribers-only story tells no one they used free articles', () => {
    for (const viewer of [anon, reg]) expect(render(wall('subscribers-only'), viewer)).not.toMatch(FREE_USED);
  });

  it('no registration to offer (none gives more): the network wall says nothing of registering or using', () => {
    const none = { ...policy, registeredExtra: 0 };
    const box = presentMeterBox({
      access: wall('network-budget'),
      viewer: anon,
      policy: none,
      words: () => paywallWords(DEFAULT_PAYWALL_COPY, '', none),
      offer: null,
      returnPath: PATH,
      articleId: 'a1',
      signedIn: false,
    });
    const html = renderToString(<MeterBox box={box as NonNullable<typeof box>} />);
    expect(html).not.toContain('Register');
    expect(html).not.toMatch(/end of your free|Free reading without/);
    expect(wallWording('anonymous-quota', false)).toBe('free-used');
    expect(wallWording('no-meter', false)).toBe('network');
    expect(wallIntro('no-meter', 'this month')).toBe('Subscribe to read the whole story.');
  });

  it('a business’s own letter without `{opening}` is shown as written; openings fill {n} and {period}', () => {
    const own = paywallWords({ ...DEFAULT_PAYWALL_COPY, letter: 'Dear reader, thank you.' }, '', policy);
    expect(own.letterHtml['subscribers-only'].trim()).toBe('<p>Dear reader, thank you.</p>');
    expect(words.letterHtml.registration).toContain('gives you 5 more articles this month');
  });
});

describe('the counter’s links bring the reader back', () => {
  it('register, sign in and subscribe carry return=<article path>', () => {
    const html = render({ allow: true, reason: 'counted', count: { used: 2, allowance: 3, remaining: 1 }, countThis: true }, anon, false);
    expect(html).toContain(`<a href="/signup?${BACK}">Register for 5 more</a>`);
    expect(html).toContain(`<a href="/signin?${BACK}">sign in</a>`);
    expect(html).toContain(`<a href="/subscribe?${BACK}">Subscribe for unlimited access.</a>`);
  });
});

describe('gift links: the note at the top', () => {
  const counted: AccessDecision = { allow: true, reason: 'counted', count: { used: 2, allowance: 3, remaining: 1 }, countThis: true };
  const refused = (reason: Extract<GiftOutcome, { ok: false }>['reason']): GiftOutcome => ({ ok: false, reason });
  const notice = (access: AccessDecision, gift: GiftOutcome | undefined, viewer: Viewer = anon) =>
    presentArticleNotice({ access, viewer, policy, gift, returnPath: PATH, signedIn: viewer.kind === 'registered' });

  it.each([
    ['expired', 'expired', 'This gift link has expired.'],
    ['used-up', 'used-up', 'This gift link has already been used.'],
    ['read-limit', 'read-limit', 'This gift link has been opened as many times as it allows.'],
    ['revoked', 'revoked', 'This gift link has been withdrawn.'],
    ['invalid', 'unknown', 'This gift link does not work.'],
    ['wrong-article', 'unknown', 'This gift link does not work.'],
  ] as const)('%s → %s', (reason, problem, title) => {
    expect(giftProblem(refused(reason))).toBe(problem);
    const n = notice(wall('subscribers-only'), refused(reason));
    expect(n).toMatchObject({ kind: 'gift-problem', problem, subscribersOnly: true, registerMore: 0 });
    const html = renderToString(<ArticleNotice notice={n as NonNullable<typeof n>} />);
    expect(html).toContain(`<strong>${title}</strong>`);
    expect(html).toContain(`<a href="/subscribe?${BACK}">subscribe to read it</a>`);
    expect(html).toContain(`<a href="/signin?${BACK}">Sign in</a>`);
    expect(pageVariant({ access: wall('subscribers-only'), viewer: anon, notice: n, arm: null })).toBe(
      `wall-subscribers-only|gift-${problem}`,
    );
  });

  it('the ways in that remain: free articles left, register, subscribe, sign in', () => {
    const quota = renderToString(<ArticleNotice notice={notice(wall('anonymous-quota', 3), refused('expired')) as never} />);
    expect(quota).toContain(`<a href="/signup?${BACK}">Register for 5 more free articles</a>`);
    expect(quota).toContain(`href="/subscribe?${BACK}"`);
    expect(quota).toContain(`href="/signin?${BACK}"`);
    const left = renderToString(<ArticleNotice notice={notice(counted, refused('used-up')) as never} />);
    expect(left).toContain('You can still read this story: it is one of your free articles (2 of 3 this month).');
    const registered = renderToString(<ArticleNotice notice={notice(wall('registered-quota', 8), refused('expired'), reg) as never} />);
    expect(registered).not.toContain('Register');
    expect(registered).not.toContain('Sign in');
    expect(registered).toContain(`<a href="/subscribe?${BACK}">Subscribe for unlimited access</a>`);
  });

  it('no note for a preview, an unasked link or an open story; the gift note when it opened', () => {
    expect(notice(wall('subscribers-only'), refused('preview'))).toBeNull();
    expect(notice(wall('subscribers-only'), undefined)).toBeNull();
    expect(notice({ allow: true, reason: 'entitled', count: null, countThis: false }, refused('expired'))).toBeNull();
    const gift = notice({ allow: true, reason: 'gift', count: null, countThis: false }, { ok: true });
    expect(renderToString(<ArticleNotice notice={gift as never} />)).toContain('A subscriber gave you this article.');
    expect(
      pageVariant({ access: { allow: true, reason: 'gift', count: null, countThis: false }, viewer: anon, notice: gift, arm: null }),
    ).toBe('gift');
  });
});

describe('page variants: what the page cache keeps apart', () => {
  const giftAccess: AccessDecision = { allow: true, reason: 'gift', count: null, countThis: false };
  const counted: AccessDecision = { allow: true, reason: 'counted', count: { used: 2, allowance: 3, remaining: 1 }, countThis: true };
  const experiment = (kind: RunningExperiment['kind']): RunningExperiment => ({
    id: `exp-${kind}`,
    kind,
    armOfMeter: () => 'B',
    armOfReader: () => 'B',
    policyFor: (_arm, base) => base,
    copyFor: (_arm, base) => base,
    taglineFor: (_arm, base) => base,
  });
  const inArm = (kind: RunningExperiment['kind'], arm: 'A' | 'B'): ArmView => ({ experiment: experiment(kind), arm });
  const variantOf = (access: AccessDecision, gift: GiftOutcome | undefined, arm: ArmView | null = null) =>
    pageVariant({
      access,
      viewer: anon,
      notice: gift === undefined ? null : presentArticleNotice({ access, viewer: anon, policy, gift, returnPath: PATH, signedIn: false }),
      arm,
    });

  it('a print read is its own kind of pass read, not a gift with a flag', () => {
    expect(passRead(giftAccess, { ok: true })).toBe('gift');
    expect(passRead(giftAccess, { ok: true, via: 'print' })).toBe('print');
    expect(passRead(counted, { ok: true, via: 'print' })).toBeNull();
    expect(passRead(wall('subscribers-only'), { ok: false, reason: 'print-refused' })).toBeNull();
  });

  it('a print read, a gift read and each arm never share a cached page; arm A is the page outside any experiment', () => {
    const variants = {
      gift: variantOf(giftAccess, { ok: true }),
      print: variantOf(giftAccess, { ok: true, via: 'print' }),
      giftProblem: variantOf(wall('subscribers-only'), { ok: false, reason: 'expired' }),
      counted: variantOf(counted, undefined),
      countedArmA: variantOf(counted, undefined, inArm('allowance', 'A')),
      countedArmB: variantOf(counted, undefined, inArm('allowance', 'B')),
      walled: variantOf(wall('anonymous-quota', 3), undefined),
      walledCopyArmB: variantOf(wall('anonymous-quota', 3), undefined, inArm('copy', 'B')),
      countedCopyArmB: variantOf(counted, undefined, inArm('copy', 'B')),
    };
    // The strings are the page cache's keys as they were before the variant took the note and the arm.
    expect(variants).toEqual({
      gift: 'gift',
      print: 'gift|print',
      giftProblem: 'wall-subscribers-only|gift-expired',
      counted: 'count-a-2-3',
      countedArmA: 'count-a-2-3',
      countedArmB: 'count-a-2-3|x-exp-allowance',
      walled: 'wall-anonymous-quota',
      walledCopyArmB: 'wall-anonymous-quota|x-exp-copy',
      // A copy experiment changes only the wall: its counted page is the one outside the experiment.
      countedCopyArmB: 'count-a-2-3',
    });
    const distinct = [
      variants.gift,
      variants.print,
      variants.giftProblem,
      variants.counted,
      variants.countedArmB,
      variants.walled,
      variants.walledCopyArmB,
    ];
    expect(new Set(distinct).size).toBe(distinct.length);
  });
});
