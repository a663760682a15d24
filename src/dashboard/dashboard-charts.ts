/**
 * The dashboard's charts, drawn as SVG on the server with Observable Plot over linkedom's DOM (no
 * script reaches the browser). Each SVG is `role="img"` with a `<title>` and `<desc>` it is
 * labelled and described by; the page puts a table of the same numbers beside it. Plot's own
 * `<style>` element is removed (the admin's CSP allows no inline style; the stylesheet gives the
 * same rules), and series are told apart by shape and position, never by colour alone.
 *
 * Plot and linkedom are loaded on the first chart, not at start (docs/ARCHITECTURE.md, "Start-up").
 * Charts are drawn 400 units wide and shown at most that wide, so their 12-unit text stays about
 * 11 px on a 390-pixel phone.
 */
import {
  type ChangeDay,
  FUNNEL_STEPS,
  type FunnelDay,
  type PlanSubscribers,
  type PrintDay,
  STEP_LABELS,
  type StepCounts,
} from './dashboard.js';

export const CHART_WIDTH = 400;

type PlotModule = typeof import('@observablehq/plot');
interface ChartKit {
  Plot: PlotModule;
  document: Document;
}

let kit: Promise<ChartKit> | undefined;

function loadKit(): Promise<ChartKit> {
  kit ??= (async () => {
    const [Plot, { parseHTML }] = await Promise.all([import('@observablehq/plot'), import('linkedom')]);
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    return { Plot, document: document as unknown as Document };
  })();
  return kit;
}

export interface ChartText {
  /** A unique id on the page (the title's and description's ids derive from it). */
  id: string;
  title: string;
  description: string;
}

