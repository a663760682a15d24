// Scenes with crowds: a street market and a stadium.

import { drawSky } from '../landscape.js';
import type { Painter } from '../painter.js';
import { VIVID } from '../palette.js';
import {
  circle,
  dots,
  ellipse,
  ellipseD,
  H,
  lerp,
  n,
  type Pt,
  path,
  polyD,
  rect,
  rectD,
  rrect,
  shade,
  stroke,
  tint,
  W,
} from '../svg-primitives.js';

export function market(p: Painter): void {
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

export function stadium(p: Painter): void {
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
