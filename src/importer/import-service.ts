/**
 * `masthead import <dir>`: Markdown files with YAML front matter become articles
 * (docs/import-format.md). Re-running it changes only what changed: an article is matched by its
 * slug (or a slug it used to have), saved only when its input differs, and never duplicated. One
 * bad file is reported and skipped; the article service saves each article in one transaction,
 * so a failing file leaves nothing half-written.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type Article,
  type ArticleInput,
  type ArticleService,
  findArticleIdByOldSlug,
  inputFromArticle,
  slugify,
} from '../articles/index.js';
import type { Db } from '../db/database.js';
import type { Clock, ContentEvents } from '../platform.js';
import { type ArticleFrontMatter, parseArticleFile } from './front-matter.js';
import { ensureSection, importCatalogue, reasonOf } from './import-catalogue.js';
import { type ArticlePictures, ingestAhead, type MediaIngest } from './import-pictures.js';

/** What an import needs of the app's services. */
export interface ImportServices {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  articles: Pick<ArticleService, 'get' | 'create' | 'update' | 'list'>;
  media: MediaIngest;
}

export interface ImportFailure {
  /** The file's path relative to the import folder. */
  file: string;
  reason: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: ImportFailure[];
}

export interface ImportOptions {
  /** Called after each article file, done from 1 to total. */
  onProgress?(done: number, total: number, file: string): void;
  /** Changes a file's front matter before it is used (the demo seeder moves its dates to today). */
  adjust?(frontMatter: ArticleFrontMatter, file: string): ArticleFrontMatter;
  /** Recorded as the author of each saved revision. */
  savedBy?: string;
}

export class ImportDirectoryError extends Error {
  override name = 'ImportDirectoryError';
}

type Outcome = 'created' | 'updated' | 'unchanged' | 'failed';

interface Planned {
  file: string;
  abs: string;
  slug: string;
  frontMatter: ArticleFrontMatter;
  body: string;
}

export async function importDirectory(services: ImportServices, dir: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new ImportDirectoryError(`${dir} is not a directory`);
  const savedBy = opts.savedBy ?? 'import';
  const shown = (abs: string) => path.relative(root, abs).split(path.sep).join('/');

  const failed: ImportFailure[] = [];
  const catalogue = await importCatalogue(services.db, root, services.clock(), shown);
  failed.push(...catalogue.failed);
  if (catalogue.changed) services.events.changed();

  const files = await listMarkdownFiles(root);
  const outcomes = new Map<string, Outcome>();
  const fail = (file: string, reason: string) => {
    outcomes.set(file, 'failed');
    failed.push({ file, reason });
  };

  // Read and check every file first, so `related` can name a story later in the set.
  const planned = new Map<string, Planned>();
  const fileBySlug = new Map<string, string>();
  for (const abs of files) {
    const file = shown(abs);
    try {
      const parsed = parseArticleFile(file, await fs.readFile(abs, 'utf8'));
      const frontMatter = opts.adjust ? opts.adjust(parsed.frontMatter, file) : parsed.frontMatter;
      const slug = frontMatter.slug ?? slugify(frontMatter.headline);
      const other = fileBySlug.get(slug);
      if (other) {
        fail(file, `slug: "${slug}" is also the slug of ${other}`);
        continue;
      }
      fileBySlug.set(slug, file);
      planned.set(file, { file, abs, slug, frontMatter, body: parsed.body });
    } catch (err) {
      fail(file, reasonOf(err, file));
    }
  }

  // Pictures are the slow part: they are read and ingested a few files ahead of the saves.
  const pictures = ingestAhead(
    services.media,
    [...planned.values()].map((plan) => ({
      file: plan.file,
      fileDir: path.dirname(plan.abs),
      importDir: root,
      heroFile: plan.frontMatter.image?.file,
      body: plan.body,
    })),
    Math.min(4, Math.max(2, os.availableParallelism())),
  );

  // First pass: every article saved, with the related stories that already exist.
  const deferred: { plan: Planned; related: string[] }[] = [];
  let done = 0;
  for (const abs of files) {
    const file = shown(abs);
    const plan = planned.get(file);
    if (plan) {
      try {
        const result = await saveArticle(services, plan, await pictures(file), fileBySlug, savedBy);
        outcomes.set(file, result.outcome);
        if (result.pendingRelated) deferred.push({ plan, related: result.pendingRelated });
      } catch (err) {
        fail(file, reasonOf(err, file));
      }
    }
    done += 1;
    opts.onProgress?.(done, files.length, file);
  }

  // Second pass: related stories that came later in the set.
  for (const { plan, related } of deferred) {
    if (outcomes.get(plan.file) === 'failed') continue;
    const missing = related.filter((slug) => outcomes.get(fileBySlug.get(slug) ?? '') === 'failed');
    try {
      if (missing.length > 0) {
        throw new Error(
          `related: ${missing.map((s) => `"${s}"`).join(', ')} could not be imported (see ${missing.length > 1 ? 'their files' : 'its file'}); the rest of this article was saved`,
        );
      }
      const article = await findExisting(services, plan.slug);
      if (!article) throw new Error(`the article "${plan.slug}" vanished during the import`);
      const input = { ...inputFromArticle(article), related };
      if (!sameInput(input, inputFromArticle(article))) {
        await services.articles.update(article.id, input, savedBy, article.version);
        if (outcomes.get(plan.file) === 'unchanged') outcomes.set(plan.file, 'updated');
      }
    } catch (err) {
      fail(plan.file, reasonOf(err, plan.file));
    }
  }

  const count = (o: Outcome) => [...outcomes.values()].filter((x) => x === o).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), failed };
}

