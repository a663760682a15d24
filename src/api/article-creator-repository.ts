/**
 * Who created an article (`articles.created_by`, the `saved_by` of its first save), for the
 * Admin API's ownership rule: writers change only their own drafts.
 */
import type { Db } from '../db/database.js';

/** The creator of an article by id; null when unknown (bulk imports) or the article is gone. */
export async function findArticleCreator(db: Db, articleId: string): Promise<string | null> {
  const row = await db.selectFrom('articles').select('created_by').where('id', '=', articleId).executeTakeFirst();
  return row?.created_by ?? null;
}
