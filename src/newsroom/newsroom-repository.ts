/**
 * The desk's SQL: the stories list (every status, filtered, searched), the slug history of a
 * story, the per-story preview secrets, and the names of the staff who saved revisions. The
 * list answers ids, creators and a count; the articles feature loads the summaries.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface StoryListQuery {
  status?: string | undefined;
  sectionId?: string | undefined;
  authorId?: string | undefined;
  /** Publication time (or the last save of a story never published) on or after this instant. */
  from?: Date | undefined;
  /** … and before this instant. */
  before?: Date | undefined;
  /** Words that must all appear in the headline or the dek (case-insensitive). */
  words?: readonly string[] | undefined;
  /** Only the stories this saver (`staff:<id>`) created: a writer's own list. */
  createdBy?: string | undefined;
  limit: number;
  offset: number;
}

/** `%` and `_` in a searched word are literal (ESCAPE '\' on both dialects). */
function likePattern(word: string): string {
  return `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Db, q: Omit<StoryListQuery, 'limit' | 'offset'>) {
  let query = db.selectFrom('articles');
  if (q.status) query = query.where('articles.status', '=', q.status);
  if (q.sectionId) query = query.where('articles.section_id', '=', q.sectionId);
  if (q.createdBy) query = query.where('articles.created_by', '=', q.createdBy);
  if (q.authorId) {
    const authorId = q.authorId;
    query = query.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId),
    );
  }
  const when = sql<Date>`coalesce(articles.published_at, articles.updated_at)`;
  if (q.from) query = query.where(when, '>=', q.from);
  if (q.before) query = query.where(when, '<', q.before);
  for (const word of q.words ?? []) {
    const p = likePattern(word);
    query = query.where(sql<boolean>`(lower(articles.headline) like ${p} escape '\\' or lower(articles.dek) like ${p} escape '\\')`);
  }
  return query;
}

/** One page of matching stories, last saved first, with how many match in all. */
export async function listStoryIds(
  db: Db,
  q: StoryListQuery,
): Promise<{ rows: { id: string; createdBy: string | null }[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, q)
      .select(['articles.id', 'articles.created_by'])
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    filtered(db, q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ id: r.id, createdBy: r.created_by })), total: Number(count.n) };
}

/** How many stories of each status (a writer's own when `createdBy` is given). */
export async function countStoriesByStatus(db: Db, createdBy?: string): Promise<Record<string, number>> {
  let q = db.selectFrom('articles').select(['status', (eb) => eb.fn.countAll<number>().as('n')]);
  if (createdBy) q = q.where('created_by', '=', createdBy);
  const rows = await q.groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Who created each story (`saved_by` of its first save). */
export async function findCreators(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'created_by'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.created_by]));
}

/** The addresses a story had before, newest first: each now redirects to the current one. */
export async function findOldSlugs(db: Db, articleId: string): Promise<{ slug: string; changedAt: Date }[]> {
  const rows = await db
    .selectFrom('article_slug_history')
    .select(['slug', 'created_at'])
    .where('article_id', '=', articleId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ slug: r.slug, changedAt: r.created_at }));
}

export async function findPreviewSecret(db: Db, articleId: string): Promise<string | null> {
  const row = await db.selectFrom('story_preview_secrets').select('secret').where('article_id', '=', articleId).executeTakeFirst();
  return row?.secret ?? null;
}

/** Sets (or replaces) a story's preview secret: replacing it revokes every link made before. */
export async function savePreviewSecret(db: Db, articleId: string, secret: string, at: Date): Promise<void> {
  await db
    .insertInto('story_preview_secrets')
    .values({ article_id: articleId, secret, rotated_at: at })
    .onConflict((oc) => oc.column('article_id').doUpdateSet({ secret, rotated_at: at }))
    .execute();
}
