/**
 * `masthead magazine pdf`: the print-ready PDF of an edition. Gathers what the edition prints (a
 * frozen edition's snapshot, a draft's stories now), refuses an edition that cannot be printed
 * (no stories, a story without a picture) before anything is written, warns of pictures below
 * 200 ppi at their printed size, renders the HTML through the engine in a scratch folder, and
 * moves the finished file into place: FILE is never left half-written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import { AppError } from '../../http/app-error.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { qrSvg, SUBSCRIBE_CODE_CAPTION } from '../../site/index.js';
import { editionLabel, type MagazineEdition, magazineName, type PrintImage, type PrintStory, parseDay } from '../magazine.js';
import type { MagazineService } from '../magazine-service.js';
import { editionCss } from './edition-css.js';
import { editionHtml, type PrintCodeProps } from './edition-html.js';
import { convertToCmyk, renderPdf } from './pdf-engine.js';
import { lowResolutionPictures, printableBlocks, splitForJump } from './print-layout.js';
import { printPictures } from './print-pictures.js';
import type { Trim } from './trims.js';

export const FONTS_DIR = path.join(PACKAGE_ROOT, 'src', 'magazine', 'pdf', 'fonts');

export interface EditionPdfDeps {
  magazine: Pick<MagazineService, 'content'>;
  /** The bytes of a stored file (an image's original). */
  readFile(key: string): Promise<Buffer | undefined>;
  siteName(): Promise<string>;
  /** Where each printed code leads: a story's, and the back page's to the subscription page. */
  codes: {
    story(edition: MagazineEdition, story: PrintStory, position: number): string;
    back(edition: MagazineEdition): string;
  };
}

export interface EditionPdfRequest {
  edition: number;
  trim: Trim;
  bleedMm: number;
  out: string;
  /** Converted to CMYK, with its profile as the OutputIntent, through Ghostscript (convertToCmyk), boxes kept. */
  cmyk?: boolean;
}

export interface Progress {
  start(total: number): void;
  step(what: string): void;
  stop(): void;
}

export interface EditionPdfResult {
  warnings: string[];
  bytes: number;
}

