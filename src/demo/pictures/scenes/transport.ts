// Transport scenes: a train crossing the country, a bridge over water.

import { drawClouds, drawSky, hills, roundTreeMarkup, sunGlitter, waterLines } from '../landscape.js';
import type { Painter } from '../painter.js';
import { VIVID } from '../palette.js';
import { circle, circleD, fillBelow, H, n, path, rect, rectD, rrect, shade, stroke, tint, W, yAt } from '../svg-primitives.js';

export function train(p: Painter): void {
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

export function bridge(p: Painter): void {
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
