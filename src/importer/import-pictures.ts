/**
 * Pictures of an imported article: the hero (`image.file`) and every `![alt](path "caption")`
 * in the body with a relative path. Each is read, ingested into the media library (idempotent by
 * content hash), and body paths are rewritten to the stored image, so the body renders them as
 * responsive figures.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { type ImageRef, mediaUrl, pickVariant } from '../articles/index.js';
import { ImportFileError } from './front-matter.js';

/** The part of the media service an import needs. */
export interface MediaIngest {
  ingestImage(data: Buffer): Promise<ImageRef>;
}

/** `![alt](src "title")` or `![alt](<src> "title")`; group 2 or 3 is the source. */
const BODY_IMAGE = /(!\[[^\]]*\]\(\s*)(?:<([^>\n]+)>|([^\s)]+))/g;

/** True for a path the import should read from disk (not a URL, not already in the library). */
function isLocalPath(src: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('/') && !src.startsWith('#');
}

/** The relative picture paths a body refers to, in order of first use. */
export function bodyImagePaths(body: string): string[] {
  const found: string[] = [];
  for (const m of body.matchAll(BODY_IMAGE)) {
    const src = m[2] ?? m[3] ?? '';
    if (isLocalPath(src) && !found.includes(src)) found.push(src);
  }
  return found;
}

/** Replaces each relative body picture path with its URL in `urls` (paths missing from it stay). */
export function rewriteBodyImages(body: string, urls: ReadonlyMap<string, string>): string {
  return body.replace(BODY_IMAGE, (whole, head: string, angled: string | undefined, plain: string | undefined) => {
    const url = urls.get(angled ?? plain ?? '');
    return url ? `${head}${url}` : whole;
  });
}

/** The URL a body uses for a stored picture: its 1280-pixel variant (or the largest there is). */
export function bodyImageUrl(image: ImageRef): string {
  const variant = pickVariant(image, 1280) ?? image.variants.slice().sort((a, b) => b.width - a.width)[0];
  return mediaUrl(variant ? variant.key : image.originalKey);
}

/**
 * Finds a picture relative to the article's own folder, then to the import folder, never
 * outside the import folder's parent (where `demo/`-style layouts keep shared files).
 */
async function locate(file: string, field: string, ref: string, fileDir: string, importDir: string): Promise<string> {
  const fence = path.dirname(importDir);
  for (const base of [fileDir, importDir]) {
    const candidate = path.resolve(base, ref);
    const rel = path.relative(fence, candidate);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const stat = await fs.stat(candidate).catch(() => undefined);
    if (stat?.isFile()) return candidate;
  }
  throw new ImportFileError(file, [{ field, message: `picture "${ref}" not found (looked beside the file and in the import folder)` }]);
}

export interface ArticlePictures {
  hero: ImageRef | undefined;
  /** The body with its relative picture paths replaced by media URLs. */
  body: string;
}

export interface PictureRequest {
  /** The article file, as reports name it. */
  file: string;
  fileDir: string;
  importDir: string;
  heroFile: string | undefined;
  body: string;
}

/** Reads and ingests an article's pictures. Throws `ImportFileError` naming the field of a missing or unreadable one. */
export async function ingestArticlePictures(media: MediaIngest, p: PictureRequest): Promise<ArticlePictures> {
  const ingest = async (ref: string, field: string): Promise<ImageRef> => {
    const at = await locate(p.file, field, ref, p.fileDir, p.importDir);
    try {
      return await media.ingestImage(await fs.readFile(at));
    } catch (err) {
      throw new ImportFileError(p.file, [{ field, message: `picture "${ref}" could not be stored: ${(err as Error).message}` }]);
    }
  };
  const hero = p.heroFile ? await ingest(p.heroFile, 'image.file') : undefined;
  const urls = new Map<string, string>();
  for (const ref of bodyImagePaths(p.body)) urls.set(ref, bodyImageUrl(await ingest(ref, 'body')));
  return { hero, body: urls.size > 0 ? rewriteBodyImages(p.body, urls) : p.body };
}

/**
 * Starts ingesting the pictures of every request, at most `concurrency` at a time in request
 * order, and returns a getter for one file's result (rejecting as `ingestArticlePictures` would).
 */
export function ingestAhead(
  media: MediaIngest,
  requests: readonly PictureRequest[],
  concurrency: number,
): (file: string) => Promise<ArticlePictures> {
  const results = new Map<string, Promise<Settled<ArticlePictures>>>();
  const resolvers: ((s: Settled<ArticlePictures>) => void)[] = [];
  for (const r of requests) results.set(r.file, new Promise((resolve) => resolvers.push(resolve)));
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const settled = await settle(ingestArticlePictures(media, requests[i] as PictureRequest));
      resolvers[i]?.(settled);
    }
  };
  for (let i = 0; i < Math.max(1, concurrency); i++) void worker();
  return async (file) => {
    const pending = results.get(file);
    if (!pending) throw new Error(`no pictures were requested for ${file}`);
    const settled = await pending;
    if (!settled.ok) throw settled.error;
    return settled.value;
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so work started ahead of its `await` cannot go unhandled. */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
