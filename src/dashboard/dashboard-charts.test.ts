import { describe, expect, it } from 'vitest';
import { countTicks, dayTick } from './dashboard-bars.js';
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

describe('the bar charts written by hand', () => {
  it('ticks whole numbers of 1, 2 or 5 × a power of ten, the last at or above the largest count', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(2)).toEqual([0, 1, 2]);
    expect(countTicks(7)).toEqual([0, 5, 10]);
    expect(countTicks(75_000)).toEqual([0, 50_000, 100_000]);
    expect(countTicks(1_234)).toEqual([0, 500, 1_000, 1_500]);
  });

  it('is an image named and described by its title and description, a bar and a count per row, text escaped', async () => {
    const svg = await subscribersChart(
      [
        { planId: 'a', planName: 'Print & <Web>, monthly', paying: 3, trial: 1, comp: 0, total: 4 },
        { planId: 'b', planName: 'Digital, yearly', paying: 12_000, trial: 0, comp: 0, total: 12_000 },
      ],
      { id: 'svg-plans', title: 'Subscribers "now"', description: 'Bar chart: a & b.' },
    );
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="svg-plans-title" aria-describedby="svg-plans-desc"/);
    expect(svg).toContain(
      '<title id="svg-plans-title">Subscribers &#34;now&#34;</title><desc id="svg-plans-desc">Bar chart: a &#38; b.</desc>',
    );
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(ticks(svg)).toEqual(expect.arrayContaining(['Print &#38; &#60;Web&#62;, monthly', '4', '12,000', 'Subscribers →']));
    expect(svg).not.toMatch(/style|NaN|undefined/);
  });

  it('draws a row of bars per series, a bar per day with a count, the chosen days named', async () => {
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'];
    const svg = await changesChart(
      days.map((date, i) => ({ date, started: i, cancelled: 1, lapsed: 0 })),
      text,
    );
    // Started: six days above zero; cancelled: seven; lapsed: none.
    expect(svg.match(/<rect /g)).toHaveLength(13);
    expect(ticks(svg)).toEqual(expect.arrayContaining(['Started', 'Cancelled', 'Lapsed', 'Tue 1', 'Thu 3', 'Sat 5', 'Mon 7']));
    expect(dayTick('2026-12-07', 30)).toBe('Dec 7');
  });
});
