import { describe, expect, it } from 'vitest';
import type { EncodingName, Measurement } from './load.js';
import { formatResults, median, peakMb, type SizeResult, verdicts } from './report.js';

function m(page: string, acceptEncoding: EncodingName, requestsPerSec: number, over: Partial<Measurement> = {}): Measurement {
  return {
    page,
    path: '/x',
    acceptEncoding,
    status: 'ok',
    warm: { status: 200, contentEncoding: 'identity', bodyBytes: 1000, coldMs: 5, warmMs: 1 },
    requestsPerSec,
    p50Ms: 3,
    p99Ms: 9,
    maxMs: 20,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    requests: requestsPerSec * 10,
    bytesPerRequest: 1200,
    serverCpuPct: 100,
    clientCpuPct: 60,
    requestsPerCpuSecond: requestsPerSec,
    loadAverage: 1,
    ...over,
  };
}

function size(articles: number, over: Partial<SizeResult> = {}): SizeResult {
  const both = (page: string, rate: number) => [m(page, 'none', rate), m(page, 'browser', rate)];
  return {
    articles,
    dialect: 'sqlite',
    seedSeconds: 1,
    pages: [
      ...both('article', 6500),
      ...both('metered', 6000),
      ...both('metered-warn', 6200),
      ...both('first-visit', 2400),
      ...both('front', 3600),
    ],
    ceiling: [...both('ceiling-before', 9000), ...both('ceiling-after', 11000)],
    crowd: [m('metered', 'browser', 6000, { p99Ms: 80, maxMs: 400 }), m('first-visit', 'browser', 2000, { p99Ms: 120, maxMs: 900 })],
    sustained: {
      measurement: m('sustained', 'browser', 5000),
      memory: { peakRssMiB: 200, vmHwmMiB: 230, samples: 80, hwmReset: true },
      requests: ['article none'],
    },
    memory: { peakRssMiB: 260, vmHwmMiB: 270, samples: 500 },
    startup: { coldStartMs: [900, 1400, 800], cliMs: [300, 600, 700] },
    weight: { htmlBytes: 30_000, css: [{ url: '/assets/a.css', bytes: 15_000 }], totalBytes: 45_000 },
    ...over,
  };
}

const verdict = (checks: ReturnType<typeof verdicts>, starts: string, enc = 'none') =>
  checks.find(
    (c) => c.target.startsWith(starts) && (c.target.includes(`Accept-Encoding: ${enc}`) || !c.target.includes('Accept-Encoding')),
  );

describe('verdicts', () => {
  const checks = verdicts([size(1000)]);

  it('judges each page against the mean of the two ceiling runs', () => {
    // Ceiling 10,000 req/s: 65 %, 60 %, 24 %, 36 %.
    expect(verdict(checks, 'article (free) vs ceiling')).toMatchObject({ value: '65 % (per CPU-s 65 %)', goal: '≥ 60 %', pass: true });
    expect(verdict(checks, 'article re-read')).toMatchObject({ value: '60 % (per CPU-s 60 %)', pass: true });
    expect(verdict(checks, 'article first visit')).toMatchObject({ value: '24 % (per CPU-s 24 %)', goal: '≥ 25 %', pass: false });
    expect(verdict(checks, 'front page')).toMatchObject({ pass: true });
  });

  it('compares the default log level with warn, and the metered re-read with the free article', () => {
    // 6,000 / 6,200 = 96.8 %; 6,000 / 6,500 = 92.3 %.
    expect(verdict(checks, 're-read, default log level vs LOG_LEVEL=warn', 'browser')).toMatchObject({
      value: '97 % (per CPU-s 97 %)',
      goal: '≥ 95 %',
      pass: true,
    });
    expect(verdict(checks, 'metered re-read vs free article')).toMatchObject({ goal: '≥ 85 %', pass: true });
    const slow = verdicts([size(1000, { pages: [m('metered', 'none', 5800), m('metered-warn', 'none', 6200)] })]);
    expect(verdict(slow, 're-read, default log level')?.pass).toBe(false);
  });

  it('shows the crowd opened at once beside the targets without judging it', () => {
    const s = size(1000, {
      arrival: [m('metered', 'browser', 5000, { p99Ms: 5200, maxMs: 8000 }), m('ceiling', 'browser', 20000, { p99Ms: 1500, maxMs: 3000 })],
    });
    const checks = verdicts([s]);
    expect(checks.filter((c) => c.value.includes('5200') || c.value.includes('p99 5,200'))).toEqual([]);
    const text = formatResults([s], checks);
    expect(text).toMatch(/metered ×500 opened at once .*5200\.0/);
    expect(text).toMatch(/ceiling ×500 opened at once .*1500\.0/);
  });

  it('holds 500 connections to p99, the slowest response and failures', () => {
    expect(verdict(checks, '500 connections, re-read', 'browser')).toMatchObject({ value: 'p99 80 ms, max 400 ms, 0 failed', pass: true });
    expect(verdict(checks, '500 connections, first visit', 'browser')?.pass).toBe(false);
    const failing = verdicts([
      size(1000, { crowd: [m('metered', 'browser', 6000, { maxMs: 1200 }), m('metered', 'browser', 6000, { timeouts: 1 })] }),
    ]);
    expect(failing.filter((c) => c.target.startsWith('500')).map((c) => c.pass)).toEqual([false, false]);
  });

  it('judges memory over the sustained run, and start-up by the median of three', () => {
    // max(200, 230) MiB = 241.2 MB.
    expect(verdict(checks, 'server peak RSS over the sustained run')).toMatchObject({ value: '241 MB', goal: '< 250 MB', pass: true });
    expect(verdict(checks, 'cold start')).toMatchObject({ value: '900 ms', pass: true });
    expect(verdict(checks, 'CLI')).toMatchObject({ value: '600 ms', goal: '< 500 ms', pass: false });
  });

  it('compares the largest size with the smallest and weighs the largest page', () => {
    const two = verdicts([size(1000), size(100_000, { pages: [m('article', 'none', 5800), m('article', 'browser', 6000)] })]);
    expect(verdict(two, 'article at 100,000 vs at 1,000')).toMatchObject({ value: '89 %', pass: false });
    expect(verdict(two, 'article at 100,000 vs at 1,000', 'browser')).toMatchObject({ value: '92 %', pass: true });
    expect(verdict(two, 'article page HTML + CSS')).toMatchObject({ pass: true });
  });

  it('prints every row and verdict', () => {
    const text = formatResults([size(1000)], checks);
    expect(text).toMatch(/first-visit ×500/);
    expect(text).toMatch(/sustained \(1 in turns\)/);
    expect(text).toMatch(/cold start to the first 200 on the article: 900 ms, 1400 ms, 800 ms/);
    expect(text).toContain('FAIL');
  });
});

describe('median and peakMb', () => {
  it('takes the middle figure', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes the larger of the sampled RSS and VmHWM, in MB', () => {
    expect(peakMb({ peakRssMiB: 100, vmHwmMiB: Number.NaN, samples: 1 })).toBeCloseTo(104.8576);
    expect(peakMb({ peakRssMiB: 100, vmHwmMiB: 200, samples: 1 })).toBeCloseTo(209.7152);
  });
});
