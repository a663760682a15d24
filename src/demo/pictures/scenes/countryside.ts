// Country scenes: fields, a forest, a river in the mountains.

import { drawClouds, drawSky, gullsMarkup, hills, mountains, pineD, roundTreeMarkup } from '../landscape.js';
import type { Painter } from '../painter.js';
import {
  at,
  circle,
  circleD,
  dots,
  ellipse,
  ellipseD,
  fillBelow,
  H,
  lerp,
  mix,
  n,
  type Pt,
  path,
  polyD,
  rect,
  rectD,
  shade,
  stroke,
  tint,
  W,
  yAt,
} from '../svg-primitives.js';

export function field(p: Painter): void {
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

export function forest(p: Painter): void {
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

export function river(p: Painter): void {
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
