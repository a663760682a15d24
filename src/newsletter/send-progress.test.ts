import { describe, expect, it } from 'vitest';
import { progressOf } from './edition-sender.js';
import { createRateMeter, formatDuration, formatProgress } from './send-progress.js';

const counts = (over: Partial<Record<'pending' | 'claimed' | 'sent' | 'accepted' | 'failed' | 'skipped', number>>) => ({
  pending: 0,
  claimed: 0,
  sent: 0,
  accepted: 0,
  failed: 0,
  skipped: 0,
  ...over,
});

describe('send progress', () => {
  it('shows sent, failed, remaining, rate and time left', () => {
    const p = progressOf(counts({ accepted: 1200, failed: 3, pending: 8797 }));
    expect(formatProgress(p, 412.4)).toBe('sent 1,200 · failed 3 · remaining 8,797 · 412/s · ETA 0:21');
    expect(formatProgress(p, 0)).toBe('sent 1,200 · failed 3 · remaining 8,797 · ETA —');
    expect(formatProgress(progressOf(counts({ accepted: 10, skipped: 1 })), 0)).toBe('sent 10 · failed 0 · left out 1 · remaining 0');
  });

  it('measures the rate over the window it keeps', () => {
    const m = createRateMeter(10_000);
    expect(m.rate()).toBe(0);
    m.add(0, 0);
    m.add(1000, 100);
    expect(m.rate()).toBe(100);
    m.add(20_000, 300);
    m.add(21_000, 500);
    // The old samples left the window: 200 in the last second.
    expect(m.rate()).toBe(200);
  });

  it.each([
    [0, '0:00'],
    [59.6, '1:00'],
    [125, '2:05'],
    [3723, '1:02:03'],
  ])('formats %s seconds as %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
