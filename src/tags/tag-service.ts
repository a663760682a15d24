/**
 * Newsroom use-cases for tags: create, update, delete. Deleting a tag takes it off its articles
 * (article_tags cascades). Every write tells the page cache that content changed.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import { isSlug, slugify } from '../http/slug.js';
import type { Clock, ContentEvents } from '../platform.js';
import type { Tag } from './tag-repository.js';
import * as repo from './tag-repository.js';

export interface TagWriteDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
}

export interface TagInput {
  name: string;
  /** Defaults to the name, slugified. */
  slug?: string | undefined;
}

/**
 * A tag by slug or id. The repository has no lookup by id yet; this runs only on newsroom
 * writes, so the id falls back to the list.
 */
export async function findTag(db: Db, idOrSlug: string): Promise<Tag | undefined> {
  return (await repo.findTagBySlug(db, idOrSlug)) ?? (await repo.listTags(db)).find((t) => t.id === idOrSlug);
}

async function check(db: Db, input: Partial<TagInput>, selfId: string | null): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.name !== undefined && input.name.trim() === '') problems.push({ field: 'name', message: 'must not be empty' });
  if (input.slug !== undefined) {
    if (!isSlug(input.slug)) problems.push({ field: 'slug', message: 'must be lowercase letters, digits and hyphens (at most 80)' });
    else {
      const other = await repo.findTagBySlug(db, input.slug);
      if (other && other.id !== selfId) problems.push({ field: 'slug', message: `"${input.slug}" is already a tag` });
    }
  }
  if (problems.length > 0) throw invalid(problems);
}

export async function createTag(deps: TagWriteDeps, input: TagInput): Promise<Tag> {
  const tag = await deps.db.transaction().execute(async (tx) => {
    const slug = input.slug ?? slugify(input.name);
    await check(tx, { ...input, slug }, null);
    const t: Tag = { id: uuidv7(), slug, name: input.name.trim() };
    await repo.insertTag(tx, t, deps.clock());
    return t;
  });
  deps.events.changed();
  return tag;
}

export async function updateTag(deps: TagWriteDeps, idOrSlug: string, patch: Partial<TagInput>): Promise<Tag> {
  const tag = await deps.db.transaction().execute(async (tx) => {
    const current = await findTag(tx, idOrSlug);
    if (!current) throw new AppError('TAG_NOT_FOUND', 404, `No tag "${idOrSlug}".`);
    await check(tx, patch, current.id);
    const changes = {
      ...(patch.slug !== undefined && { slug: patch.slug }),
      ...(patch.name !== undefined && { name: patch.name.trim() }),
    };
    if (Object.keys(changes).length > 0) await repo.updateTag(tx, current.id, changes);
    return { ...current, ...changes };
  });
  deps.events.changed();
  return tag;
}

export async function deleteTag(deps: TagWriteDeps, idOrSlug: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const current = await findTag(tx, idOrSlug);
    if (!current) throw new AppError('TAG_NOT_FOUND', 404, `No tag "${idOrSlug}".`);
    await repo.deleteTag(tx, current.id);
  });
  deps.events.changed();
}

/** The tags feature's use-cases over one database: the list, lookups and the newsroom's writes. */
export function createTagService(deps: TagWriteDeps) {
  return {
    /** By name. */
    list: () => repo.listTags(deps.db),
    findBySlug: (slug: string) => repo.findTagBySlug(deps.db, slug),
    findBySlugs: (slugs: readonly string[]) => repo.findTagsBySlugs(deps.db, slugs),
    create: (input: TagInput) => createTag(deps, input),
    update: (idOrSlug: string, patch: Partial<TagInput>) => updateTag(deps, idOrSlug, patch),
    remove: (idOrSlug: string) => deleteTag(deps, idOrSlug),
  };
}
export type TagService = ReturnType<typeof createTagService>;
