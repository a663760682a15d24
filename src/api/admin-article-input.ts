/**
 * From Admin API JSON to the article service's input, and back from the service's field names
 * to the JSON's: a problem the service finds (`publishedAt`) is reported under the field the
 * client sent (`body.published_at`), like the schema's own errors.
 */
import type { Static } from 'typebox';
import type { ArticleInput } from '../articles/index.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import type { ArticleBody } from './admin-api-schemas.js';

/** Earliest accepted date: far enough back for an archive, clear of calendar oddities before it. */
const EARLIEST = Date.UTC(1800, 0, 1);

/**
 * An RFC 3339 date-time (already checked by the schema) as a Date. The schema lets through a
 * few that JavaScript cannot represent (leap seconds, RFC 9557 suffixes): those are problems.
 */
export function parseApiDate(value: string, field: string, problems: FieldProblem[]): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) problems.push({ field, message: 'is not a date-time we can store' });
  else if (d.getTime() < EARLIEST) problems.push({ field, message: 'must be in the year 1800 or later' });
  return d;
}

export function articleInputFromBody(b: Static<typeof ArticleBody>): ArticleInput {
  const problems: FieldProblem[] = [];
  const date = (v: string | null | undefined, field: string) =>
    v === undefined ? undefined : v === null ? null : parseApiDate(v, field, problems);
  const input: ArticleInput = {
    headline: b.headline,
    dek: b.dek,
    slug: b.slug,
    section: b.section,
    authors: b.authors,
    tags: b.tags,
    dateline: b.dateline,
    access: b.access,
    status: b.status,
    publishedAt: date(b.published_at, 'body.published_at'),
    revisedAt: date(b.revised_at, 'body.revised_at'),
    updates: b.updates?.map((u, i) => ({
      notedAt: parseApiDate(u.at, `body.updates.${i}.at`, problems),
      note: u.note,
      correction: u.correction,
    })),
    related: b.related,
    hero: b.hero
      ? {
          imageId: b.hero.image_id,
          alt: b.hero.alt,
          caption: b.hero.caption,
          credit: b.hero.credit,
          focalX: b.hero.focal_x,
          focalY: b.hero.focal_y,
        }
      : b.hero,
    body: b.body,
    bodyDoc: b.body_doc,
  };
  if (b.body === undefined && b.body_doc === undefined)
    problems.push({ field: 'body.body', message: 'give the body as Markdown (body) or as a document (body_doc)' });
  if (problems.length > 0) throw invalid(problems);
  return input;
}

const SNAKE: Record<string, string> = {
  publishedAt: 'published_at',
  revisedAt: 'revised_at',
  'hero.imageId': 'hero.image_id',
  'hero.focalX': 'hero.focal_x',
  'hero.focalY': 'hero.focal_y',
  photoImageId: 'photo_image_id',
};

/**
 * Runs a service call and reports its field problems as body fields (`body.section`), so a client
 * sees one naming scheme for every validation error. `renames` maps service fields to others.
 */
export async function withBodyFields<T>(call: () => Promise<T>, renames: Record<string, string> = {}): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof AppError) || err.fields.length === 0) throw err;
    const fields = err.fields.map((f) => ({
      field: f.field.startsWith('body.')
        ? f.field
        : `body.${renames[f.field] ?? SNAKE[f.field] ?? f.field.replace(/^bodyDoc\b/, 'body_doc')}`,
      message: f.message,
    }));
    if (err.code === 'VALIDATION_FAILED') throw invalid(fields);
    throw new AppError(err.code, err.statusCode, err.message, fields);
  }
}
