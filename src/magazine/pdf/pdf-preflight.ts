/**
 * Test support: the checks a printer's preflight makes, with the tools a print shop has (qpdf,
 * poppler's pdfinfo, pdffonts, pdftoppm), and the QR codes read back from a rendered page
 * (sharp decodes the PNG, jsQR finds and reads the code).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import sharp from 'sharp';

// jsQR is CommonJS whose typings declare an ES default export: Node hands over module.exports,
// which carries the function itself and a `default` pointing at it; TypeScript sees only the latter.
const jsQR = jsQRModule.default;

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** qpdf's structural check: its report, or the error it exits with. */
export function qpdfCheck(file: string): string {
  return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
}

/** Each font's name and whether it is embedded, from `pdffonts`. */
export function fontsOf(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name, type (one or more words), encoding, emb, sub, uni, object, id: emb is the 5th from the end.
    return { name: cols[0] ?? '', embedded: cols[cols.length - 5] === 'yes' };
  });
}

/** The page count and boxes of the first page, from `pdfinfo -box`. */
export function boxesOf(file: string): { pages: number; boxes: Record<string, Box>; info: string } {
  const info = execFileSync('pdfinfo', ['-box', file], { encoding: 'utf8' });
  const boxes: Record<string, Box> = {};
  for (const m of info.matchAll(/^(\w+Box):\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)$/gm)) {
    boxes[m[1] ?? ''] = { x0: Number(m[2]), y0: Number(m[3]), x1: Number(m[4]), y1: Number(m[5]) };
  }
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), boxes, info };
}

/** The text of one page, from `pdftotext`. */
export function pageText(file: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-'], { encoding: 'utf8' });
}

/** Renders one page to PNG (150 dpi) with `pdftoppm` and reads the QR code on it; null when none is found. */
export async function qrOnPage(file: string, page: number, keepAs?: string): Promise<string | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-qr-'));
  try {
    execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '150', '-png', '-singlefile', file, path.join(dir, 'page')]);
    const png = path.join(dir, 'page.png');
    if (keepAs) fs.copyFileSync(png, keepAs);
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
    return code?.data ?? null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
