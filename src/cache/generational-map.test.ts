import { describe, expect, it } from 'vitest';
import { GenerationalMap } from './generational-map.js';

describe('GenerationalMap', () => {
  it('holds at most its bound and forgets the oldest half first', () => {
    const m = new GenerationalMap<number, string>(10);
    for (let i = 0; i < 10; i++) m.set(i, `v${i}`);
    expect(m.size).toBe(10);
    m.set(10, 'v10');
    // 0–4 were the old generation when 5–9 filled the young one: they went together.
    expect(m.size).toBeLessThanOrEqual(10);
    expect([0, 1, 2, 3, 4].map((k) => m.get(k))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(m.get(10)).toBe('v10');
    for (let i = 0; i < 1000; i++) m.set(100 + i, 'x');
    expect(m.size).toBeLessThanOrEqual(10);
  });

  it('keeps what is used: a hit in the old generation moves it to the young one', () => {
    const m = new GenerationalMap<string, number>(4);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3); // a, b old; c young
    expect(m.get('a')).toBe(1); // a young again
    m.set('d', 4); // young (c, a) full: it becomes old, b dropped
    m.set('e', 5);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(1);
    expect(m.get('e')).toBe(5);
  });

  it('replaces and deletes in either generation', () => {
    const m = new GenerationalMap<string, number>(4);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('a', 10);
    expect(m.get('a')).toBe(10);
    m.delete('a');
    m.delete('b');
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([undefined, undefined, 3]);
    expect(() => new GenerationalMap(1)).toThrow(/at least 2/);
    m.set('d', 4);
    m.set('e', 5);
    m.deleteWhere((v) => v % 2 === 1);
    expect([m.get('c'), m.get('d'), m.get('e')]).toEqual([undefined, 4, undefined]);
  });
});
