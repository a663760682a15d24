// Landscape pieces shared by the outdoor scenes: sky with sun or moon, clouds, hills,
// mountains, trees, water and gulls.

import type { Painter } from './painter.js';
import { at, circle, circleD, dots, hsl, lerp, mix, n, ni, type Pt, path, rect, rectD, stroke, tint, W } from './svg-primitives.js';

export interface Sun {
  x: number;
  y: number;
  r: number;
  color: string;
}

export function drawSky(p: Painter, horizon: number, celestial = true): Sun | null {
  const j = p.r(-8, 8);
  let top: string;
  let bottom: string;
  let mid: string;
  switch (p.time) {
    case 'day':
      top = hsl(212 + j, 62, p.r(40, 50));
      bottom = hsl(200 + j, 65, p.r(78, 86));
      mid = mix(top, bottom, 0.55);
      break;
    case 'dawn':
      top = hsl(218 + j, 40, 56);
      bottom = hsl(32 + j, 88, 78);
      mid = hsl(340 + j, 45, 76);
      break;
    case 'dusk':
      top = hsl(252 + j, 40, 24);
      bottom = hsl(20 + j, 85, 62);
      mid = hsl(330 + j, 38, 44);
      break;
    case 'night':
      top = hsl(228 + j, 55, 7);
      bottom = hsl(222 + j, 40, 22);
      mid = mix(top, bottom, 0.5);
      break;
  }
  p.skyTop = top;
  p.skyBottom = bottom;
  p.add(
    rect(
      -10,
      -10,
      W + 20,
      horizon + 14,
      p.linear([
        [0, top],
        [0.6, mid],
        [1, bottom],
      ]),
    ),
  );
  if (!celestial) return null;

  if (p.night) {
    const stars: Pt[] = [];
    const count = p.int(70, 140);
    for (let i = 0; i < count; i++) stars.push([p.r(0, W), p.r(0, horizon * 0.85)]);
    p.add(dots(stars, '#ffffff', 2.6, ' opacity=".75"'));
    const x = p.r(200, W - 200);
    const y = p.r(80, Math.max(100, horizon * 0.4));
    p.add(
      circle(
        x,
        y,
        110,
        p.radial([
          [0, '#dfe6ff', 0.35],
          [1, '#dfe6ff', 0],
        ]),
      ),
    );
    p.add(circle(x, y, 34, '#f4f1e4'));
    p.add(circle(x - 9, y - 6, 7, '#dcd8c8'), circle(x + 10, y + 9, 5, '#dcd8c8'));
    return { x, y, r: 34, color: '#f4f1e4' };
  }
  const low = p.time !== 'day';
  const x = p.r(180, W - 180);
  const y = low ? horizon - p.r(30, 150) : p.r(70, Math.max(90, horizon * 0.45));
  const r = low ? p.r(55, 80) : p.r(38, 50);
  const color = p.time === 'day' ? '#fff7d6' : p.time === 'dawn' ? '#ffe08a' : '#ffab5c';
  p.add(
    circle(
      x,
      y,
      r * 4,
      p.radial([
        [0, color, 0.55],
        [1, color, 0],
      ]),
    ),
  );
  p.add(circle(x, y, r, color));
  return { x, y, r, color };
}

function cloudColor(p: Painter): [string, number] {
  switch (p.time) {
    case 'day':
      return ['#ffffff', 0.9];
    case 'dawn':
      return ['#ffe3d4', 0.85];
    case 'dusk':
      return ['#e8968a', 0.75];
    case 'night':
      return ['#38426a', 0.55];
  }
}

function cloudD(p: Painter, x: number, y: number, w: number): string {
  let d = rectD(x, y - 22, w, 22);
  const puffs = p.int(3, 5);
  for (let i = 0; i < puffs; i++) {
    const cx = x + w * (0.15 + (0.7 * (i + p.r(0, 0.6))) / puffs);
    const r = w * p.r(0.12, 0.22);
    d += circleD(cx, y - 22 - r * 0.35, r);
  }
  d += circleD(x, y - 11, 11) + circleD(x + w, y - 11, 11);
  return d;
}

export function drawClouds(p: Painter, count: number, yMin: number, yMax: number): void {
  const [color, opacity] = cloudColor(p);
  let d = '';
  for (let i = 0; i < count; i++) d += cloudD(p, p.r(-100, W - 100), p.r(yMin, Math.max(yMin + 1, yMax)), p.r(150, 340));
  if (d) p.add(path(d, color, ` opacity="${n(opacity)}"`));
}

