import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { printPictures } from './print-pictures.js';

const dirs: string[] = [];
function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-pictures-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the pictures a print edition points WeasyPrint at', () => {
  it('gives the same picture the same URL in every run, and a different picture another', () => {
    const dir = folder();
    const a = Buffer.from('first picture bytes');
    const first = printPictures(dir).url(a, 'image/jpeg');
    const again = printPictures(dir).url(Buffer.from(a), 'image/jpeg');
    const other = printPictures(dir).url(Buffer.from('second picture bytes'), 'image/jpeg');
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first).toMatch(/^file:\/\/.*\.jpg$/);
    expect(fs.readFileSync(fileURLToPath(first))).toEqual(a);
    expect(fs.readdirSync(dir).sort()).toHaveLength(2);
  });

  it('sweeps pictures unused for a day and partial files, and keeps one in use fresh', () => {
    const dir = folder();
    const pictures = printPictures(dir);
    const used = fileURLToPath(pictures.url(Buffer.from('used'), 'image/png'));
    const stale = fileURLToPath(pictures.url(Buffer.from('stale'), 'image/png'));
    const partial = path.join(dir, 'x.jpg.123.partial');
    fs.writeFileSync(partial, 'half');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    for (const f of [used, stale, partial]) fs.utimesSync(f, twoDaysAgo, twoDaysAgo);
    // A run that uses `used` again touches it before the next run sweeps.
    pictures.url(Buffer.from('used'), 'image/png');
    printPictures(dir);
    expect(fs.existsSync(used)).toBe(true);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(partial)).toBe(false);
  });
});
