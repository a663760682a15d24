/** When paid access has ended, and whether the reader is told: table-driven, no database. */
import { describe, expect, it } from 'vitest';
import { ACCESS_END_NOTICE_WINDOW_MS, accessEnd, accessIsBack, decideAccessEndNotice } from './access-ended-notice.js';
import type { SubscriptionRecord } from './subscription.js';

const NOW = new Date('2026-12-10T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const ahead = (days: number) => new Date(NOW.getTime() + days * DAY);

const sub = (over: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
  id: 's1',
  readerId: 'r1',
  planId: 'p1',
  status: 'active',
  currentPeriodEnd: ahead(20),
  cancelAtPeriodEnd: false,
  trialEnd: null,
  graceUntil: null,
  provider: 'stripe',
  providerSubscriptionId: 'sub_1',
  providerCustomerId: 'cus_1',
  providerVersion: 1,
  createdAt: ago(100),
  updatedAt: ago(3),
  ...over,
});

describe('accessEnd', () => {
  it.each([
    ['active, renewing', sub(), null],
    ['active, renewal overdue (no ending we announce)', sub({ currentPeriodEnd: ago(10) }), null],
    ['canceling, period not over', sub({ cancelAtPeriodEnd: true }), null],
    ['canceling, period over', sub({ cancelAtPeriodEnd: true, currentPeriodEnd: ago(1) }), { reason: 'canceled', endedAt: ago(1) }],
    [
      'trial canceled, trial over',
      sub({ status: 'trialing', cancelAtPeriodEnd: true, trialEnd: ago(2) }),
      { reason: 'canceled', endedAt: ago(2) },
    ],
    ['in grace', sub({ status: 'past_due', graceUntil: ahead(2) }), null],
    ['grace over', sub({ status: 'past_due', graceUntil: ago(1) }), { reason: 'grace', endedAt: ago(1) }],
    [
      'canceled for not paying, during grace',
      sub({ status: 'canceled', graceUntil: ahead(3), updatedAt: ago(1) }),
      { reason: 'grace', endedAt: ago(1) },
    ],
    ['canceled, paid period left', sub({ status: 'canceled', currentPeriodEnd: ahead(5) }), null],
    ['canceled, paid period over', sub({ status: 'canceled', currentPeriodEnd: ago(2) }), { reason: 'canceled', endedAt: ago(2) }],
    ['never paid', sub({ status: 'incomplete', currentPeriodEnd: null }), null],
  ])('%s', (_name, s, expected) => {
    expect(accessEnd(s, NOW)).toEqual(expected);
  });
});

describe('decideAccessEndNotice', () => {
  const ended = sub({ status: 'past_due', graceUntil: ago(1) });
  it('tells the reader of an ending', () => {
    expect(decideAccessEndNotice({ subscription: ended, others: [ended], readerOpen: true, now: NOW })).toEqual({
      send: true,
      end: { reason: 'grace', endedAt: ago(1) },
    });
  });
  it('not while access lasts', () => {
    expect(decideAccessEndNotice({ subscription: sub(), others: [], readerOpen: true, now: NOW })).toEqual({
      send: false,
      why: 'not-ended',
    });
  });
  it('not a closed account', () => {
    expect(decideAccessEndNotice({ subscription: ended, others: [], readerOpen: false, now: NOW })).toEqual({
      send: false,
      why: 'no-reader',
    });
  });
  it('not when another subscription still gives access (a change of plan)', () => {
    const other = sub({ id: 's2' });
    expect(decideAccessEndNotice({ subscription: ended, others: [ended, other], readerOpen: true, now: NOW })).toEqual({
      send: false,
      why: 'still-subscribed',
    });
  });
  it('not about an ending older than the window', () => {
    const old = sub({ status: 'canceled', currentPeriodEnd: new Date(NOW.getTime() - ACCESS_END_NOTICE_WINDOW_MS - 1) });
    expect(decideAccessEndNotice({ subscription: old, others: [], readerOpen: true, now: NOW })).toEqual({ send: false, why: 'too-late' });
  });
  it('access is back after a late payment', () => {
    expect(accessIsBack(sub(), NOW)).toBe(true);
    expect(accessIsBack(ended, NOW)).toBe(false);
  });
});
