// City scenes: a skyline and a street drawn in perspective.

import { drawClouds, drawSky, roundTreeMarkup, waterLines } from '../landscape.js';
import type { Painter } from '../painter.js';
import { VIVID } from '../palette.js';
import { circle, dots, ellipse, H, n, type Pt, path, polyD, rect, rectD, rrect, shade, stroke, tint, W } from '../svg-primitives.js';

export function skyline(p: Painter): void {
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

export function street(p: Painter): void {
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
