/**
 * The print view's two QR codes: one to the story online, one to the
 * subscription page. Hidden on screen (site.css), shown on paper (print.css).
 *
 * The codes are inline SVG drawn on the server from the module matrix of `qrcode`'s synchronous
 * `create` (its `toString` is promise-based), so the page needs no script, the route needs no
 * extra await, and the view stays a pure function of its props. Each module row becomes
 * horizontal runs of a 1-unit stroke, as `qrcode`'s own SVG renderer draws them. Only its core is
 * loaded (qrcode-core.d.ts): the package's main entry would load its PNG renderer and pngjs into
 * every serving process at start.
 */
import { create } from 'qrcode/lib/core/qrcode.js';

export interface PrintCode {
  url: string;
  caption: string;
  /** The QR code as an `<svg>` element, made by `qrSvg`. */
  svg: string;
}

export const ARTICLE_CODE_CAPTION = 'Read this story online';
export const SUBSCRIBE_CODE_CAPTION = 'Start your subscription today';

/** The path of the subscription page the second code leads to. */
export const SUBSCRIBE_PATH = '/subscribe';

/** The two codes of an article's print view. */
export function printCodesFor(publicUrl: string, articlePath: string): PrintCode[] {
  const articleUrl = publicUrl + articlePath;
  const subscribeUrl = publicUrl + SUBSCRIBE_PATH;
  return [
    { url: articleUrl, caption: ARTICLE_CODE_CAPTION, svg: qrSvg(articleUrl) },
    { url: subscribeUrl, caption: SUBSCRIBE_CODE_CAPTION, svg: qrSvg(subscribeUrl) },
  ];
}

/**
 * Made once per URL: every variant of an article page (counter 1, 2, 3 of 3, walled, …) carries
 * the same two codes. Bounded; the oldest entry goes first.
 */
const made = new Map<string, string>();
const MAX_MADE = 1_000;

/** A QR code for `url` (error correction M, no quiet zone: the print CSS leaves the white margin). */
export function qrSvg(url: string): string {
  const known = made.get(url);
  if (known !== undefined) return known;
  const { modules } = create(url, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges" aria-hidden="true" focusable="false">` +
    `<path fill="#fff" d="M0 0h${n}v${n}H0z"/><path stroke="#000" d="${modulePath(modules.data, n)}"/></svg>`;
  if (made.size >= MAX_MADE) {
    const oldest = made.keys().next();
    if (!oldest.done) made.delete(oldest.value);
  }
  made.set(url, svg);
  return svg;
}

/** Dark modules as runs: `M{col} {row}.5` starts a row, `m{gap} 0` skips light ones, `h{n}` draws n. */
function modulePath(data: Uint8Array, n: number): string {
  let d = '';
  for (let row = 0; row < n; row++) {
    let pen = -1;
    let col = 0;
    while (col < n) {
      if (!data[row * n + col]) {
        col++;
        continue;
      }
      let end = col;
      while (end < n && data[row * n + end]) end++;
      d += `${pen < 0 ? `M${col} ${row}.5` : `m${col - pen} 0`}h${end - col}`;
      pen = end;
      col = end;
    }
  }
  return d;
}

/** The block under the story that only paper shows: each code with its caption and its URL in text. */
export function PrintCodes({ codes }: { codes: PrintCode[] }) {
  return (
    <aside class="print-codes" aria-label="QR codes for the printed page">
      {codes.map((c) => (
        <figure class="print-code" key={c.url}>
          <div class="print-code-image" dangerouslySetInnerHTML={{ __html: c.svg }} />
          <figcaption>
            <strong>{c.caption}</strong>
            <span class="print-code-url">{c.url}</span>
          </figcaption>
        </figure>
      ))}
    </aside>
  );
}
