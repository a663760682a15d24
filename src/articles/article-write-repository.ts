/**
 * The SQL that saves articles. Called inside one transaction by the article service.
 */
import type { Insertable, Updateable } from 'kysely';
import type { ArticleTable, Db, ImageTable } from '../db/database.js';

export async function insertArticleRow(db: Db, row: Insertable<ArticleTable>): Promise<void> {
  await db.insertInto('articles').values(row).execute();
}

/** A new article with everything that hangs off it, for a bulk insert. */
export interface NewArticleRows {
  article: Insertable<ArticleTable>;
  /** Byline order. */
  authorIds: readonly string[];
  tagIds?: readonly string[];
  /** Articles that exist already, or come earlier in the same call. */
  relatedIds?: readonly string[];
  updates?: readonly { id: string; notedAt: Date; note: string; correction?: boolean }[];
  /** A picture row the article's `hero_image_id` points at, inserted first. */
  heroImage?: Insertable<ImageTable>;
}

// Bound parameters per statement: SQLite allows 32,766 (better-sqlite3's build), PostgreSQL 65,535.
const MAX_PARAMS = 30_000;

/** Runs `insert` over slices of `rows` small enough for one statement each. */
async function inChunks<R extends object>(rows: readonly R[], insert: (chunk: R[]) => Promise<unknown>): Promise<void> {
  if (rows.length === 0) return;
  const columns = rows.reduce((n, r) => Math.max(n, Object.keys(r).length), 1);
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Inserts many new articles in a few multi-row statements (imports, the bench database): no
 * revisions, no slug checks, no content event. Run it inside a transaction; on SQLite the
 * search-index triggers fire per row, on PostgreSQL the search column is generated.
 */
export async function insertArticleRows(db: Db, rows: readonly NewArticleRows[]): Promise<void> {
  const images = rows.flatMap((r) => (r.heroImage ? [r.heroImage] : []));
  await inChunks(images, (c) => db.insertInto('images').values(c).execute());
  await inChunks(
    rows.map((r) => r.article),
    (c) => db.insertInto('articles').values(c).execute(),
  );
  const authors = rows.flatMap((r) => r.authorIds.map((author_id, position) => ({ article_id: r.article.id, author_id, position })));
  await inChunks(authors, (c) => db.insertInto('article_authors').values(c).execute());
  const tags = rows.flatMap((r) => (r.tagIds ?? []).map((tag_id) => ({ article_id: r.article.id, tag_id })));
  await inChunks(tags, (c) => db.insertInto('article_tags').values(c).execute());
  const related = rows.flatMap((r) =>
    (r.relatedIds ?? []).map((related_id, position) => ({ article_id: r.article.id, related_id, position })),
  );
  await inChunks(related, (c) => db.insertInto('article_related').values(c).execute());
  const updates = rows.flatMap((r) =>
    (r.updates ?? []).map((u) => ({
      id: u.id,
      article_id: r.article.id,
      noted_at: u.notedAt,
      note: u.note,
      correction: u.correction ?? false,
    })),
  );
  await inChunks(updates, (c) => db.insertInto('article_updates').values(c).execute());
}

export async function updateArticleRow(db: Db, id: string, expectedVersion: number, changes: Updateable<ArticleTable>): Promise<boolean> {
  const r = await db.updateTable('articles').set(changes).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function replaceArticleAuthors(db: Db, articleId: string, authorIds: readonly string[]): Promise<void> {
  await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  if (authorIds.length === 0) return;
  await db
    .insertInto('article_authors')
    .values(authorIds.map((author_id, position) => ({ article_id: articleId, author_id, position })))
    .execute();
}

export async function replaceArticleTags(db: Db, articleId: string, tagIds: readonly string[]): Promise<void> {
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  if (tagIds.length === 0) return;
  await db
    .insertInto('article_tags')
    .values(tagIds.map((tag_id) => ({ article_id: articleId, tag_id })))
    .execute();
}

export async function replaceArticleRelated(db: Db, articleId: string, relatedIds: readonly string[]): Promise<void> {
  await db.deleteFrom('article_related').where('article_id', '=', articleId).execute();
  if (relatedIds.length === 0) return;
  await db
    .insertInto('article_related')
    .values(relatedIds.map((related_id, position) => ({ article_id: articleId, related_id, position })))
    .execute();
}

export async function replaceArticleUpdates(
  db: Db,
  articleId: string,
  updates: readonly { id: string; notedAt: Date; note: string; correction: boolean }[],
): Promise<void> {
  await db.deleteFrom('article_updates').where('article_id', '=', articleId).execute();
  if (updates.length === 0) return;
  await db
    .insertInto('article_updates')
    .values(updates.map((u) => ({ id: u.id, article_id: articleId, noted_at: u.notedAt, note: u.note, correction: u.correction })))
    .execute();
}

/** Remembers an old slug so its URL keeps working; a slug taken back by its article is dropped. */
export async function recordOldSlug(db: Db, articleId: string, oldSlug: string, newSlug: string, at: Date): Promise<void> {
  await db.deleteFrom('article_slug_history').where('slug', '=', newSlug).execute();
  await db
    .insertInto('article_slug_history')
    .values({ slug: oldSlug, article_id: articleId, created_at: at })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ article_id: articleId, created_at: at }))
    .execute();
}

export async function isSlugTakenByOther(db: Db, slug: string, articleId: string): Promise<boolean> {
  const live = await db.selectFrom('articles').select('id').where('slug', '=', slug).where('id', '!=', articleId).executeTakeFirst();
  if (live) return true;
  const old = await db
    .selectFrom('article_slug_history')
    .select('article_id')
    .where('slug', '=', slug)
    .where('article_id', '!=', articleId)
    .executeTakeFirst();
  return old !== undefined;
}

export async function insertRevision(
  db: Db,
  r: { id: string; articleId: string; version: number; savedBy: string; savedAt: Date; snapshot: unknown },
): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({
      id: r.id,
      article_id: r.articleId,
      version: r.version,
      saved_by: r.savedBy,
      saved_at: r.savedAt,
      snapshot: JSON.stringify(r.snapshot),
    })
    .execute();
}

export async function listRevisions(db: Db, articleId: string) {
  return db
    .selectFrom('article_revisions')
    .select(['id', 'version', 'saved_by', 'saved_at'])
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();
}

export async function deleteArticleRow(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('articles').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function findRevision(db: Db, articleId: string, version: number) {
  return db
    .selectFrom('article_revisions')
    .select(['version', 'saved_by', 'saved_at', 'snapshot'])
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
}
