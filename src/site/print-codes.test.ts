/**
 * The print view's QR codes: the SVG carries exactly the module matrix `qrcode` encodes for the
 * URL (no decoder is installed, so the path is read back into modules and compared), with the
 * captions and the URLs in text.
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { ARTICLE_CODE_CAPTION, PrintCodes, printCodesFor, qrSvg, SUBSCRIBE_CODE_CAPTION } from './print-codes.js';

/** The dark modules an SVG made by `qrSvg` draws, row by row. */
function modulesOfSvg(svg: string): { size: number; data: number[] } {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path stroke="#000" d="([^"]*)"/.exec(svg)?.[1] ?? '';
  const data = new Array<number>(size * size).fill(0);
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mmh])(\d+(?:\.\d+)?)(?: (\d+(?:\.\d+)?))?/g)) {
    if (cmd === 'M') {
      x = Number(a);
      y = Math.floor(Number(b));
    } else if (cmd === 'm') {
      x += Number(a);
    } else {
      for (let i = 0; i < Number(a); i++) data[y * size + x + i] = 1;
      x += Number(a);
    }
  }
  return { size, data };
}

describe('print codes', () => {
  const article = 'https://paper.test/news/2026/11/20/harbour-vote-delays-dredging';
  const subscribe = 'https://paper.test/subscribe';

  it('draws exactly the module matrix qrcode encodes for each URL', () => {
    for (const url of [article, subscribe, 'https://paper.test/x']) {
      const svg = qrSvg(url);
      const expected = create(url, { errorCorrectionLevel: 'M' }).modules;
      const drawn = modulesOfSvg(svg);
      expect(drawn.size).toBe(expected.size);
      expect(drawn.data).toEqual(Array.from(expected.data, (v) => (v ? 1 : 0)));
    }
  });

  it('renders both codes with their captions and URLs in text, the QR paths inline', () => {
    const codes = printCodesFor('https://paper.test', '/news/2026/11/20/harbour-vote-delays-dredging');
    expect(codes.map((c) => c.url)).toEqual([article, subscribe]);
    const html = renderToString(h(PrintCodes, { codes }));
    expect(html).toContain('class="print-codes"');
    expect(html.match(/<svg [^>]*viewBox="0 0 \d+ \d+"/g)).toHaveLength(2);
    expect(html.match(/<path stroke="#000" d="M\d+ 0\.5h\d/g)).toHaveLength(2);
    expect(html).toContain(ARTICLE_CODE_CAPTION);
    expect(html).toContain(SUBSCRIBE_CODE_CAPTION);
    expect(html).toContain(`<span class="print-code-url">${article}</span>`);
    expect(html).toContain(`<span class="print-code-url">${subscribe}</span>`);
  });

  it('makes each URL’s code once', () => {
    expect(qrSvg(article)).toBe(qrSvg(article));
    expect(qrSvg(article)).not.toBe(qrSvg(subscribe));
  });
});
