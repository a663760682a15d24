/**
 * The stylesheets, read once at start and served under a content hash, so browsers and CDNs
 * may keep them for a year; each compressed body is made when first asked for.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../package-root.js';

export interface Asset {
  file: string;
  url: string;
  contentType: string;
  body: Buffer;
  readonly gzip: Buffer;
  readonly br: Buffer;
  etag: string;
}

function load(file: string, contentType: string): Asset {
  const body = fs.readFileSync(path.join(PACKAGE_ROOT, 'src/views/assets', file));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [base, ext] = file.split('.');
  let gzip: Buffer | undefined;
  let br: Buffer | undefined;
  return {
    file,
    url: `/assets/${base}.${hash}.${ext}`,
    contentType,
    body,
    // Compressed on the first request that asks for each (brotli of the stylesheet is ~30 ms of a
    // cold start otherwise), then kept.
    get gzip() {
      gzip ??= gzipSync(body);
      return gzip;
    },
    get br() {
      br ??= brotliCompressSync(body);
      return br;
    },
    etag: `"${hash}"`,
  };
}

export const ASSETS = {
  siteCss: load('site.css', 'text/css; charset=utf-8'),
  printCss: load('print.css', 'text/css; charset=utf-8'),
  favicon: load('favicon.svg', 'image/svg+xml'),
} as const;
