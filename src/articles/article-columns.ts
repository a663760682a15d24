/**
 * The JSON columns of articles and images, parsed when read: a row that does not hold what the
 * schema says fails loudly here, not as a wrong page later. Compiled once: body blocks are read
 * on every article page.
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { parseJsonColumn } from '../db/database.js';
import {
  ACCESS_LEVELS,
  type AccessLevel,
  ARTICLE_STATUSES,
  type ArticleStatus,
  BLOCK_TYPES,
  type Block,
  type ImageVariant,
} from './article.js';
import type { BodyDoc } from './body-doc.js';

const BlocksSchema = Type.Array(
  Type.Object({ type: Type.Union(BLOCK_TYPES.map((t) => Type.Literal(t))), html: Type.String(), text: Type.String() }),
);
const VariantsSchema = Type.Array(
  Type.Object({
    width: Type.Number(),
    height: Type.Number(),
    format: Type.Union([Type.Literal('webp'), Type.Literal('jpeg'), Type.Literal('png')]),
    key: Type.String(),
    bytes: Type.Number(),
  }),
);

const blocksCheck = Compile(BlocksSchema);
const variantsCheck = Compile(VariantsSchema);

export class CorruptColumnError extends Error {
  constructor(column: string) {
    super(`The ${column} column does not hold what its schema says.`);
    this.name = 'CorruptColumnError';
  }
}

/** `articles.body_blocks`: the rendered body. */
export function parseBodyBlocks(value: unknown): Block[] {
  const parsed = parseJsonColumn(value);
  if (!blocksCheck.Check(parsed)) throw new CorruptColumnError('articles.body_blocks');
  return parsed;
}

/**
 * `articles.body_doc`: the body's source. Written only after `parseBodyDoc` (or by the
 * migration's Markdown reader), so reading checks the outer shape only: a full check of every
 * node on every read would cost more than it guards.
 */
export function parseBodyDocColumn(value: unknown): BodyDoc {
  const parsed = parseJsonColumn(value);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('type' in parsed) ||
    parsed.type !== 'doc' ||
    !('content' in parsed) ||
    !Array.isArray(parsed.content)
  )
    throw new CorruptColumnError('articles.body_doc');
  return parsed as BodyDoc;
}

/** `images.variants`: the derivatives of an image. */
export function parseImageVariants(value: unknown): ImageVariant[] {
  const parsed = parseJsonColumn(value);
  if (!variantsCheck.Check(parsed)) throw new CorruptColumnError('images.variants');
  return parsed;
}

/** `articles.status`: one of ARTICLE_STATUSES (a CHECK constraint holds it there). */
export function parseStatus(value: string): ArticleStatus {
  const found = ARTICLE_STATUSES.find((s) => s === value);
  if (!found) throw new CorruptColumnError('articles.status');
  return found;
}

/** `articles.access`: one of ACCESS_LEVELS. */
export function parseAccess(value: string): AccessLevel {
  const found = ACCESS_LEVELS.find((s) => s === value);
  if (!found) throw new CorruptColumnError('articles.access');
  return found;
}
