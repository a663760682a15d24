/** All of the static pages' SQL. */
import type { Db } from '../db/database.js';
import { isStaticPageSlug, type StaticPage, type StaticPageSlug } from './static-page.js';

export async function listStoredPages(db: Db): Promise<StaticPage[]> {
  const rows = await db.selectFrom('static_pages').selectAll().execute();
  return rows.flatMap((r) =>
    isStaticPageSlug(r.slug)
      ? [{ slug: r.slug, title: r.title, bodyMarkdown: r.body_markdown, updatedAt: r.updated_at, updatedBy: r.updated_by }]
      : [],
  );
}

export async function findStoredPage(db: Db, slug: StaticPageSlug): Promise<StaticPage | undefined> {
  const r = await db.selectFrom('static_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? { slug, title: r.title, bodyMarkdown: r.body_markdown, updatedAt: r.updated_at, updatedBy: r.updated_by } : undefined;
}

export async function upsertPage(
  db: Db,
  p: { slug: StaticPageSlug; title: string; body: string; at: Date; by: string | null },
): Promise<void> {
  await db
    .insertInto('static_pages')
    .values({ slug: p.slug, title: p.title, body_markdown: p.body, updated_at: p.at, updated_by: p.by })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ title: p.title, body_markdown: p.body, updated_at: p.at, updated_by: p.by }))
    .execute();
}