/** The SVG as markup, made accessible: role, title and description, no inline style. */
function finish(el: Element, doc: Document, text: ChartText): string {
  const svg = el.tagName.toLowerCase() === 'svg' ? el : el.querySelector('svg');
  if (!svg) throw new Error('Plot made no SVG');
  for (const s of [...svg.querySelectorAll('style')]) s.remove();
  // Plot names its groups with aria-label; inside an image they say nothing and ARIA forbids them on a <g>.
  for (const g of [...svg.querySelectorAll('[aria-label]')]) g.removeAttribute('aria-label');
  svg.removeAttribute('aria-label');
  svg.removeAttribute('aria-description');
  svg.removeAttribute('class');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${text.id}-title`);
  svg.setAttribute('aria-describedby', `${text.id}-desc`);
  svg.setAttribute('class', 'chart-svg');
  const ns = 'http://www.w3.org/2000/svg';
  const title = doc.createElementNS(ns, 'title');
  title.setAttribute('id', `${text.id}-title`);
  title.textContent = text.title;
  const desc = doc.createElementNS(ns, 'desc');
  desc.setAttribute('id', `${text.id}-desc`);
  desc.textContent = text.description;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}

const utcDate = (d: string) => new Date(`${d}T00:00:00Z`);
const tickFormat = (days: number) => (days <= 7 ? '%a %-d' : '%b %-d');

/** Up to four dates to mark on a chart's time axis, counted back from the last day so it is always one. */
export function tickDates(days: readonly { date: string }[]): Date[] {
  const step = days.length <= 7 ? 2 : Math.ceil(days.length / 4);
  const out: Date[] = [];
  for (let i = days.length - 1; i >= 0; i -= step) {
    const day = days[i];
    if (day) out.unshift(utcDate(day.date));
  }
  return out;
}

/**
 * A count axis: from 0 to at least 1, so a period of zeros draws flat bars on a `0 … 1` axis rather
 * than a collapsed scale (full-height bars, `0.000000` ticks), and whole numbers only as ticks.
 */
function countAxis(max: number, label: string | null) {
  return {
    label,
    grid: true,
    nice: true,
    domain: [0, Math.max(1, max)],
    ticks: Math.min(3, Math.max(1, max)),
    tickFormat: (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-GB') : ''),
  };
}

/** Horizontal bars: live subscribers per plan, the count at each bar's end. */
export async function subscribersChart(plans: readonly PlanSubscribers[], text: ChartText): Promise<string> {
  const { Plot, document } = await loadKit();
  const el = Plot.plot({
    document,
    width: CHART_WIDTH,
    height: 40 + 34 * Math.max(1, plans.length),
    marginLeft: 150,
    marginRight: 56,
    x: countAxis(Math.max(0, ...plans.map((p) => p.total)), 'Subscribers'),
    y: { label: null, domain: plans.map((p) => p.planName) },
    marks: [
      Plot.barX(plans, { y: 'planName', x: 'total', fill: 'currentColor', fillOpacity: 0.75 }),
      Plot.text(plans, {
        y: 'planName',
        x: 'total',
        text: (p: PlanSubscribers) => p.total.toLocaleString('en-GB'),
        textAnchor: 'start',
        dx: 4,
      }),
      Plot.ruleX([0]),
    ],
  });
  return finish(el, document, text);
}

/** Started, cancelled and lapsed per day, one row of bars each (told apart by their row's label). */
export async function changesChart(days: readonly ChangeDay[], text: ChartText): Promise<string> {
  return barRowsChart(
    days,
    [
      ['started', 'Started'],
      ['cancelled', 'Cancelled'],
      ['lapsed', 'Lapsed'],
    ],
    'Subscriptions',
    text,
  );
}

/** The magazine's codes per day: story codes scanned, subscription codes scanned, checkouts after a scan, one row of bars each. */
export async function printChart(days: readonly PrintDay[], text: ChartText): Promise<string> {
  return barRowsChart(
    days,
    [
      ['storyScans', 'Story scans'],
      ['subscribeScans', 'Subscribe scans'],
      ['checkouts', 'Checkouts'],
    ],
    'Count',
    text,
  );
}

/** A row of bars a day for each series, one above the other (the row's label names it: no colour needed). */
async function barRowsChart<D extends { date: string }>(
  days: readonly D[],
  series: readonly (readonly [keyof D & string, string])[],
  yLabel: string,
  text: ChartText,
): Promise<string> {
  const { Plot, document } = await loadKit();
  const data = days.flatMap((d) => series.map(([k, label]) => ({ date: utcDate(d.date), series: label, n: Number(d[k]) })));
  const el = Plot.plot({
    document,
    width: CHART_WIDTH,
    height: 300,
    marginLeft: 44,
    // Room for the longest row label at the right (12-unit text, ~7 units a character).
    marginRight: Math.max(72, 8 + 7 * Math.max(...series.map(([, label]) => label.length))),
    // Ticks on chosen days only: Plot's own would name the midnight after the last day.
    x: { type: 'utc', label: null, tickFormat: tickFormat(days.length), ticks: tickDates(days) },
    y: countAxis(Math.max(0, ...data.map((x) => x.n)), yLabel),
    fy: { label: null, domain: series.map(([, label]) => label) },
    marks: [
      Plot.rectY(data, {
        x: 'date',
        y: 'n',
        fy: 'series',
        interval: 'day',
        fill: 'currentColor',
        fillOpacity: 0.75,
        inset: days.length > 40 ? 0 : 1,
      }),
      Plot.ruleY([0]),
    ],
  });
  return finish(el, document, text);
}

/** The funnel over the period: a bar per step, its count at the end. */
export async function funnelChart(totals: StepCounts, text: ChartText): Promise<string> {
  const { Plot, document } = await loadKit();
  const data = FUNNEL_STEPS.map((s) => ({ step: STEP_LABELS[s], n: totals[s] }));
  const el = Plot.plot({
    document,
    width: CHART_WIDTH,
    height: 40 + 34 * data.length,
    marginLeft: 140,
    marginRight: 64,
    // Each bar carries its count; the log scale's ticks would only crowd (the table has the numbers).
    x: { type: 'symlog', axis: null },
    y: { label: null, domain: data.map((d) => d.step) },
    marks: [
      Plot.barX(data, { y: 'step', x: 'n', fill: 'currentColor', fillOpacity: 0.75 }),
      Plot.text(data, { y: 'step', x: 'n', text: (d: { n: number }) => d.n.toLocaleString('en-GB'), textAnchor: 'start', dx: 4 }),
      Plot.ruleX([0]),
    ],
  });
  return finish(el, document, text);
}

/** 0, 1, 10, 100, … up to the first power of ten at or above `max`: the ticks of a log scale. */
export function powersOfTen(max: number): number[] {
  const out = [0, 1];
  while ((out[out.length - 1] ?? 1) < max) out.push((out[out.length - 1] ?? 1) * 10);
  return out;
}

/** The symbol drawn for each step in the per-day funnel chart (the page's legend names them in this order). */
export const STEP_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;

/** Each step per day: a line with its own symbol on a log scale (the steps differ by orders of magnitude). */
export async function funnelDaysChart(days: readonly FunnelDay[], text: ChartText): Promise<string> {
  const { Plot, document } = await loadKit();
  const data = days.flatMap((d) => FUNNEL_STEPS.map((s) => ({ date: utcDate(d.date), step: STEP_LABELS[s], n: d[s] })));
  const el = Plot.plot({
    document,
    width: CHART_WIDTH,
    height: 260,
    marginLeft: 52,
    x: { type: 'utc', label: null, tickFormat: tickFormat(days.length), ticks: tickDates(days) },
    y: {
      type: 'symlog',
      label: 'Count (log scale)',
      grid: true,
      ticks: powersOfTen(Math.max(...data.map((x) => x.n))),
      tickFormat: (v: number) => v.toLocaleString('en-GB'),
    },
    symbol: { domain: FUNNEL_STEPS.map((s) => STEP_LABELS[s]), range: [...STEP_SYMBOLS] },
    marks: [
      Plot.lineY(data, { x: 'date', y: 'n', z: 'step', stroke: 'currentColor', strokeOpacity: 0.6 }),
      Plot.dot(data, { x: 'date', y: 'n', symbol: 'step', stroke: 'currentColor', r: days.length > 40 ? 2 : 3 }),
    ],
  });
  return finish(el, document, text);
}
