// Scenes on open water: a container harbour (ship, tug, cranes) and sailing boats off a coast.

import { drawClouds, drawSky, gullsMarkup, hills, sunGlitter, waterLines } from '../landscape.js';
import type { Painter } from '../painter.js';
import { VIVID } from '../palette.js';
import {
  circle,
  ellipse,
  ellipseD,
  fillBelow,
  H,
  lerp,
  n,
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

export function harbour(p: Painter): void {
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

export function boats(p: Painter): void {
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
