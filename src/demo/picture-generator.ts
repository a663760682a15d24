// Demo pictures are drawn, not downloaded: the demo paper has to work offline and
// ships no third-party photographs, so every picture is a flat illustration built
// from SVG shapes, chosen by a seeded PRNG and rendered to JPEG by sharp. The same
// spec always gives the same bytes. There is no text in the pictures because fonts
// differ from machine to machine.

import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import sharp from 'sharp';

export const SCENES = [
  'harbour',
  'skyline',
  'street',
  'council-chamber',
  'chart',
  'field',
  'stadium',
  'forest',
  'river',
  'stage',
  'laboratory',
  'market',
  'portrait',
  'classroom',
  'train',
  'storm',
  'bridge',
  'boats',
] as const;
export type Scene = (typeof SCENES)[number];

export interface PictureSpec {
  file: string;
  scene: Scene;
  seed: number;
}

const DEFAULT_SIZE = { width: 1600, height: 900 } as const;
const JPEG_OPTIONS = { quality: 82, mozjpeg: true } as const;

/** Every scene is drawn on this 16:9 canvas; other sizes scale it (and crop to fill). */
const W = 1600;
const H = 900;

// ---------------------------------------------------------------------------
// Randomness

type Random = () => number;

function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a with a final avalanche, so neighbouring seeds give unrelated pictures. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// ---------------------------------------------------------------------------
// Small utilities

type Pt = readonly [number, number];

function at<T>(items: readonly T[], i: number): T {
  const v = items[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range (length ${items.length})`);
  return v;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/** Numbers in the SVG are rounded to one decimal to keep the markup small. */
function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Whole pixels, for bulky outlines where a tenth of a pixel is invisible. */
function ni(v: number): string {
  return String(Math.round(v));
}

function hexByte(v: number): string {
  return Math.round(clamp(v, 0, 1) * 255)
    .toString(16)
    .padStart(2, '0');
}

function hsl(h: number, s: number, l: number): string {
  const hh = ((h % 360) + 360) % 360;
  const ss = clamp(s, 0, 100) / 100;
  const ll = clamp(l, 0, 100) / 100;
  const a = ss * Math.min(ll, 1 - ll);
  const f = (m: number): number => {
    const k = (m + hh / 30) % 12;
    return ll - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return `#${hexByte(f(0))}${hexByte(f(8))}${hexByte(f(4))}`;
}

function parseHex(c: string): [number, number, number] {
  const v = Number.parseInt(c.slice(1), 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

function mix(a: string, b: string, t: number): string {
  const [ar, ag, ab] = parseHex(a);
  const [br, bg, bb] = parseHex(b);
  return `#${hexByte(lerp(ar, br, t))}${hexByte(lerp(ag, bg, t))}${hexByte(lerp(ab, bb, t))}`;
}

const shade = (c: string, t: number): string => mix(c, '#000000', t);
const tint = (c: string, t: number): string => mix(c, '#ffffff', t);

// ---------------------------------------------------------------------------
// SVG element helpers (all return markup strings)

function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${fill}"${extra}/>`;
}

function rrect(x: number, y: number, w: number, h: number, r: number, fill: string, extra = ''): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(r)}" fill="${fill}"${extra}/>`;
}

function circle(cx: number, cy: number, r: number, fill: string, extra = ''): string {
  return `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${fill}"${extra}/>`;
}

function ellipse(cx: number, cy: number, rx: number, ry: number, fill: string, extra = ''): string {
  return `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(ry)}" fill="${fill}"${extra}/>`;
}

function path(d: string, fill: string, extra = ''): string {
  return `<path d="${d}" fill="${fill}"${extra}/>`;
}

function stroke(d: string, color: string, width: number, extra = ''): string {
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${n(width)}"${extra}/>`;
}

/** Round dots drawn as zero-length round-capped segments: very compact for crowds and stars. */
function dots(points: readonly Pt[], color: string, size: number, extra = ''): string {
  if (points.length === 0) return '';
  const d = points.map(([x, y]) => `M${n(x)} ${n(y)}h0`).join('');
  return `<path d="${d}" stroke="${color}" stroke-width="${n(size)}" stroke-linecap="round"${extra}/>`;
}

/** Polygon path data in whole pixels. */
function polyD(points: readonly Pt[], close = true): string {
  let d = '';
  points.forEach(([x, y], i) => {
    d += `${i === 0 ? 'M' : i === 1 ? 'L' : ' '}${ni(x)} ${ni(y)}`;
  });
  return close ? `${d}Z` : d;
}

/** Circle as path data, drawn clockwise so unions of circles fill solidly. */
function circleD(cx: number, cy: number, r: number): string {
  return `M${n(cx - r)} ${n(cy)}a${n(r)} ${n(r)} 0 1 1 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 1 ${n(-2 * r)} 0Z`;
}

function ellipseD(cx: number, cy: number, rx: number, ry: number): string {
  return `M${n(cx - rx)} ${n(cy)}a${n(rx)} ${n(ry)} 0 1 1 ${n(2 * rx)} 0a${n(rx)} ${n(ry)} 0 1 1 ${n(-2 * rx)} 0Z`;
}

function rectD(x: number, y: number, w: number, h: number): string {
  return `M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`;
}

function yAt(points: readonly Pt[], x: number): number {
  let prev = at(points, 0);
  for (const pt of points) {
    if (x <= pt[0]) {
      const span = pt[0] - prev[0];
      const t = span === 0 ? 0 : (x - prev[0]) / span;
      return lerp(prev[1], pt[1], clamp(t, 0, 1));
    }
    prev = pt;
  }
  return prev[1];
}

function fillBelow(points: readonly Pt[], fill: string, bottom = H + 10, extra = ''): string {
  const first = at(points, 0);
  const last = at(points, points.length - 1);
  return path(`${polyD(points, false)} ${n(last[0])} ${n(bottom)} ${n(first[0])} ${n(bottom)}Z`, fill, extra);
}

// ---------------------------------------------------------------------------
// Painter: collects defs and body, knows the time of day and the sky colours

type TimeOfDay = 'dawn' | 'day' | 'dusk' | 'night';
type Stop = readonly [offset: number, color: string, opacity?: number];

class Painter {
  private readonly body: string[] = [];
  private readonly defs: string[] = [];
  private ids = 0;
  time: TimeOfDay = 'day';
  skyTop = '#4d8fd6';
  skyBottom = '#c2def4';

  constructor(private readonly rand: Random) {}

  next(): number {
    return this.rand();
  }
  r(min: number, max: number): number {
    return min + (max - min) * this.rand();
  }
  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number {
    return Math.min(max, min + Math.floor(this.rand() * (max - min + 1)));
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.rand() * items.length));
  }
  chooseTime(weights: Readonly<Record<TimeOfDay, number>>): TimeOfDay {
    const order: readonly TimeOfDay[] = ['day', 'dawn', 'dusk', 'night'];
    const total = order.reduce((sum, t) => sum + weights[t], 0);
    let roll = this.rand() * total;
    for (const t of order) {
      roll -= weights[t];
      if (roll < 0) {
        this.time = t;
        return t;
      }
    }
    this.time = 'day';
    return 'day';
  }
  get night(): boolean {
    return this.time === 'night';
  }

  add(...els: string[]): void {
    for (const el of els) if (el) this.body.push(el);
  }
  def(markup: string): void {
    this.defs.push(markup);
  }
  uid(prefix: string): string {
    this.ids += 1;
    return `${prefix}${this.ids}`;
  }

  /** Linear gradient; vertical over the shape's bounding box by default. Returns a `url(#…)` paint. */
  linear(stops: readonly Stop[], x1 = 0, y1 = 0, x2 = 0, y2 = 1, userSpace = false, extra = ''): string {
    const id = this.uid('g');
    const units = userSpace ? ' gradientUnits="userSpaceOnUse"' : '';
    this.def(
      `<linearGradient id="${id}" x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}"${units}${extra}>${stopsXml(stops)}</linearGradient>`,
    );
    return `url(#${id})`;
  }

  radial(stops: readonly Stop[], cx = 0.5, cy = 0.5, r = 0.5, userSpace = false): string {
    const id = this.uid('g');
    const units = userSpace ? ' gradientUnits="userSpaceOnUse"' : '';
    this.def(`<radialGradient id="${id}" cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}"${units}>${stopsXml(stops)}</radialGradient>`);
    return `url(#${id})`;
  }

  /** A colour as it looks under the current light. */
  lit(color: string): string {
    switch (this.time) {
      case 'day':
        return color;
      case 'dawn':
        return mix(shade(color, 0.08), '#f2b48c', 0.12);
      case 'dusk':
        return mix(shade(color, 0.25), '#6b3f6e', 0.22);
      case 'night':
        return mix(shade(color, 0.55), '#101a3a', 0.35);
    }
  }
  tone(h: number, s: number, l: number): string {
    return this.lit(hsl(h, s, l));
  }
  /** Aerial perspective: fade a colour towards the horizon sky. */
  haze(color: string, t: number): string {
    return mix(color, this.skyBottom, t);
  }

  toSvg(width: number, height: number): string {
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid slice">` +
      `<defs>${this.defs.join('')}</defs>${this.body.join('')}</svg>`
    );
  }
}

function stopsXml(stops: readonly Stop[]): string {
  return stops.map(([o, c, a]) => `<stop offset="${n(o)}" stop-color="${c}"${a === undefined ? '' : ` stop-opacity="${n(a)}"`}/>`).join('');
}

// ---------------------------------------------------------------------------
// Shared landscape pieces

interface Sun {
  x: number;
  y: number;
  r: number;
  color: string;
}