async function saveArticle(
  services: ImportServices,
  plan: Planned,
  pictures: ArticlePictures,
  fileBySlug: ReadonlyMap<string, string>,
  savedBy: string,
): Promise<{ outcome: Outcome; pendingRelated?: string[] }> {
  const fm = plan.frontMatter;
  const existing = await findExisting(services, plan.slug);

  const related = [...new Set(fm.related ?? [])];
  const exists = await Promise.all(related.map(async (slug) => (await services.articles.get(slug)) !== undefined));
  const unknown = related.filter((slug, i) => !exists[i] && !fileBySlug.has(slug));
  if (unknown.length > 0)
    throw new Error(`related: no article ${unknown.map((s) => `"${s}"`).join(', ')} in the database or in this import`);
  const allRelatedExist = exists.every(Boolean);
  const relatedNow = allRelatedExist ? related : (existing?.related.map((r) => r.slug) ?? []);

  const sectionProblem = await ensureSection(services.db, fm.section, services.clock());
  if (sectionProblem) throw new Error(sectionProblem);

  let status = fm.status ?? 'draft';
  // The job runner has already published a scheduled story whose time came: leave it published.
  if (status === 'scheduled' && existing?.status === 'published' && sameTime(existing.publishedAt, fm.published_at ?? null))
    status = 'published';

  const input: ArticleInput = {
    headline: fm.headline.trim(),
    dek: (fm.dek ?? '').trim(),
    slug: plan.slug,
    section: fm.section,
    authors: [...new Set(fm.authors)],
    tags: [...new Set(fm.tags ?? [])],
    dateline: (fm.dateline ?? '').trim(),
    access: fm.access ?? 'metered',
    status,
    publishedAt: fm.published_at ?? null,
    revisedAt: fm.updated_at ?? null,
    updates: (fm.updates ?? []).map((u) => ({ notedAt: u.at, note: u.note.trim() })),
    related: relatedNow,
    hero:
      fm.image && pictures.hero
        ? {
            imageId: pictures.hero.id,
            alt: fm.image.alt.trim(),
            caption: (fm.image.caption ?? '').trim(),
            credit: (fm.image.credit ?? '').trim(),
          }
        : null,
    body: pictures.body,
  };

  let outcome: Outcome;
  if (!existing) {
    await services.articles.create(input, savedBy);
    outcome = 'created';
  } else if (sameInput(input, inputFromArticle(existing))) {
    outcome = 'unchanged';
  } else {
    await services.articles.update(existing.id, input, savedBy, existing.version);
    outcome = 'updated';
  }
  return allRelatedExist ? { outcome } : { outcome, pendingRelated: related };
}

/** The article with this slug, or the one that used to have it. */
async function findExisting(services: ImportServices, slug: string): Promise<Article | undefined> {
  const found = await services.articles.get(slug);
  if (found) return found;
  const id = await findArticleIdByOldSlug(services.db, slug);
  return id ? services.articles.get(id) : undefined;
}

/** Whether saving `a` would store the same article as `b` (tags are a set; updates sort by time). */
export function sameInput(a: ArticleInput, b: ArticleInput): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(i: ArticleInput) {
  const time = (d: Date | null | undefined) => (d ? d.getTime() : null);
  return {
    headline: i.headline.trim(),
    dek: (i.dek ?? '').trim(),
    slug: i.slug ?? slugify(i.headline),
    section: i.section,
    authors: [...new Set(i.authors)],
    tags: [...new Set(i.tags ?? [])].sort(),
    dateline: (i.dateline ?? '').trim(),
    access: i.access ?? 'metered',
    status: i.status ?? 'draft',
    publishedAt: time(i.publishedAt),
    revisedAt: time(i.revisedAt),
    updates: (i.updates ?? [])
      .map((u) => ({ at: u.notedAt.getTime(), note: u.note.trim() }))
      .sort((x, y) => x.at - y.at || x.note.localeCompare(y.note)),
    related: [...new Set(i.related ?? [])],
    hero: i.hero
      ? { imageId: i.hero.imageId, alt: i.hero.alt.trim(), caption: (i.hero.caption ?? '').trim(), credit: (i.hero.credit ?? '').trim() }
      : null,
    body: i.body,
  };
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** Every `*.md` below `root`, sorted by path; hidden folders and node_modules are skipped. */
async function listMarkdownFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) out.push(abs);
    }
  };
  await walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
