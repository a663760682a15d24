// Places of learning: a classroom and a laboratory.

import type { Painter } from '../painter.js';
import { HAIRS, VIVID } from '../palette.js';
import { circle, circleD, clamp, H, lerp, n, type Pt, path, polyD, rect, rectD, rrect, shade, stroke, W } from '../svg-primitives.js';

export function classroom(p: Painter): void {
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

export function laboratory(p: Painter): void {
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
