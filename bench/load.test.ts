import { describe, expect, it } from 'vitest';
import { checkFirstVisitSizes, combineRounds, type Measurement } from './load.js';

function run(over: Partial<Measurement>): Measurement {
  return {
    page: 'metered',
    path: '/news/x',
    acceptEncoding: 'none',
    status: 'ok',
    warm: { status: 200, contentEncoding: 'identity', bodyBytes: 1000, coldMs: 5, warmMs: 1 },
    requestsPerSec: 1000,
    p50Ms: 3,
    p99Ms: 9,
    maxMs: 20,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    requests: 10_000,
    bytesPerRequest: 1200,
    serverCpuPct: 100,
    clientCpuPct: 90,
    requestsPerCpuSecond: 1000,
    loadAverage: 1,
    ...over,
  };
}

describe('combineRounds', () => {
  it('averages rates, sums counts and weighs req/CPU-s by the CPU each run used', () => {
    const c = combineRounds([
      // 10,000 requests on 10 CPU-s, then 30,000 on 10 CPU-s.
      {
        order: 2,
        m: run({ requestsPerSec: 1000, requests: 10_000, requestsPerCpuSecond: 1000, p99Ms: 12, non2xx: 1, bytesPerRequest: 1000 }),
      },
      {
        order: 3,
        m: run({ requestsPerSec: 3000, requests: 30_000, requestsPerCpuSecond: 3000, p50Ms: 5, errors: 2, bytesPerRequest: 2000 }),
      },
    ]);
    expect(c.requestsPerSec).toBe(2000);
    expect(c.requestsPerCpuSecond).toBe(2000); // 40,000 requests / 20 CPU-s
    expect(c.requests).toBe(40_000);
    expect(c.p50Ms).toBe(4);
    expect(c.p99Ms).toBe(12);
    expect(c.non2xx + c.errors).toBe(3);
    expect(c.bytesPerRequest).toBe(1750);
    expect(c.rounds?.map((r) => [r.order, r.requestsPerSec])).toEqual([
      [2, 1000],
      [3, 3000],
    ]);
  });

  it('weighs req/CPU-s by CPU-seconds when the runs differ in length', () => {
    const c = combineRounds([
      { order: 1, m: run({ requests: 9_000, requestsPerCpuSecond: 3000 }) }, // 3 CPU-s
      { order: 4, m: run({ requests: 1_000, requestsPerCpuSecond: 1000 }) }, // 1 CPU-s: 10,000 / 4, not the mean of 3000 and 1000
    ]);
    expect(c.requestsPerCpuSecond).toBe(2500);
  });

  it('refuses runs of different pages or encodings', () => {
    expect(() => combineRounds([])).toThrow(/no runs/);
    expect(() =>
      combineRounds([
        { order: 1, m: run({}) },
        { order: 2, m: run({ page: 'article' }) },
      ]),
    ).toThrow(/one page/);
    expect(() =>
      combineRounds([
        { order: 1, m: run({}) },
        { order: 2, m: run({ acceptEncoding: 'browser' }) },
      ]),
    ).toThrow(/one page/);
  });
});

describe('checkFirstVisitSizes', () => {
  it('passes first visits the size of the article and stops on walls', () => {
    const reread = [
      run({ page: 'metered', bytesPerRequest: 24_000 }),
      run({ page: 'metered', acceptEncoding: 'browser', bytesPerRequest: 5_600 }),
    ];
    expect(() =>
      checkFirstVisitSizes(
        [
          run({ page: 'first-visit', bytesPerRequest: 24_150 }),
          run({ page: 'first-visit', acceptEncoding: 'browser', bytesPerRequest: 5_800 }),
        ],
        reread,
      ),
    ).not.toThrow();
    expect(() => checkFirstVisitSizes([run({ page: 'first-visit', acceptEncoding: 'browser', bytesPerRequest: 3_100 })], reread)).toThrow(
      /first-visit \(Accept-Encoding: browser\): 3100 bytes per response against the re-read's 5600/,
    );
  });
});
