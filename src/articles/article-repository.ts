/**
 * All SQL of articles. Plain functions taking the database (or a transaction) first.
 */
import { type Selectable, sql } from 'kysely';
import type { ArticleTable, Db, Dialect, ImageTable } from '../db/database.js';
import type { Article, ArticleStatus, ArticleSummary, AuthorRef, ImageRef, SectionRef, UpdateNote } from './article.js';
import { parseAccess, parseBodyBlocks, parseBodyDocColumn, parseImageVariants, parseStatus } from './article-columns.js';

export type ArticleRow = Selectable<ArticleTable>;

const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.section_id',
  'articles.headline',
  'articles.dek',
  'articles.status',
  'articles.access',
  'articles.hero_image_id',
  'articles.hero_alt',
  'articles.hero_caption',
  'articles.hero_credit',
  'articles.hero_focal_x',
  'articles.hero_focal_y',
  'articles.published_at',
  'articles.revised_at',
  'articles.updated_at',
  'articles.word_count',
  'articles.version',
] as const;

type SummaryRow = Pick<
  ArticleRow,
  | 'id'
  | 'slug'
  | 'section_id'
  | 'headline'
  | 'dek'
  | 'status'
  | 'access'
  | 'hero_image_id'
  | 'hero_alt'
  | 'hero_caption'
  | 'hero_credit'
  | 'hero_focal_x'
  | 'hero_focal_y'
  | 'published_at'
  | 'revised_at'
  | 'updated_at'
  | 'word_count'
  | 'version'
>;

export function imageFromRow(row: Selectable<ImageTable>): ImageRef {
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    contentType: row.content_type,
    originalKey: row.original_key,
    variants: parseImageVariants(row.variants),
  };
}

export async function findImagesByIds(db: Db, ids: readonly string[]): Promise<Map<string, ImageRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('images')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, imageFromRow(r)]));
}

async function loadSummaries(db: Db, rows: SummaryRow[]): Promise<ArticleSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const sectionIds = [...new Set(rows.map((r) => r.section_id))];
  const imageIds = [...new Set(rows.map((r) => r.hero_image_id).filter((x): x is string => x !== null))];
  const [sections, authorRows, images] = await Promise.all([
    db.selectFrom('sections').select(['id', 'slug', 'name']).where('id', 'in', sectionIds).execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_authors.article_id', 'authors.id', 'authors.slug', 'authors.name'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.position')
      .execute(),
    findImagesByIds(db, imageIds),
  ]);
  const sectionById = new Map<string, SectionRef>(sections.map((s) => [s.id, s]));
  const authorsByArticle = new Map<string, AuthorRef[]>();
  for (const a of authorRows) {
    const list = authorsByArticle.get(a.article_id) ?? [];
    list.push({ id: a.id, slug: a.slug, name: a.name });
    authorsByArticle.set(a.article_id, list);
  }
  return rows.map((r) => {
    const image = r.hero_image_id ? images.get(r.hero_image_id) : undefined;
    return {
      id: r.id,
      slug: r.slug,
      headline: r.headline,
      dek: r.dek,
      status: parseStatus(r.status),
      access: parseAccess(r.access),
      section: sectionById.get(r.section_id) ?? { id: r.section_id, slug: 'unknown', name: 'Unknown' },
      authors: authorsByArticle.get(r.id) ?? [],
      hero: image
        ? {
            image,
            alt: r.hero_alt,
            caption: r.hero_caption,
            credit: r.hero_credit,
            focalX: Number(r.hero_focal_x),
            focalY: Number(r.hero_focal_y),
          }
        : null,
      publishedAt: r.published_at,
      revisedAt: r.revised_at,
      updatedAt: r.updated_at,
      wordCount: r.word_count,
      version: r.version,
    };
  });
}

export async function findArticleRowById(db: Db, id: string): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findArticleRowBySlug(db: Db, slug: string): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The article that once had this slug, if any. */
export async function findArticleIdByOldSlug(db: Db, slug: string): Promise<string | undefined> {
  const row = await db.selectFrom('article_slug_history').select('article_id').where('slug', '=', slug).executeTakeFirst();
  return row?.article_id;
}

export async function loadArticle(db: Db, row: ArticleRow): Promise<Article> {
  const [summary] = await loadSummaries(db, [row]);
  const [tags, updates, relatedRows] = await Promise.all([
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.id', 'tags.slug', 'tags.name'])
      .where('article_tags.article_id', '=', row.id)
      .orderBy('tags.name')
      .execute(),
    db.selectFrom('article_updates').selectAll().where('article_id', '=', row.id).orderBy('noted_at').execute(),
    db
      .selectFrom('article_related')
      .innerJoin('articles', 'articles.id', 'article_related.related_id')
      .select(SUMMARY_COLUMNS)
      .where('article_related.article_id', '=', row.id)
      .orderBy('article_related.position')
      .execute(),
  ]);
  if (!summary) throw new Error(`article ${row.id}: no summary`);
  return {
    ...summary,
    dateline: row.dateline,
    bodyDoc: parseBodyDocColumn(row.body_doc),
    bodyMarkdown: row.body_markdown,
    blocks: parseBodyBlocks(row.body_blocks),
    paywallBreak: row.paywall_break === null ? null : Number(row.paywall_break),
    tags,
    updates: updates.map((u): UpdateNote => ({ id: u.id, notedAt: u.noted_at, note: u.note, correction: Boolean(u.correction) })),
    related: await loadSummaries(db, relatedRows),
    createdAt: row.created_at,
  };
}

