/**
 * The pictures an edition's HTML points WeasyPrint at. WeasyPrint reads a picture file far faster
 * than it parses a base64 data URI (a 50-page edition's HTML was 36 MB of them: ~1.5 s of its
 * time), but it names each picture in the PDF by an MD5 of its URL (weasyprint/images.py), so the
 * URL must not change between runs or a frozen edition's PDF would not come out byte for byte.
 * Each picture is therefore kept under a name made from its own bytes, in one folder of the
 * system's temporary directory shared by every run: the same picture always has the same URL.
 * Files are written under a private name and renamed (two runs writing one picture write the
 * same bytes), touched at each use, and swept once a day old.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const KEEP_MS = 24 * 3600 * 1000;

/** File names WeasyPrint knows a picture's kind by (it also sniffs the bytes). */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
};

export interface PrintPictures {
  /** The picture's stable `file:` URL, written if it is not there yet. */
  url(bytes: Buffer, contentType: string): string;
}

export function printPictures(dir = path.join(os.tmpdir(), 'masthead-print-pictures')): PrintPictures {
  fs.mkdirSync(dir, { recursive: true });
  sweep(dir, Date.now());
  return {
    url(bytes, contentType) {
      const name = `${crypto.createHash('sha256').update(bytes).digest('hex')}${EXTENSIONS[contentType] ?? ''}`;
      const file = path.join(dir, name);
      const now = new Date();
      try {
        fs.utimesSync(file, now, now);
      } catch {
        const partial = `${file}.${process.pid}.${crypto.randomUUID()}.partial`;
        fs.writeFileSync(partial, bytes);
        fs.renameSync(partial, file);
      }
      return pathToFileURL(file).href;
    },
  };
}

/** Removes pictures nobody used for a day (and partial files a killed run left). */
function sweep(dir: string, now: number): void {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > KEEP_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another run swept it first.
    }
  }
}