function coverDateText(day: string): string {
  const d = parseDay(day);
  return d === null
    ? day
    : new Date(d * 86_400_000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A QR code's URL as printed under it: without the scheme, so it is short enough to type. */
function shown(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

export async function makeEditionPdf(deps: EditionPdfDeps, req: EditionPdfRequest, progress: Progress): Promise<EditionPdfResult> {
  const outDir = path.dirname(path.resolve(req.out));
  if (!fs.existsSync(outDir))
    throw new AppError('VALIDATION_FAILED', 400, `No folder ${outDir} to write ${req.out} in.`, [
      { field: 'out', message: 'no such folder' },
    ]);
  const { edition, content, problems } = await deps.magazine.content(req.edition);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', 400, `Edition No. ${edition.number} cannot be printed.`, problems);
  progress.start(content.stories.length + (req.cmyk ? 5 : 4));
  progress.step('content');

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-magazine-'));
  try {
    await writeEditionPdf(deps, req, progress, { edition, content, outDir, scratch });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const warnings = lowResolutionPictures(content, req.trim, req.bleedMm).map(
    (w) => `${w.where} prints at ${w.ppi} ppi, below the 200 ppi a printer needs: use a larger original`,
  );
  return { warnings, bytes: fs.statSync(req.out).size };
}

type EditionContent = Awaited<ReturnType<MagazineService['content']>>;

/** The HTML (its pictures as files: print-pictures.ts), the engine, and the file put in place. */
async function writeEditionPdf(
  deps: EditionPdfDeps,
  req: EditionPdfRequest,
  progress: Progress,
  at: { edition: EditionContent['edition']; content: EditionContent['content']; outDir: string; scratch: string },
): Promise<void> {
  const { edition, content, outDir, scratch } = at;
  const files = printPictures();
  const pictures = new Map<string, string>();
  const picture = async (img: PrintImage | null): Promise<string | null> => {
    if (!img) return null;
    const known = pictures.get(img.originalKey);
    if (known) return known;
    const bytes = await deps.readFile(img.originalKey);
    if (!bytes)
      throw new AppError('NOT_FOUND', 404, `The picture file ${img.originalKey} is missing from storage.`, [
        { field: 'image', message: img.imageId },
      ]);
    const url = files.url(bytes, img.contentType);
    pictures.set(img.originalKey, url);
    return url;
  };

  const stories = [];
  for (const [i, story] of content.stories.entries()) {
    const { opening, rest } = splitForJump(printableBlocks(story.blocks));
    const url = deps.codes.story(edition, story, i);
    const code: PrintCodeProps = { url, shownUrl: shown(url), svg: qrSvg(url), caption: 'Read this story online' };
    stories.push({ anchor: `story-${i + 1}`, story, picture: await picture(story.hero), opening, rest, code });
    progress.step('pictures');
  }
  const name = magazineName(await deps.siteName());
  const label = editionLabel(edition);
  const coverStory = content.stories.find((s) => s.articleId === edition.coverArticleId) ?? content.stories[0];
  const backUrl = deps.codes.back(edition);
  const documentDate = edition.frozenAt ?? edition.updatedAt;
  const html = editionHtml({
    name,
    label,
    coverDate: coverDateText(edition.coverDate),
    editorNote: edition.editorNote,
    css: editionCss({
      trim: req.trim,
      bleedMm: req.bleedMm,
      fontsUrl: pathToFileURL(FONTS_DIR).href,
      name,
      runningHead: `${label} · ${coverDateText(edition.coverDate)}`,
    }),
    // The edition's own time, never the clock's: the same edition gives the same file.
    documentDate: documentDate.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    cover: coverStory
      ? {
          picture: await picture(content.cover),
          credit: content.cover?.credit ?? '',
          headline: coverStory.headline,
          dek: coverStory.dek,
          anchor: `story-${content.stories.indexOf(coverStory) + 1}`,
        }
      : null,
    stories,
    back: {
      code: { url: backUrl, shownUrl: shown(backUrl), svg: qrSvg(backUrl), caption: SUBSCRIBE_CODE_CAPTION },
      pitch: 'The weekly magazine in your letterbox, the daily email, and every story on the website.',
      imprint: `${name}, ${label}, ${coverDateText(edition.coverDate)}.`,
    },
  });
  progress.step('layout');

  const htmlFile = path.join(scratch, 'edition.html');
  const pdfFile = path.join(scratch, 'edition.pdf');
  fs.writeFileSync(htmlFile, html);
  await renderPdf(htmlFile, pdfFile, { baseUrl: pathToFileURL(`${scratch}/`).href, date: documentDate });
  progress.step('engine');
  let made = pdfFile;
  if (req.cmyk) {
    made = path.join(scratch, 'edition-cmyk.pdf');
    await convertToCmyk(pdfFile, made, { title: `${name}, ${label}`, date: documentDate });
    progress.step('cmyk');
  }
  const partial = path.join(outDir, `.${path.basename(req.out)}.${process.pid}.partial`);
  fs.copyFileSync(made, partial);
  fs.renameSync(partial, path.resolve(req.out));
  progress.step('done');
}

/** The command's side: a progress bar on a terminal, the warnings, the file written. */
export async function runEditionPdf(deps: EditionPdfDeps, req: EditionPdfRequest): Promise<number> {
  const tty = Boolean(process.stderr.isTTY);
  const bar = new cliProgress.SingleBar(
    { format: 'Edition {edition} [{bar}] {value}/{total} {step}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const progress: Progress = {
    start(total) {
      if (tty) bar.start(total, 0, { edition: req.edition, step: '' });
      else process.stderr.write(`Edition ${req.edition}: ${total} steps\n`);
      started = true;
    },
    step(what) {
      if (tty) bar.increment(1, { step: what });
      else if (what !== 'pictures') process.stderr.write(`  ${what}\n`);
    },
    stop() {
      if (started && tty) bar.stop();
      started = false;
    },
  };
  try {
    const r = await makeEditionPdf(deps, req, progress);
    progress.stop();
    for (const w of r.warnings) process.stderr.write(`Warning: ${w}.\n`);
    process.stdout.write(`Wrote ${req.out} (${Math.round(r.bytes / 1024)} KB${req.cmyk ? ', CMYK' : ''}).\n`);
    return 0;
  } finally {
    progress.stop();
  }
}
