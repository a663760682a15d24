/**
 * All SQL of images. Plain functions taking the database (or a transaction) first. Rows become
 * `ImageRef`s through the articles' `imageFromRow`, so both features read the table one way.
 */
import { type ImageRef, type ImageVariant, imageFromRow } from '../articles/index.js';
import type { Db } from '../db/database.js';

export interface NewImage {
  id: string;
  sha256: string;
  originalKey: string;
  contentType: string;
  width: number;
  height: number;
  /** Size of the original upload. */
  bytes: number;
  variants: ImageVariant[];
}

export async function findImageById(db: Db, id: string): Promise<ImageRef | undefined> {
  const row = await db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? imageFromRow(row) : undefined;
}

export async function findImageBySha256(db: Db, sha256: string): Promise<ImageRef | undefined> {
  const row = await db.selectFrom('images').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  return row ? imageFromRow(row) : undefined;
}

export async function insertImage(db: Db, image: NewImage, at: Date): Promise<void> {
  await db
    .insertInto('images')
    .values({
      id: image.id,
      sha256: image.sha256,
      original_key: image.originalKey,
      content_type: image.contentType,
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      variants: JSON.stringify(image.variants),
      created_at: at,
    })
    .execute();
}
