/**
 * The dashboard's bar charts written as SVG text by hand (pure): bars across (one per plan, one per
 * funnel step) and rows of bars a day (one row per series). Plot over linkedom builds a DOM and
 * serialises it; these are a few string joins (dashboard-charts.ts says what each costs). The
 * same promises as Plot's charts: `role="img"` labelled and described by a `<title>` and `<desc>`,
 * no inline style, series told apart by their row's label and position, never by colour.
 */

export const CHART_WIDTH = 400;

export interface ChartText {
  /** A unique id on the page (the title's and description's ids derive from it). */
  id: string;
  title: string;
  description: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A coordinate with at most one decimal. */
const n = (x: number) => String(Math.round(x * 10) / 10);
const fmt = (v: number) => v.toLocaleString('en-GB');

/** The SVG element around the marks, with its title and description. */
export function svgOf(height: number, text: ChartText, marks: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${n(height)}" viewBox="0 0 ${CHART_WIDTH} ${n(height)}"` +
    ` role="img" aria-labelledby="${esc(text.id)}-title" aria-describedby="${esc(text.id)}-desc" class="chart-svg"` +
    ` fill="currentColor" font-family="system-ui, sans-serif" font-size="12">` +
    `<title id="${esc(text.id)}-title">${esc(text.title)}</title><desc id="${esc(text.id)}-desc">${esc(text.description)}</desc>` +
    `${marks.join('')}</svg>`
  );
}

/**
 * Whole-number ticks from 0 for a count axis: at most `most` steps of 1, 2 or 5 × a power of ten,
 * the last at or above `max` (at least 1, so a period of zeros draws flat bars on a 0 … 1 axis).
 */
export function countTicks(max: number, most = 3): number[] {
  const m = Math.max(1, max);
  const raw = m / most;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw) ?? 10 * pow);
  const out: number[] = [];
  for (let v = 0; v < m + step; v += step) out.push(v);
  return out;
}

const line = (x1: number, y1: number, x2: number, y2: number, opacity = 1) =>
  `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="currentColor"${opacity < 1 ? ` stroke-opacity="${opacity}"` : ''}/>`;
const rect = (x: number, y: number, w: number, h: number) =>
  `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(Math.max(0, h))}" fill-opacity="0.75"/>`;
const label = (x: number, y: number, anchor: 'start' | 'middle' | 'end', s: string, dy = '0.32em') =>
  `<text x="${n(x)}" y="${n(y)}" dy="${dy}" text-anchor="${anchor}">${esc(s)}</text>`;

/**
 * Bars across, one row each, the count at each bar's end. `axis`: a count axis with whole-number
 * ticks under the bars, named; null: no axis (the counts at the bars' ends say it), and with
 * `log` the bars' lengths on a log scale (ln(1 + x), as Plot's symlog).
 */
export function barsAcross(
  rows: readonly { label: string; value: number }[],
  o: { marginLeft: number; marginRight: number; axis: string | null; log?: boolean },
  text: ChartText,
): string {
  const top = 10;
  const bottom = o.axis === null ? 10 : 36;
  const step = 34;
  const height = top + bottom + step * Math.max(1, rows.length);
  const left = o.marginLeft;
  const right = CHART_WIDTH - o.marginRight;
  const ticks = o.axis === null ? [] : countTicks(Math.max(0, ...rows.map((r) => r.value)));
  const end = o.axis === null ? Math.max(1, ...rows.map((r) => r.value)) : (ticks[ticks.length - 1] ?? 1);
  const scale = (v: number) => (o.log ? Math.log1p(Math.max(0, v)) / Math.log1p(end) : Math.max(0, v) / end);
  const x = (v: number) => left + scale(v) * (right - left);
  const marks: string[] = [];
  for (const t of ticks) marks.push(line(x(t), top, x(t), height - bottom, 0.1));
  rows.forEach((r, i) => {
    const y = top + i * step;
    marks.push(rect(left, y + step * 0.1, x(r.value) - left, step * 0.8));
    marks.push(label(left - 6, y + step / 2, 'end', r.label));
    marks.push(label(x(r.value) + 4, y + step / 2, 'start', fmt(r.value)));
  });
  marks.push(line(left, top, left, height - bottom));
  if (o.axis !== null) {
    for (const t of ticks) {
      marks.push(line(x(t), height - bottom, x(t), height - bottom + 6));
      marks.push(label(x(t), height - bottom + 9, 'middle', fmt(t), '0.71em'));
    }
    marks.push(label(right, height - 4, 'end', `${o.axis} →`, '0'));
  }
  return svgOf(height, text, marks);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day's tick label: "Mon 7" on a week, "Dec 7" on a longer period. */
export function dayTick(date: string, periodDays: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${periodDays <= 7 ? WEEKDAYS[d.getUTCDay()] : MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/**
 * Up to four dates to mark on a chart's time axis, counted back from the last day so it is always
 * one (indexes into `days`).
 */
export function tickDays(count: number): number[] {
  const step = count <= 7 ? 2 : Math.ceil(count / 4);
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i -= step) out.unshift(i);
  return out;
}

/**
 * A row of bars a day for each series, one row above the other, sharing one count scale; each
 * row named at its right, its whole-number ticks at its left, chosen days marked under the last.
 */
export function barRows(
  days: readonly string[],
  series: readonly { label: string; values: readonly number[] }[],
  yLabel: string,
  text: ChartText,
): string {
  const height = 300;
  const top = 24;
  const bottom = 26;
  // Room between rows for a tick label above and one below.
  const gap = 22;
  const left = 44;
  // Room for the longest row label at the right (12-unit text, ~7 units a character).
  const right = CHART_WIDTH - Math.max(72, 8 + 7 * Math.max(...series.map((s) => s.label.length)));
  const rowH = (height - top - bottom - gap * (series.length - 1)) / Math.max(1, series.length);
  const ticks = countTicks(Math.max(0, ...series.flatMap((s) => s.values)));
  const end = ticks[ticks.length - 1] ?? 1;
  const band = (right - left) / Math.max(1, days.length);
  const inset = days.length > 40 ? 0 : 1;
  const marks: string[] = [label(left - 40, 8, 'start', `↑ ${yLabel}`, '0.32em')];
  series.forEach((s, i) => {
    const y0 = top + i * (rowH + gap);
    const y = (v: number) => y0 + rowH - (Math.max(0, v) / end) * rowH;
    for (const t of ticks) {
      marks.push(line(left, y(t), right, y(t), 0.1));
      marks.push(label(left - 6, y(t), 'end', fmt(t)));
    }
    s.values.forEach((v, d) => {
      if (v > 0) marks.push(rect(left + d * band + inset / 2, y(v), band - inset, y(0) - y(v)));
    });
    marks.push(line(left, y(0), right, y(0)));
    marks.push(label(right + 6, y0 + rowH / 2, 'start', s.label));
  });
  const base = height - bottom;
  for (const d of tickDays(days.length)) {
    const date = days[d];
    if (date === undefined) continue;
    const x = left + (d + 0.5) * band;
    marks.push(line(x, base, x, base + 6));
    marks.push(label(x, base + 9, 'middle', dayTick(date, days.length), '0.71em'));
  }
  return svgOf(height, text, marks);
}