/** A smooth line of hills: points across the canvas around yBase. */
export function hills(p: Painter, yBase: number, amp: number, step = 40): Pt[] {
  const f1 = p.r(0.002, 0.005);
  const f2 = p.r(0.007, 0.013);
  const f3 = p.r(0.018, 0.03);
  const a1 = p.r(0, 7);
  const a2 = p.r(0, 7);
  const a3 = p.r(0, 7);
  const pts: Pt[] = [];
  for (let x = -20; x <= W + 20 + step; x += step) {
    const v = 0.55 * Math.sin(x * f1 + a1) + 0.3 * Math.sin(x * f2 + a2) + 0.15 * Math.sin(x * f3 + a3);
    pts.push([x, yBase - amp * (0.5 + 0.5 * v)]);
  }
  return pts;
}

/** Jagged mountains by midpoint displacement. */
export function mountains(p: Painter, yBase: number, amp: number): Pt[] {
  const count = 64;
  const ys: number[] = new Array<number>(count + 1).fill(0);
  ys[0] = p.r(0.2, 0.8);
  ys[count] = p.r(0.2, 0.8);
  let rough = 0.9;
  for (let size = count; size > 1; size /= 2) {
    for (let i = 0; i < count; i += size) {
      const mid = i + size / 2;
      ys[mid] = (at(ys, i) + at(ys, i + size)) / 2 + p.r(-rough, rough) / 2;
    }
    rough *= 0.55;
  }
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  return ys.map((v, i): Pt => [-20 + ((W + 40) * i) / count, yBase - (amp * (v - lo)) / (hi - lo || 1)]);
}

export function pineD(x: number, base: number, h: number, w: number, tiers = 4, trunk = true): string {
  let d = trunk ? `M${ni(x - w * 0.06)} ${ni(base)}V${ni(base - h * 0.12)}h${ni(w * 0.12)}V${ni(base)}Z` : '';
  for (let i = 0; i < tiers; i++) {
    const top = base - h + (h * 0.85 * i) / tiers - (i === 0 ? 0 : h * 0.08);
    const bottom = base - h * 0.1 - (h * 0.85 * (tiers - 1 - i)) / tiers / 1.6;
    const half = (w / 2) * (0.55 + (0.45 * (i + 1)) / tiers);
    d += `M${ni(x)} ${ni(top)}L${ni(x + half)} ${ni(bottom)} ${ni(x - half)} ${ni(bottom)}Z`;
  }
  return d;
}

export function roundTreeMarkup(p: Painter, x: number, base: number, s: number, leaf: string): string {
  const trunk = p.lit('#5b4330');
  const trunkD = `M${n(x - 7 * s)} ${n(base)}L${n(x - 4 * s)} ${n(base - 70 * s)} ${n(x + 4 * s)} ${n(base - 70 * s)} ${n(x + 7 * s)} ${n(base)}Z`;
  let canopy = '';
  const puffs = 5;
  for (let i = 0; i < puffs; i++) {
    const a = (i / puffs) * Math.PI * 2 + p.r(0, 1);
    canopy += circleD(x + Math.cos(a) * 24 * s, base - 100 * s + Math.sin(a) * 18 * s, p.r(26, 36) * s);
  }
  canopy += circleD(x, base - 112 * s, 34 * s);
  const light = circleD(x - 12 * s, base - 122 * s, 20 * s);
  return path(trunkD, trunk) + path(canopy, leaf) + path(light, tint(leaf, 0.15), ' opacity=".7"');
}

export function waterLines(painter: Painter, top: number, bottom: number, count: number, color: string, opacity = 0.25): void {
  let d = '';
  for (let i = 0; i < count; i++) {
    const t = painter.next() ** 1.4;
    const y = lerp(top + 4, bottom, t);
    const len = 8 + 70 * t * painter.r(0.5, 1.2);
    d += `M${n(painter.r(-20, W))} ${n(y)}h${n(len)}`;
  }
  painter.add(stroke(d, color, 2, ` opacity="${n(opacity)}" stroke-linecap="round"`));
}

export function sunGlitter(p: Painter, sun: Sun | null, top: number, bottom: number): void {
  if (!sun || sun.y > top) return;
  let d = '';
  for (let y = top + 4; y < bottom; y += p.r(6, 12)) {
    const t = (y - top) / (bottom - top);
    const spread = sun.r * (0.8 + 2.2 * t);
    const w = p.r(10, 40) * (0.5 + t);
    d += `M${n(sun.x + p.r(-spread, spread) - w / 2)} ${n(y)}h${n(w)}`;
  }
  p.add(stroke(d, sun.color, 3, ' opacity=".55" stroke-linecap="round"'));
}

export function gullsMarkup(p: Painter, count: number, yMin: number, yMax: number): string {
  let d = '';
  for (let i = 0; i < count; i++) {
    const x = p.r(50, W - 50);
    const y = p.r(yMin, yMax);
    const s = p.r(6, 14);
    d += `M${n(x - 2 * s)} ${n(y)}q${n(s)} ${n(-s)} ${n(2 * s)} 0q${n(s)} ${n(-s)} ${n(2 * s)} 0`;
  }
  return stroke(d, p.night ? '#cfd6e6' : '#2b2f38', 2.5, ' stroke-linecap="round" stroke-linejoin="round"');
}
