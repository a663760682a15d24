/**
 * Newsroom use-cases for articles: create, update, schedule, publish, unpublish, delete. Every
 * save is one transaction that keeps a revision, remembers old slugs, and then tells the page
 * cache that content changed.
 */
import { uuidv7 } from 'uuidv7';
import { findAuthorsBySlugs } from '../authors/index.js';
import type { Db } from '../db/database.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import type { Clock, ContentEvents, JobQueue } from '../platform.js';
import { findSectionBySlug } from '../sections/index.js';
import { findTagsBySlugs, insertTag } from '../tags/index.js';
import { type Article, type ArticleStatus, countWords, isSlug, slugify } from './article.js';
import { bodyText } from './article-body.js';
import { parseBodyDocColumn } from './article-columns.js';
import type { ArticleInput } from './article-input.js';
import {
  type ArticleRow,
  findArticleCreator,
  findArticleIdByOldSlug,
  findArticleRowById,
  findArticleRowBySlug,
  findImagesByIds,
  type ListFilter,
  listArticles,
  loadArticle,
} from './article-repository.js';
import { type ArticleDiff, diffRevisions, type Revision, revisionFromRow } from './article-revisions.js';
import {
  deleteArticleRow,
  findRevision,
  insertArticleRow,
  insertRevision,
  isSlugTakenByOther,
  listRevisions,
  recordOldSlug,
  replaceArticleAuthors,
  replaceArticleRelated,
  replaceArticleTags,
  replaceArticleUpdates,
  updateArticleRow,
} from './article-write-repository.js';
import { type BodyDoc, canonicalDoc, docImageIds, emptyDoc, parseBodyDoc } from './body-doc.js';
import { docToMarkdown, markdownToDoc } from './body-markdown.js';
import { renderDocParts } from './body-render.js';

export type { ArticleInput } from './article-input.js';

export const PUBLISH_JOB = 'articles.publish-scheduled';

export interface ArticleServiceDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  jobs: JobQueue;
}

/** The outcome of looking a reader's URL slug up. */
export type SlugLookup = { kind: 'found'; article: Article } | { kind: 'moved'; article: Article } | { kind: 'gone' } | { kind: 'missing' };

