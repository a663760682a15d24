/**
 * Rendered reader pages kept in memory, bounded in bytes, with their gzip and brotli bodies made
 * once (compressing per request would cost most of the throughput). Keyed by path and
 * page variant; every content change empties it, and on PostgreSQL every process hears of it.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface CachedPage {
  status: number;
  contentType: string;
  /** `public, max-age=…` for pages that are the same for everyone of their variant. */
  cacheControl: string;
  etag: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** Extra headers (e.g. Location for redirects, Vary). */
  headers?: Record<string, string>;
  size: number;
}

export function makeCachedPage(p: {
  status?: number;
  contentType: string;
  cacheControl: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}): CachedPage {
  const body = typeof p.body === 'string' ? Buffer.from(p.body) : p.body;
  const gzip = gzipSync(body, { level: 9 });
  // Brotli quality 5: ~1 ms for an article page and within 1 % of quality 9's size, which
  // took ~85 ms here (measured with node:zlib on a 13.5 KB article; quality 11 saves 15 % more
  // bytes for ~25 ms). Every content change empties the cache, so misses must stay cheap.
  const br = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  return {
    status: p.status ?? 200,
    contentType: p.contentType,
    cacheControl: p.cacheControl,
    etag,
    body,
    gzip,
    br,
    ...(p.headers ? { headers: p.headers } : {}),
    size: body.length + gzip.length + br.length + 256,
  };
}

/**
 * A byte-bounded cache that evicts pages not used lately (CLOCK, "second chance"): a hit only marks
 * its page used; eviction walks from the oldest insertion, gives a used page another round (moved
 * to the end, its mark cleared) and drops the first unused one. A hit used to move its page to the
 * end of the Map (a delete and a set: ~2 % of a cached page's CPU).
 */
export class PageCache {
  private readonly entries = new Map<string, { page: CachedPage; used: boolean }>();
  private bytes = 0;
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): CachedPage | undefined {
    const e = this.entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    e.used = true;
    return e.page;
  }

  /** The current generation: a render started before a change must not be stored after it. */
  get version(): number {
    return this.generation;
  }

  set(key: string, page: CachedPage, renderedAtVersion: number): void {
    if (renderedAtVersion !== this.generation || page.size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.page.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { page, used: false });
    this.bytes += page.size;
    // A Map's iteration visits entries re-inserted during it: a used page moved to the end comes
    // round again unmarked, so the walk ends. The page just stored is never the one dropped.
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      if (k === key) continue;
      this.entries.delete(k);
      if (e.used) {
        e.used = false;
        this.entries.set(k, e);
      } else this.bytes -= e.page.size;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.generation++;
  }

  stats() {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, hits: this.hits, misses: this.misses };
  }
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** Accept-Encoding values already read (browsers send a handful): at most this many remembered. */
const NEGOTIATED_MAX = 256;
const negotiated = new Map<string, Encoding>();

/** Picks the best encoding the client accepts (q=0 refuses), preferring brotli. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  let known = negotiated.get(acceptEncoding);
  if (known === undefined) {
    known = readAcceptEncoding(acceptEncoding);
    if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear();
    negotiated.set(acceptEncoding, known);
  }
  return known;
}

function readAcceptEncoding(acceptEncoding: string): Encoding {
  let br = false;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((s) => s.trim()).find((s) => s.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gzip = true;
    else if (name === '*') {
      br = true;
      gzip = true;
    }
  }
  return br ? 'br' : gzip ? 'gzip' : 'identity';
}
