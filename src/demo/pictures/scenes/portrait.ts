// A head-and-shoulders portrait of an invented person.

import type { Painter } from '../painter.js';
import { HAIRS, SKINS, VIVID } from '../palette.js';
import { circle, circleD, ellipse, H, hsl, n, path, rect, rectD, shade, stroke, tint, W } from '../svg-primitives.js';

export function portrait(p: Painter): void {
  const hue = p.r(0, 360);
  const bg1 = hsl(hue, p.r(15, 40), p.r(60, 76));
  const bg2 = hsl(hue + 20, p.r(20, 35), p.r(25, 38));
  p.add(
    rect(
      0,
      0,
      W,
      H,
      p.radial(
        [
          [0, bg1],
          [1, bg2],
        ],
        0.5,
        0.45,
        0.75,
      ),
    ),
  );
  let bokeh = '';
  for (let i = 0; i < p.int(4, 10); i++) bokeh += circleD(p.r(0, W), p.r(0, H), p.r(30, 110));
  p.add(path(bokeh, '#ffffff', ' opacity=".07"'));
  const cx = p.pick([W * 0.5, W * 0.38, W * 0.62]) + p.r(-30, 30);
  const hy = p.r(360, 390);
  const skin = p.pick(SKINS);
  const skinShade = shade(skin, 0.14);
  const hair = p.pick(HAIRS);
  const style = p.pick(['short', 'long', 'bun', 'curly', 'bald', 'bob'] as const);
  const rx = 112;
  const ry = 142;
  // long hair sits behind the shoulders
  if (style === 'long')
    p.add(
      path(
        `M${n(cx - rx - 20)} ${n(hy)}C${n(cx - rx - 30)} ${n(hy + 180)} ${n(cx - rx - 40)} ${n(hy + 260)} ${n(cx - rx - 10)} ${n(hy + 300)}H${n(cx + rx + 10)}C${n(cx + rx + 40)} ${n(hy + 260)} ${n(cx + rx + 30)} ${n(hy + 180)} ${n(cx + rx + 20)} ${n(hy)}Z`,
        hair,
      ),
    );
  if (style === 'bob')
    p.add(path(`M${n(cx - rx - 26)} ${n(hy - 20)}V${n(hy + 120)}q${n(rx + 26)} 30 ${n(2 * rx + 52)} 0V${n(hy - 20)}Z`, hair));
  // neck and shoulders
  p.add(rect(cx - 46, hy + 90, 92, 170, skinShade));
  const shirt = p.pick(['#f2f2ee', '#cfe0f0', '#f0e0d0', '#2a2a2e']);
  const jacket = p.pick(['#2a3346', '#3a3a3a', '#5a2a2a', '#2f4a3a', '#6a5a4a', '#1f5a7a', '#c8663a']);
  const kind = p.pick(['jacket', 'sweater', 'blouse'] as const);
  const shoulders = `M${n(cx - 340)} ${H + 10}C${n(cx - 335)} 720 ${n(cx - 260)} 640 ${n(cx - 110)} 620L${n(cx + 110)} 620C${n(cx + 260)} 640 ${n(cx + 335)} 720 ${n(cx + 340)} ${H + 10}Z`;
  if (kind === 'jacket') {
    p.add(path(shoulders, jacket));
    p.add(path(`M${n(cx - 70)} 610L${n(cx)} ${H + 10}L${n(cx + 70)} 610Z`, shirt));
    p.add(path(`M${n(cx - 50)} 600L${n(cx)} 690L${n(cx + 50)} 600L${n(cx + 20)} 596L${n(cx)} 640L${n(cx - 20)} 596Z`, tint(shirt, 0.2)));
    if (p.chance(0.5)) p.add(path(`M${n(cx - 14)} 650L${n(cx + 14)} 650L${n(cx + 22)} 820L${n(cx)} 850L${n(cx - 22)} 820Z`, p.pick(VIVID)));
    p.add(
      path(
        `M${n(cx - 110)} 620L${n(cx - 40)} 780L${n(cx - 70)} 640Z M${n(cx + 110)} 620L${n(cx + 40)} 780L${n(cx + 70)} 640Z`,
        shade(jacket, 0.25),
      ),
    );
  } else if (kind === 'sweater') {
    p.add(path(shoulders, jacket), path(`M${n(cx - 70)} 612q70 70 140 0`, 'none', ` stroke="${shade(jacket, 0.25)}" stroke-width="16"`));
  } else {
    const c = p.pick(VIVID);
    p.add(path(shoulders, c), path(`M${n(cx - 60)} 612L${n(cx)} 700L${n(cx + 60)} 612Z`, skinShade));
  }
  // head
  p.add(ellipse(cx - rx + 2, hy + 14, 20, 32, skinShade), ellipse(cx + rx - 2, hy + 14, 20, 32, skinShade));
  p.add(ellipse(cx, hy, rx, ry, skin));
  p.add(path(`M${n(cx - 60)} ${n(hy + 125)}q60 30 120 0q-60 45 -120 0Z`, skinShade, ' opacity=".5"'));
  // hair on top
  if (style === 'short' || style === 'long' || style === 'bob' || style === 'bun') {
    p.add(
      path(
        `M${n(cx - rx - 8)} ${n(hy + 10)}C${n(cx - rx - 20)} ${n(hy - ry - 40)} ${n(cx + rx + 20)} ${n(hy - ry - 40)} ${n(cx + rx + 8)} ${n(hy + 10)}C${n(cx + rx - 14)} ${n(hy - 60)} ${n(cx + 10)} ${n(hy - ry + 50)} ${n(cx - 60)} ${n(hy - ry + 40)}C${n(cx - 90)} ${n(hy - 70)} ${n(cx - rx + 6)} ${n(hy - 40)} ${n(cx - rx - 8)} ${n(hy + 10)}Z`,
        hair,
      ),
    );
    if (style === 'bun') p.add(circle(cx + 10, hy - ry - 30, 52, hair));
  } else if (style === 'curly') {
    let curls = '';
    for (let i = 0; i <= 12; i++) {
      const a = Math.PI * (1.05 + (0.9 * i) / 12);
      curls += circleD(cx + Math.cos(a) * (rx + 8), hy - 20 + Math.sin(a) * (ry + 4), p.r(28, 40));
    }
    p.add(path(curls, hair));
  } else {
    p.add(
      path(
        `M${n(cx - rx - 2)} ${n(hy - 10)}q-4 60 10 90M${n(cx + rx + 2)} ${n(hy - 10)}q4 60 -10 90`,
        'none',
        ` stroke="${hair}" stroke-width="16" stroke-linecap="round"`,
      ),
    );
  }
  // face
  const eyeY = hy + p.r(0, 12);
  const eyeDx = p.r(40, 48);
  p.add(ellipse(cx - eyeDx, eyeY, 9, 11, '#2a2220'), ellipse(cx + eyeDx, eyeY, 9, 11, '#2a2220'));
  p.add(
    stroke(
      `M${n(cx - eyeDx - 22)} ${n(eyeY - 26)}q22 -12 42 -2M${n(cx + eyeDx + 22)} ${n(eyeY - 26)}q-22 -12 -42 -2`,
      shade(hair === '#e8e4dc' ? '#9a9a9a' : hair, 0.1),
      7,
      ' stroke-linecap="round"',
    ),
  );
  p.add(
    stroke(`M${n(cx - 4)} ${n(eyeY + 20)}q-10 34 2 40q8 2 14 -4`, shade(skin, 0.3), 4, ' stroke-linecap="round" stroke-linejoin="round"'),
  );
  const smile = p.r(6, 18);
  p.add(stroke(`M${n(cx - 32)} ${n(hy + 86)}q32 ${n(smile)} 64 0`, shade(skin, 0.45), 6, ' stroke-linecap="round"'));
  p.add(ellipse(cx - 68, hy + 60, 22, 12, '#e06060', ' opacity=".12"'), ellipse(cx + 68, hy + 60, 22, 12, '#e06060', ' opacity=".12"'));
  if (p.chance(0.35)) {
    const frame = p.pick(['#1a1a1a', '#6a4a2a', '#b0b4b8']);
    p.add(
      stroke(
        `${rectD(cx - eyeDx - 34, eyeY - 24, 66, 48)}${rectD(cx + eyeDx - 32, eyeY - 24, 66, 48)}M${n(cx - eyeDx + 32)} ${n(eyeY - 4)}q${n(eyeDx - 32)} -10 ${n(2 * eyeDx - 64)} 0`,
        frame,
        5,
        ' stroke-linejoin="round"',
      ),
    );
  }
}