export function createArticleService(deps: ArticleServiceDeps) {
  const { db, clock, events, jobs } = deps;

  async function validate(tx: Db, input: ArticleInput, articleId: string, current: ArticleRow | undefined) {
    const problems: FieldProblem[] = [];
    const headline = input.headline.trim();
    if (headline === '') problems.push({ field: 'headline', message: 'must not be empty' });
    if (headline.length > 200) problems.push({ field: 'headline', message: 'must be at most 200 characters' });
    const slug = input.slug ?? slugify(headline);
    if (!isSlug(slug)) problems.push({ field: 'slug', message: 'must be lowercase letters, digits and hyphens (at most 80)' });
    else if (await isSlugTakenByOther(tx, slug, articleId))
      problems.push({ field: 'slug', message: `"${slug}" is already used by another article` });

    const section = await findSectionBySlug(tx, input.section);
    if (!section) problems.push({ field: 'section', message: `no section "${input.section}"` });

    const authorSlugs = [...new Set(input.authors)];
    const authors = await findAuthorsBySlugs(tx, authorSlugs);
    if (authorSlugs.length === 0) problems.push({ field: 'authors', message: 'at least one author is required' });
    for (const s of authorSlugs) if (!authors.some((a) => a.slug === s)) problems.push({ field: 'authors', message: `no author "${s}"` });

    for (const t of input.tags ?? []) if (!isSlug(t)) problems.push({ field: 'tags', message: `"${t}" is not a valid tag slug` });

    const relatedIds: string[] = [];
    for (const r of [...new Set(input.related ?? [])]) {
      const row = await findArticleRowBySlug(tx, r);
      if (!row) problems.push({ field: 'related', message: `no article "${r}"` });
      else if (row.id === articleId) problems.push({ field: 'related', message: 'an article cannot be related to itself' });
      else relatedIds.push(row.id);
    }

    if (input.hero) {
      const found = await findImagesByIds(tx, [input.hero.imageId]);
      if (!found.has(input.hero.imageId)) problems.push({ field: 'hero.imageId', message: `no image "${input.hero.imageId}"` });
      if (input.hero.alt.trim() === '') problems.push({ field: 'hero.alt', message: 'a picture needs alt text' });
      for (const k of ['focalX', 'focalY'] as const) {
        const v = input.hero[k];
        if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1))
          problems.push({ field: `hero.${k}`, message: 'must be from 0 to 1' });
      }
    }

    const status = input.status ?? 'draft';
    const now = clock();
    let publishedAt = input.publishedAt ?? null;
    if (status === 'published' && publishedAt === null) publishedAt = now;
    if (status === 'scheduled' && publishedAt === null)
      problems.push({ field: 'publishedAt', message: 'a scheduled article needs a publish time' });

    const body = await bodyOf(tx, input, problems, current);
    // Every slug was found above, or a problem names it.
    const byline = authorSlugs.flatMap((s) => authors.filter((a) => a.slug === s));
    if (problems.length > 0 || !section) throw invalid(problems);
    return {
      headline,
      slug,
      section,
      authors: byline,
      relatedIds,
      status,
      publishedAt,
      body,
    };
  }

  async function ensureTags(tx: Db, slugs: readonly string[]): Promise<string[]> {
    const unique = [...new Set(slugs)];
    const existing = await findTagsBySlugs(tx, unique);
    const ids: string[] = [];
    for (const s of unique) {
      const found = existing.find((t) => t.slug === s);
      if (found) ids.push(found.id);
      else {
        const id = uuidv7();
        await insertTag(tx, { id, slug: s, name: s.replace(/-/g, ' ') }, clock());
        ids.push(id);
      }
    }
    return ids;
  }

  async function write(
    articleId: string,
    input: ArticleInput,
    savedBy: string,
    expectedVersion: number | null,
    also?: AlsoInTransaction,
  ): Promise<Article> {
    const saved = await db.transaction().execute(async (tx) => {
      const current = expectedVersion === null ? undefined : await findArticleRowById(tx, articleId);
      if (expectedVersion !== null && !current) throw new AppError('NOT_FOUND', 404, 'No such article.');
      const v = await validate(tx, input, articleId, current);
      const now = clock();
      const { doc, markdown, blocks, breakAt } = v.body;
      const text = bodyText(blocks);
      const row = {
        slug: v.slug,
        section_id: v.section.id,
        headline: v.headline,
        dek: (input.dek ?? '').trim(),
        body_markdown: markdown,
        body_doc: JSON.stringify(doc),
        body_blocks: JSON.stringify(blocks),
        paywall_break: breakAt,
        body_text: text,
        word_count: countWords(text),
        status: v.status,
        access: input.access ?? 'metered',
        dateline: (input.dateline ?? '').trim(),
        hero_image_id: input.hero?.imageId ?? null,
        hero_alt: input.hero?.alt.trim() ?? '',
        hero_caption: input.hero?.caption?.trim() ?? '',
        hero_credit: input.hero?.credit?.trim() ?? '',
        hero_focal_x: input.hero?.focalX ?? 0.5,
        hero_focal_y: input.hero?.focalY ?? 0.5,
        published_at: v.publishedAt,
        revised_at: input.revisedAt ?? null,
        updated_at: now,
      };
      let version = 1;
      if (expectedVersion === null) {
        await insertArticleRow(tx, { id: articleId, ...row, version: 1, created_at: now, created_by: savedBy });
      } else {
        if (!current) throw new AppError('NOT_FOUND', 404, 'No such article.');
        if (current.version !== expectedVersion) throw staleVersion();
        version = expectedVersion + 1;
        if (!(await updateArticleRow(tx, articleId, expectedVersion, { ...row, version }))) throw staleVersion();
        if (current.slug !== v.slug) await recordOldSlug(tx, articleId, current.slug, v.slug, now);
      }
      await replaceArticleAuthors(
        tx,
        articleId,
        v.authors.map((a) => a.id),
      );
      await replaceArticleTags(tx, articleId, await ensureTags(tx, input.tags ?? []));
      await replaceArticleRelated(tx, articleId, v.relatedIds);
      await replaceArticleUpdates(
        tx,
        articleId,
        (input.updates ?? []).map((u) => ({ id: uuidv7(), notedAt: u.notedAt, note: u.note.trim(), correction: u.correction ?? false })),
      );
      // The revision keeps the input with both spellings of the body, so it can be shown, diffed
      // and restored without the Markdown reader of the day.
      const snapshot: ArticleInput = { ...input, body: markdown, bodyDoc: doc };
      await insertRevision(tx, { id: uuidv7(), articleId, version, savedBy, savedAt: now, snapshot });
      if (v.status === 'scheduled' && v.publishedAt) {
        await jobs.enqueue(tx, { kind: PUBLISH_JOB, payload: { articleId }, runAt: v.publishedAt, dedupeKey: `publish:${articleId}` });
      }
      const written = await findArticleRowById(tx, articleId);
      if (!written) throw new AppError('NOT_FOUND', 404, 'No such article.');
      // What the caller records with the save (the audit trail's entry) commits or rolls back with it.
      if (also) await also(tx, { id: articleId, name: v.headline });
      return loadArticle(tx, written);
    });
    events.changed();
    return saved;
  }

  async function get(idOrSlug: string): Promise<Article | undefined> {
    const row = (await findArticleRowById(db, idOrSlug)) ?? (await findArticleRowBySlug(db, idOrSlug));
    return row ? loadArticle(db, row) : undefined;
  }

  async function revision(id: string, version: number): Promise<Revision | undefined> {
    const row = await findRevision(db, id, version);
    return row ? revisionFromRow(row) : undefined;
  }

  async function setStatus(
    id: string,
    status: ArticleStatus,
    savedBy: string,
    expectedVersion?: number,
    publishAt?: Date,
    also?: AlsoInTransaction,
  ) {
    const current = await get(id);
    if (!current) throw new AppError('NOT_FOUND', 404, 'No such article.');
    const input = inputFromArticle(current);
    input.status = status;
    if (status === 'published') input.publishedAt = current.publishedAt && current.status === 'published' ? current.publishedAt : clock();
    if (status === 'scheduled') input.publishedAt = publishAt ?? null;
    return write(current.id, input, savedBy, expectedVersion ?? current.version, also);
  }

  return {
    create: (input: ArticleInput, savedBy: string, also?: AlsoInTransaction) => write(uuidv7(), input, savedBy, null, also),
    update: (id: string, input: ArticleInput, savedBy: string, expectedVersion: number, also?: AlsoInTransaction) =>
      write(id, input, savedBy, expectedVersion, also),
    get,
    /** Articles in a list filter's order, with how many match in all. */
    list: (filter: ListFilter) => listArticles(db, filter),
    /** An article's saved versions, newest first. */
    revisionsOf: (id: string) => listRevisions(db, id),
    /** One saved version, restorable as it was; undefined when there is none. */
    revision,
    /** What changed between two saved versions (article-revisions.ts): fields, and the body word by word. */
    async diff(id: string, fromVersion: number, toVersion: number): Promise<ArticleDiff> {
      const [from, to] = await Promise.all([revision(id, fromVersion), revision(id, toVersion)]);
      if (!from) throw noRevision(fromVersion);
      if (!to) throw noRevision(toVersion);
      return diffRevisions(from, to);
    },
    /**
     * Saves a new version whose content is that of an old one. The story's status, publication
     * time, update notes and address (slug) stay as they are now: restoring last week's wording
     * must not take a live story down, take back a correction already published, or move the
     * story to another URL (an old version saved before its slug was set would make one from its
     * old headline). `expectedVersion` is the
     * version the editor was looking at; someone else's save since is the usual conflict.
     */
    async restore(id: string, version: number, savedBy: string, expectedVersion: number, also?: AlsoInTransaction): Promise<Article> {
      const [old, current] = await Promise.all([revision(id, version), get(id)]);
      if (!current) throw new AppError('NOT_FOUND', 404, 'No such article.');
      if (!old) throw noRevision(version);
      const now = inputFromArticle(current);
      const input: ArticleInput = { ...old.input, status: now.status, publishedAt: now.publishedAt, updates: now.updates, slug: now.slug };
      return write(current.id, input, savedBy, expectedVersion, also);
    },
    /** Who created an article (the `savedBy` of its first save); null when unknown or gone. */
    creatorOf: (id: string) => findArticleCreator(db, id),
    publish: (id: string, savedBy: string, expectedVersion?: number, also?: AlsoInTransaction) =>
      setStatus(id, 'published', savedBy, expectedVersion, undefined, also),
    unpublish: (id: string, savedBy: string, expectedVersion?: number, also?: AlsoInTransaction) =>
      setStatus(id, 'unpublished', savedBy, expectedVersion, undefined, also),
    schedule: (id: string, at: Date, savedBy: string, expectedVersion?: number) => setStatus(id, 'scheduled', savedBy, expectedVersion, at),

    async remove(id: string): Promise<void> {
      if (!(await deleteArticleRow(db, id))) throw new AppError('NOT_FOUND', 404, 'No such article.');
      events.changed();
    },

    /** Publishes a scheduled story whose time has come (run by the job runner). */
    async publishIfDue(articleId: string): Promise<boolean> {
      const a = await get(articleId);
      if (a?.status !== 'scheduled' || !a.publishedAt || a.publishedAt.getTime() > clock().getTime()) return false;
      const input = inputFromArticle(a);
      input.status = 'published';
      await write(a.id, input, 'scheduler', a.version);
      return true;
    },

    /** Resolves a reader's slug: the live article, a redirect from an old slug, or gone. */
    async lookupLiveBySlug(slug: string): Promise<SlugLookup> {
      let row = await findArticleRowBySlug(db, slug);
      let moved = false;
      if (!row) {
        const id = await findArticleIdByOldSlug(db, slug);
        row = id ? await findArticleRowById(db, id) : undefined;
        moved = row !== undefined;
      }
      if (!row) return { kind: 'missing' };
      if (row.status === 'unpublished') return { kind: 'gone' };
      if (row.status !== 'published') return { kind: 'missing' };
      const article = await loadArticle(db, row);
      return moved ? { kind: 'moved', article } : { kind: 'found', article };
    },
  };
}

