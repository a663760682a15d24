/**
 * The printed magazine's stylesheet (CSS Paged Media, as WeasyPrint 57 reads it): the trim with
 * its bleed and crop marks, running heads in the page's margin boxes (magazine name, edition,
 * page number), a full-bleed cover, a contents page whose page numbers come from
 * `target-counter`, stories in two columns, and a back page without heads.
 */
import { MARGIN_MM, TRIMS, type Trim } from './trims.js';

export function editionCss(p: { trim: Trim; bleedMm: number; fontsUrl: string; runningHead: string; name: string }): string {
  const t = TRIMS[p.trim];
  const b = p.bleedMm;
  const font = (family: string, file: string, weight: number, style = 'normal') =>
    `@font-face { font-family: '${family}'; src: url('${p.fontsUrl}/${file}'); font-weight: ${weight}; font-style: ${style}; }`;
  return `
${font('EB Garamond', 'EBGaramond12-Regular.otf', 400)}
${font('EB Garamond', 'EBGaramond12-Italic.otf', 400, 'italic')}
${font('Inter', 'Inter-Regular.otf', 400)}
${font('Inter', 'Inter-SemiBold.otf', 600)}
${font('Inter', 'Inter-Bold.otf', 700)}

@page {
  size: ${t.widthMm}mm ${t.heightMm}mm;
  margin: ${MARGIN_MM.top}mm ${MARGIN_MM.side}mm ${MARGIN_MM.bottom}mm;
  bleed: ${b}mm;
  marks: ${b > 0 ? 'crop' : 'none'};
  @top-left { content: ${cssString(p.name)}; font: 600 7pt Inter; letter-spacing: 0.08em; text-transform: uppercase; }
  @top-right { content: ${cssString(p.runningHead)}; font: 400 7pt Inter; color: #444; }
  @bottom-center { content: counter(page); font: 600 8pt Inter; }
}
@page cover { margin: 0; @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }
@page back { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }

html { font: 400 10pt/1.38 'EB Garamond'; color: #111; }
body { margin: 0; }
h1, h2, h3, .kicker, .byline, figcaption, .code-caption, .contents, .updates h3 { font-family: Inter; }
strong, b { font-family: Inter; font-weight: 600; font-size: 0.92em; }

.cover { page: cover; position: relative; width: ${t.widthMm}mm; height: ${t.heightMm}mm; overflow: visible; }
.cover-picture { position: absolute; top: -${b}mm; left: -${b}mm; width: ${t.widthMm + 2 * b}mm; height: ${t.heightMm + 2 * b}mm; object-fit: cover; }
.cover-band { position: absolute; top: -${b}mm; left: -${b}mm; right: -${b}mm; padding: ${12 + b}mm ${MARGIN_MM.side + b}mm 6mm; background: #fff; }
.cover-name { font: 700 40pt/1 Inter; letter-spacing: -0.02em; margin: 0; }
.cover-edition { font: 600 9pt Inter; margin: 3mm 0 0; text-transform: uppercase; letter-spacing: 0.08em; }
.cover-story { position: absolute; left: -${b}mm; right: -${b}mm; bottom: -${b}mm; padding: 8mm ${MARGIN_MM.side + b}mm ${14 + b}mm; background: rgba(0, 0, 0, 0.72); color: #fff; }
.cover-story h2 { font: 700 24pt/1.1 Inter; margin: 0 0 3mm; }
.cover-story p { font: italic 400 13pt/1.3 'EB Garamond'; margin: 0; }
.cover-credit { position: absolute; right: ${MARGIN_MM.side}mm; bottom: 5mm; font: 400 6pt Inter; color: #ddd; }

.contents-page { break-before: page; }
.contents-page h2 { font: 700 22pt/1.1 Inter; margin: 0 0 6mm; }
.note { border-top: 0.6pt solid #111; border-bottom: 0.6pt solid #111; padding: 4mm 0; margin: 0 0 8mm; }
.note h3 { font: 600 8pt Inter; text-transform: uppercase; letter-spacing: 0.08em; margin: 0 0 2mm; }
.note p { font-size: 11pt; margin: 0 0 2mm; }
.contents { list-style: none; margin: 0; padding: 0; }
.contents li { margin: 0 0 3mm; break-inside: avoid; }
.contents a { color: inherit; text-decoration: none; display: block; font: 600 11pt/1.25 Inter; }
.contents a::after { content: leader('. ') target-counter(attr(href), page); font-weight: 700; }
.contents .entry-kicker { font: 600 7pt Inter; text-transform: uppercase; letter-spacing: 0.08em; color: #555; }
.contents .entry-dek { font: italic 400 9.5pt/1.25 'EB Garamond'; margin: 0.5mm 0 0; }

.story { break-before: page; }
.kicker { font: 600 7.5pt Inter; text-transform: uppercase; letter-spacing: 0.1em; color: #8a1c1c; margin: 0 0 2mm; }
.story h2 { font: 700 24pt/1.08 Inter; letter-spacing: -0.01em; margin: 0 0 3mm; }
.dek { font: italic 400 13pt/1.3 'EB Garamond'; margin: 0 0 3mm; }
.byline { font: 400 8pt Inter; color: #333; margin: 0 0 4mm; }
.hero { margin: 0 0 5mm; }
.hero img { display: block; width: 100%; max-height: 120mm; object-fit: cover; }
figcaption { font: 400 7.5pt/1.35 Inter; color: #333; margin-top: 1.5mm; }
.credit { color: #666; text-transform: uppercase; font-size: 6.5pt; letter-spacing: 0.04em; }
.body { columns: 2; column-gap: 6mm; text-align: justify; hyphens: auto; }
.body p { margin: 0; text-indent: 1em; orphans: 2; widows: 2; }
.body p:first-child, .body h2 + p, .body h3 + p, .body blockquote + p { text-indent: 0; }
.body h2, .body h3 { font: 700 10pt/1.3 Inter; margin: 3mm 0 1mm; break-after: avoid; }
.body ul, .body ol { margin: 1mm 0 2mm 4mm; padding: 0; }
.body li::marker { font-family: Inter; font-size: 0.8em; }
.body blockquote { margin: 2mm 0; font-style: italic; }
.body .pullquote, .body blockquote.pullquote { font: italic 400 15pt/1.2 'EB Garamond'; border-top: 1.2pt solid #8a1c1c; border-bottom: 0.6pt solid #8a1c1c;
  padding: 2mm 0; margin: 3mm 0; text-align: left; break-inside: avoid; }
.body table { font: 400 7.5pt Inter; border-collapse: collapse; width: 100%; }
.body td, .body th { border-bottom: 0.4pt solid #999; padding: 0.6mm; }
.body a { color: inherit; text-decoration: none; }
.jump { font: 600 7.5pt Inter; text-align: right; margin: 2mm 0 0; }
.jump a { color: inherit; text-decoration: none; }
.jump a::after { content: target-counter(attr(href), page); }
.updates { margin: 4mm 0 0; padding-top: 2mm; border-top: 0.6pt solid #999; break-inside: avoid; }
.updates h3 { font: 600 7.5pt Inter; text-transform: uppercase; letter-spacing: 0.08em; margin: 0 0 1mm; }
.updates p { margin: 0 0 1mm; font-size: 9pt; }
.story-code { display: flex; align-items: center; margin: 5mm 0 0; padding-top: 3mm; border-top: 0.6pt solid #111; break-inside: avoid; }
.qr { width: 22mm; height: 22mm; flex: none; margin-right: 4mm; }
.qr svg { width: 100%; height: 100%; }
.code-caption { font: 600 8pt/1.3 Inter; }
.code-url { display: block; font: 400 7pt Inter; color: #444; }

.continued { break-before: page; }
.continued-part + .continued-part { margin-top: 8mm; }
.continued h3 { font: 700 13pt/1.2 Inter; margin: 0 0 1mm; }
.continued .from { font: 600 7.5pt Inter; margin: 0 0 3mm; }
.continued .from a { color: inherit; text-decoration: none; }
.continued .from a::after { content: target-counter(attr(href), page); }

.back { page: back; break-before: page; text-align: center; padding-top: 40mm; }
.back h2 { font: 700 26pt/1.1 Inter; margin: 0 0 6mm; }
.back p { font-size: 13pt; margin: 0 auto 8mm; max-width: 120mm; }
.back .qr { width: 50mm; height: 50mm; margin: 0 auto 4mm; }
.back .code-url { font-size: 9pt; }
.back .imprint { margin-top: 40mm; font: 400 7pt Inter; color: #555; }
`;
}

/** A CSS string literal. */
export function cssString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}
