import { describe, expect, it } from 'vitest';
import { articleKey, readMeterCookie, signMeterCookie } from './meter-cookie.js';

const KEY = 'k'.repeat(40);
const OLD = 'o'.repeat(40);
const OTHER = 'x'.repeat(40);
const state = { periodKey: '2026-12', articles: [articleKey('a1'), articleKey('a2')] };

describe('the meter cookie', () => {
  it('round-trips its period and articles, compactly', () => {
    const value = signMeterCookie(state, [KEY]);
    expect(readMeterCookie(value, [KEY])).toEqual(state);
    expect(value.length).toBeLessThan(60);
    expect(value).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('keeps an empty meter', () => {
    expect(readMeterCookie(signMeterCookie({ periodKey: 'r30-20790', articles: [] }, [KEY]), [KEY])).toEqual({
      periodKey: 'r30-20790',
      articles: [],
    });
  });

  it('verifies with every key and signs with the first (rotation)', () => {
    const byOld = signMeterCookie(state, [OLD]);
    expect(readMeterCookie(byOld, [KEY, OLD])).toEqual(state);
    expect(readMeterCookie(byOld, [KEY])).toBeNull();
    expect(signMeterCookie(state, [KEY, OLD])).toBe(signMeterCookie(state, [KEY]));
  });

  it('proves nothing when unsigned, tampered, truncated or signed by someone else', () => {
    const value = signMeterCookie(state, [KEY]);
    const [v, period, articles, mac] = value.split('.') as [string, string, string, string];
    const cases = [
      undefined,
      '',
      `${v}.${period}.${articles}`,
      `${v}.${period}.${articles}.`,
      value.slice(0, -1),
      value.slice(0, 20),
      `${v}.${period}.${articles.slice(8)}.${mac}`, // an article removed to win a read back
      `${v}.2026-11.${articles}.${mac}`, // another period
      `2.${period}.${articles}.${mac}`,
      `${v}.${period}.${articles}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
      signMeterCookie(state, [OTHER]),
      `${value}x`,
      'x'.repeat(600),
    ];
    for (const c of cases) expect(readMeterCookie(c, [KEY])).toBeNull();
  });

  it('gives each article a stable short key', () => {
    expect(articleKey('0193a1b2-0000-7000-8000-000000000001')).toHaveLength(8);
    expect(articleKey('a')).toBe(articleKey('a'));
    expect(articleKey('a')).not.toBe(articleKey('b'));
  });
});
