/**
 * The PDF engine: Debian's WeasyPrint (57.2 proved here), run as a program. Chosen because it
 * does what a print production person checks for natively: margin boxes for running heads,
 * `target-counter` page numbers, bleed, crop marks, and TrimBox/BleedBox in the file (Chromium's
 * own `page.pdf()` does none of these). Then `qpdf` rewrites the file with an identifier made
 * from its content (`--deterministic-id`), so the same edition gives the same bytes.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class PdfEngineError extends Error {}

/** Renders `htmlFile` to `pdfFile`. Throws PdfEngineError with the engine's words when it fails. */
export async function renderPdf(htmlFile: string, pdfFile: string, opts: { baseUrl: string; date: Date }): Promise<void> {
  try {
    // The fonts' subsets are written by fontTools, which stamps each one's `head` table with the
    // time it was made unless SOURCE_DATE_EPOCH names one (fontTools.misc.timeTools.timestampNow):
    // the edition's own time makes every run's subsets, and so the file, the same.
    const env = { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(opts.date.getTime() / 1000)) };
    await run('weasyprint', ['--quiet', '--base-url', opts.baseUrl, htmlFile, `${pdfFile}.engine`], { maxBuffer: 16 * 1024 * 1024, env });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new PdfEngineError('WeasyPrint is not installed: apt-get install -y weasyprint qpdf poppler-utils');
    throw new PdfEngineError(`WeasyPrint failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
  await withDeterministicId(`${pdfFile}.engine`, pdfFile);
}

/** qpdf rewrites `from` as `to` with an identifier made from the content: the same content, the same bytes. */
async function withDeterministicId(from: string, to: string): Promise<void> {
  try {
    // Exit code 3 is "warnings, file written" (qpdf's manual, "Exit Status").
    await run('qpdf', ['--deterministic-id', from, to]).catch((err: { code?: unknown }) => {
      if (err.code !== 3) throw err;
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new PdfEngineError('qpdf is not installed: apt-get install -y qpdf');
    throw new PdfEngineError(`qpdf failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** Where Debian's Ghostscript keeps its CMYK output profile (package libgs-common), newest layouts first. */
const CMYK_PROFILES = ['/usr/share/color/icc/ghostscript/default_cmyk.icc', '/usr/share/ghostscript/iccprofiles/default_cmyk.icc'];

function cmykProfile(): string | undefined {
  for (const p of CMYK_PROFILES) if (fs.existsSync(p)) return p;
  // A versioned install (/usr/share/ghostscript/10.0.0/iccprofiles/…).
  const root = '/usr/share/ghostscript';
  if (!fs.existsSync(root)) return undefined;
  for (const v of fs.readdirSync(root).sort().reverse()) {
    const p = path.join(root, v, 'iccprofiles', 'default_cmyk.icc');
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** A PostScript string literal: backslashes and parentheses escaped. */
const psString = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/**
 * The prefix Ghostscript's pdfwrite reads before the document (the shape of its lib/PDFX_def.ps,
 * "Creating a PDF/X document" in its VectorDevices manual, less the PDF/X version key): an
 * OutputIntent whose destination profile is the CMYK profile the colours were converted with,
 * and the document's own title and dates, so the file does not carry the moment it was made.
 * The file does not claim PDF/X-3: WeasyPrint draws some things with an alpha below 1 (real
 * transparency), which PDF/X-3 forbids, and a preflight would fail a file that claimed it.
 */
function outputIntentPrefix(o: { profile: string; title: string; date: Date }): string {
  const d = o.date.toISOString();
  const pdfDate = `D:${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}Z`;
  return `%!
/ICCProfile ${psString(o.profile)} def
[ /Title ${psString(o.title)}
  /CreationDate ${psString(pdfDate)}
  /ModDate ${psString(pdfDate)}
  /Trapped /False
  /DOCINFO pdfmark
[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark
[{icc_PDFX} << /N 4 >> /PUT pdfmark
[{icc_PDFX} ICCProfile (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark
[{OutputIntent_PDFX} <<
  /Type /OutputIntent
  /S /GTS_PDFX
  /OutputCondition (Commercial and specialty printing)
  /Info (Ghostscript default CMYK)
  /OutputConditionIdentifier (CGATS TR001)
  /RegistryName (http://www.color.org)
  /DestOutputProfile {icc_PDFX}
>> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark
`;
}

/**
 * The optional CMYK step for a printer that wants CMYK: Ghostscript's pdfwrite converts every
 * colour and picture to DeviceCMYK through its default CMYK profile, embeds that profile as the
 * file's OutputIntent, and keeps the page boxes (TrimBox, BleedBox) WeasyPrint set, moved with
 * the page's origin to the MediaBox's corner (same sizes, same place on the sheet); fonts stay
 * embedded and pictures are not downsampled. Then qpdf's content-made identifier, as for the RGB
 * file. The profile is Ghostscript's generic one (SWOP-like): a printer with its own profile
 * converts again. Not PDF/X-3 (see outputIntentPrefix): "PDF/X-3-ish" in every other respect checked.
 */
export async function convertToCmyk(pdfFile: string, outFile: string, opts: { title: string; date: Date }): Promise<void> {
  const profile = cmykProfile();
  if (!profile) throw new PdfEngineError('Ghostscript is not installed: apt-get install -y ghostscript');
  const prefix = `${outFile}.pdfx.ps`;
  fs.writeFileSync(prefix, outputIntentPrefix({ profile, title: opts.title, date: opts.date }));
  try {
    const env = { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(opts.date.getTime() / 1000)) };
    await run(
      'gs',
      [
        '-dSAFER',
        `--permit-file-read=${profile}`,
        '-dBATCH',
        '-dNOPAUSE',
        '-dQUIET',
        '-sDEVICE=pdfwrite',
        // Not -dPDFX: Debian's Ghostscript 10.00 then draws every glyph as a path (pdffonts lists
        // no font, the text can be neither searched nor trapped by the printer). Not
        // -dCompatibilityLevel=1.3, which would flatten the transparency: it rasterises every
        // page (WeasyPrint gives each a transparency group). PDF 1.4 keeps both.
        '-dCompatibilityLevel=1.4',
        '-sColorConversionStrategy=CMYK',
        '-sProcessColorModel=DeviceCMYK',
        `-sOutputICCProfile=${profile}`,
        '-dPDFSETTINGS=/prepress',
        '-dDownsampleColorImages=false',
        '-dDownsampleGrayImages=false',
        '-dDownsampleMonoImages=false',
        // No identifier of its own (Ghostscript's changes every run, and qpdf keeps an existing
        // first half): qpdf's --deterministic-id makes both from the content.
        '-dOmitID=true',
        `-sOutputFile=${outFile}.gs`,
        prefix,
        pdfFile,
      ],
      { maxBuffer: 16 * 1024 * 1024, env },
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string; stdout?: string };
    if (e.code === 'ENOENT') throw new PdfEngineError('Ghostscript is not installed: apt-get install -y ghostscript');
    throw new PdfEngineError(`Ghostscript failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-3).join(' ')}`);
  } finally {
    fs.rmSync(prefix, { force: true });
  }
  try {
    await withDeterministicId(`${outFile}.gs`, outFile);
  } finally {
    fs.rmSync(`${outFile}.gs`, { force: true });
  }
}