export interface ListFilter {
  sectionId?: string | undefined;
  tagId?: string | undefined;
  authorId?: string | undefined;
  /** Include every status (the Admin API); readers see published stories only. */
  anyStatus?: boolean;
  status?: ArticleStatus | undefined;
  limit: number;
  offset: number;
}

function filtered(db: Db, f: Omit<ListFilter, 'limit' | 'offset'>) {
  let q = db.selectFrom('articles');
  if (f.status) q = q.where('articles.status', '=', f.status);
  else if (!f.anyStatus) q = q.where('articles.status', '=', 'published');
  if (f.sectionId) q = q.where('articles.section_id', '=', f.sectionId);
  if (f.tagId) {
    const tagId = f.tagId;
    q = q.where('articles.id', 'in', (eb) => eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId));
  }
  if (f.authorId) {
    const authorId = f.authorId;
    q = q.where('articles.id', 'in', (eb) => eb.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId));
  }
  return q;
}

/** Newest first: by publication time, then by last save for drafts. */
export async function listArticles(db: Db, f: ListFilter): Promise<{ items: ArticleSummary[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, f)
      .select(SUMMARY_COLUMNS)
      .orderBy('articles.published_at', (ob) => ob.desc().nullsLast())
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await loadSummaries(db, rows), total: Number(count.n) };
}

/** Published stories since a time, newest first (news sitemap). */
export async function listPublishedSince(db: Db, since: Date, limit: number): Promise<ArticleSummary[]> {
  const rows = await db
    .selectFrom('articles')
    .select(SUMMARY_COLUMNS)
    .where('status', '=', 'published')
    .where('published_at', '>=', since)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
  return loadSummaries(db, rows);
}

/** Published stories of [start, end), newest first (the weekly magazine's week). */
export async function listPublishedBetween(db: Db, start: Date, end: Date, limit: number): Promise<ArticleSummary[]> {
  const rows = await db
    .selectFrom('articles')
    .select(SUMMARY_COLUMNS)
    .where('status', '=', 'published')
    .where('published_at', '>=', start)
    .where('published_at', '<', end)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
  return loadSummaries(db, rows);
}

/** Full articles for feeds: newest published first. */
export async function listRecentArticles(db: Db, limit: number, sectionId?: string): Promise<Article[]> {
  let q = db.selectFrom('articles').selectAll().where('status', '=', 'published');
  if (sectionId) q = q.where('section_id', '=', sectionId);
  const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return Promise.all(rows.map((r) => loadArticle(db, r)));
}

/**
 * Every published story's URL parts, for the sitemap (a stream would suit millions; this suits
 * 100k). Oldest first with the id as tie-break, so that offset pages neither overlap nor skip,
 * and publishing only changes the last page.
 */
export async function listSitemapEntries(
  db: Db,
  limit: number,
  offset: number,
): Promise<{ slug: string; sectionSlug: string; publishedAt: Date | null; revisedAt: Date | null; updatedAt: Date }[]> {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.slug', 'sections.slug as section_slug', 'articles.published_at', 'articles.revised_at', 'articles.updated_at'])
    .where('articles.status', '=', 'published')
    .orderBy('articles.published_at', 'asc')
    .orderBy('articles.id', 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    sectionSlug: r.section_slug,
    publishedAt: r.published_at,
    revisedAt: r.revised_at,
    updatedAt: r.updated_at,
  }));
}

export async function countPublished(db: Db): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * What a search may match. `full`: headline, dek and body of every story, for readers who hold
 * `web` (and staff). `public`: the text anyone can read, so a search cannot tell what a walled
 * story says. That is the whole of `free` stories, and only the headline and dek of metered
 * and subscriber stories, whose body words neither match nor count in the ranking.
 */
export type SearchScope = 'full' | 'public';

/**
 * Ranked full-text search over published stories, within `scope`. Returns ids in rank order;
 * the snippet is cut later from the text the content-read service allows.
 */