export type ArticleService = ReturnType<typeof createArticleService>;

/**
 * Something a caller writes in a save's own transaction, given the story's id and headline (the
 * admin's audit entry): it commits with the save or not at all.
 */
export type AlsoInTransaction = (tx: Db, saved: { id: string; name: string }) => Promise<void>;

function sameStoredDoc(stored: unknown, doc: BodyDoc): boolean {
  try {
    return JSON.stringify(canonicalDoc(parseBodyDocColumn(stored))) === JSON.stringify(doc);
  } catch {
    return false;
  }
}

/** The largest Markdown body accepted. */
const MAX_MARKDOWN = 500_000;

/**
 * The body to store, from its one source (contract: `bodyDoc` wins, else `body` is read as
 * Markdown): the document, its Markdown, its blocks and its paywall break. Every picture a
 * figure embeds must be in the media library.
 */
async function bodyOf(tx: Db, input: ArticleInput, problems: FieldProblem[], current: ArticleRow | undefined) {
  let doc: BodyDoc = emptyDoc();
  const fromDoc = input.bodyDoc !== undefined && input.bodyDoc !== null;
  if (fromDoc) {
    try {
      doc = parseBodyDoc(input.bodyDoc, 'bodyDoc');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push(...err.fields);
    }
  } else if ((input.body ?? '').length > MAX_MARKDOWN) {
    problems.push({ field: 'body', message: 'must be at most 500,000 characters' });
  } else {
    doc = canonicalDoc(markdownToDoc(input.body ?? ''));
  }
  const ids = docImageIds(doc);
  const images = await findImagesByIds(tx, ids);
  for (const id of ids)
    if (!images.has(id)) problems.push({ field: fromDoc ? 'bodyDoc' : 'body', message: `no image "${id}" in the media library` });
  // A document saved unchanged (a status change, a re-save) keeps the Markdown it has, so an
  // integration that sent Markdown gets its own spelling back until someone edits the body.
  const unchanged = fromDoc && current !== undefined && sameStoredDoc(current.body_doc, doc);
  const markdown = unchanged && current ? current.body_markdown : fromDoc ? docToMarkdown(doc, images) : (input.body ?? '');
  if (fromDoc && markdown.length > MAX_MARKDOWN)
    problems.push({ field: 'bodyDoc', message: 'is longer than 500,000 characters as Markdown' });
  const { blocks, breakAt } = renderDocParts(doc, images);
  return { doc, markdown, blocks, breakAt };
}

function noRevision(version: number): AppError {
  return new AppError('NOT_FOUND', 404, `This article has no version ${version}.`);
}

function staleVersion(): AppError {
  return new AppError('ARTICLE_VERSION_CONFLICT', 412, 'Someone else saved this article first: reload it and apply your change again.');
}

/** The input that would save an article exactly as it is. */
export function inputFromArticle(a: Article): ArticleInput {
  return {
    headline: a.headline,
    dek: a.dek,
    slug: a.slug,
    section: a.section.slug,
    authors: a.authors.map((x) => x.slug),
    tags: a.tags.map((t) => t.slug),
    dateline: a.dateline,
    access: a.access,
    status: a.status,
    publishedAt: a.publishedAt,
    revisedAt: a.revisedAt,
    updates: a.updates.map((u) => ({ notedAt: u.notedAt, note: u.note, correction: u.correction })),
    related: a.related.map((r) => r.slug),
    hero: a.hero
      ? {
          imageId: a.hero.image.id,
          alt: a.hero.alt,
          caption: a.hero.caption,
          credit: a.hero.credit,
          focalX: a.hero.focalX,
          focalY: a.hero.focalY,
        }
      : null,
    body: a.bodyMarkdown,
    bodyDoc: a.bodyDoc,
  };
}
