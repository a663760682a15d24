// A text-free chart, for stories about numbers.

import type { Painter } from '../painter.js';
import { at, circle, clamp, H, hsl, n, type Pt, path, polyD, rect, rectD, rrect, stroke, tint, W } from '../svg-primitives.js';

export function chart(p: Painter): void {
  const dark = p.chance(0.3);
  const bg = dark ? p.pick(['#14202e', '#1b1b24', '#102a2a']) : p.pick(['#f7f5f0', '#ffffff', '#f2f5f8', '#fbf7ee']);
  const ink = dark ? '#d9dee6' : '#2b2f36';
  const grid = dark ? '#2f4152' : '#dedede';
  const muted = dark ? '#56687a' : '#bfc4cb';
  const hue = p.r(0, 360);
  const series = [hsl(hue, 70, dark ? 62 : 45), hsl(hue + p.pick([150, 180, 210]), 55, dark ? 66 : 55), hsl(hue + 60, 45, dark ? 70 : 68)];
  const color = (i: number): string => at(series, i % series.length);
  p.add(rect(0, 0, W, H, bg));
  p.add(rrect(110, 64, p.r(520, 820), 36, 8, ink, ' opacity=".88"'), rrect(110, 120, p.r(320, 600), 20, 6, muted));
  const x0 = 200;
  const x1 = 1490;
  const y0 = 220;
  const y1 = 770;
  const lines = p.int(4, 6);
  let g = '';
  let labels = '';
  for (let i = 0; i <= lines; i++) {
    const y = y1 - ((y1 - y0) * i) / lines;
    if (i > 0) g += `M${x0} ${n(y)}H${x1}`;
    labels += rectD(120, y - 7, p.r(36, 60), 14);
  }
  p.add(stroke(g, grid, 2), path(labels, muted));
  const kind = p.pick(['bars', 'grouped', 'line', 'area'] as const);
  const walk = (count: number): number[] => {
    const out: number[] = [];
    let v = p.r(0.25, 0.7);
    const trend = p.r(-0.02, 0.03);
    for (let i = 0; i < count; i++) {
      v = clamp(v + trend + p.r(-0.12, 0.12), 0.08, 0.95);
      out.push(v);
    }
    return out;
  };
  const yOf = (v: number): number => y1 - v * (y1 - y0);
  let ticks = '';
  let xLabels = '';
  let seriesCount = 1;
  if (kind === 'bars' || kind === 'grouped') {
    const count = kind === 'bars' ? p.int(6, 14) : p.int(4, 7);
    seriesCount = kind === 'bars' ? 1 : p.int(2, 3);
    const slot = (x1 - x0) / count;
    const data = Array.from({ length: seriesCount }, () => walk(count));
    const highlight = p.int(0, count - 1);
    for (let i = 0; i < count; i++) {
      const groupW = slot * 0.7;
      const bw = groupW / seriesCount;
      for (let s = 0; s < seriesCount; s++) {
        const v = at(at(data, s), i);
        const x = x0 + slot * i + (slot - groupW) / 2 + s * bw;
        const fill = seriesCount === 1 ? (i === highlight ? color(0) : tint(color(0), dark ? 0 : 0.45)) : color(s);
        const op = seriesCount === 1 && i !== highlight && dark ? ' opacity=".55"' : '';
        p.add(rrect(x + 2, yOf(v), bw - 4, y1 - yOf(v) + 4, 4, fill, op));
      }
      xLabels += rectD(x0 + slot * (i + 0.5) - 22, y1 + 22, 44, 12);
    }
    p.add(rect(x0, y1, x1 - x0, 6, bg));
  } else {
    const count = p.int(12, 30);
    seriesCount = kind === 'area' ? 1 : p.int(1, 3);
    const step = (x1 - x0) / (count - 1);
    for (let s = seriesCount - 1; s >= 0; s--) {
      const pts = walk(count).map((v, i): Pt => [x0 + i * step, yOf(v)]);
      const d = polyD(pts, false);
      if (kind === 'area') {
        const fill = p.linear([
          [0, color(s), 0.45],
          [1, color(s), 0.02],
        ]);
        p.add(path(`${d} ${x1} ${y1} ${x0} ${y1}Z`, fill));
      }
      p.add(stroke(d, color(s), s === 0 ? 6 : 4, ' stroke-linejoin="round" stroke-linecap="round"'));
      const last = at(pts, pts.length - 1);
      p.add(circle(last[0], last[1], 11, bg, ` stroke="${color(s)}" stroke-width="5"`));
    }
    const every = Math.ceil(count / 8);
    for (let i = 0; i < count; i += every) {
      ticks += `M${n(x0 + i * step)} ${y1}v12`;
      xLabels += rectD(x0 + i * step - 22, y1 + 24, 44, 12);
    }
    if (p.chance(0.6)) {
      const ax = x0 + p.int(2, count - 3) * step;
      p.add(stroke(`M${n(ax)} ${y0 - 10}V${y1}`, ink, 2, ' stroke-dasharray="8 8" opacity=".6"'));
      p.add(
        rrect(ax + 12, y0 - 6, 150, 44, 6, bg, ` stroke="${muted}" stroke-width="2"`),
        rrect(ax + 24, y0 + 6, 110, 10, 4, muted),
        rrect(ax + 24, y0 + 22, 70, 8, 4, muted),
      );
    }
  }
  p.add(stroke(`M${x0} ${y0 - 10}V${y1}H${x1}${ticks}`, ink, 3));
  p.add(path(xLabels, muted));
  if (seriesCount > 1) {
    for (let s = 0; s < seriesCount; s++) {
      const lx = 1100 + s * 130;
      p.add(rrect(lx, 128, 22, 22, 4, color(s)), rrect(lx + 32, 133, 70, 12, 5, muted));
    }
  }
  p.add(rrect(110, 830, p.r(260, 420), 14, 6, muted), rect(110, 808, 1380, 2, grid));
}