export async function searchArticleIds(
  db: Db,
  dialect: Dialect,
  query: string,
  limit: number,
  offset: number,
  scope: SearchScope,
): Promise<{ ids: string[]; total: number }> {
  const terms = searchTerms(query);
  if (terms.length === 0) return { ids: [], total: 0 };
  const full = scope === 'full';
  if (dialect === 'sqlite') {
    // Each term quoted (so FTS5 syntax in the query is plain text), prefix-matched, all required.
    const match = terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
    // The public part: the same terms, all in the headline and dek (a column filter).
    const readable = full
      ? sql`true`
      : sql`(a.access = 'free' or f.rowid in (select rowid from articles_fts where articles_fts match ${`{headline dek} : (${match})`}))`;
    const rank = full
      ? sql`bm25(articles_fts, 10.0, 4.0, 1.0)`
      : sql`case when a.access = 'free' then bm25(articles_fts, 10.0, 4.0, 1.0) else bm25(articles_fts, 10.0, 4.0, 0.0) end`;
    const rows = await sql<{ article_id: string }>`
      select f.article_id from articles_fts f
      join articles a on a.id = f.article_id
      where articles_fts match ${match} and a.status = 'published' and ${readable}
      order by ${rank}, a.published_at desc
      limit ${limit} offset ${offset}`.execute(db);
    const count = await sql<{ n: number }>`
      select count(*) as n from articles_fts f join articles a on a.id = f.article_id
      where articles_fts match ${match} and a.status = 'published' and ${readable}`.execute(db);
    return { ids: rows.rows.map((r) => r.article_id), total: Number(count.rows[0]?.n ?? 0) };
  }
  const words = terms.map((t) => t.replace(/[^\p{L}\p{N}]/gu, '')).filter((t) => t !== '');
  if (words.length === 0) return { ids: [], total: 0 };
  const tsquery = words.map((t) => `${t}:*`).join(' & ');
  // Weights A and B are the headline and dek (the search_vector column, migration publishing_core).
  const headlineDek = words.map((t) => `${t}:*AB`).join(' & ');
  // The whole-text match first, so the GIN index (articles_search_idx) finds the candidates; the
  // public scope then keeps walled stories only where the headline and dek match too.
  const matches = full
    ? sql`search_vector @@ to_tsquery('english', ${tsquery})`
    : sql`search_vector @@ to_tsquery('english', ${tsquery})
          and (access = 'free' or search_vector @@ to_tsquery('english', ${headlineDek}))`;
  // Weights in ts_rank_cd's order {D, C, B, A}: the body (C) counts only where it may be read.
  const rank = full
    ? sql`ts_rank_cd(search_vector, to_tsquery('english', ${tsquery}))`
    : sql`case when access = 'free' then ts_rank_cd(search_vector, to_tsquery('english', ${tsquery}))
          else ts_rank_cd('{0, 0, 0.4, 1.0}', search_vector, to_tsquery('english', ${headlineDek})) end`;
  const rows = await sql<{ id: string }>`
    select id from articles
    where status = 'published' and ${matches}
    order by ${rank} desc, published_at desc
    limit ${limit} offset ${offset}`.execute(db);
  const count = await sql<{ n: number }>`
    select count(*) as n from articles where status = 'published' and ${matches}`.execute(db);
  return { ids: rows.rows.map((r) => r.id), total: Number(count.rows[0]?.n ?? 0) };
}

/** Words of a query, lowercased, at most 12 of them. */
export function searchTerms(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

export async function findSummariesByIds(db: Db, ids: readonly string[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select(SUMMARY_COLUMNS)
    .where('id', 'in', [...ids])
    .execute();
  const summaries = await loadSummaries(db, rows);
  const byId = new Map(summaries.map((s) => [s.id, s]));
  return ids.map((id) => byId.get(id)).filter((s): s is ArticleSummary => s !== undefined);
}

export async function findArticlesByIds(db: Db, ids: readonly string[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.map((id) => byId.get(id)).filter((r): r is ArticleRow => r !== undefined);
  return Promise.all(ordered.map((r) => loadArticle(db, r)));
}

/** Scheduled stories whose time has come. */
export async function listDueScheduled(db: Db, now: Date): Promise<{ id: string }[]> {
  return db.selectFrom('articles').select('id').where('status', '=', 'scheduled').where('published_at', '<=', now).execute();
}

/** The creator of an article by id (`articles.created_by`); null when unknown (bulk imports) or the article is gone. */
export async function findArticleCreator(db: Db, articleId: string): Promise<string | null> {
  const row = await db.selectFrom('articles').select('created_by').where('id', '=', articleId).executeTakeFirst();
  return row?.created_by ?? null;
}

/** A correction on a live story, for the public list of corrections. */
export interface CorrectionEntry {
  id: string;
  notedAt: Date;
  note: string;
  article: ArticleSummary;
}

/** Corrections on published stories, newest first, with how many there are in all. */
export async function listCorrections(db: Db, f: { limit: number; offset: number }): Promise<{ items: CorrectionEntry[]; total: number }> {
  const base = () =>
    db
      .selectFrom('article_updates')
      .innerJoin('articles', 'articles.id', 'article_updates.article_id')
      .where('article_updates.correction', '=', true)
      .where('articles.status', '=', 'published');
  const [rows, count] = await Promise.all([
    base()
      .select(['article_updates.id', 'article_updates.noted_at', 'article_updates.note', 'article_updates.article_id'])
      .orderBy('article_updates.noted_at', 'desc')
      .orderBy('article_updates.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  const summaries = new Map((await findSummariesByIds(db, [...new Set(rows.map((r) => r.article_id))])).map((s) => [s.id, s]));
  const items = rows.flatMap((r): CorrectionEntry[] => {
    const article = summaries.get(r.article_id);
    return article ? [{ id: r.id, notedAt: r.noted_at, note: r.note, article }] : [];
  });
  return { items, total: Number(count?.n ?? 0) };
}
