/**
 * Images in and out: ingesting validates, makes derivatives, stores every file, then records the
 * image. Idempotent by the SHA-256 of the uploaded bytes, so the importer and the Admin API can
 * send the same picture twice and get the same image back.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { findImagesByIds, type ImageRef } from '../articles/index.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform.js';
import { DEFAULT_IMAGE_LIMITS, IMAGE_FORMATS, type ImageLimits, processImage } from './image-processing.js';
import { findImageById, findImageBySha256, insertImage } from './image-repository.js';
import type { Storage } from './storage.js';

export interface MediaService {
  /**
   * Stores a JPEG, PNG or WebP and its derivatives. The same bytes again return the stored image
   * and write nothing. Rejects with an AppError: 400 unreadable, 413 too large, 415 wrong type.
   */
  ingestImage(data: Buffer): Promise<ImageRef>;
  getImage(id: string): Promise<ImageRef | undefined>;
  /** The images of these ids that exist, by id. */
  getImages(ids: readonly string[]): Promise<Map<string, ImageRef>>;
}

export function createMediaService(deps: { db: Db; storage: Storage; clock: Clock; limits?: ImageLimits }): MediaService {
  const { db, storage, clock } = deps;
  const limits = deps.limits ?? DEFAULT_IMAGE_LIMITS;
  // Ingests under way in this process, by hash: a second request for the same bytes waits for
  // the first instead of processing them again (the importer sends pictures in parallel).
  const inflight = new Map<string, Promise<ImageRef>>();

  async function ingest(data: Buffer, sha256: string): Promise<ImageRef> {
    const existing = await findImageBySha256(db, sha256);
    if (existing) return existing;

    const id = uuidv7();
    const processed = await processImage(id, data, limits);
    // Files first, row last: a row never points at files that are not there yet.
    await Promise.all([
      storage.put(processed.originalKey, data, processed.contentType),
      ...processed.variants.map((v) => storage.put(v.variant.key, v.data, IMAGE_FORMATS[v.variant.format].contentType)),
    ]);
    const image: ImageRef = {
      id,
      width: processed.width,
      height: processed.height,
      contentType: processed.contentType,
      originalKey: processed.originalKey,
      variants: processed.variants.map((v) => v.variant),
    };
    try {
      // One INSERT: it either commits the whole row or leaves none, so a failure here leaves no
      // orphan row. The files written above stay behind under `images/<id>/` (an id nothing
      // refers to); a sweep of unreferenced ids can remove them later.
      await insertImage(db, { ...image, sha256, bytes: data.length }, clock());
    } catch (err) {
      // Another process stored the same bytes between our lookup and insert (the sha256 column
      // is unique): theirs is the image; ours are orphan files as above.
      const winner = await findImageBySha256(db, sha256);
      if (winner) return winner;
      throw err;
    }
    return image;
  }

  return {
    ingestImage(data) {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const pending = inflight.get(sha256);
      if (pending) return pending;
      const started = ingest(data, sha256).finally(() => inflight.delete(sha256));
      inflight.set(sha256, started);
      return started;
    },

    getImage(id) {
      return findImageById(db, id);
    },

    getImages(ids) {
      return findImagesByIds(db, ids);
    },
  };
}
