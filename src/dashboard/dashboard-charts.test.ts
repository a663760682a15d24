import { describe, expect, it } from 'vitest';
import { changesChart, subscribersChart } from './dashboard-charts.js';

const text = { id: 't', title: 'T', description: 'D' };
/** The text of every tick label in an SVG. */
const ticks = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');

describe('the count axes of the dashboard charts', () => {
  it('draws a period of zeros on a 0 … 1 axis with whole-number ticks, not a collapsed scale', async () => {
    const days = ['2026-12-01', '2026-12-02', '2026-12-03'].map((date) => ({ date, started: 0, cancelled: 0, lapsed: 0 }));
    const svg = await changesChart(days, text);
    expect(svg).not.toMatch(/0\.0000/);
    expect(ticks(svg)).toEqual(expect.arrayContaining(['0', '1']));
    expect(svg).not.toMatch(/NaN/);
  });

  it('marks whole numbers only on a small count', async () => {
    const svg = await subscribersChart([{ planId: 'p', planName: 'Digital, monthly', paying: 2, trial: 0, comp: 0, total: 2 }], text);
    expect(ticks(svg).filter((t) => /^\d+(\.\d+)?$/.test(t))).not.toContainEqual(expect.stringMatching(/\./));
  });
});
