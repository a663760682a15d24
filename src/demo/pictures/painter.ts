// Painter: collects defs and body, knows the time of day and the sky colours. All of a
// picture's randomness comes from the one seeded PRNG it holds, so the order of draw calls
// is part of the picture: reordering them changes the output.

import { at, H, hsl, mix, n, type Random, shade, W } from './svg-primitives.js';

type TimeOfDay = 'dawn' | 'day' | 'dusk' | 'night';
type Stop = readonly [offset: number, color: string, opacity?: number];

export class Painter {
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
