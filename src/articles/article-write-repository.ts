/**
 * The SQL that saves articles. Called inside one transaction by the article service.
 */
import type { Insertable, Updateable } from 'kysely';
import type { ArticleTable, Db } from '../db/database.js';

export async function insertArticleRow(db: Db, row: Insertable<ArticleTable>): Promise<void> {
  await db.insertInto('articles').values(row).execute();
}

/** Updates only if the stored version is `expectedVersion`; returns whether it did. */
export async function updateArticleRow(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: Updateable<ArticleTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('articles')
    .set(changes)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
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
  updates: readonly { id: string; notedAt: Date; note: string }[],
): Promise<void> {
  await db.deleteFrom('article_updates').where('article_id', '=', articleId).execute();
  if (updates.length === 0) return;
  await db
    .insertInto('article_updates')
    .values(updates.map((u) => ({ id: u.id, article_id: articleId, noted_at: u.notedAt, note: u.note })))
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
