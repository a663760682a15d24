/**
 * The print-ready PDF, through the real engine (WeasyPrint) and checked with a print shop's
 * tools: structure (qpdf), fonts embedded (pdffonts), trim and bleed boxes (pdfinfo -box), the
 * contents page's page numbers and the running heads (pdftotext), and each QR code read back
 * from a rendered page. A frozen edition gives the same bytes twice, on both databases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../db/test-databases.js';
import { AppError } from '../../http/app-error.js';
import type { TestApp } from '../../test-support/test-app.js';
import { WEEK_HEADS } from '../magazine-test-support.js';
import { type EditionPdfDeps, makeEditionPdf } from './edition-pdf.js';
import { type PdfTestBed, QUIET, startPdfTestBed } from './edition-pdf-test-support.js';
import { boxesOf, fontsOf, pageText, qpdfCheck, qrOnPage } from './pdf-preflight.js';

const SHOTS = process.env.MASTHEAD_SHOTS_DIR;

describe.each(DIALECTS)('the magazine PDF on %s', (dialect) => {
  let bed: PdfTestBed;
  let t: TestApp;
  let dir = '';
  let deps: EditionPdfDeps;

  beforeAll(async () => {
    bed = await startPdfTestBed(dialect, 'masthead-pdf-');
    ({ t, dir, deps } = bed);
    const { ids } = bed;
    // Edition 1: every story of the week with a picture, frozen. Edition 2: a draft holding the one without.
    const one = await t.services.magazine.propose('2026-12-01', 'test');
    await t.services.magazine.update(one.edition.number, { editorNote: 'Storms, budgets and a derby.\n\nThank you for reading.' }, 'test');
    await t.services.magazine.freeze(one.edition.number, 'test');
    const two = await t.services.magazine.propose('2026-12-09', 'test');
    await t.services.magazine.update(two.edition.number, { storyIds: [ids[0] ?? '', ids[3] ?? ''] }, 'test');
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('makes an A4 edition a printer accepts: sound file, fonts embedded, trim and bleed boxes, contents with page numbers, codes that read', async () => {
    const out = path.join(dir, 'a4.pdf');
    const r = await makeEditionPdf(deps, { edition: 1, trim: 'a4', bleedMm: 3, out }, QUIET);
    // A landscape picture of 2400 × 1600 px cropped to fill a portrait A4 page and its bleed.
    expect(r.warnings).toEqual(['the cover picture prints at 134 ppi, below the 200 ppi a printer needs: use a larger original']);
    expect(qpdfCheck(out)).toContain('No syntax or stream encoding errors found');
    const fonts = fontsOf(out);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'EB-Garamond',
      'EB-Garamond-Italic',
      'Inter',
      'Inter-Bold',
      'Inter-Semi-Bold',
    ]);
    expect(fonts.every((f) => f.embedded)).toBe(true);

    const { pages, boxes } = boxesOf(out);
    // A4 is 595.28 × 841.89 pt; 3 mm of bleed is 8.50 pt on every side.
    expect(boxes.TrimBox).toEqual({ x0: 0, y0: 0, x1: 595.28, y1: 841.89 });
    expect(boxes.BleedBox).toEqual({ x0: -8.5, y0: -8.5, x1: 603.78, y1: 850.39 });
    // Cover, contents, four stories of a page each, the back page.
    expect(pages).toBe(7);

    const contents = pageText(out, 2);
    expect(contents).toContain('FROM THE EDITOR');
    expect(contents).toContain('Thank you for reading.');
    // The stories in their order, each with the page it starts on.
    const { content } = await t.services.magazine.content(1);
    const printed = content.stories.map((s) => s.headline);
    expect(printed.sort()).toEqual(
      WEEK_HEADS.filter((_, i) => i !== 3)
        .map((h) => h[0])
        .sort(),
    );
    content.stories
      .map((s) => s.headline)
      .forEach((headline, i) => {
        expect(contents).toMatch(new RegExp(`${headline.slice(0, 30)}[^\\n]*\\.\\s+${i + 3}\\s*$`, 'm'));
      });
    const story = pageText(out, 3);
    expect(story).toMatch(/THE TEST LEDGER WEEKLY\s+Vol\. 1, No\. 1 · 7 December 2026/);
    expect(story).toContain('Read this story online');

    const edition = await t.services.magazine.get(1);
    const codeOf = (i: number) => t.services.printCodes.storyUrl(edition, content.stories[i] ?? (undefined as never), i);
    expect(codeOf(0)).toMatch(/^https:\/\/paper\.test\/p\/[A-Za-z0-9_-]{20}$/);
    expect(await qrOnPage(out, 3, SHOTS && path.join(SHOTS, `pdf-${dialect}-story-page.png`))).toBe(codeOf(0));
    expect(await qrOnPage(out, 6)).toBe(codeOf(3));
    expect(await qrOnPage(out, 7, SHOTS && path.join(SHOTS, `pdf-${dialect}-back-page.png`))).toBe(t.services.printCodes.backUrl(edition));
  }, 300_000);

  it('gives the same bytes for a frozen edition every time', async () => {
    const a = path.join(dir, 'again-1.pdf');
    const b = path.join(dir, 'again-2.pdf');
    await makeEditionPdf(deps, { edition: 1, trim: 'letter', bleedMm: 3, out: a }, QUIET);
    await makeEditionPdf(deps, { edition: 1, trim: 'letter', bleedMm: 3, out: b }, QUIET);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    // US Letter: 612 × 792 pt.
    expect(boxesOf(a).boxes.TrimBox).toEqual({ x0: 0, y0: 0, x1: 612, y1: 792 });
    // Each engine run is a process of its own: slow on a loaded machine, and no wall-time bound is meant.
  }, 300_000);

  it('refuses an edition holding a story without a picture, or one that does not exist, and writes nothing', async () => {
    const out = path.join(dir, 'refused.pdf');
    const err = await makeEditionPdf(deps, { edition: 2, trim: 'a4', bleedMm: 3, out }, QUIET).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields).toEqual([
      { field: 'stories[1]', message: '"The night shift at the fish market" has no picture: give the story one, or take it out' },
    ]);
    await expect(makeEditionPdf(deps, { edition: 9, trim: 'a4', bleedMm: 3, out }, QUIET)).rejects.toMatchObject({ statusCode: 404 });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('refused') || f.includes('.partial'))).toEqual([]);
  });
});
