/**
 * The dashboard's charts, drawn as SVG on the server (no script reaches the browser). The four bar
 * charts are written by hand (dashboard-bars.ts); the funnel per day, lines with a symbol per step
 * on a log scale, by Observable Plot over linkedom's DOM. Each SVG is `role="img"` with a
 * `<title>` and `<desc>` it is labelled and described by; the page puts a table of the same
 * numbers beside it. Plot's own `<style>` element is removed (the admin's CSP allows no inline
 * style; the stylesheet gives the same rules), and series are told apart by shape and position,
 * never by colour alone.
 *
 * Why by hand: Plot over linkedom builds and serialises a DOM per chart; the page's five took a
 * median 107–259 ms (7/30/90 days) at load 14 on this 2-core machine, the four bars by hand with
 * Plot's one line chart 14–83 ms (session 11, /tmp scratch timing of `drawCharts`; the line chart
 * is most of what is left). Plot and linkedom are loaded on the first line chart,
 * not at start (docs/ARCHITECTURE.md, "Start-up"). Charts are drawn 400 units wide and shown at
 * most that wide, so their 12-unit text stays about 11 px on a 390-pixel phone.
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
import { barRows, barsAcross, CHART_WIDTH, type ChartText, tickDays } from './dashboard-bars.js';

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
  return tickDays(days.length).flatMap((i) => {
    const day = days[i];
    return day ? [utcDate(day.date)] : [];
  });
}

/** Horizontal bars: live subscribers per plan, the count at each bar's end. */
export async function subscribersChart(plans: readonly PlanSubscribers[], text: ChartText): Promise<string> {
  return barsAcross(
    plans.map((p) => ({ label: p.planName, value: p.total })),
    { marginLeft: 150, marginRight: 56, axis: 'Subscribers' },
    text,
  );
}

/** Started, cancelled and lapsed per day, one row of bars each (told apart by their row's label). */
export async function changesChart(days: readonly ChangeDay[], text: ChartText): Promise<string> {
  return barRows(
    days.map((d) => d.date),
    [
      { label: 'Started', values: days.map((d) => d.started) },
      { label: 'Cancelled', values: days.map((d) => d.cancelled) },
      { label: 'Lapsed', values: days.map((d) => d.lapsed) },
    ],
    'Subscriptions',
    text,
  );
}

/** The magazine's codes per day: story codes scanned, subscription codes scanned, checkouts after a scan, one row of bars each. */
export async function printChart(days: readonly PrintDay[], text: ChartText): Promise<string> {
  return barRows(
    days.map((d) => d.date),
    [
      { label: 'Story scans', values: days.map((d) => d.storyScans) },
      { label: 'Subscribe scans', values: days.map((d) => d.subscribeScans) },
      { label: 'Checkouts', values: days.map((d) => d.checkouts) },
    ],
    'Count',
    text,
  );
}

/** The funnel over the period: a bar per step on a log scale (the steps differ by orders of magnitude), its count at the end. */
export async function funnelChart(totals: StepCounts, text: ChartText): Promise<string> {
  return barsAcross(
    FUNNEL_STEPS.map((s) => ({ label: STEP_LABELS[s], value: totals[s] })),
    { marginLeft: 140, marginRight: 64, axis: null, log: true },
    text,
  );
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
