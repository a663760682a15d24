// Weather: a storm over sea or land.

import { hills } from '../landscape.js';
import type { Painter } from '../painter.js';
import { circle, circleD, fillBelow, H, hsl, lerp, n, type Pt, path, polyD, rect, rectD, stroke, W, yAt } from '../svg-primitives.js';

export function storm(p: Painter): void {
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
