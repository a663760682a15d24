// Halls where people face a front: a council chamber and a theatre stage.

import type { Painter } from '../painter.js';
import { VIVID } from '../palette.js';
import {
  circle,
  circleD,
  ellipse,
  ellipseD,
  H,
  hsl,
  lerp,
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
} from '../svg-primitives.js';

export function councilChamber(p: Painter): void {
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

export function stage(p: Painter): void {
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
