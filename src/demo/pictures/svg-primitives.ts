// Building blocks of the demo pictures (drawn by ../picture-generator.ts): the canvas, the
// seeded PRNG, colour arithmetic and builders that return SVG markup strings. All pure:
// the same inputs always give the same bytes.

/** Every scene is drawn on this 16:9 canvas; other sizes scale it (and crop to fill). */
export const W = 1600;
export const H = 900;

// ---------------------------------------------------------------------------
// Randomness

export type Random = () => number;

export function mulberry32(seed: number): Random {
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
export function hashString(s: string): number {
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

export type Pt = readonly [number, number];

export function at<T>(items: readonly T[], i: number): T {
  const v = items[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range (length ${items.length})`);
  return v;
}

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/** Numbers in the SVG are rounded to one decimal to keep the markup small. */
export function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Whole pixels, for bulky outlines where a tenth of a pixel is invisible. */
export function ni(v: number): string {
  return String(Math.round(v));
}

function hexByte(v: number): string {
  return Math.round(clamp(v, 0, 1) * 255)
    .toString(16)
    .padStart(2, '0');
}

export function hsl(h: number, s: number, l: number): string {
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

export function mix(a: string, b: string, t: number): string {
  const [ar, ag, ab] = parseHex(a);
  const [br, bg, bb] = parseHex(b);
  return `#${hexByte(lerp(ar, br, t))}${hexByte(lerp(ag, bg, t))}${hexByte(lerp(ab, bb, t))}`;
}

export const shade = (c: string, t: number): string => mix(c, '#000000', t);
export const tint = (c: string, t: number): string => mix(c, '#ffffff', t);

// ---------------------------------------------------------------------------
// SVG element helpers (all return markup strings)

export function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${fill}"${extra}/>`;
}

export function rrect(x: number, y: number, w: number, h: number, r: number, fill: string, extra = ''): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(r)}" fill="${fill}"${extra}/>`;
}

export function circle(cx: number, cy: number, r: number, fill: string, extra = ''): string {
  return `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${fill}"${extra}/>`;
}

export function ellipse(cx: number, cy: number, rx: number, ry: number, fill: string, extra = ''): string {
  return `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(ry)}" fill="${fill}"${extra}/>`;
}

export function path(d: string, fill: string, extra = ''): string {
  return `<path d="${d}" fill="${fill}"${extra}/>`;
}

export function stroke(d: string, color: string, width: number, extra = ''): string {
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${n(width)}"${extra}/>`;
}

/** Round dots drawn as zero-length round-capped segments: very compact for crowds and stars. */
export function dots(points: readonly Pt[], color: string, size: number, extra = ''): string {
  if (points.length === 0) return '';
  const d = points.map(([x, y]) => `M${n(x)} ${n(y)}h0`).join('');
  return `<path d="${d}" stroke="${color}" stroke-width="${n(size)}" stroke-linecap="round"${extra}/>`;
}

/** Polygon path data in whole pixels. */
export function polyD(points: readonly Pt[], close = true): string {
  let d = '';
  points.forEach(([x, y], i) => {
    d += `${i === 0 ? 'M' : i === 1 ? 'L' : ' '}${ni(x)} ${ni(y)}`;
  });
  return close ? `${d}Z` : d;
}

/** Circle as path data, drawn clockwise so unions of circles fill solidly. */
export function circleD(cx: number, cy: number, r: number): string {
  return `M${n(cx - r)} ${n(cy)}a${n(r)} ${n(r)} 0 1 1 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 1 ${n(-2 * r)} 0Z`;
}

export function ellipseD(cx: number, cy: number, rx: number, ry: number): string {
  return `M${n(cx - rx)} ${n(cy)}a${n(rx)} ${n(ry)} 0 1 1 ${n(2 * rx)} 0a${n(rx)} ${n(ry)} 0 1 1 ${n(-2 * rx)} 0Z`;
}

export function rectD(x: number, y: number, w: number, h: number): string {
  return `M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`;
}

export function yAt(points: readonly Pt[], x: number): number {
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

export function fillBelow(points: readonly Pt[], fill: string, bottom = H + 10, extra = ''): string {
  const first = at(points, 0);
  const last = at(points, points.length - 1);
  return path(`${polyD(points, false)} ${n(last[0])} ${n(bottom)} ${n(first[0])} ${n(bottom)}Z`, fill, extra);
}
