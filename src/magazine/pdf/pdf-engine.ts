/**
 * The PDF engine: Debian's WeasyPrint (57.2 proved here), run as a program. Chosen because it
 * does what a print production person checks for natively: margin boxes for running heads,
 * `target-counter` page numbers, bleed, crop marks, and TrimBox/BleedBox in the file (Chromium's
 * own `page.pdf()` does none of these). Then `qpdf` rewrites the file with an identifier made
 * from its content (`--deterministic-id`), so the same edition gives the same bytes.
 */
import { execFile } from 'node:child_process';
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
  try {
    // Exit code 3 is "warnings, file written" (qpdf's manual, "Exit Status").
    await run('qpdf', ['--deterministic-id', `${pdfFile}.engine`, pdfFile]).catch((err: { code?: unknown }) => {
      if (err.code !== 3) throw err;
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new PdfEngineError('qpdf is not installed: apt-get install -y qpdf');
    throw new PdfEngineError(`qpdf failed: ${(e.stderr ?? e.message).trim()}`);
  }
}
