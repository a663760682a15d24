/**
 * `masthead magazine pdf --cmyk`: the same edition through Ghostscript to CMYK, checked with a
 * print shop's tools: a sound file (qpdf), every font embedded (pdffonts), the trim and bleed
 * boxes of the RGB file kept (pdfinfo -box), every picture in CMYK (pdfimages -list), the
 * OutputIntent with its profile (and no PDF/X claim: the pages keep WeasyPrint's transparency),
 * the story's QR code still reading, and the same bytes for a frozen edition twice. Skipped where
 * Ghostscript is not installed, except in CI (CI=true, as test-databases.ts reads it), where a test
 * that `gs` is there fails instead (.ci/run installs it). On SQLite: the conversion does not touch
 * the database.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test-support/test-app.js';
import { type EditionPdfDeps, makeEditionPdf } from './edition-pdf.js';
import { type PdfTestBed, QUIET, startPdfTestBed } from './edition-pdf-test-support.js';
import { type Box, boxesOf, fontsOf, qpdfCheck, qrOnPage } from './pdf-preflight.js';

function hasGhostscript(): boolean {
  try {
    execFileSync('gs', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const GHOSTSCRIPT = hasGhostscript();

// Skipped only on a developer's machine without Ghostscript. In CI it always runs: .ci/run installs
// gs, and a missing one fails the first test below with that reason instead of skipping.
describe.skipIf(!GHOSTSCRIPT && process.env.CI !== 'true')('the magazine PDF in CMYK through Ghostscript', () => {
  let bed: PdfTestBed;
  let t: TestApp;
  let dir = '';
  let deps: EditionPdfDeps;

  beforeAll(async () => {
    bed = await startPdfTestBed('sqlite', 'masthead-cmyk-');
    ({ t, dir, deps } = bed);
    const one = await t.services.magazine.propose('2026-12-01', 'test');
    await t.services.magazine.freeze(one.edition.number, 'test');
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('converts to CMYK with an OutputIntent, keeps the boxes and the fonts, and gives the same bytes twice', async () => {
    expect(GHOSTSCRIPT, 'Ghostscript (gs) is not installed: .ci/run installs it, and --cmyk needs it').toBe(true);
    const rgb = path.join(dir, 'rgb.pdf');
    const cmyk = path.join(dir, 'cmyk.pdf');
    const again = path.join(dir, 'cmyk-again.pdf');
    await makeEditionPdf(deps, { edition: 1, trim: 'a4', bleedMm: 3, out: rgb }, QUIET);
    const r = await makeEditionPdf(deps, { edition: 1, trim: 'a4', bleedMm: 3, out: cmyk, cmyk: true }, QUIET);
    expect(r.bytes).toBe(fs.statSync(cmyk).size);

    expect(qpdfCheck(cmyk)).toContain('No syntax or stream encoding errors found');
    const original = boxesOf(rgb);
    const converted = boxesOf(cmyk);
    expect(converted.pages).toBe(original.pages);
    // Ghostscript moves the page's origin to the MediaBox's corner: each box keeps its size and its
    // place on the sheet, which is what the printer's imposition reads.
    const onSheet = (b: Record<string, Box>, name: string) => {
      const m = b.MediaBox as Box;
      const x = b[name] as Box;
      return [x.x0 - m.x0, x.y0 - m.y0, x.x1 - m.x0, x.y1 - m.y0].map((v) => Math.round(v * 100) / 100);
    };
    /** Each number within 0.05 pt (0.02 mm): Ghostscript writes the MediaBox to two places (858.9 for 858.89). */
    const near = (got: number[], want: number[], what = '') => {
      for (const [k, v] of got.entries()) expect(Math.abs(v - (want[k] ?? Number.NaN)), `${what}[${k}]`).toBeLessThanOrEqual(0.05);
    };
    for (const name of ['MediaBox', 'TrimBox', 'BleedBox']) near(onSheet(converted.boxes, name), onSheet(original.boxes, name), name);
    const trim = converted.boxes.TrimBox as Box;
    const bleed = converted.boxes.BleedBox as Box;
    // A4 (595.28 × 841.89 pt) with 3 mm (8.50 pt) of bleed on every side.
    near([trim.x1 - trim.x0, trim.y1 - trim.y0], [595.28, 841.89]);
    near([trim.x0 - bleed.x0, trim.y0 - bleed.y0, bleed.x1 - trim.x1, bleed.y1 - trim.y1], [8.5, 8.5, 8.5, 8.5]);
    // Every page has them, not the first one alone (pdfinfo -box -f 1 -l N lists each page's).
    const perPage = execFileSync('pdfinfo', ['-box', '-f', '1', '-l', String(converted.pages), cmyk], { encoding: 'utf8' });
    expect(perPage.match(/^Page\s+\d+ TrimBox:/gm)).toHaveLength(converted.pages);
    expect(perPage.match(/^Page\s+\d+ BleedBox:/gm)).toHaveLength(converted.pages);
    const trims = new Set([...perPage.matchAll(/^Page\s+\d+ TrimBox:\s+(.+)$/gm)].map((m) => m[1]));
    expect(trims.size).toBe(1);

    const fonts = fontsOf(cmyk);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded)).toBe(true);

    // Every picture (the cover and the stories' pictures) is CMYK now.
    const images = execFileSync('pdfimages', ['-list', cmyk], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images.length).toBeGreaterThan(0);
    const colours = images.map((l) => l.trim().split(/\s+/)[5]);
    expect(new Set(colours.filter((c) => c !== 'gray'))).toEqual(new Set(['cmyk']));

    // The OutputIntent with the embedded profile the colours were converted with. No PDF/X version
    // is claimed: WeasyPrint's pages keep real transparency (an alpha below 1), which PDF/X-3 forbids.
    const plain = path.join(dir, 'cmyk-plain.pdf');
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', cmyk, plain]);
    const text = fs.readFileSync(plain, 'latin1');
    expect(text).not.toContain('/GTS_PDFXVersion');
    expect(text).toMatch(/\/S \/GTS_PDFX/);
    expect(text).toMatch(/\/DestOutputProfile \d+ 0 R/);
    // The document's own date, never the moment it was converted.
    expect(text).toMatch(/\/CreationDate \(D:20261207/);

    // The first story's code still reads from the printed page.
    const edition = await t.services.magazine.get(1);
    const { content } = await t.services.magazine.content(1);
    expect(await qrOnPage(cmyk, 3)).toBe(t.services.printCodes.storyUrl(edition, content.stories[0] ?? (undefined as never), 0));

    await makeEditionPdf(deps, { edition: 1, trim: 'a4', bleedMm: 3, out: again, cmyk: true }, QUIET);
    expect(fs.readFileSync(again).equals(fs.readFileSync(cmyk))).toBe(true);
  }, 300_000);
});