function drawSky(p: Painter, horizon: number, celestial = true): Sun | null {
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

function drawClouds(p: Painter, count: number, yMin: number, yMax: number): void {
  const [color, opacity] = cloudColor(p);
  let d = '';
  for (let i = 0; i < count; i++) d += cloudD(p, p.r(-100, W - 100), p.r(yMin, Math.max(yMin + 1, yMax)), p.r(150, 340));
  if (d) p.add(path(d, color, ` opacity="${n(opacity)}"`));
}

/** A smooth line of hills: points across the canvas around yBase. */
function hills(p: Painter, yBase: number, amp: number, step = 40): Pt[] {
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
function mountains(p: Painter, yBase: number, amp: number): Pt[] {
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

function pineD(x: number, base: number, h: number, w: number, tiers = 4, trunk = true): string {
  let d = trunk ? `M${ni(x - w * 0.06)} ${ni(base)}V${ni(base - h * 0.12)}h${ni(w * 0.12)}V${ni(base)}Z` : '';
  for (let i = 0; i < tiers; i++) {
    const top = base - h + (h * 0.85 * i) / tiers - (i === 0 ? 0 : h * 0.08);
    const bottom = base - h * 0.1 - (h * 0.85 * (tiers - 1 - i)) / tiers / 1.6;
    const half = (w / 2) * (0.55 + (0.45 * (i + 1)) / tiers);
    d += `M${ni(x)} ${ni(top)}L${ni(x + half)} ${ni(bottom)} ${ni(x - half)} ${ni(bottom)}Z`;
  }
  return d;
}

function roundTreeMarkup(p: Painter, x: number, base: number, s: number, leaf: string): string {
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

function waterLines(painter: Painter, top: number, bottom: number, count: number, color: string, opacity = 0.25): void {
  let d = '';
  for (let i = 0; i < count; i++) {
    const t = painter.next() ** 1.4;
    const y = lerp(top + 4, bottom, t);
    const len = 8 + 70 * t * painter.r(0.5, 1.2);
    d += `M${n(painter.r(-20, W))} ${n(y)}h${n(len)}`;
  }
  painter.add(stroke(d, color, 2, ` opacity="${n(opacity)}" stroke-linecap="round"`));
}

function sunGlitter(p: Painter, sun: Sun | null, top: number, bottom: number): void {
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

function gullsMarkup(p: Painter, count: number, yMin: number, yMax: number): string {
  let d = '';
  for (let i = 0; i < count; i++) {
    const x = p.r(50, W - 50);
    const y = p.r(yMin, yMax);
    const s = p.r(6, 14);
    d += `M${n(x - 2 * s)} ${n(y)}q${n(s)} ${n(-s)} ${n(2 * s)} 0q${n(s)} ${n(-s)} ${n(2 * s)} 0`;
  }
  return stroke(d, p.night ? '#cfd6e6' : '#2b2f38', 2.5, ' stroke-linecap="round" stroke-linejoin="round"');
}

// ---------------------------------------------------------------------------
// Scenes

const VIVID = ['#c8412f', '#2f6fb0', '#e3a21a', '#3d8b5a', '#7b4a9e', '#d9731e', '#1f8a8a', '#b83a6b'] as const;

function harbour(p: Painter): void {
  p.chooseTime({ day: 5, dawn: 2, dusk: 2, night: 1 });
  const hz = p.r(430, 490);
  const sun = drawSky(p, hz);
  drawClouds(p, p.int(2, 5), 70, hz - 160);
  const shore = hills(p, hz, p.r(25, 70));
  p.add(fillBelow(shore, p.haze(p.tone(150, 15, 32), 0.55)));
  // a low line of sheds and tanks on the far shore
  let sheds = '';
  for (let x = p.r(-40, 100); x < W; x += p.r(60, 200)) {
    const w = p.r(30, 110);
    const h = p.r(10, 40);
    sheds += rectD(x, yAt(shore, x) - h + 6, w, h + 6);
  }
  p.add(path(sheds, p.haze(p.tone(210, 10, 40), 0.45)));

  const qy = p.r(770, 800);
  p.add(
    rect(
      0,
      hz,
      W,
      qy - hz + 2,
      p.linear([
        [0, p.haze(p.tone(205, 45, 42), 0.35)],
        [1, p.tone(212, 55, 22)],
      ]),
    ),
  );
  sunGlitter(p, sun, hz, qy);
  waterLines(p, hz, qy, 70, p.night ? '#8fa4d6' : '#ffffff', 0.22);

  const wl = p.r(hz + 190, qy - 30);
  drawShip(p, wl);
  if (p.chance(0.6)) drawTug(p, p.r(wl + 12, qy - 6));

  // quay
  const concrete = p.lit(p.pick(['#8d8a84', '#9a968c', '#7f8389']));
  p.add(
    rect(
      0,
      qy,
      W,
      H - qy,
      p.linear([
        [0, tint(concrete, 0.12)],
        [1, shade(concrete, 0.3)],
      ]),
    ),
  );
  p.add(rect(0, qy, W, 9, shade(concrete, 0.5)));
  p.add(rect(0, qy + 24, W, 5, p.lit('#e0b32f')));
  let rails = '';
  for (const y of [qy + 62, qy + 104]) rails += `M0 ${n(y)}H${W}`;
  p.add(stroke(rails, shade(concrete, 0.45), 4));
  let bollards = '';
  for (let x = p.r(40, 120); x < W; x += p.r(180, 320)) bollards += rectD(x - 9, qy + 3, 18, 15) + ellipseD(x, qy + 4, 14, 5);
  p.add(path(bollards, p.lit('#2c2c2e')));

  const cranes = p.int(2, 3);
  const craneColor = p.lit(p.pick(['#d9531e', '#e3b01c', '#2f6fb0', '#c23b32', '#3d8b5a']));
  for (let i = 0; i < cranes; i++) {
    drawCrane(p, (W * (i + 0.5)) / cranes + p.r(-90, 90), qy, wl, craneColor);
  }
}

function drawShip(p: Painter, wl: number): void {
  const L = p.r(620, 900);
  const x0 = p.r(-60, W - L - 80);
  const hullH = p.r(60, 85);
  const deck = wl - hullH;
  const hull = p.lit(p.pick(['#1f2a44', '#7a1f1f', '#22313a', '#2f4f3a', '#15181d']));
  const bowX = x0 + L + 25;
  const bowTop = deck - 14;
  const bowFoot = x0 + L - 35;
  p.add(
    path(
      polyD([
        [x0, deck],
        [bowX, bowTop],
        [bowFoot, wl],
        [x0 + 20, wl],
        [x0, wl - 22],
      ]),
      hull,
    ),
  );
  const bt = 14;
  const btX = bowFoot + ((bowX - bowFoot) * bt) / (wl - bowTop);
  p.add(
    path(
      polyD([
        [x0 + 8, wl - bt],
        [btX, wl - bt],
        [bowFoot, wl],
        [x0 + 20, wl],
      ]),
      p.lit('#a3322b'),
    ),
  );
  p.add(stroke(`M${n(x0)} ${n(deck + 4)}L${n(bowX - 4)} ${n(bowTop + 4)}`, p.lit('#d8d8d8'), 3));

  // accommodation block and funnel at the stern
  const sx = x0 + p.r(25, 60);
  const sw = p.r(90, 130);
  const sh = p.r(110, 150);
  const funnelX = sx + sw * 0.35;
  const funnel = p.lit(p.pick(VIVID));
  p.add(rect(funnelX, deck - sh - 62, 36, 64, funnel), rect(funnelX, deck - sh - 62, 36, 10, p.lit('#1c1c1c')));
  const white = p.lit('#eef0f0');
  p.add(rect(sx, deck - sh, sw, sh, white), rect(sx - 14, deck - sh - 4, sw + 28, 16, white));
  let win = '';
  for (let row = 0; row < 4; row++) {
    const y = deck - sh + 22 + row * 28;
    if (y > deck - 20) break;
    for (let x = sx + 10; x < sx + sw - 16; x += 18) win += rectD(x, y, 10, 9);
  }
  win += rectD(sx - 8, deck - sh + 1, sw + 16, 7);
  p.add(path(win, p.night ? '#ffd986' : p.lit('#2a3a4a')));

  // containers
  const palette = VIVID.map((c) => p.lit(c)).concat([p.lit('#8a8f96'), p.lit('#6b3a2a')]);
  const bw = p.r(44, 56);
  let x = sx + sw + 18;
  while (x + bw < x0 + L - 60) {
    const stack = p.int(1, 4);
    for (let j = 0; j < stack; j++) {
      const c = p.pick(palette);
      p.add(rect(x, deck - (j + 1) * 24, bw, 22, c, ` stroke="${shade(c, 0.4)}" stroke-width="1.5"`));
    }
    x += bw + 3;
  }
  p.add(stroke(`M${n(x0 + L - 40)} ${n(deck)}V${n(deck - 70)}`, white, 4));
}

function drawTug(p: Painter, wl: number): void {
  const x = p.r(60, W - 260);
  const s = p.r(0.8, 1.1);
  const hull = p.lit(p.pick(['#c23b32', '#1f3b5a', '#2f2f2f']));
  p.add(path(`M${n(x)} ${n(wl - 30 * s)}H${n(x + 180 * s)}L${n(x + 160 * s)} ${n(wl)}H${n(x + 12 * s)}Z`, hull));
  p.add(rect(x + 50 * s, wl - 62 * s, 70 * s, 32 * s, p.lit('#f1f1ee')), rect(x + 70 * s, wl - 84 * s, 36 * s, 22 * s, p.lit('#f1f1ee')));
  p.add(rect(x + 74 * s, wl - 80 * s, 28 * s, 8 * s, p.night ? '#ffd986' : p.lit('#2a3a4a')));
  p.add(rect(x + 125 * s, wl - 76 * s, 14 * s, 46 * s, p.lit('#1c1c1c')));
  p.add(stroke(`M${n(x - 10)} ${n(wl + 3)}h${n(200 * s)}`, '#ffffff', 3, ' opacity=".35"'));
}

function drawCrane(p: Painter, bx: number, qy: number, wl: number, color: string): void {
  const gy = qy + p.r(62, 104);
  const py = p.r(190, 250);
  const span = 70;
  const boomY = py - 14;
  const left = bx - p.r(320, 440);
  const right = bx + p.r(170, 230);
  const apexX = bx + 15;
  const apexY = py - p.r(140, 170);
  const legs = `M${n(bx - span)} ${n(gy)}V${n(py)}M${n(bx + span)} ${n(gy)}V${n(py)}M${n(bx - span)} ${n(py)}H${n(bx + span)}M${n(bx - span)} ${n(lerp(py, gy, 0.45))}H${n(bx + span)}`;
  const braces = `M${n(bx - span)} ${n(lerp(py, gy, 0.45))}L${n(bx + span)} ${n(py)}M${n(bx - span + 10)} ${n(py)}L${n(apexX)} ${n(apexY)}L${n(bx + span)} ${n(py)}`;
  const stays = `M${n(left + 20)} ${n(boomY)}L${n(apexX)} ${n(apexY)}L${n(right - 10)} ${n(boomY)}M${n(lerp(left, bx, 0.5))} ${n(boomY)}L${n(apexX)} ${n(apexY)}`;
  p.add(stroke(stays, shade(color, 0.2), 3.5));
  p.add(stroke(legs, color, 16, ' stroke-linecap="square"'));
  p.add(stroke(braces, color, 7));
  p.add(rect(left, boomY - 9, right - left, 18, color), stroke(`M${n(left)} ${n(boomY)}H${n(right)}`, shade(color, 0.35), 2));
  p.add(rect(bx - 58, py - 52, 96, 40, tint(color, 0.15)));
  const tx = p.r(left + 40, bx - span - 60);
  const hookY = p.r(wl - 150, wl - 110);
  p.add(rect(tx - 18, boomY + 8, 36, 14, p.lit('#3a3a3a')));
  p.add(stroke(`M${n(tx - 8)} ${n(boomY + 20)}V${n(hookY)}M${n(tx + 8)} ${n(boomY + 20)}V${n(hookY)}`, p.lit('#222222'), 2));
  p.add(rect(tx - 40, hookY, 80, 8, p.lit('#e3b01c')));
  if (p.chance(0.6)) {
    const c = p.lit(p.pick(VIVID));
    p.add(rect(tx - 40, hookY + 8, 80, 22, c, ` stroke="${shade(c, 0.4)}" stroke-width="1.5"`));
  }
  if (p.night) p.add(circle(apexX, apexY - 4, 5, '#ff4a3a'), circle(apexX, apexY - 4, 16, '#ff4a3a', ' opacity=".25"'));
}

function skyline(p: Painter): void {
  p.chooseTime({ day: 3, dawn: 1, dusk: 3, night: 4 });
  const gy = p.r(690, 760);
  drawSky(p, gy);
  drawClouds(p, p.int(0, 3), 60, 300);
  const layers = [
    { hMin: 140, hMax: 380, haze: 0.6, windows: 0 },
    { hMin: 100, hMax: 420, haze: 0.35, windows: 0.12 },
    { hMin: 70, hMax: 300, haze: 0.1, windows: 1 },
  ] as const;
  const waterfront = p.chance(0.5);
  const hue = p.r(190, 250);
  const cityId = p.uid('c');
  const city: string[] = [];
  layers.forEach((layer, li) => {
    const base = p.haze(p.tone(hue, 18, 22 + li * 4 - (p.night ? 6 : 0)), layer.haze);
    let bodies = '';
    let lit = '';
    let glass = '';
    let x = p.r(-80, -10);
    while (x < W + 20) {
      const w = p.r(50, 150);
      const tall = p.chance(0.12);
      const h = p.r(layer.hMin, layer.hMax) * (tall ? 1.45 : 1);
      const top = gy - h;
      bodies += rectD(x, top, w, h + 2);
      const roof = p.next();
      if (roof < 0.15) bodies += `M${n(x + w * 0.2)} ${n(top)}L${n(x + w / 2)} ${n(top - w * 0.8)} ${n(x + w * 0.8)} ${n(top)}Z`;
      else if (roof < 0.35) bodies += rectD(x + w * 0.2, top - 24, w * 0.6, 25);
      else if (roof < 0.5) bodies += rectD(x + w / 2 - 1.5, top - 60, 3, 61);
      if (layer.windows > 0) {
        const ww = p.r(6, 9);
        const wh = p.r(9, 13);
        const gx = p.r(6, 10);
        const gyap = p.r(8, 12);
        const cols = Math.floor((w - 16) / (ww + gx));
        const litRate = p.night ? p.r(0.3, 0.55) : p.time === 'dusk' ? p.r(0.2, 0.4) : 0;
        for (let yy = top + 14; yy < gy - 24; yy += wh + gyap) {
          if (p.time === 'day' || p.time === 'dawn') {
            if (li === 2) glass += rectD(x + 8, yy, w - 16, wh * 0.6);
            continue;
          }
          for (let c = 0; c < cols; c++) {
            if (p.next() < litRate * layer.windows) lit += rectD(x + 8 + c * (ww + gx), yy, ww, wh);
          }
        }
      }
      if (tall && p.night) city.push(circle(x + w / 2, top - 8, 4, '#ff4a3a'));
      x += w + p.r(-10, 8);
    }
    city.push(path(bodies, base));
    if (glass) city.push(path(glass, tint(base, 0.18), ' opacity=".8"'));
    if (lit) city.push(path(lit, li === 2 ? '#ffd98a' : '#f5c77a', li === 2 ? '' : ' opacity=".7"'));
  });
  p.def(`<g id="${cityId}">${city.join('')}</g>`);
  p.add(`<use href="#${cityId}"/>`);
  if (waterfront) {
    p.add(
      rect(
        0,
        gy,
        W,
        H - gy,
        p.linear([
          [0, p.tone(hue, 35, 22)],
          [1, p.tone(hue, 40, 12)],
        ]),
      ),
    );
    p.add(`<use href="#${cityId}" transform="matrix(1 0 0 -1 0 ${n(2 * gy)})" opacity=".28"/>`);
    waterLines(p, gy, H, 80, p.night || p.time === 'dusk' ? '#ffd98a' : '#ffffff', 0.2);
    p.add(rect(0, gy - 3, W, 6, p.tone(hue, 15, 15)));
  } else {
    p.add(rect(0, gy, W, H - gy, p.tone(hue, 10, 18)));
    p.add(rect(0, gy + 40, W, 46, p.tone(hue, 6, 26)));
    let lamps = '';
    const glows: Pt[] = [];
    for (let x = p.r(20, 80); x < W; x += p.r(120, 170)) {
      lamps += `M${n(x)} ${n(gy + 40)}V${n(gy - 30)}h14`;
      glows.push([x + 14, gy - 28]);
    }
    p.add(stroke(lamps, p.tone(hue, 10, 10), 4));
    if (p.night || p.time === 'dusk') {
      p.add(dots(glows, '#ffd98a', 10), dots(glows, '#ffd98a', 40, ' opacity=".18"'));
      let trails = '';
      for (let i = 0; i < 3; i++) trails += `M-10 ${n(gy + 52 + i * 12)}H${W + 10}`;
      p.add(stroke(trails, '#ff5040', 2, ' opacity=".45"'));
    }
  }
}

function street(p: Painter): void {
  p.chooseTime({ day: 5, dawn: 1, dusk: 2, night: 2 });
  const vx = W / 2 + p.r(-140, 140);
  const vy = p.r(380, 440);
  const F = 900;
  const camY = 1.7;
  const pr = (x: number, y: number, z: number): Pt => [vx + (F * x) / z, vy + (F * (camY - y)) / z];
  const quad = (a: Pt, b: Pt, c: Pt, d: Pt): string => polyD([a, b, c, d]);
  drawSky(p, vy + 4);
  drawClouds(p, p.int(1, 3), 40, vy - 220);
  const zn = 0.9;
  const zf = 400;
  p.add(rect(0, vy, W, H - vy, p.lit('#8f8b84')));
  p.add(path(quad(pr(-5, 0, zn), pr(5, 0, zn), pr(5, 0, zf), pr(-5, 0, zf)), p.lit('#3e4046')));
  const pave = p.lit(p.pick(['#a7a39b', '#b3aca0', '#9ea3a8']));
  p.add(
    path(
      quad(pr(-8.5, 0, zn), pr(-5, 0, zn), pr(-5, 0, zf), pr(-8.5, 0, zf)) +
        quad(pr(5, 0, zn), pr(8.5, 0, zn), pr(8.5, 0, zf), pr(5, 0, zf)),
      pave,
    ),
  );
  p.add(
    path(
      quad(pr(-5.2, 0, zn), pr(-5, 0, zn), pr(-5, 0, zf), pr(-5.2, 0, zf)) +
        quad(pr(5, 0, zn), pr(5.2, 0, zn), pr(5.2, 0, zf), pr(5, 0, zf)),
      tint(pave, 0.35),
    ),
  );
  let dashes = '';
  for (let z = 2 + p.r(0, 6); z < 160; z += 9) dashes += quad(pr(-0.08, 0, z), pr(0.08, 0, z), pr(0.08, 0, z + 3), pr(-0.08, 0, z + 3));
  if (p.chance(0.4)) {
    const z = p.r(9, 14);
    for (let x = -4.6; x < 4.6; x += 1) dashes += quad(pr(x, 0, z), pr(x + 0.5, 0, z), pr(x + 0.5, 0, z + 2.5), pr(x, 0, z + 2.5));
  }
  p.add(path(dashes, p.lit('#e8e6df')));

  // closing block at the far end of the street
  const endZ = 170;
  const endH = p.r(12, 30);
  p.add(path(quad(pr(-30, 0, endZ), pr(-30, endH, endZ), pr(30, endH, endZ), pr(30, 0, endZ)), p.haze(p.tone(p.r(0, 60), 15, 55), 0.5)));

  interface Block {
    side: -1 | 1;
    z0: number;
    z1: number;
    h: number;
    color: string;
  }
  const blocks: Block[] = [];
  const hues = [p.r(0, 40), p.r(20, 60), p.r(180, 230)];
  for (const side of [-1, 1] as const) {
    let z = 1.5;
    while (z < endZ) {
      const len = p.r(8, 20);
      blocks.push({ side, z0: z, z1: z + len, h: p.int(3, 8) * 3 + p.r(0, 1.5), color: p.tone(p.pick(hues), p.r(15, 45), p.r(40, 72)) });
      z += len;
    }
  }
  blocks.sort((a, b) => b.z0 - a.z0);
  let windowsDark = '';
  let windowsLit = '';
  for (const b of blocks) {
    const X = b.side * 8.5;
    p.add(path(quad(pr(X, 0, b.z0), pr(X, b.h, b.z0), pr(X * 4, b.h, b.z0), pr(X * 4, 0, b.z0)), shade(b.color, 0.3)));
    p.add(path(quad(pr(X, 0, b.z0), pr(X, b.h, b.z0), pr(X, b.h, b.z1), pr(X, 0, b.z1)), b.color));
    p.add(path(quad(pr(X, b.h - 0.5, b.z0), pr(X, b.h, b.z0), pr(X, b.h, b.z1), pr(X, b.h - 0.5, b.z1)), shade(b.color, 0.25)));
    if (b.z0 > 55) continue;
    let win = '';
    let lit = '';
    for (let f = 1; f < Math.floor(b.h / 3); f++) {
      const y0 = f * 3 + 0.7;
      for (let zc = b.z0 + 1; zc + 1.3 < b.z1 - 0.4; zc += 2.6) {
        const q = quad(pr(X, y0, zc), pr(X, y0 + 1.6, zc), pr(X, y0 + 1.6, zc + 1.2), pr(X, y0, zc + 1.2));
        if (p.night && p.chance(0.5)) lit += q;
        else win += q;
      }
    }
    windowsDark += win;
    windowsLit += lit;
    const shop = quad(pr(X, 0.3, b.z0 + 0.8), pr(X, 2.6, b.z0 + 0.8), pr(X, 2.6, b.z1 - 0.8), pr(X, 0.3, b.z1 - 0.8));
    if (p.night || p.time === 'dusk') p.add(path(shop, '#f3c778'));
    else p.add(path(shop, p.lit('#3b4c5c')));
    if (p.chance(0.55)) {
      const o = X - b.side * 1.4;
      p.add(
        path(quad(pr(X, 3.1, b.z0 + 0.6), pr(X, 3.1, b.z1 - 0.6), pr(o, 2.5, b.z1 - 0.6), pr(o, 2.5, b.z0 + 0.6)), p.lit(p.pick(VIVID))),
      );
    }
  }
  p.add(path(windowsDark, p.lit('#33414f')));
  if (windowsLit) p.add(path(windowsLit, '#ffd98a'));

  // street furniture, cars and people, painted far to near
  interface Thing {
    z: number;
    draw: () => void;
  }
  const things: Thing[] = [];
  const glow =
    p.night || p.time === 'dusk'
      ? p.radial([
          [0, '#ffe2a0', 0.6],
          [1, '#ffe2a0', 0],
        ])
      : '';
  for (const side of [-1, 1] as const) {
    for (let z = p.r(4, 9); z < 90; z += p.r(14, 20)) {
      const zz = z;
      if (p.chance(0.4)) {
        const leaf = p.tone(p.r(90, 130), 40, 32);
        things.push({
          z: zz,
          draw: () => {
            const [tx, ty] = pr(side * 6.9, 0, zz);
            const s = F / zz / 45;
            p.add(roundTreeMarkup(p, tx, ty, s, leaf));
          },
        });
      } else {
        things.push({
          z: zz,
          draw: () => {
            const a = pr(side * 5.7, 0, zz);
            const b = pr(side * 5.7, 6, zz);
            const c = pr(side * 4.6, 6.1, zz);
            p.add(
              stroke(
                `M${n(a[0])} ${n(a[1])}L${n(b[0])} ${n(b[1])} ${n(c[0])} ${n(c[1])}`,
                p.lit('#2e3238'),
                Math.max(1.5, (F * 0.14) / zz),
              ),
            );
            p.add(ellipse(c[0], c[1] + (F * 0.08) / zz, (F * 0.3) / zz, (F * 0.1) / zz, glow ? '#ffe6a8' : p.lit('#2e3238')));
            if (glow) p.add(circle(c[0], c[1] + (F * 0.3) / zz, (F * 2.2) / zz, glow));
          },
        });
      }
    }
  }
  const cars = p.int(1, 4);
  for (let i = 0; i < cars; i++) {
    const lane = p.chance(0.5) ? -2.4 : 2.4;
    const z = p.r(7, 60);
    const color = p.lit(p.pick(['#c8412f', '#2f6fb0', '#e8e8e8', '#2b2b2b', '#9aa3ab', '#e3a21a', '#3d8b5a']));
    things.push({ z, draw: () => drawCar(p, pr, lane, z, color, F) });
  }
  const people = p.int(2, 6);
  for (let i = 0; i < people; i++) {
    const side = p.chance(0.5) ? -1 : 1;
    const x = side * p.r(5.6, 7.8);
    const z = p.r(5, 40);
    const coat = p.lit(p.pick(['#3a3f4b', '#7a2f2f', '#2f5a7a', '#c9a24a', '#4b6b3a', '#5a4a6a']));
    things.push({
      z,
      draw: () => {
        const s = F / z;
        const [fx, fy] = pr(x, 0, z);
        const legs = p.lit('#25272c');
        p.add(path(rectD(fx - 0.17 * s, fy - 0.9 * s, 0.14 * s, 0.9 * s) + rectD(fx + 0.03 * s, fy - 0.9 * s, 0.14 * s, 0.9 * s), legs));
        p.add(rrect(fx - 0.24 * s, fy - 1.5 * s, 0.48 * s, 0.72 * s, 0.1 * s, coat));
        p.add(circle(fx, fy - 1.62 * s, 0.12 * s, p.lit(p.pick(['#e0b594', '#a7714c', '#6b4530', '#f1d3bc']))));
      },
    });
  }
  things.sort((a, b) => b.z - a.z);
  for (const t of things) t.draw();
}

function drawCar(p: Painter, pr: (x: number, y: number, z: number) => Pt, cx: number, z: number, color: string, F: number): void {
  const q = (pts: Pt[]): string => polyD(pts);
  const near = z;
  const far = z + 4.3;
  const sideX = cx > 0 ? cx - 0.9 : cx + 0.9;
  p.add(path(q([pr(sideX, 0.3, near), pr(sideX, 0.95, near), pr(sideX, 0.95, far), pr(sideX, 0.3, far)]), shade(color, 0.25)));
  p.add(path(q([pr(cx - 0.9, 0.95, near), pr(cx + 0.9, 0.95, near), pr(cx + 0.9, 0.95, far), pr(cx - 0.9, 0.95, far)]), tint(color, 0.12)));
  p.add(
    path(
      q([pr(cx - 0.8, 0.95, near + 0.6), pr(cx + 0.8, 0.95, near + 0.6), pr(cx + 0.7, 1.45, near + 1.1), pr(cx - 0.7, 1.45, near + 1.1)]),
      p.lit('#28323c'),
    ),
  );
  p.add(
    path(
      q([pr(cx - 0.7, 1.45, near + 1.1), pr(cx + 0.7, 1.45, near + 1.1), pr(cx + 0.7, 1.45, near + 3), pr(cx - 0.7, 1.45, near + 3)]),
      tint(color, 0.05),
    ),
  );
  const [lx, ty] = pr(cx - 0.9, 0.95, near);
  const [rx, by] = pr(cx + 0.9, 0.3, near);
  p.add(rrect(lx, ty, rx - lx, by - ty, (F * 0.08) / z, color));
  const s = F / z;
  const wheel = p.lit('#1b1b1e');
  const [wx, wy] = pr(cx, 0, near);
  p.add(path(rectD(wx - 0.85 * s, wy - 0.32 * s, 0.3 * s, 0.32 * s) + rectD(wx + 0.55 * s, wy - 0.32 * s, 0.3 * s, 0.32 * s), wheel));
  const lights = cx > 0 ? '#e2261c' : '#fff2c0';
  const ly = ty + 0.12 * s;
  p.add(path(rectD(lx + 0.06 * s, ly, 0.3 * s, 0.12 * s) + rectD(rx - 0.36 * s, ly, 0.3 * s, 0.12 * s), lights));
  if (p.night || p.time === 'dusk')
    p.add(
      dots(
        [
          [lx + 0.2 * s, ly + 0.06 * s],
          [rx - 0.2 * s, ly + 0.06 * s],
        ],
        lights,
        0.6 * s,
        ' opacity=".35"',
      ),
    );
  p.add(rect(lx + 0.6 * s, by - 0.28 * s, 0.6 * s, 0.12 * s, p.lit('#d8d8d8')));
}

function councilChamber(p: Painter): void {
  const wallHue = p.pick([40, 95, 150, 210, 350]);
  const wall = hsl(wallHue, p.r(15, 35), p.r(62, 78));
  const wood = p.pick(['#7a4a2a', '#8c5a33', '#5e3b22', '#9a6b3e']);
  const leather = p.pick(['#1f5a3a', '#7a1f2a', '#1f3f6a', '#5a2a4a']);
  const carpet = p.pick(['#6a2030', '#2a4060', '#355a3a', '#5a3a5a']);
  p.add(rect(0, 0, W, 640, wall));
  p.add(rect(0, 0, W, 70, shade(wall, 0.25)), rect(0, 66, W, 10, tint(wall, 0.3)));
  // arched windows
  const winXs = [140, 380, 1120, 1360].map((x) => x + p.r(-20, 20));
  let frames = '';
  let panes = '';
  let mullions = '';
  for (const x of winXs) {
    const w = 130;
    const top = 150;
    const bottom = 470;
    const r = w / 2;
    frames += `M${n(x - 10)} ${n(bottom + 10)}V${n(top + r)}a${n(r + 10)} ${n(r + 10)} 0 0 1 ${n(w + 20)} 0V${n(bottom + 10)}Z`;
    panes += `M${n(x)} ${n(bottom)}V${n(top + r)}a${n(r)} ${n(r)} 0 0 1 ${n(w)} 0V${n(bottom)}Z`;
    mullions += `M${n(x + w / 2)} ${n(top)}V${n(bottom)}M${n(x)} ${n(top + r + 40)}h${n(w)}M${n(x)} ${n(top + r + 140)}h${n(w)}`;
  }
  p.add(path(frames, shade(wall, 0.2)));
  p.add(
    path(
      panes,
      p.linear([
        [0, '#cfe4f5'],
        [1, '#f4f1e6'],
      ]),
    ),
  );
  p.add(stroke(mullions, shade(wall, 0.2), 6));
  // wainscot
  p.add(rect(0, 440, W, 200, wood));
  let panels = '';
  for (let x = 20; x < W; x += 110) panels += rectD(x, 465, 86, 150);
  p.add(path(panels, shade(wood, 0.15)), rect(0, 436, W, 8, tint(wood, 0.2)));
  // emblem
  const ex = 800;
  const ey = 250;
  const gold = p.pick(['#c9a23a', '#b8902e', '#d4b050']);
  p.add(circle(ex, ey, 96, shade(gold, 0.2)), circle(ex, ey, 84, gold), circle(ex, ey, 62, shade(gold, 0.15)));
  const star: Pt[] = [];
  const points = p.pick([5, 6, 8]);
  for (let i = 0; i < points * 2; i++) {
    const a = (Math.PI * i) / points - Math.PI / 2;
    const r = i % 2 === 0 ? 52 : 22;
    star.push([ex + Math.cos(a) * r, ey + Math.sin(a) * r]);
  }
  p.add(path(polyD(star), tint(gold, 0.35)));
  let laurel = '';
  for (let i = 0; i < 9; i++) {
    const a = Math.PI * (0.65 + i * 0.09);
    for (const sgn of [-1, 1]) laurel += ellipseD(ex + sgn * Math.cos(a) * 112, ey - Math.sin(a) * 112 * -1, 9, 5);
  }
  p.add(path(laurel, shade(gold, 0.1)));
  // flags
  const flagColors = [p.pick(VIVID), '#f2f2f2', p.pick(VIVID)];
  for (const fx of [560, 1040]) {
    p.add(stroke(`M${fx} 580V170`, '#b89a50', 6), circle(fx, 166, 8, '#c9a23a'));
    const dir = fx < ex ? -1 : 1;
    const fx0 = fx + (dir < 0 ? -4 : 4);
    flagColors.forEach((c, i) => {
      p.add(path(`M${n(fx0)} ${n(180 + i * 40)}q${n(dir * 40)} 10 ${n(dir * 70)} ${n(-4)}v40q${n(-dir * 30)} 14 ${n(-dir * 70)} 4Z`, c));
    });
  }
  // floor
  p.add(
    rect(
      0,
      640,
      W,
      H - 640,
      p.linear([
        [0, shade(carpet, 0.2)],
        [1, carpet],
      ]),
    ),
  );
  // dais with high-backed chairs and a long desk
  const chairs = p.int(3, 5);
  for (let i = 0; i < chairs; i++) {
    const cx = ex + (i - (chairs - 1) / 2) * 120;
    const big = i === Math.floor(chairs / 2);
    const ch = big ? 190 : 150;
    p.add(
      path(`M${n(cx - 38)} 560V${n(560 - ch + 30)}q38 -40 76 0V560Z`, leather),
      stroke(`M${n(cx - 38)} 560V${n(560 - ch + 30)}q38 -40 76 0V560`, gold, 3),
    );
  }
  p.add(rect(430, 540, 740, 24, tint(wood, 0.15)), rect(440, 562, 720, 86, wood), rect(380, 645, 840, 22, shade(wood, 0.3)));
  let deskPanels = '';
  for (let x = 455; x < 1140; x += 100) deskPanels += rectD(x, 574, 80, 62);
  p.add(path(deskPanels, shade(wood, 0.18)));
  // chandeliers
  for (const lx of [300, 800, 1300]) {
    const ly = lx === 800 ? 110 : p.r(120, 150);
    if (lx === 800) continue;
    p.add(stroke(`M${lx} 76V${n(ly)}`, '#5a4a30', 3));
    p.add(
      circle(
        lx,
        ly + 20,
        70,
        p.radial([
          [0, '#fff1c0', 0.6],
          [1, '#fff1c0', 0],
        ]),
      ),
    );
    p.add(path(`M${lx - 34} ${n(ly + 10)}h68l-14 22h-40Z`, gold));
  }
  // curved rows of members' desks facing the dais
  const cx = 800;
  const cy = 600;
  const rows = p.int(3, 4);
  const people = p.r(0.3, 0.8);
  for (let row = 0; row < rows; row++) {
    const r = 250 + row * 150;
    const ry = r * 0.5;
    const a0 = 0.2;
    const a1 = Math.PI - 0.2;
    const ptAt = (a: number, rr: number, rry: number): Pt => [cx + Math.cos(a) * rr, cy + Math.sin(a) * rry];
    const [sx, sy] = ptAt(a0, r, ry);
    const [ex2, ey2] = ptAt(a1, r, ry);
    const s = 0.8 + row * 0.25;
    p.add(stroke(`M${n(sx)} ${n(sy)}A${n(r)} ${n(ry)} 0 0 1 ${n(ex2)} ${n(ey2)}`, wood, 30 * s));
    p.add(stroke(`M${n(sx)} ${n(sy - 12 * s)}A${n(r)} ${n(ry)} 0 0 1 ${n(ex2)} ${n(ey2 - 12 * s)}`, tint(wood, 0.25), 6 * s));
    const seats = 7 + row * 3;
    let backs = '';
    let heads = '';
    let shoulders = '';
    const chairR = r + 40 * s;
    for (let k = 0; k < seats; k++) {
      const a = lerp(a0 + 0.08, a1 - 0.08, (k + 0.5) / seats);
      const [x, y] = ptAt(a, chairR, chairR * 0.5);
      if (p.chance(people)) {
        shoulders += `M${n(x - 24 * s)} ${n(y + 4 * s)}q0 ${n(-26 * s)} ${n(24 * s)} ${n(-26 * s)}q${n(24 * s)} 0 ${n(24 * s)} ${n(26 * s)}Z`;
        heads += circleD(x, y - 34 * s, 12 * s);
      }
      backs += `M${n(x - 20 * s)} ${n(y + 30 * s)}V${n(y - 10 * s)}q${n(20 * s)} ${n(-14 * s)} ${n(40 * s)} 0V${n(y + 30 * s)}Z`;
    }
    if (shoulders)
      p.add(path(shoulders, p.pick(['#2a2f3a', '#3a2f2a', '#1f2a3a'])), path(heads, p.pick(['#3a2a20', '#1c1a18', '#6a5040', '#8a8580'])));
    p.add(path(backs, leather));
  }
}

function chart(p: Painter): void {
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

function field(p: Painter): void {
  p.chooseTime({ day: 6, dawn: 2, dusk: 2, night: 0 });
  const hz = p.r(440, 520);
  drawSky(p, hz);
  drawClouds(p, p.int(2, 6), 60, hz - 140);
  if (p.chance(0.5)) p.add(gullsMarkup(p, p.int(2, 5), 80, hz - 120));
  const far = hills(p, hz, p.r(40, 90));
  p.add(fillBelow(far, p.haze(p.tone(120, 25, 40), 0.55)));
  const mid = hills(p, hz + p.r(30, 60), p.r(40, 80));
  p.add(fillBelow(mid, p.haze(p.tone(p.r(80, 110), 40, 42), 0.25)));
  // patchwork strips on the middle hills
  let patch = '';
  for (let x = p.r(-100, 0); x < W; x += p.r(150, 300)) {
    const w = p.r(100, 220);
    const y = yAt(mid, x + w / 2);
    patch += `M${n(x)} ${n(yAt(mid, x) + 8)}L${n(x + w)} ${n(yAt(mid, x + w) + 8)} ${n(x + w + 30)} ${n(y + 60)} ${n(x + 20)} ${n(y + 60)}Z`;
  }
  p.add(path(patch, p.tone(p.r(50, 70), 55, 55), ' opacity=".55"'));
  // hedgerow along the ridge
  const hedge: Pt[] = [];
  for (let x = 0; x < W; x += p.r(14, 40)) hedge.push([x, yAt(mid, x) + 4]);
  p.add(dots(hedge, p.tone(110, 35, 22), 16));
  // barn
  if (p.chance(0.7)) {
    const bx = p.r(150, W - 300);
    const by = yAt(mid, bx) + 40;
    const red = p.lit(p.pick(['#9c2f25', '#7a3020', '#5d6a70']));
    p.add(
      rect(bx, by - 50, 90, 52, red),
      path(`M${n(bx - 6)} ${n(by - 48)}L${n(bx + 20)} ${n(by - 82)}H${n(bx + 70)}L${n(bx + 96)} ${n(by - 48)}Z`, shade(red, 0.35)),
    );
    p.add(
      rect(bx + 32, by - 32, 26, 34, shade(red, 0.45)),
      rect(bx + 100, by - 90, 22, 92, p.lit('#c9c6bd')),
      ellipse(bx + 111, by - 90, 11, 7, p.lit('#8a8a8a')),
    );
  }
  // foreground field with rows running to the horizon
  const top = hz + p.r(80, 120);
  const vx = p.r(400, 1200);
  const kind = p.pick(['wheat', 'rows', 'lavender'] as const);
  const ground = kind === 'wheat' ? p.tone(42, 70, 58) : kind === 'rows' ? p.tone(28, 35, 32) : p.tone(95, 35, 35);
  const crop = kind === 'wheat' ? p.tone(38, 75, 50) : kind === 'rows' ? p.tone(105, 50, 38) : p.tone(270, 40, 55);
  const edge = hills(p, top, 20, 80);
  p.add(fillBelow(edge, ground));
  let rows = '';
  const count = 26;
  for (let i = -count; i < count; i += 2) {
    const xt = (k: number): number => vx + k * 26;
    const xb = (k: number): number => vx + k * 190;
    rows += `M${n(xt(i))} ${n(top)}L${n(xt(i + 1))} ${n(top)} ${n(xb(i + 1))} ${H} ${n(xb(i))} ${H}Z`;
  }
  const clipId = p.uid('k');
  p.def(`<clipPath id="${clipId}">${path(`${polyD(edge, false)} ${W + 20} ${H + 10} -20 ${H + 10}Z`, '#000')}</clipPath>`);
  p.add(`<g clip-path="url(#${clipId})">${path(rows, crop, kind === 'wheat' ? ' opacity=".5"' : '')}</g>`);
  if (kind === 'wheat' && p.chance(0.7)) {
    for (let i = 0; i < p.int(3, 6); i++) {
      const t = p.r(0.1, 0.8);
      const y = lerp(top + 10, H - 60, t);
      const x = p.r(100, W - 100);
      const r = 14 + 60 * t;
      const hay = p.tone(40, 60, 62);
      p.add(
        rect(x - r * 1.2, y - r, r * 1.2, r * 2, shade(hay, 0.15)),
        circle(x, y, r, hay),
        stroke(`${circleD(x, y, r * 0.6)}${circleD(x, y, r * 0.3)}`, shade(hay, 0.2), 2),
      );
    }
  }
  // a big tree at one side and a fence
  const treeX = p.chance(0.5) ? p.r(80, 350) : p.r(W - 350, W - 80);
  p.add(roundTreeMarkup(p, treeX, top + p.r(40, 120), p.r(2.2, 3), p.tone(p.r(90, 125), 40, 32)));
  if (p.chance(0.6)) {
    let posts = '';
    let railsD = '';
    const y0 = p.r(760, 820);
    for (let x = -20; x < W + 40; x += 110) posts += rectD(x, y0 - 80, 12, 110);
    railsD += `M-20 ${n(y0 - 62)}H${W + 20}M-20 ${n(y0 - 28)}H${W + 20}`;
    const woodC = p.lit('#6b4e35');
    p.add(stroke(railsD, woodC, 8), path(posts, shade(woodC, 0.15)));
  }
}

function stadium(p: Painter): void {
  p.chooseTime({ day: 4, dawn: 0, dusk: 2, night: 4 });
  const F = 1940;
  const camH = 18;
  const camZ = -40;
  const vx = 800;
  const vy = 127;
  const pr = (x: number, z: number, y = 0): Pt => [vx + (F * x) / (z - camZ), vy + (F * (camH - y)) / (z - camZ)];
  drawSky(p, 200, false);
  // under floodlights the bowl stays bright whatever the sky is doing
  const floodlit = p.time !== 'day';
  p.time = 'day';
  // stands: crowd patterns
  const team1 = p.pick(VIVID);
  const team2 = p.pick(VIVID.filter((c) => c !== team1));
  const crowdColors = [team1, team1, team2, '#e8e2d6', '#2b2f38', '#3a5a8a', '#8a3a3a', '#d8b070', '#556b4a', '#f2f2f2'];
  const crowdPattern = (w: number, h: number, size: number, bg: string): string => {
    const id = p.uid('pt');
    let dd = '';
    const per = Math.floor(w / (size * 1.7));
    for (let row = 0; row < 2; row++) {
      for (let i = 0; i < per; i++) {
        const x = (i + 0.5 + (row % 2) * 0.5 + p.r(-0.15, 0.15)) * (w / per);
        dd += dots([[x % w, (row + 0.5) * (h / 2) + p.r(-1, 1)]], p.lit(p.pick(crowdColors)), size);
      }
    }
    p.def(`<pattern id="${id}" width="${n(w)}" height="${n(h)}" patternUnits="userSpaceOnUse">${rect(0, 0, w, h, bg)}${dd}</pattern>`);
    return `url(#${id})`;
  };
  const standBg = p.lit('#30343c');
  const boardTop = pr(0, 75, 1)[1];
  const roofY = p.r(125, 150);
  p.add(rect(0, roofY, W, boardTop - roofY + 2, standBg));
  const concourse = lerp(roofY, boardTop, 0.42);
  p.add(rect(0, roofY + 30, W, concourse - roofY - 30, crowdPattern(p.r(110, 140), 20, 8, standBg)));
  p.add(
    rect(0, concourse, W, 24, p.lit('#1f2228')),
    rect(0, concourse + 24, W, boardTop - concourse - 24, crowdPattern(p.r(130, 170), 26, 11, standBg)),
  );
  let banners = '';
  for (let i = 0; i < p.int(1, 3); i++) banners += rectD(p.r(0, W - 200), p.r(concourse + 30, boardTop - 60), p.r(120, 260), p.r(30, 50));
  p.add(path(banners, p.lit(team1), ' opacity=".75"'));
  // roof with trusses
  p.add(rect(0, roofY - 4, W, 36, p.lit('#c9ccd1')), rect(0, roofY + 28, W, 6, p.lit('#50545c')));
  let truss = '';
  for (let x = 0; x < W; x += 40) truss += `M${x} ${n(roofY - 4)}l20 32l20 -32`;
  p.add(stroke(truss, p.lit('#9aa0a8'), 3));
  // floodlights on the roof
  const lightColor = floodlit ? '#fffbe8' : '#dfe3e8';
  for (const lx of [p.r(120, 360), p.r(1240, 1480)]) {
    p.add(stroke(`M${n(lx)} ${n(roofY)}V${n(roofY - 70)}`, p.lit('#6a6e76'), 8));
    p.add(rect(lx - 60, roofY - 110, 120, 48, p.lit('#3a3e46')));
    const lamps: Pt[] = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 7; c++) lamps.push([lx - 48 + c * 16, roofY - 98 + r * 13]);
    p.add(dots(lamps, lightColor, 10));
    if (floodlit)
      p.add(
        circle(
          lx,
          roofY - 86,
          200,
          p.radial([
            [0, '#fffbe8', 0.55],
            [1, '#fffbe8', 0],
          ]),
        ),
      );
  }
  // advertising boards
  let bx = -20;
  while (bx < W) {
    const w = p.r(140, 260);
    p.add(rect(bx, boardTop, w, pr(0, 72)[1] - boardTop + 6, p.lit(p.pick([...VIVID, '#1b1b1b', '#f2f2f2']))));
    p.add(rect(bx + w * 0.2, boardTop + 7, w * 0.6, 8, '#ffffff', ' opacity=".55"'));
    bx += w;
  }
  // pitch with mowing stripes
  const g1 = p.tone(p.r(100, 120), 50, 38);
  const g2 = p.tone(p.r(100, 120), 48, 44);
  p.add(path(polyD([pr(-80, 72), pr(80, 72), pr(80, -12), pr(-80, -12)]), g1));
  let stripes = '';
  for (let x = -52.5; x < 52.5; x += 10.5) stripes += polyD([pr(x, 72), pr(x + 5.25, 72), pr(x + 5.25, -12), pr(x, -12)]);
  p.add(path(stripes, g2));
  const line = (pts: Pt[], close = false): string => polyD(pts, close);
  const ground = (x: number, z: number): Pt => pr(x, z);
  let marks = line([ground(-52.5, 0), ground(52.5, 0), ground(52.5, 68), ground(-52.5, 68)], true);
  marks += line([ground(0, 0), ground(0, 68)]);
  const circ = (cx: number, cz: number, r: number, a0: number, a1: number): Pt[] => {
    const out: Pt[] = [];
    for (let i = 0; i <= 32; i++) {
      const a = lerp(a0, a1, i / 32);
      out.push(ground(cx + Math.cos(a) * r, cz + Math.sin(a) * r));
    }
    return out;
  };
  marks += line(circ(0, 34, 9.15, 0, Math.PI * 2), true);
  for (const s of [-1, 1]) {
    const gx = s * 52.5;
    marks += line([ground(gx, 34 - 20.16), ground(gx - s * 16.5, 34 - 20.16), ground(gx - s * 16.5, 34 + 20.16), ground(gx, 34 + 20.16)]);
    marks += line([ground(gx, 34 - 9.16), ground(gx - s * 5.5, 34 - 9.16), ground(gx - s * 5.5, 34 + 9.16), ground(gx, 34 + 9.16)]);
    const a = Math.acos(5.5 / 9.15);
    marks += line(s < 0 ? circ(gx - s * 11, 34, 9.15, -a, a) : circ(gx - s * 11, 34, 9.15, Math.PI - a, Math.PI + a));
  }
  p.add(stroke(marks, '#f4f4f0', 4, ' stroke-linejoin="round" opacity=".92"'));
  const spots: Pt[] = [ground(0, 34), ground(-41.5, 34), ground(41.5, 34)];
  p.add(dots(spots, '#f4f4f0', 8));
  // players and ball
  const kit1 = p.lit(team1);
  const kit2 = p.lit(team2);
  const players: { x: number; z: number; kit: string }[] = [];
  const count = p.int(8, 16);
  for (let i = 0; i < count; i++) players.push({ x: p.r(-45, 45), z: p.r(6, 64), kit: i % 2 === 0 ? kit1 : kit2 });
  players.sort((a, b) => b.z - a.z);
  const ball = { x: p.r(-30, 30), z: p.r(15, 55) };
  for (const pl of players) {
    const s = (1.5 * F) / (pl.z - camZ);
    const [fx, fy] = ground(pl.x, pl.z);
    p.add(ellipse(fx + 0.3 * s, fy, 0.45 * s, 0.12 * s, '#000000', ' opacity=".25"'));
    p.add(
      path(rectD(fx - 0.2 * s, fy - 0.9 * s, 0.14 * s, 0.9 * s) + rectD(fx + 0.06 * s, fy - 0.9 * s, 0.14 * s, 0.9 * s), p.lit('#e8e4da')),
    );
    p.add(
      rect(fx - 0.24 * s, fy - 1.05 * s, 0.48 * s, 0.3 * s, shade(pl.kit, 0.5)),
      rrect(fx - 0.27 * s, fy - 1.55 * s, 0.54 * s, 0.55 * s, 0.1 * s, pl.kit),
    );
    p.add(circle(fx, fy - 1.68 * s, 0.13 * s, p.lit(p.pick(['#e0b594', '#a7714c', '#6b4530', '#f1d3bc']))));
  }
  const [bxp, byp] = ground(ball.x, ball.z);
  const bs = (1.5 * F) / (ball.z - camZ);
  p.add(circle(bxp, byp - 0.15 * bs, 0.15 * bs, '#ffffff'));
}

function forest(p: Painter): void {
  p.chooseTime({ day: 4, dawn: 3, dusk: 2, night: 0 });
  const hz = p.r(380, 460);
  const sun = drawSky(p, hz + 100);
  drawClouds(p, p.int(0, 3), 50, 220);
  const autumn = p.chance(0.3);
  const deep = p.lit(autumn ? '#2e2a1c' : '#14301f');
  const leafColors = ['#c8602a', '#d9a030', '#a83a22', '#9a8a2a'].map((c) => p.lit(c));
  const layers = 5;
  for (let li = 0; li < layers; li++) {
    const t = (li + 1) / layers;
    const color = mix(p.skyBottom, deep, 0.25 + 0.75 * t);
    const base = hz + li * p.r(55, 80);
    const ground = hills(p, base, 30 + li * 10);
    let d = '';
    // autumn canopies, one path per leaf colour
    const canopies = leafColors.map(() => '');
    const h0 = 90 + li * 70;
    for (let x = p.r(-40, 0); x < W + 40; x += p.r(0.3, 0.6) * h0 + (layers - li) * 6) {
      const h = h0 * p.r(0.7, 1.3);
      const y = yAt(ground, x) + 6;
      if (autumn && li >= 1 && p.chance(0.6)) {
        d += rectD(x - h * 0.025, y - h * 0.55, h * 0.05, h * 0.55);
        const k = p.int(0, leafColors.length - 1);
        let crown = '';
        for (let j = 0; j < 3; j++) crown += circleD(x + p.r(-0.14, 0.14) * h, y - h * p.r(0.58, 0.8), h * p.r(0.16, 0.24));
        canopies[k] = `${canopies[k] ?? ''}${crown}`;
      } else d += pineD(x, y, h, h * 0.42, li < 2 ? 3 : 4, li >= 2);
    }
    d += `${polyD(ground, false)} ${W + 20} ${H + 10} -20 ${H + 10}Z`;
    canopies.forEach((c, k) => {
      if (c) p.add(path(c, mix(p.skyBottom, at(leafColors, k), 0.35 + 0.65 * t)));
    });
    p.add(path(d, color));
    if (li < layers - 1)
      p.add(
        rect(
          0,
          base - 200,
          W,
          H - base + 200,
          p.linear([
            [0, p.skyBottom, 0],
            [1, p.skyBottom, 0.35],
          ]),
        ),
      );
    if (li === 1 && sun && p.time !== 'night') {
      let rays = '';
      for (let i = 0; i < p.int(3, 6); i++) {
        const x = p.r(0, W);
        const w = p.r(20, 70);
        rays += `M${n(sun.x)} ${n(sun.y)}L${n(x)} ${H}h${n(w)}Z`;
      }
      p.add(path(rays, '#fff6da', ' opacity=".1"'));
    }
  }
  // two big trunks framing the view
  const trunk = shade(deep, 0.3);
  const side = p.chance(0.5) ? 1 : -1;
  const tx = side > 0 ? p.r(60, 220) : p.r(W - 220, W - 60);
  p.add(path(`M${n(tx - 34)} ${H}L${n(tx - 20)} -10H${n(tx + 20)}L${n(tx + 34)} ${H}Z`, trunk));
  p.add(path(pineD(tx + p.r(-40, 40), p.r(300, 420), 520, 360), trunk));
  if (p.chance(0.5)) {
    let fern = '';
    for (let i = 0; i < 6; i++) {
      const x = p.r(0, W);
      const y = H + 10;
      const l = p.r(90, 160);
      fern += `M${n(x)} ${n(y)}q${n(-l * 0.6)} ${n(-l * 0.9)} ${n(-l * 1.1)} ${n(-l * 0.5)}q${n(l * 0.6)} ${n(-l * 0.1)} ${n(l * 1.1)} ${n(l * 0.5)}Z`;
      fern += `M${n(x)} ${n(y)}q${n(l * 0.6)} ${n(-l * 0.9)} ${n(l * 1.1)} ${n(-l * 0.5)}q${n(-l * 0.6)} ${n(-l * 0.1)} ${n(-l * 1.1)} ${n(l * 0.5)}Z`;
    }
    p.add(path(fern, shade(deep, 0.1)));
  }
}

function river(p: Painter): void {
  p.chooseTime({ day: 6, dawn: 2, dusk: 2, night: 0 });
  const hz = p.r(380, 440);
  drawSky(p, hz);
  drawClouds(p, p.int(1, 5), 60, hz - 160);
  const peaks = mountains(p, hz, p.r(140, 230));
  const rock = p.haze(p.tone(220, 15, 45), 0.45);
  p.add(fillBelow(peaks, rock));
  if (p.chance(0.6)) {
    const clipId = p.uid('k');
    p.def(`<clipPath id="${clipId}">${path(`${polyD(peaks, false)} ${W + 20} ${H} -20 ${H}Z`, '#000')}</clipPath>`);
    const snowLine = Math.min(...peaks.map(([, y]) => y)) + p.r(40, 70);
    const snow: Pt[] = [];
    for (let x = -20; x <= W + 40; x += 40) snow.push([x, snowLine + p.r(-18, 18)]);
    p.add(
      `<g clip-path="url(#${clipId})">${path(`M-20 0H${W + 20}L${polyD(snow.slice().reverse(), false).slice(1)}Z`, p.haze(p.lit('#f4f6fa'), 0.2))}</g>`,
    );
  }
  const mid = hills(p, hz + 30, p.r(50, 110));
  p.add(fillBelow(mid, p.haze(p.tone(120, 30, 36), 0.3)));
  const valley = hz + p.r(40, 70);
  p.add(
    rect(
      0,
      valley,
      W,
      H - valley,
      p.linear([
        [0, p.tone(100, 40, 45)],
        [1, p.tone(95, 45, 30)],
      ]),
    ),
  );
  // the river winds from the horizon to the foreground
  const vx = p.r(600, 1000);
  const amp = p.r(200, 420);
  const phase = p.r(0, Math.PI * 2);
  const turns = p.r(1.2, 2.2);
  const leftBank: Pt[] = [];
  const rightBank: Pt[] = [];
  const centre = (t: number): Pt => [vx + amp * t * Math.sin(t * Math.PI * turns + phase), lerp(valley, H + 30, t ** 1.5)];
  for (let i = 0; i <= 40; i++) {
    const t = i / 40;
    const [x, y] = centre(t);
    const w = 6 + 760 * t * t;
    leftBank.push([x - w / 2, y]);
    rightBank.push([x + w / 2, y]);
  }
  const riverD = polyD([...leftBank, ...rightBank.slice().reverse()]);
  const bankD = polyD([
    ...leftBank.map(([x, y]): Pt => [x - 6 - (y - valley) * 0.05, y]),
    ...rightBank
      .slice()
      .reverse()
      .map(([x, y]): Pt => [x + 6 + (y - valley) * 0.05, y]),
  ]);
  p.add(path(bankD, p.tone(40, 30, 55)));
  p.add(
    path(
      riverD,
      p.linear([
        [0, tint(p.skyBottom, 0.1)],
        [0.4, p.tone(200, 45, 55)],
        [1, p.tone(210, 50, 32)],
      ]),
    ),
  );
  let ripples = '';
  for (let i = 0; i < 60; i++) {
    const t = p.r(0.05, 1);
    const [x, y] = centre(t);
    const w = (6 + 760 * t * t) * 0.8;
    const len = p.r(0.05, 0.2) * w;
    ripples += `M${n(x + p.r(-w / 2, w / 2 - len))} ${n(y + p.r(-4, 4))}h${n(len)}`;
  }
  p.add(stroke(ripples, '#ffffff', 2.5, ' opacity=".3" stroke-linecap="round"'));
  // trees along the banks, far to near
  const trees: { x: number; y: number; s: number; pine: boolean }[] = [];
  for (let i = 0; i < 26; i++) {
    const t = p.r(0.05, 0.85);
    const [x, y] = centre(t);
    const w = 6 + 760 * t * t;
    const side = p.chance(0.5) ? -1 : 1;
    const dx = side * (w / 2 + p.r(20, 300) * (0.2 + t));
    trees.push({ x: x + dx, y, s: 0.25 + t * 1.6, pine: p.chance(0.4) });
  }
  trees.sort((a, b) => a.y - b.y);
  const leaf = p.tone(p.r(95, 125), 40, 30);
  const pine = p.tone(150, 35, 20);
  for (const t of trees) {
    if (t.pine) p.add(path(pineD(t.x, t.y, 170 * t.s, 70 * t.s), pine));
    else p.add(roundTreeMarkup(p, t.x, t.y, t.s, leaf));
  }
  let rocks = '';
  for (let i = 0; i < p.int(3, 7); i++) {
    const [x, y] = centre(p.r(0.75, 1));
    const side = p.chance(0.5) ? -1 : 1;
    rocks += ellipseD(x + side * p.r(250, 420), Math.min(y, H - 20), p.r(30, 70), p.r(16, 32));
  }
  p.add(path(rocks, p.tone(30, 8, 45)));
}

function stage(p: Painter): void {
  const curtain = p.pick(['#8f1d24', '#6a1830', '#1f3570', '#2a5a3a', '#5a2a6a']);
  const back = p.pick(['#0c0d14', '#120a14', '#0a1018']);
  p.add(rect(0, 0, W, H, back));
  const wash = hsl(p.r(0, 360), 60, 45);
  p.add(
    ellipse(
      800,
      380,
      600,
      280,
      p.radial([
        [0, wash, 0.5],
        [1, wash, 0],
      ]),
    ),
  );
  // floor
  const floorY = 600;
  const front = 780;
  const wood = p.pick(['#5a3b22', '#3f2a1a', '#2a2a2e']);
  p.add(
    path(
      `M0 ${floorY}H${W}L${W + 100} ${front}H-100Z`,
      p.linear([
        [0, shade(wood, 0.4)],
        [1, wood],
      ]),
    ),
  );
  let planks = '';
  for (let i = -12; i <= 12; i++) planks += `M${n(800 + i * 70)} ${floorY}L${n(800 + i * 95)} ${front}`;
  p.add(stroke(planks, shade(wood, 0.5), 2, ' opacity=".6"'));
  p.add(rect(0, front, W, 40, shade(wood, 0.6)), rect(0, front + 40, W, H - front - 40, '#050507'));
  // beams of light
  const px = p.r(560, 1040);
  const beams = p.int(1, 3);
  for (let i = 0; i < beams; i++) {
    const sx = p.r(200, 1400);
    const c = i === 0 ? '#fff6dc' : hsl(p.r(0, 360), 80, 70);
    const tx = i === 0 ? px : p.r(300, 1300);
    const ty = i === 0 ? 690 : p.r(200, 500);
    const w = i === 0 ? 170 : 120;
    p.add(
      path(
        `M${n(sx - 14)} -10L${n(sx + 14)} -10L${n(tx + w)} ${n(ty)}L${n(tx - w)} ${n(ty)}Z`,
        p.linear([
          [0, c, 0.5],
          [1, c, 0.1],
        ]),
        i === 0 ? '' : ' opacity=".6"',
      ),
    );
  }
  p.add(
    ellipse(
      px,
      690,
      200,
      46,
      p.radial([
        [0, '#fff6dc', 0.9],
        [0.7, '#fff6dc', 0.4],
        [1, '#fff6dc', 0],
      ]),
    ),
  );
  // performer
  const who = p.pick(['singer', 'speaker', 'chair'] as const);
  const figure = '#15151c';
  if (who === 'chair') {
    p.add(
      stroke(`M${n(px - 30)} 690V510M${n(px + 30)} 690V620M${n(px - 30)} 530h12`, figure, 9),
      rect(px - 36, 612, 74, 12, figure),
      rect(px - 34, 560, 10, 10, figure),
    );
  } else {
    const head = 505;
    p.add(
      circle(px, head, 26, figure),
      path(`M${n(px - 44)} 690L${n(px - 40)} 560Q${n(px)} 530 ${n(px + 40)} 560L${n(px + 44)} 690Z`, figure),
    );
    if (who === 'singer') {
      p.add(stroke(`M${n(px + 70)} 690V540l-24 -20`, '#2a2a30', 5), ellipse(px + 42, 516, 9, 6, '#2a2a30'));
      p.add(stroke(`M${n(px + 36)} 575q26 -20 10 -50`, figure, 16, ' stroke-linecap="round"'));
    } else {
      p.add(path(`M${n(px - 70)} 560h140l-20 132h-100Z`, shade(wood, 0.2)), rect(px - 80, 552, 160, 14, wood));
    }
  }
  // curtains drawn back, with folds
  const folds = p.linear(
    [
      [0, shade(curtain, 0.45)],
      [0.5, tint(curtain, 0.12)],
      [1, shade(curtain, 0.45)],
    ],
    0,
    0,
    44,
    0,
    true,
    ' spreadMethod="reflect"',
  );
  const curtainD = `M-10 -10H${n(p.r(260, 320))}C270 200 150 340 175 470C195 540 300 640 330 790H-10Z`;
  p.add(path(curtainD, folds), path(curtainD, folds, ` transform="matrix(-1 0 0 1 ${W} 0)"`));
  const gold = '#c9a23a';
  p.add(circle(175, 470, 12, gold), circle(W - 175, 470, 12, gold));
  let valance = `M-10 -10H${W + 10}V110`;
  for (let x = W; x > -40; x -= 80) valance += `a40 26 0 0 1 -80 0`;
  valance += 'Z';
  p.add(path(valance, folds), stroke(valance, gold, 6, ' opacity=".8"'));
  // audience silhouettes
  for (const row of [0, 1]) {
    let heads = '';
    const y = row === 0 ? 850 : 905;
    const s = row === 0 ? 0.85 : 1.1;
    for (let x = p.r(-20, 30); x < W + 40; x += p.r(80, 115) * s) {
      const hx = x + p.r(-10, 10);
      heads += circleD(hx, y - 58 * s, 25 * s) + ellipseD(hx, y + 10 * s, 55 * s, 45 * s);
    }
    p.add(path(heads, row === 0 ? '#0d0d12' : '#050508'));
  }
}

function laboratory(p: Painter): void {
  const wall = p.pick(['#dfe9ee', '#e6efe9', '#eeeeea', '#dde3ef']);
  p.add(rect(0, 0, W, H, wall));
  const tileId = p.uid('pt');
  p.def(
    `<pattern id="${tileId}" width="60" height="40" patternUnits="userSpaceOnUse">${stroke('M0 0.5H60M0.5 0V40', shade(wall, 0.1), 2)}</pattern>`,
  );
  p.add(rect(0, 330, W, 290, `url(#${tileId})`));
  // ceiling lights
  p.add(rect(0, 0, W, 40, shade(wall, 0.08)));
  for (const x of [260, 800, 1340])
    p.add(
      rect(x - 150, 34, 300, 12, '#fbfbf4'),
      rect(
        x - 260,
        40,
        520,
        160,
        p.linear([
          [0, '#ffffff', 0.5],
          [1, '#ffffff', 0],
        ]),
      ),
    );
  // window with blinds
  const wx = p.r(1080, 1220);
  p.add(rect(wx, 90, 330, 220, '#b7d4e8'), rect(wx + 60, 200, 220, 110, '#8fb486', ' opacity=".6"'));
  let blinds = '';
  for (let y = 96; y < 90 + p.r(90, 200); y += 12) blinds += `M${n(wx)} ${y}h330`;
  p.add(stroke(blinds, '#f2f2ee', 8), stroke(rectD(wx, 90, 330, 220), '#c4c8cc', 10));
  // shelves with bottles
  const shelfY = [150, 280];
  const metal = '#9aa3ab';
  for (const sy of shelfY) {
    let bottles = '';
    let x = p.r(60, 100);
    const end = wx - 60;
    while (x < end) {
      const w = p.r(24, 44);
      const h = p.r(40, 80);
      const c = p.pick(['#7a4a1a', '#2f6fb0', '#e8e8e0', '#3d8b5a', '#9a9aa0', '#c8412f']);
      bottles += rrect(x, sy - h, w, h, 6, c, ' opacity=".85"') + rect(x + w * 0.3, sy - h - 10, w * 0.4, 12, shade(c, 0.35));
      if (p.chance(0.5)) bottles += rect(x + 3, sy - h * 0.6, w - 6, h * 0.3, '#f6f4ea');
      x += w + p.r(8, 40);
    }
    p.add(bottles, rect(40, sy, end - 40, 10, metal), rect(40, sy + 10, end - 40, 4, shade(metal, 0.3)));
  }
  // bench and cabinets
  const benchY = 620;
  const top = p.pick(['#22272e', '#2f3a3a', '#3a3530']);
  p.add(rect(0, benchY, W, 28, top), rect(0, benchY + 28, W, H - benchY - 28, p.pick(['#c9ccd0', '#b8c8d8', '#d8d0c0'])));
  let doors = '';
  let handles = '';
  for (let x = 20; x < W; x += 200) {
    doors += rectD(x, benchY + 50, 180, H - benchY - 40);
    handles += rectD(x + 150, benchY + 80, 10, 60);
  }
  p.add(stroke(doors, '#8a9096', 3), path(handles, '#6a7076'));
  // equipment on the bench, left to right
  const liquids = ['#3aa0d8', '#e25a4a', '#5ac85a', '#e8c030', '#9a5ad8', '#f08a30'];
  const glass = '#e8f4fa';
  const glassStroke = ' stroke="#7a9aaa" stroke-width="3"';
  let x = p.r(40, 120);
  const kinds = ['flask', 'beaker', 'rack', 'microscope', 'flask', 'burner', 'monitor'] as const;
  let previous = '';
  while (x < W - 160) {
    const kind = p.pick(kinds.filter((k) => k !== previous));
    previous = kind;
    const liquid = p.pick(liquids);
    if (kind === 'flask') {
      const h = p.r(140, 200);
      const w = h * 0.75;
      const neck = w * 0.22;
      const cx = x + w / 2;
      const bodyD = `M${n(cx - neck / 2)} ${n(benchY - h)}V${n(benchY - h * 0.6)}L${n(x)} ${n(benchY - 10)}Q${n(x)} ${benchY} ${n(x + 10)} ${benchY}H${n(x + w - 10)}Q${n(x + w)} ${benchY} ${n(x + w)} ${n(benchY - 10)}L${n(cx + neck / 2)} ${n(benchY - h * 0.6)}V${n(benchY - h)}Z`;
      const level = p.r(0.2, 0.32);
      const lw = lerp(neck, w, 1 - level / 0.6) / 2;
      p.add(
        path(
          `M${n(cx - lw)} ${n(benchY - h * level)}H${n(cx + lw)}L${n(x + w - 2)} ${n(benchY - 6)}H${n(x + 2)}Z`,
          liquid,
          ' opacity=".85"',
        ),
      );
      p.add(path(bodyD, glass, `${glassStroke} fill-opacity=".35"`), rect(cx - neck / 2 - 4, benchY - h - 6, neck + 8, 8, '#7a9aaa'));
      x += w + p.r(30, 70);
    } else if (kind === 'beaker') {
      const h = p.r(110, 160);
      const w = p.r(90, 120);
      const lv = p.r(0.3, 0.7);
      p.add(
        rect(x + 3, benchY - h * lv, w - 6, h * lv, liquid, ' opacity=".8"'),
        path(
          `M${n(x - 6)} ${n(benchY - h)}H${n(x + w)}V${benchY}H${n(x)}V${n(benchY - h + 8)}Z`,
          glass,
          `${glassStroke} fill-opacity=".35"`,
        ),
      );
      let grads = '';
      for (let k = 1; k < 5; k++) grads += `M${n(x + 10)} ${n(benchY - (h * k) / 5)}h${k % 2 ? 14 : 24}`;
      p.add(stroke(grads, '#5a7a8a', 2));
      x += w + p.r(30, 70);
    } else if (kind === 'rack') {
      const tubes = p.int(4, 7);
      const w = tubes * 34 + 20;
      p.add(
        rect(x, benchY - 70, w, 14, '#c9a26a'),
        rect(x, benchY - 12, w, 12, '#b08a50'),
        rect(x, benchY - 70, 10, 70, '#b08a50'),
        rect(x + w - 10, benchY - 70, 10, 70, '#b08a50'),
      );
      for (let k = 0; k < tubes; k++) {
        const tx = x + 14 + k * 34;
        const th = p.r(110, 140);
        const ty = benchY - 10 - th;
        const lv = p.r(0.3, 0.7);
        p.add(path(`M${n(tx + 2)} ${n(benchY - 10 - th * lv)}h16V${n(benchY - 20)}a8 8 0 0 1 -16 0Z`, p.pick(liquids), ' opacity=".85"'));
        p.add(path(`M${n(tx)} ${n(ty)}h20V${n(benchY - 20)}a10 10 0 0 1 -20 0Z`, glass, `${glassStroke} fill-opacity=".3"`));
      }
      p.add(rect(x, benchY - 70, w, 14, '#c9a26a', ' opacity=".9"'));
      x += w + p.r(30, 70);
    } else if (kind === 'microscope') {
      const body = p.pick(['#5a6470', '#3f5a7a', '#8a9098']);
      const dark = '#22262c';
      p.add(
        rrect(x, benchY - 24, 150, 24, 6, body),
        path(
          `M${n(x + 100)} ${benchY - 20}C${n(x + 150)} ${benchY - 120} ${n(x + 120)} ${benchY - 220} ${n(x + 60)} ${benchY - 240}L${n(x + 50)} ${benchY - 210}C${n(x + 95)} ${benchY - 190} ${n(x + 110)} ${benchY - 110} ${n(x + 70)} ${benchY - 20}Z`,
          body,
        ),
      );
      p.add(
        rect(x + 10, benchY - 110, 100, 12, dark),
        path(`M${n(x + 18)} ${benchY - 140}L${n(x + 60)} ${benchY - 280}L${n(x + 84)} ${benchY - 272}L${n(x + 44)} ${benchY - 132}Z`, dark),
        path(`M${n(x + 56)} ${benchY - 280}L${n(x + 66)} ${benchY - 318}L${n(x + 90)} ${benchY - 310}L${n(x + 80)} ${benchY - 272}Z`, body),
        circle(x + 120, benchY - 120, 14, dark),
      );
      x += 190 + p.r(20, 60);
    } else if (kind === 'burner') {
      p.add(
        rect(x + 60, benchY - 240, 10, 240, '#7a8088'),
        rect(x, benchY - 12, 140, 12, '#5a6068'),
        rect(x + 60, benchY - 170, 80, 8, '#7a8088'),
      );
      p.add(
        circle(x + 125, benchY - 200, 40, glass, `${glassStroke} fill-opacity=".35"`),
        path(`M${n(x + 91)} ${benchY - 200}a34 34 0 0 0 68 0Z`, liquid, ' opacity=".8"'),
        rect(x + 115, benchY - 262, 20, 30, glass, `${glassStroke} fill-opacity=".35"`),
      );
      p.add(
        rect(x + 112, benchY - 80, 26, 80, '#8a8f96'),
        path(`M${n(x + 125)} ${benchY - 150}q-16 30 0 64q16 -34 0 -64Z`, '#4a8af0', ' opacity=".85"'),
      );
      x += 200 + p.r(20, 60);
    } else {
      const mw = 260;
      p.add(
        rect(x + 115, benchY - 60, 30, 60, '#3a3e44'),
        rect(x + 70, benchY - 8, 120, 8, '#3a3e44'),
        rrect(x, benchY - 230, mw, 170, 8, '#24282e'),
      );
      p.add(rect(x + 12, benchY - 218, mw - 24, 146, '#0e2030'));
      const pts: Pt[] = [];
      let v = p.r(0.3, 0.7);
      for (let k = 0; k <= 20; k++) {
        v = clamp(v + p.r(-0.15, 0.15), 0.1, 0.9);
        pts.push([x + 20 + k * ((mw - 40) / 20), benchY - 80 - v * 120]);
      }
      p.add(stroke(polyD(pts, false), p.pick(['#4af0a0', '#f0d04a', '#4ac8f0']), 3));
      x += mw + p.r(30, 70);
    }
  }
}

function market(p: Painter): void {
  p.chooseTime({ day: 6, dawn: 1, dusk: 2, night: 0 });
  const hz = 330;
  drawSky(p, hz, true);
  // town houses behind the market
  let x = -20;
  while (x < W) {
    const w = p.r(120, 220);
    const h = p.r(180, 320);
    const c = p.tone(p.r(0, 60), p.r(20, 50), p.r(55, 78));
    const roof = h + p.r(20, 50);
    p.add(
      rect(x, hz + 60 - h, w, h + 300, c),
      path(`M${n(x - 4)} ${n(hz + 60 - h)}L${n(x + w / 2)} ${n(hz + 60 - roof)}L${n(x + w + 4)} ${n(hz + 60 - h)}Z`, p.lit('#6a4a3a')),
    );
    let wins = '';
    for (let fy = hz + 80 - h; fy < hz + 40; fy += 70) for (let wx = x + 20; wx < x + w - 40; wx += 50) wins += rectD(wx, fy, 26, 40);
    p.add(path(wins, p.lit('#3a4a5a')));
    x += w;
  }
  const groundY = 720;
  p.add(rect(0, groundY, W, H - groundY, p.lit('#9a948a')));
  let cobbles = '';
  for (let y = groundY + 20; y < H; y += 30) cobbles += `M0 ${y}H${W}`;
  p.add(stroke(cobbles, p.lit('#7f796f'), 2));
  // stalls
  const stalls = p.int(3, 4);
  const sw = W / stalls;
  for (let i = 0; i < stalls; i++) {
    const sx = i * sw + 20;
    const w = sw - 40;
    const c1 = p.lit(p.pick(VIVID));
    const c2 = p.lit('#f6f2e6');
    const awTop = p.r(300, 350);
    const awBottom = awTop + 90;
    const pole = p.lit('#5a4a3a');
    p.add(path(rectD(sx + 6, awTop, 10, groundY - awTop) + rectD(sx + w - 16, awTop, 10, groundY - awTop), pole));
    p.add(path(`M${n(sx - 10)} ${n(awBottom)}L${n(sx + 20)} ${n(awTop)}H${n(sx + w - 20)}L${n(sx + w + 10)} ${n(awBottom)}Z`, c2));
    let stripes = '';
    const k = 8;
    for (let j = 0; j < k; j += 2) {
      const a = j / k;
      const b = (j + 1) / k;
      stripes += polyD([
        [lerp(sx + 20, sx + w - 20, a), awTop],
        [lerp(sx + 20, sx + w - 20, b), awTop],
        [lerp(sx - 10, sx + w + 10, b), awBottom],
        [lerp(sx - 10, sx + w + 10, a), awBottom],
      ]);
    }
    let scallops = `M${n(sx - 10)} ${n(awBottom)}`;
    const sc = (w + 20) / k;
    for (let j = 0; j < k; j++) scallops += `a${n(sc / 2)} ${n(sc / 3)} 0 0 0 ${n(sc)} 0`;
    p.add(path(stripes, c1), path(`${scallops}Z`, c1));
    // table with cloth and produce in crates
    const tableY = 560;
    const cloth = p.lit(p.pick(['#2f5a3a', '#3a4a7a', '#7a3a3a', '#e8e2d0']));
    p.add(rect(sx, tableY, w, 14, p.lit('#7a5a3a')), rect(sx + 4, tableY + 14, w - 8, 120, cloth));
    const crates = p.int(3, 4);
    const cw = (w - 30) / crates;
    const goods = p.pick(['produce', 'flowers', 'bread'] as const);
    for (let c = 0; c < crates; c++) {
      const cx = sx + 15 + c * cw;
      const crate = p.lit('#a07a4a');
      p.add(
        path(`M${n(cx + 4)} ${tableY}L${n(cx)} ${tableY - 46}H${n(cx + cw - 4)}L${n(cx + cw - 8)} ${tableY}Z`, crate),
        stroke(`M${n(cx + 2)} ${tableY - 30}H${n(cx + cw - 6)}M${n(cx + 3)} ${tableY - 15}H${n(cx + cw - 7)}`, shade(crate, 0.3), 3),
      );
      const pile: Pt[] = [];
      const size = goods === 'bread' ? 22 : goods === 'flowers' ? 14 : p.r(16, 24);
      for (let r = 0; r < 3; r++) {
        const y = tableY - 50 - r * size * 0.75;
        const inset = r * size * 0.6;
        for (let px = cx + size / 2 + inset; px < cx + cw - size / 2 - inset; px += size * 0.95) pile.push([px, y]);
      }
      if (goods === 'flowers') {
        let stems = '';
        for (const [fx, fy] of pile) stems += `M${n(fx)} ${n(fy)}L${n(cx + cw / 2)} ${tableY - 40}`;
        p.add(stroke(stems, p.lit('#3d7a3a'), 2));
        for (const pal of [VIVID, ['#f2f2f2', '#f0c0d0']])
          p.add(
            dots(
              pile.filter(() => p.chance(0.5)),
              p.lit(p.pick(pal)),
              size,
            ),
          );
      } else if (goods === 'bread') {
        let loaves = '';
        for (const [fx, fy] of pile) loaves += ellipseD(fx, fy, size * 0.6, size * 0.36);
        p.add(path(loaves, p.lit('#c8903a'), ` stroke="${p.lit('#8a5a2a')}" stroke-width="1.5"`));
      } else {
        const fruit = p.lit(p.pick(['#e8702a', '#c8282a', '#7ab83a', '#e8c82a', '#6a2a7a', '#3a8a3a']));
        p.add(
          dots(pile, fruit, size),
          dots(
            pile.map(([a, b]): Pt => [a - size * 0.15, b - size * 0.15]),
            tint(fruit, 0.4),
            size * 0.3,
          ),
        );
      }
    }
  }
  // bunting across the top
  let string = 'M-10 300';
  let flags = '';
  const sag = 30;
  for (let i = 0; i < stalls; i++) {
    const ax = i * sw;
    string += `Q${n(ax + sw / 2)} ${300 + sag * 2} ${n(ax + sw)} 300`;
    for (let f = 1; f < 8; f++) {
      const t = f / 8;
      const fx = ax + sw * t;
      const fy = 300 + 2 * sag * 2 * t * (1 - t);
      flags += path(`M${n(fx - 12)} ${n(fy)}h24l-12 30Z`, p.lit(p.pick(VIVID)));
    }
  }
  p.add(stroke(string, p.lit('#3a3a3a'), 2), flags);
  // shoppers
  const people = p.int(3, 6);
  const order = Array.from({ length: people }, () => ({ x: p.r(40, W - 40), s: p.r(0.8, 1.25) })).sort((a, b) => a.s - b.s);
  for (const person of order) {
    const s = person.s;
    const fy = groundY + 40 + (s - 0.8) * 300;
    const coat = p.lit(p.pick(['#3a3f4b', '#7a2f2f', '#2f5a7a', '#c9a24a', '#4b6b3a', '#5a4a6a', '#d86a3a']));
    const skin = p.lit(p.pick(['#e0b594', '#a7714c', '#6b4530', '#f1d3bc']));
    const hair = p.lit(p.pick(['#2a1a10', '#5a3a20', '#9a7a50', '#1a1a1a', '#b0b0b0']));
    const fx = person.x;
    p.add(path(rectD(fx - 22 * s, fy - 110 * s, 18 * s, 110 * s) + rectD(fx + 4 * s, fy - 110 * s, 18 * s, 110 * s), p.lit('#2a2c34')));
    p.add(rrect(fx - 34 * s, fy - 250 * s, 68 * s, 150 * s, 22 * s, coat));
    p.add(
      circle(fx, fy - 278 * s, 28 * s, skin),
      path(
        `M${n(fx - 29 * s)} ${n(fy - 276 * s)}a${n(29 * s)} ${n(29 * s)} 0 0 1 ${n(58 * s)} 0q${n(-29 * s)} ${n(-14 * s)} ${n(-58 * s)} 0Z`,
        hair,
      ),
    );
    if (p.chance(0.5))
      p.add(
        rrect(fx + 30 * s, fy - 150 * s, 36 * s, 44 * s, 6 * s, p.lit(p.pick(['#e8dcc0', '#3a7a4a', '#c8412f']))),
        stroke(`M${n(fx + 36 * s)} ${n(fy - 150 * s)}q${n(12 * s)} ${n(-24 * s)} ${n(24 * s)} 0`, p.lit('#5a4a3a'), 3 * s),
      );
  }
}

const SKINS = ['#f3d7c2', '#e6bc9c', '#d19f78', '#b07a52', '#8a5a3a', '#5e3b26'] as const;
const HAIRS = ['#1c1712', '#3a2617', '#6b4326', '#a0522d', '#d6b26e', '#9a9a9a', '#e8e4dc'] as const;

function portrait(p: Painter): void {
  const hue = p.r(0, 360);
  const bg1 = hsl(hue, p.r(15, 40), p.r(60, 76));
  const bg2 = hsl(hue + 20, p.r(20, 35), p.r(25, 38));
  p.add(
    rect(
      0,
      0,
      W,
      H,
      p.radial(
        [
          [0, bg1],
          [1, bg2],
        ],
        0.5,
        0.45,
        0.75,
      ),
    ),
  );
  let bokeh = '';
  for (let i = 0; i < p.int(4, 10); i++) bokeh += circleD(p.r(0, W), p.r(0, H), p.r(30, 110));
  p.add(path(bokeh, '#ffffff', ' opacity=".07"'));
  const cx = p.pick([W * 0.5, W * 0.38, W * 0.62]) + p.r(-30, 30);
  const hy = p.r(360, 390);
  const skin = p.pick(SKINS);
  const skinShade = shade(skin, 0.14);
  const hair = p.pick(HAIRS);
  const style = p.pick(['short', 'long', 'bun', 'curly', 'bald', 'bob'] as const);
  const rx = 112;
  const ry = 142;
  // long hair sits behind the shoulders
  if (style === 'long')
    p.add(
      path(
        `M${n(cx - rx - 20)} ${n(hy)}C${n(cx - rx - 30)} ${n(hy + 180)} ${n(cx - rx - 40)} ${n(hy + 260)} ${n(cx - rx - 10)} ${n(hy + 300)}H${n(cx + rx + 10)}C${n(cx + rx + 40)} ${n(hy + 260)} ${n(cx + rx + 30)} ${n(hy + 180)} ${n(cx + rx + 20)} ${n(hy)}Z`,
        hair,
      ),
    );
  if (style === 'bob')
    p.add(path(`M${n(cx - rx - 26)} ${n(hy - 20)}V${n(hy + 120)}q${n(rx + 26)} 30 ${n(2 * rx + 52)} 0V${n(hy - 20)}Z`, hair));
  // neck and shoulders
  p.add(rect(cx - 46, hy + 90, 92, 170, skinShade));
  const shirt = p.pick(['#f2f2ee', '#cfe0f0', '#f0e0d0', '#2a2a2e']);
  const jacket = p.pick(['#2a3346', '#3a3a3a', '#5a2a2a', '#2f4a3a', '#6a5a4a', '#1f5a7a', '#c8663a']);
  const kind = p.pick(['jacket', 'sweater', 'blouse'] as const);
  const shoulders = `M${n(cx - 340)} ${H + 10}C${n(cx - 335)} 720 ${n(cx - 260)} 640 ${n(cx - 110)} 620L${n(cx + 110)} 620C${n(cx + 260)} 640 ${n(cx + 335)} 720 ${n(cx + 340)} ${H + 10}Z`;
  if (kind === 'jacket') {
    p.add(path(shoulders, jacket));
    p.add(path(`M${n(cx - 70)} 610L${n(cx)} ${H + 10}L${n(cx + 70)} 610Z`, shirt));
    p.add(path(`M${n(cx - 50)} 600L${n(cx)} 690L${n(cx + 50)} 600L${n(cx + 20)} 596L${n(cx)} 640L${n(cx - 20)} 596Z`, tint(shirt, 0.2)));
    if (p.chance(0.5)) p.add(path(`M${n(cx - 14)} 650L${n(cx + 14)} 650L${n(cx + 22)} 820L${n(cx)} 850L${n(cx - 22)} 820Z`, p.pick(VIVID)));
    p.add(
      path(
        `M${n(cx - 110)} 620L${n(cx - 40)} 780L${n(cx - 70)} 640Z M${n(cx + 110)} 620L${n(cx + 40)} 780L${n(cx + 70)} 640Z`,
        shade(jacket, 0.25),
      ),
    );
  } else if (kind === 'sweater') {
    p.add(path(shoulders, jacket), path(`M${n(cx - 70)} 612q70 70 140 0`, 'none', ` stroke="${shade(jacket, 0.25)}" stroke-width="16"`));
  } else {
    const c = p.pick(VIVID);
    p.add(path(shoulders, c), path(`M${n(cx - 60)} 612L${n(cx)} 700L${n(cx + 60)} 612Z`, skinShade));
  }
  // head
  p.add(ellipse(cx - rx + 2, hy + 14, 20, 32, skinShade), ellipse(cx + rx - 2, hy + 14, 20, 32, skinShade));
  p.add(ellipse(cx, hy, rx, ry, skin));
  p.add(path(`M${n(cx - 60)} ${n(hy + 125)}q60 30 120 0q-60 45 -120 0Z`, skinShade, ' opacity=".5"'));
  // hair on top
  if (style === 'short' || style === 'long' || style === 'bob' || style === 'bun') {
    p.add(
      path(
        `M${n(cx - rx - 8)} ${n(hy + 10)}C${n(cx - rx - 20)} ${n(hy - ry - 40)} ${n(cx + rx + 20)} ${n(hy - ry - 40)} ${n(cx + rx + 8)} ${n(hy + 10)}C${n(cx + rx - 14)} ${n(hy - 60)} ${n(cx + 10)} ${n(hy - ry + 50)} ${n(cx - 60)} ${n(hy - ry + 40)}C${n(cx - 90)} ${n(hy - 70)} ${n(cx - rx + 6)} ${n(hy - 40)} ${n(cx - rx - 8)} ${n(hy + 10)}Z`,
        hair,
      ),
    );
    if (style === 'bun') p.add(circle(cx + 10, hy - ry - 30, 52, hair));
  } else if (style === 'curly') {
    let curls = '';
    for (let i = 0; i <= 12; i++) {
      const a = Math.PI * (1.05 + (0.9 * i) / 12);
      curls += circleD(cx + Math.cos(a) * (rx + 8), hy - 20 + Math.sin(a) * (ry + 4), p.r(28, 40));
    }
    p.add(path(curls, hair));
  } else {
    p.add(
      path(
        `M${n(cx - rx - 2)} ${n(hy - 10)}q-4 60 10 90M${n(cx + rx + 2)} ${n(hy - 10)}q4 60 -10 90`,
        'none',
        ` stroke="${hair}" stroke-width="16" stroke-linecap="round"`,
      ),
    );
  }
  // face
  const eyeY = hy + p.r(0, 12);
  const eyeDx = p.r(40, 48);
  p.add(ellipse(cx - eyeDx, eyeY, 9, 11, '#2a2220'), ellipse(cx + eyeDx, eyeY, 9, 11, '#2a2220'));
  p.add(
    stroke(
      `M${n(cx - eyeDx - 22)} ${n(eyeY - 26)}q22 -12 42 -2M${n(cx + eyeDx + 22)} ${n(eyeY - 26)}q-22 -12 -42 -2`,
      shade(hair === '#e8e4dc' ? '#9a9a9a' : hair, 0.1),
      7,
      ' stroke-linecap="round"',
    ),
  );
  p.add(
    stroke(`M${n(cx - 4)} ${n(eyeY + 20)}q-10 34 2 40q8 2 14 -4`, shade(skin, 0.3), 4, ' stroke-linecap="round" stroke-linejoin="round"'),
  );
  const smile = p.r(6, 18);
  p.add(stroke(`M${n(cx - 32)} ${n(hy + 86)}q32 ${n(smile)} 64 0`, shade(skin, 0.45), 6, ' stroke-linecap="round"'));
  p.add(ellipse(cx - 68, hy + 60, 22, 12, '#e06060', ' opacity=".12"'), ellipse(cx + 68, hy + 60, 22, 12, '#e06060', ' opacity=".12"'));
  if (p.chance(0.35)) {
    const frame = p.pick(['#1a1a1a', '#6a4a2a', '#b0b4b8']);
    p.add(
      stroke(
        `${rectD(cx - eyeDx - 34, eyeY - 24, 66, 48)}${rectD(cx + eyeDx - 32, eyeY - 24, 66, 48)}M${n(cx - eyeDx + 32)} ${n(eyeY - 4)}q${n(eyeDx - 32)} -10 ${n(2 * eyeDx - 64)} 0`,
        frame,
        5,
        ' stroke-linejoin="round"',
      ),
    );
  }
}

function classroom(p: Painter): void {
  const wall = p.pick(['#efe6d2', '#dfe8e0', '#e6e0ee', '#f2e8d8', '#dde8ef']);
  const floor = p.pick(['#b08a5a', '#9a7a5a', '#8aa0a8', '#c0a070']);
  p.add(
    rect(0, 0, W, 560, wall),
    rect(
      0,
      560,
      W,
      H - 560,
      p.linear([
        [0, shade(floor, 0.2)],
        [1, floor],
      ]),
    ),
    rect(0, 548, W, 14, shade(wall, 0.35)),
  );
  // windows on the left
  for (const wx of [40, 210]) {
    p.add(
      rect(wx, 110, 140, 300, '#f4f4f0'),
      rect(
        wx + 10,
        120,
        120,
        280,
        p.linear([
          [0, '#8fc0e8'],
          [1, '#d8ecf8'],
        ]),
      ),
    );
    p.add(stroke(`M${wx + 70} 120V400M${wx + 10} 260h120`, '#f4f4f0', 8), rect(wx + 10, 330, 120, 70, '#8fb486', ' opacity=".5"'));
  }
  // board
  const board = p.pick(['#2f4a3a', '#26302c', '#1f3a2f']);
  const bx = p.r(420, 480);
  const bw = p.r(700, 760);
  p.add(rect(bx - 16, 110, bw + 32, 330, '#8a6a4a'), rect(bx, 124, bw, 302, board), rect(bx - 24, 436, bw + 48, 12, '#7a5a3a'));
  const chalk = ' opacity=".85" stroke-linecap="round" stroke-linejoin="round"';
  const lines = p.int(2, 4);
  let scribble = '';
  for (let i = 0; i < lines; i++) {
    let sx = bx + 40;
    const y = 170 + i * 50;
    scribble += `M${n(sx)} ${y}`;
    const end = bx + p.r(260, 360);
    while (sx < end) {
      const step = p.r(8, 16);
      scribble += `q${n(step / 2)} ${n(p.r(-14, 6))} ${n(step)} 0`;
      sx += step;
      if (p.chance(0.15)) {
        sx += 14;
        scribble += `m14 0`;
      }
    }
  }
  p.add(stroke(scribble, '#f0f0e8', 3, chalk));
  const gx = bx + bw * 0.62;
  const figure = p.pick(['graph', 'triangle', 'sun'] as const);
  if (figure === 'graph') {
    let curve = `M${n(gx)} 390`;
    for (let i = 0; i <= 20; i++) {
      const t = i / 20;
      curve += `L${n(gx + t * 220)} ${n(390 - 200 * t * t)}`;
    }
    p.add(stroke(`M${n(gx - 10)} 390h240M${n(gx)} 400V170`, '#f0f0e8', 3, chalk), stroke(curve, '#f8e08a', 4, chalk));
  } else if (figure === 'triangle') {
    p.add(
      stroke(`M${n(gx)} 390L${n(gx + 220)} 390L${n(gx + 60)} 180Z`, '#f0f0e8', 4, chalk),
      stroke(circleD(gx + 95, 320, 50), '#f8b0b0', 3, chalk),
    );
  } else {
    let rays = '';
    for (let i = 0; i < 10; i++) {
      const a = (i / 10) * Math.PI * 2;
      rays += `M${n(gx + 110 + Math.cos(a) * 60)} ${n(280 + Math.sin(a) * 60)}l${n(Math.cos(a) * 40)} ${n(Math.sin(a) * 40)}`;
    }
    p.add(stroke(circleD(gx + 110, 280, 44) + rays, '#f8e08a', 4, chalk));
  }
  // clock and a shelf with books and a globe
  p.add(circle(1380, 140, 46, '#ffffff', ' stroke="#3a3a3a" stroke-width="6"'));
  const hour = p.r(0, Math.PI * 2);
  const minute = p.r(0, Math.PI * 2);
  p.add(
    stroke(
      `M1380 140l${n(Math.sin(hour) * 24)} ${n(-Math.cos(hour) * 24)}M1380 140l${n(Math.sin(minute) * 36)} ${n(-Math.cos(minute) * 36)}`,
      '#1a1a1a',
      5,
      ' stroke-linecap="round"',
    ),
  );
  p.add(rect(1290, 330, 260, 10, '#7a5a3a'));
  let bookX = 1300;
  while (bookX < 1450) {
    const w = p.r(14, 26);
    const h = p.r(60, 90);
    p.add(rect(bookX, 330 - h, w, h, p.pick([...VIVID, '#2a3a5a'])));
    bookX += w + 2;
  }
  p.add(
    circle(1500, 280, 36, '#3a8ad0'),
    path(`M1480 265q15 -10 25 5q-5 20 -20 10Z M1500 290q20 -5 25 10q-15 10 -25 -10Z`, '#5ab05a'),
    stroke('M1500 318v12', '#7a5a3a', 6),
  );
  // posters
  p.add(
    rect(1290, 380, 110, 140, p.pick(VIVID)),
    rect(1420, 380, 110, 140, p.pick(VIVID)),
    circle(1345, 430, 30, '#ffffff', ' opacity=".5"'),
    path('M1440 500l35 -70l35 70Z', '#ffffff', ' opacity=".5"'),
  );
  // desks and chairs in rows, the children facing the board
  const rows = 3;
  const plastic = p.pick(['#2f6fb0', '#d9731e', '#3d8b5a', '#c8412f', '#e3a21a']);
  const occupancy = p.r(0.4, 0.9);
  for (let row = 0; row < rows; row++) {
    const s = 0.7 + row * 0.3;
    const y = 600 + row * 110;
    const cols = 5 - row;
    const spacing = 300 * s;
    const startX = 800 - ((cols - 1) * spacing) / 2;
    for (let c = 0; c < cols; c++) {
      const x = startX + c * spacing + p.r(-8, 8);
      const dw = 200 * s;
      p.add(stroke(`M${n(x - dw / 2 + 10 * s)} ${n(y)}v${n(70 * s)}M${n(x + dw / 2 - 10 * s)} ${n(y)}v${n(70 * s)}`, '#6a6e76', 6 * s));
      p.add(
        path(`M${n(x - dw / 2 + 16 * s)} ${n(y - 26 * s)}h${n(dw - 32 * s)}l${n(16 * s)} ${n(26 * s)}h${n(-dw)}Z`, '#d8b888'),
        rect(x - dw / 2, y, dw, 12 * s, '#b8986a'),
      );
      const cy = y + 60 * s;
      if (p.chance(occupancy)) {
        const shirt = p.pick(['#c8412f', '#2f6fb0', '#e3a21a', '#3d8b5a', '#7b4a9e', '#f2f2f2', '#2a2a2e']);
        p.add(
          path(
            `M${n(x - 50 * s)} ${n(cy + 20 * s)}q0 ${n(-70 * s)} ${n(50 * s)} ${n(-70 * s)}q${n(50 * s)} 0 ${n(50 * s)} ${n(70 * s)}Z`,
            shirt,
          ),
          circle(x, cy - 72 * s, 30 * s, p.pick(HAIRS.slice(0, 5))),
        );
      }
      p.add(
        rrect(x - 44 * s, cy - 20 * s, 88 * s, 56 * s, 10 * s, plastic),
        stroke(`M${n(x - 36 * s)} ${n(cy + 36 * s)}v${n(44 * s)}M${n(x + 36 * s)} ${n(cy + 36 * s)}v${n(44 * s)}`, '#6a6e76', 5 * s),
      );
    }
  }
}

function train(p: Painter): void {
  p.chooseTime({ day: 6, dawn: 1, dusk: 2, night: 1 });
  const hz = p.r(420, 480);
  drawSky(p, hz);
  drawClouds(p, p.int(1, 4), 60, 260);
  p.add(fillBelow(hills(p, hz, p.r(40, 110)), p.haze(p.tone(130, 25, 38), 0.5)));
  const near = hills(p, hz + 60, p.r(30, 70));
  p.add(fillBelow(near, p.tone(100, 35, 40)));
  for (let i = 0; i < p.int(3, 8); i++) {
    const x = p.r(0, W);
    p.add(roundTreeMarkup(p, x, yAt(near, x) + 30, p.r(0.6, 1), p.tone(p.r(95, 130), 40, 30)));
  }
  const railY = 712;
  const masts = p.lit('#6a6e76');
  let catenary = '';
  for (let x = p.r(0, 200); x < W + 100; x += p.r(380, 460)) catenary += `M${n(x)} ${railY}V250h-40M${n(x)} 270h-60`;
  catenary += `M-10 290H${W + 10}M-10 272H${W + 10}`;
  p.add(stroke(catenary, masts, 5));
  // embankment and track
  p.add(rect(0, railY - 10, W, H - railY + 10, p.tone(35, 15, 42)), rect(0, railY + 30, W, H - railY - 30, p.tone(95, 35, 36)));
  let sleepers = '';
  for (let x = 0; x < W; x += 30) sleepers += rectD(x, railY + 6, 18, 12);
  p.add(path(sleepers, p.lit('#4a3a2e')), rect(0, railY - 2, W, 8, p.lit('#a8acb2')));
  // the train
  const body = p.lit(p.pick(['#f2f2ee', '#c8412f', '#2f6fb0', '#3d8b5a', '#e3b01c', '#d8dde2']));
  const stripe = p.lit(p.pick(VIVID));
  const glass = p.night || p.time === 'dusk' ? '#ffe3a0' : p.lit('#1f2a36');
  const modern = p.chance(0.6);
  const top = 470;
  const bottom = 668;
  const carL = 560;
  const dir = p.chance(0.5) ? 1 : -1;
  const noseX = p.r(1150, 1450);
  const flip = dir < 0 ? ` transform="matrix(-1 0 0 1 ${W} 0)"` : '';
  const parts: string[] = [];
  let end = noseX;
  for (let car = 0; car < 4; car++) {
    const x1 = end;
    const x0 = x1 - carL;
    if (car === 0) {
      const d = modern
        ? `M${n(x0)} ${top}H${n(x1 - 60)}C${n(x1 + 40)} ${top} ${n(x1 + 110)} ${bottom - 60} ${n(x1 + 120)} ${bottom}H${n(x0)}Z`
        : `M${n(x0)} ${top}H${n(x1 + 10)}Q${n(x1 + 40)} ${top} ${n(x1 + 40)} ${top + 40}V${bottom}H${n(x0)}Z`;
      parts.push(path(d, body));
      parts.push(
        modern
          ? path(
              `M${n(x1 - 40)} ${top + 14}C${n(x1 + 20)} ${top + 14} ${n(x1 + 60)} ${top + 60} ${n(x1 + 78)} ${top + 90}H${n(x1 - 40)}Z`,
              glass,
            )
          : path(rectD(x1 - 10, top + 20, 44, 60), glass),
      );
      parts.push(circle(modern ? x1 + 100 : x1 + 30, bottom - 30, 8, '#fff6d0'));
    } else {
      parts.push(rrect(x0, top, carL - 12, bottom - top, 10, body));
      parts.push(rect(x1 - 12, top + 20, 12, bottom - top - 40, p.lit('#2a2a2e')));
    }
    const xe = car === 0 ? x1 - 50 : x1 - 12;
    parts.push(rect(x0, bottom - 60, xe - x0 + (car === 0 ? 30 : 0), 20, stripe));
    let wins = '';
    let doors = '';
    for (let wx = x0 + 30; wx < xe - 70; wx += 78) {
      if ((wx - x0) % (78 * 3) < 78 && wx > x0 + 60) {
        doors += rectD(wx, top + 24, 52, bottom - top - 34);
        continue;
      }
      wins += `M${n(wx + 6)} ${top + 34}h44q6 0 6 6v44q0 6 -6 6h-44q-6 0 -6 -6v-44q0 -6 6 -6Z`;
    }
    parts.push(path(wins, glass), stroke(doors, shade(body, 0.35), 4));
    parts.push(rect(x0 + 10, bottom, xe - x0 - 20, 14, p.lit('#2a2a2e')));
    let wheels = '';
    for (const bxp of [x0 + 80, xe - 80]) {
      wheels += rectD(bxp - 60, bottom + 10, 120, 16) + circleD(bxp - 34, railY - 20, 20) + circleD(bxp + 34, railY - 20, 20);
    }
    parts.push(path(wheels, p.lit('#1e1f22')));
    if (car === 1 || (car === 0 && !modern)) {
      const px = x0 + carL / 2;
      parts.push(
        stroke(`M${n(px - 40)} ${top}l40 -${top - 290}l-30 -6m30 6l-40 ${top - 300}`, p.lit('#3a3a3a'), 4),
        rect(px - 70, top - 12, 140, 12, shade(body, 0.2)),
      );
    }
    end = x0 - 14;
  }
  p.add(`<g${flip}>${parts.join('')}</g>`);
  // optional platform in front
  if (p.chance(0.4)) {
    const py = p.r(760, 800);
    const concrete = p.lit('#a8a49a');
    p.add(rect(0, py, W, H - py, concrete), rect(0, py, W, 16, p.lit('#d8d2c0')), rect(0, py + 30, W, 8, p.lit('#e3b01c')));
    let lamps = '';
    for (let x = p.r(60, 200); x < W; x += p.r(380, 520)) lamps += `M${n(x)} ${H}V${n(py - 260)}h40`;
    p.add(stroke(lamps, p.lit('#2e3238'), 8));
  }
}

function storm(p: Painter): void {
  const hue = p.r(200, 230);
  const sea = p.chance(0.5);
  const hz = p.r(520, 600);
  p.add(
    rect(
      0,
      0,
      W,
      hz + 4,
      p.linear([
        [0, hsl(hue, 20, 10)],
        [0.6, hsl(hue, 15, 24)],
        [1, hsl(hue + p.r(-40, 0), 18, 38)],
      ]),
    ),
  );
  p.skyBottom = hsl(hue, 15, 32);
  // flash behind the clouds
  const bx = p.r(400, 1200);
  p.add(
    circle(
      bx,
      200,
      420,
      p.radial([
        [0, '#dfe6ff', 0.45],
        [1, '#dfe6ff', 0],
      ]),
    ),
  );
  for (let layer = 0; layer < 3; layer++) {
    let d = '';
    const base = 180 + layer * 110;
    for (let x = -100; x < W + 100; x += p.r(60, 140)) d += circleD(x, base + p.r(-40, 40), p.r(70, 140));
    d += rectD(-20, -20, W + 40, base + 20 - layer * 60);
    p.add(path(d, hsl(hue, 12, 14 + layer * 7), ` opacity="${n(0.9 - layer * 0.15)}"`));
  }
  // lightning
  const pts: Pt[] = [[bx, 200]];
  let lx = bx;
  let ly = 200;
  const branch: string[] = [];
  while (ly < hz + 20) {
    lx += p.r(-50, 50);
    ly += p.r(30, 60);
    pts.push([lx, ly]);
    if (p.chance(0.25)) {
      let bxx = lx;
      let byy = ly;
      let d = `M${n(bxx)} ${n(byy)}`;
      const dir = p.chance(0.5) ? -1 : 1;
      for (let k = 0; k < p.int(2, 4); k++) {
        bxx += dir * p.r(20, 60);
        byy += p.r(20, 50);
        d += `L${n(bxx)} ${n(byy)}`;
      }
      branch.push(d);
    }
  }
  const bolt = polyD(pts, false) + branch.join('');
  p.add(
    stroke(bolt, '#cfd8ff', 22, ' opacity=".15" stroke-linejoin="round"'),
    stroke(bolt, '#e8ecff', 8, ' opacity=".35" stroke-linejoin="round"'),
    stroke(bolt, '#ffffff', 3, ' stroke-linejoin="round"'),
  );
  if (sea) {
    p.add(
      rect(
        0,
        hz,
        W,
        H - hz,
        p.linear([
          [0, hsl(hue, 25, 22)],
          [1, hsl(hue, 30, 10)],
        ]),
      ),
    );
    let caps = '';
    for (let i = 0; i < 70; i++) {
      const t = p.next() ** 1.3;
      const y = lerp(hz + 8, H, t);
      const w = 20 + 120 * t;
      const x = p.r(-40, W);
      caps += `M${n(x)} ${n(y)}q${n(w / 2)} ${n(-w / 5)} ${n(w)} 0`;
    }
    p.add(stroke(caps, '#dfe6ee', 3, ' opacity=".45" stroke-linecap="round"'));
    const lhx = bx < 800 ? p.r(1100, 1400) : p.r(200, 500);
    p.add(path(`M${n(lhx - 140)} ${n(hz + 50)}q60 -70 140 -60q90 10 140 60Z`, hsl(hue, 10, 12)));
    p.add(path(`M${n(lhx - 32)} ${n(hz + 2)}L${n(lhx - 22)} ${n(hz - 220)}H${n(lhx + 22)}L${n(lhx + 32)} ${n(hz + 2)}Z`, '#e8e4dc'));
    p.add(
      path(
        `M${n(lhx - 29)} ${n(hz - 60)}L${n(lhx - 27)} ${n(hz - 110)}H${n(lhx + 27)}L${n(lhx + 29)} ${n(hz - 60)}Z M${n(lhx - 25)} ${n(hz - 160)}L${n(lhx - 24)} ${n(hz - 200)}H${n(lhx + 24)}L${n(lhx + 25)} ${n(hz - 160)}Z`,
        '#b0302a',
      ),
    );
    p.add(
      rect(lhx - 18, hz - 250, 36, 32, '#ffe9a0'),
      path(`M${n(lhx - 26)} ${n(hz - 250)}L${n(lhx)} ${n(hz - 280)}L${n(lhx + 26)} ${n(hz - 250)}Z`, '#1a1a1a'),
    );
    const beamDir = lhx > 800 ? -1 : 1;
    p.add(
      path(
        `M${n(lhx)} ${n(hz - 234)}L${n(lhx + beamDir * 700)} ${n(hz - 330)}V${n(hz - 150)}Z`,
        p.linear(
          [
            [0, '#fff2b0', 0.5],
            [1, '#fff2b0', 0],
          ],
          0,
          0,
          1,
          0,
        ),
      ),
    );
  } else {
    const land = hills(p, hz, p.r(30, 80));
    p.add(fillBelow(land, hsl(hue - 80, 20, 14)));
    const hx = p.r(200, 1300);
    const hy = yAt(land, hx) + 10;
    p.add(
      rect(hx, hy - 70, 120, 72, '#1c1e22'),
      path(`M${n(hx - 12)} ${n(hy - 68)}L${n(hx + 60)} ${n(hy - 120)}L${n(hx + 132)} ${n(hy - 68)}Z`, '#141518'),
      rect(hx + 20, hy - 50, 24, 24, '#ffcf70'),
    );
    let trees = '';
    for (let i = 0; i < p.int(3, 6); i++) {
      const tx = p.r(0, W);
      const ty = yAt(land, tx) + 20;
      const h = p.r(140, 260);
      trees += `M${n(tx - 8)} ${n(ty)}q10 ${n(-h * 0.5)} ${n(h * 0.25)} ${n(-h)}l8 4q-18 ${n(h * 0.5)} -2 ${n(h - 4)}Z`;
      for (let k = 0; k < 4; k++) trees += circleD(tx + h * (0.12 + k * 0.1), ty - h * (1 - k * 0.06) + p.r(-8, 8), h * (0.17 - k * 0.025));
    }
    p.add(path(trees, hsl(hue - 80, 20, 9)));
  }
  let rain = '';
  const slant = p.r(-0.35, 0.1);
  for (let i = 0; i < 220; i++) {
    const x = p.r(-100, W + 100);
    const y = p.r(150, H);
    const len = p.r(30, 70);
    rain += `M${n(x)} ${n(y)}l${n(len * slant)} ${n(len)}`;
  }
  p.add(stroke(rain, '#c8d2e0', 2, ' opacity=".35"'));
}

function bridge(p: Painter): void {
  p.chooseTime({ day: 5, dawn: 2, dusk: 2, night: 1 });
  const hz = p.r(580, 640);
  const sun = drawSky(p, hz);
  drawClouds(p, p.int(1, 4), 60, 300);
  p.add(fillBelow(hills(p, hz, p.r(40, 120)), p.haze(p.tone(150, 15, 35), 0.5)));
  p.add(
    rect(
      0,
      hz,
      W,
      H - hz,
      p.linear([
        [0, p.haze(p.tone(205, 40, 42), 0.3)],
        [1, p.tone(212, 50, 24)],
      ]),
    ),
  );
  sunGlitter(p, sun, hz, H);
  const color = p.lit(p.pick(['#c0442a', '#8a9098', '#e8e4da', '#3d6b5a', '#2f5a8a']));
  const deckY = hz - p.r(60, 110);
  const kind = p.pick(['suspension', 'cable-stayed', 'arch'] as const);
  const bits: string[] = [];
  const deck = rect(-10, deckY, W + 20, 20, color) + rect(-10, deckY + 20, W + 20, 8, shade(color, 0.35));
  let truss = `M-10 ${n(deckY + 28)}`;
  for (let x = -10; x < W + 20; x += 40) truss += `L${n(x + 20)} ${n(deckY + 46)}L${n(x + 40)} ${n(deckY + 28)}`;
  truss += `M-10 ${n(deckY + 46)}H${W + 10}`;
  if (kind === 'suspension') {
    const t1 = p.r(300, 480);
    const t2 = W - p.r(300, 480);
    const topY = p.r(120, 200);
    const low = deckY - 24;
    const tower = (x: number): string =>
      path(`M${n(x - 26)} ${n(hz + 10)}L${n(x - 18)} ${n(topY)}H${n(x + 18)}L${n(x + 26)} ${n(hz + 10)}Z`, color) +
      path(
        rectD(x - 22, topY + 40, 44, 8) + rectD(x - 24, (topY + deckY) / 2, 48, 10) + rectD(x - 20, topY - 10, 40, 12),
        shade(color, 0.3),
      );
    const midX = (t1 + t2) / 2;
    const ctrlY = 2 * low - topY;
    const cable = `M-10 ${n(deckY - 4)}Q${n((t1 - 10) / 2)} ${n(deckY + 20)} ${n(t1)} ${n(topY)}Q${n(midX)} ${n(ctrlY)} ${n(t2)} ${n(topY)}Q${n((t2 + W + 10) / 2)} ${n(deckY + 20)} ${W + 10} ${n(deckY - 4)}`;
    let hangers = '';
    for (let x = t1 + 24; x < t2 - 10; x += 26) {
      const t = (x - t1) / (t2 - t1);
      const y = (1 - t) * (1 - t) * topY + 2 * (1 - t) * t * ctrlY + t * t * topY;
      hangers += `M${n(x)} ${n(y)}V${n(deckY)}`;
    }
    bits.push(tower(t1), tower(t2), stroke(hangers, color, 2), stroke(cable, color, 6));
  } else if (kind === 'cable-stayed') {
    const pylons = p.pick([1, 2]);
    const xs = pylons === 1 ? [p.r(650, 950)] : [p.r(380, 520), W - p.r(380, 520)];
    const topY = p.r(100, 180);
    let stays = '';
    for (const x of xs) {
      bits.push(
        path(
          `M${n(x - 70)} ${n(hz + 10)}L${n(x - 6)} ${n(topY)}H${n(x + 6)}L${n(x + 70)} ${n(hz + 10)}H${n(x + 50)}L${n(x)} ${n(topY + 60)}L${n(x - 50)} ${n(hz + 10)}Z`,
          color,
        ),
      );
      for (let k = 1; k <= 9; k++) {
        const reach = k * (pylons === 1 ? 70 : 45);
        const y = topY + 10 + k * 7;
        stays += `M${n(x - reach)} ${n(deckY)}L${n(x)} ${n(y)}L${n(x + reach)} ${n(deckY)}`;
      }
    }
    bits.push(stroke(stays, tint(color, 0.25), 2.5));
  } else {
    const a0 = p.r(150, 350);
    const a1 = W - p.r(150, 350);
    const rise = p.r(200, 300);
    const ctrl = deckY - rise * 2;
    let hangers = '';
    for (let x = a0 + 40; x < a1 - 20; x += 40) {
      const t = (x - a0) / (a1 - a0);
      const y = (1 - t) * (1 - t) * deckY + 2 * (1 - t) * t * ctrl + t * t * deckY;
      hangers += `M${n(x)} ${n(y)}V${n(deckY)}`;
    }
    bits.push(stroke(hangers, color, 3), stroke(`M${n(a0)} ${n(deckY)}Q${n((a0 + a1) / 2)} ${n(ctrl)} ${n(a1)} ${n(deckY)}`, color, 18));
    bits.push(stroke(`M${n(a0)} ${n(deckY)}Q${n((a0 + a1) / 2)} ${n(ctrl + 60)} ${n(a1)} ${n(deckY)}`, color, 8));
  }
  let piers = '';
  for (let x = p.r(40, 120); x < W; x += p.r(280, 380)) piers += rectD(x - 14, deckY + 40, 28, hz - deckY - 30);
  bits.push(path(piers, shade(color, 0.2)), deck, stroke(truss, shade(color, 0.3), 3));
  let traffic = '';
  const cars = p.int(3, 9);
  for (let i = 0; i < cars; i++) traffic += rectD(p.r(0, W), deckY - 10, p.r(18, 30), 10);
  bits.push(path(traffic, p.night ? '#ffd98a' : p.lit('#3a3e46')));
  const id = p.uid('b');
  p.def(`<g id="${id}">${bits.join('')}</g>`);
  const clip = p.uid('k');
  p.def(`<clipPath id="${clip}">${rect(0, hz, W, H - hz, '#000')}</clipPath>`);
  p.add(`<g clip-path="url(#${clip})"><use href="#${id}" transform="matrix(1 0 0 -1 0 ${n(2 * hz + 20)})" opacity=".25"/></g>`);
  waterLines(p, hz, H, 70, '#ffffff', 0.2);
  p.add(`<use href="#${id}"/>`);
  if (p.chance(0.5)) {
    const bxp = p.r(200, 1300);
    const by = p.r(hz + 80, H - 60);
    p.add(path(`M${n(bxp)} ${n(by - 22)}h140l-16 22h-112Z`, p.lit('#f0f0ea')), rect(bxp + 40, by - 44, 50, 22, p.lit('#d8d8d0')));
  }
}

function boats(p: Painter): void {
  p.chooseTime({ day: 6, dawn: 2, dusk: 2, night: 0 });
  const hz = p.r(430, 510);
  const sun = drawSky(p, hz);
  drawClouds(p, p.int(1, 5), 60, hz - 150);
  if (p.chance(0.7)) p.add(gullsMarkup(p, p.int(2, 6), 80, hz - 150));
  const coast = hills(p, hz, p.r(20, 70));
  p.add(fillBelow(coast, p.haze(p.tone(120, 20, 38), 0.55)));
  let houses = '';
  for (let i = 0; i < p.int(4, 14); i++) {
    const x = p.r(0, W);
    houses += rectD(x, yAt(coast, x) + 4, p.r(8, 18), p.r(6, 12));
  }
  p.add(path(houses, p.haze('#ffffff', 0.3)));
  p.add(
    rect(
      0,
      hz,
      W,
      H - hz,
      p.linear([
        [0, p.haze(p.tone(200, 50, 48), 0.3)],
        [1, p.tone(208, 60, 26)],
      ]),
    ),
  );
  sunGlitter(p, sun, hz, H);
  waterLines(p, hz, H, 90, '#ffffff', 0.25);
  const count = p.int(3, 7);
  const fleet = Array.from({ length: count }, () => ({ d: p.next(), x: p.r(80, W - 80) })).sort((a, b) => a.d - b.d);
  for (const b of fleet) {
    const y = hz + 14 + b.d ** 1.4 * (H - hz - 70);
    const s = 0.25 + b.d * 1.15;
    const dir = p.chance(0.5) ? 1 : -1;
    drawSailboat(p, b.x, y, s, dir);
  }
}

function drawSailboat(p: Painter, x: number, y: number, s: number, dir: number): void {
  const w = 220 * s;
  const h = 30 * s;
  const hull = p.lit(p.pick(['#f4f2ec', '#1f2a44', '#c8412f', '#2f6fb0', '#f4f2ec']));
  const X = (dx: number): number => x + dir * dx;
  const mastX = X(w * 0.05);
  const mastTop = y - h - 300 * s;
  const sail = p.lit(p.pick(['#fbfaf5', '#f4efe2', '#fbfaf5']));
  const jib = shade(sail, 0.08);
  if (p.chance(0.8)) {
    p.add(path(`M${n(mastX)} ${n(mastTop + 8 * s)}L${n(X(w * 0.5))} ${n(y - h * 1.2)}L${n(mastX)} ${n(y - h - 20 * s)}Z`, jib));
  }
  p.add(
    path(
      `M${n(mastX - dir * 4 * s)} ${n(mastTop)}Q${n(X(-w * 0.3))} ${n(y - h - 150 * s)} ${n(X(-w * 0.42))} ${n(y - h - 18 * s)}L${n(mastX - dir * 4 * s)} ${n(y - h - 14 * s)}Z`,
      sail,
    ),
  );
  if (p.chance(0.35))
    p.add(
      path(
        `M${n(X(-w * 0.38))} ${n(y - h - 60 * s)}L${n(mastX - dir * 4 * s)} ${n(y - h - 70 * s)}V${n(y - h - 50 * s)}L${n(X(-w * 0.41))} ${n(y - h - 38 * s)}Z`,
        p.lit(p.pick(VIVID)),
      ),
    );
  p.add(
    stroke(
      `M${n(mastX)} ${n(mastTop)}V${n(y - h)}M${n(mastX)} ${n(y - h - 16 * s)}L${n(X(-w * 0.42))} ${n(y - h - 16 * s)}`,
      p.lit('#4a4a4a'),
      Math.max(1.5, 4 * s),
    ),
  );
  p.add(
    path(
      `M${n(X(-w * 0.5))} ${n(y - h)}L${n(X(w * 0.55))} ${n(y - h * 1.25)}Q${n(X(w * 0.35))} ${n(y)} ${n(X(w * 0.1))} ${n(y)}H${n(X(-w * 0.38))}Q${n(X(-w * 0.5))} ${n(y - h * 0.3)} ${n(X(-w * 0.5))} ${n(y - h)}Z`,
      hull,
    ),
  );
  p.add(
    stroke(`M${n(X(-w * 0.5))} ${n(y - h + 3 * s)}L${n(X(w * 0.55))} ${n(y - h * 1.25 + 3 * s)}`, shade(hull, 0.3), Math.max(1, 3 * s)),
  );
  p.add(ellipse(x, y + 4 * s, w * 0.45, 5 * s, '#000000', ' opacity=".15"'));
}

type Drawer = (p: Painter) => void;

const DRAWERS: Readonly<Record<Scene, Drawer>> = {
  harbour,
  skyline,
  street,
  'council-chamber': councilChamber,
  chart,
  field,
  stadium,
  forest,
  river,
  stage,
  laboratory,
  market,
  portrait,
  classroom,
  train,
  storm,
  bridge,
  boats,
};

// ---------------------------------------------------------------------------
// Public API

function isScene(value: string): value is Scene {
  return (SCENES as readonly string[]).includes(value);
}

function checkSize(width: number, height: number): void {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 8000) throw new RangeError(`picture ${name} must be an integer from 1 to 8000, got ${v}`);
  }
}

/** The SVG for one picture. Pure: the same spec and size always give the same string. */
export function svgForScene(spec: PictureSpec, width: number, height: number): string {
  if (!isScene(spec.scene)) throw new RangeError(`unknown scene "${String(spec.scene)}"`);
  checkSize(width, height);
  const seed = Number.isFinite(spec.seed) ? Math.trunc(spec.seed) % 0x100000000 : 0;
  const p = new Painter(mulberry32(hashString(`${spec.scene}:${seed}`)));
  DRAWERS[spec.scene](p);
  return p.toSvg(width, height);
}

/** Draws one picture as JPEG bytes, 1600x900 (16:9) by default. Deterministic for a given spec. */
export async function drawPicture(spec: PictureSpec, size: { width: number; height: number } = DEFAULT_SIZE): Promise<Buffer> {
  const svg = svgForScene(spec, size.width, size.height);
  return sharp(Buffer.from(svg)).resize(size.width, size.height, { fit: 'cover' }).jpeg(JPEG_OPTIONS).toBuffer();
}

async function nonEmptyFileExists(file: string): Promise<boolean> {
  try {
    const s = await stat(file);
    return s.isFile() && s.size > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Draws every spec into outDir/<file> (creating outDir), skipping files that already exist with nonzero size. Returns the paths written. */
export async function drawPictures(specs: readonly PictureSpec[], outDir: string): Promise<string[]> {
  const root = resolve(outDir);
  await mkdir(root, { recursive: true });
  const written: string[] = [];
  for (const spec of specs) {
    const target = resolve(root, spec.file);
    const rel = relative(root, target);
    if (!spec.file || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new RangeError(`picture file "${spec.file}" must be a relative path inside ${root}`);
    }
    if (await nonEmptyFileExists(target)) continue;
    await mkdir(dirname(target), { recursive: true });
    const bytes = await drawPicture(spec);
    // write then rename, so an interrupted run never leaves a truncated picture behind
    const temp = join(dirname(target), `.${process.pid}-${written.length}.tmp`);
    try {
      await writeFile(temp, bytes);
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    written.push(target);
  }
  return written;
}
