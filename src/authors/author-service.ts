/**
 * Newsroom use-cases for authors: create, update, delete. An author still on a byline cannot be
 * deleted. Every write tells the page cache that content changed.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import { isSlug, slugify } from '../http/slug.js';
import type { Clock, ContentEvents } from '../platform.js';
import type { Author } from './author-repository.js';
import * as repo from './author-repository.js';

export interface AuthorWriteDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
}

export interface AuthorInput {
  name: string;
  /** Defaults to the name, slugified. */
  slug?: string | undefined;
  bio?: string | undefined;
  photoImageId?: string | null | undefined;
}

/**
 * An author by slug or id. The repository has no lookup by id yet; a paper has hundreds of
 * authors at most and this runs only on newsroom writes, so the id falls back to the list.
 */
export async function findAuthor(db: Db, idOrSlug: string): Promise<Author | undefined> {
  return (await repo.findAuthorBySlug(db, idOrSlug)) ?? (await repo.listAuthors(db)).find((a) => a.id === idOrSlug);
}

async function check(db: Db, input: Partial<AuthorInput>, selfId: string | null): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.name !== undefined && input.name.trim() === '') problems.push({ field: 'name', message: 'must not be empty' });
  if (input.slug !== undefined) {
    if (!isSlug(input.slug)) problems.push({ field: 'slug', message: 'must be lowercase letters, digits and hyphens (at most 80)' });
    else {
      const other = await repo.findAuthorBySlug(db, input.slug);
      if (other && other.id !== selfId) problems.push({ field: 'slug', message: `"${input.slug}" is already an author` });
    }
  }
  if (input.photoImageId) {
    if (!(await repo.imageExists(db, input.photoImageId)))
      problems.push({ field: 'photoImageId', message: `no image "${input.photoImageId}"` });
  }
  if (problems.length > 0) throw invalid(problems);
}

export async function createAuthor(deps: AuthorWriteDeps, input: AuthorInput): Promise<Author> {
  const author = await deps.db.transaction().execute(async (tx) => {
    const slug = input.slug ?? slugify(input.name);
    await check(tx, { ...input, slug }, null);
    const a: Author = {
      id: uuidv7(),
      slug,
      name: input.name.trim(),
      bio: (input.bio ?? '').trim(),
      photoImageId: input.photoImageId ?? null,
    };
    await repo.insertAuthor(tx, a, deps.clock());
    return a;
  });
  deps.events.changed();
  return author;
}

export async function updateAuthor(deps: AuthorWriteDeps, idOrSlug: string, patch: Partial<AuthorInput>): Promise<Author> {
  const author = await deps.db.transaction().execute(async (tx) => {
    const current = await findAuthor(tx, idOrSlug);
    if (!current) throw new AppError('AUTHOR_NOT_FOUND', 404, `No author "${idOrSlug}".`);
    await check(tx, patch, current.id);
    await repo.updateAuthor(
      tx,
      current.id,
      {
        ...(patch.slug !== undefined && { slug: patch.slug }),
        ...(patch.name !== undefined && { name: patch.name.trim() }),
        ...(patch.bio !== undefined && { bio: patch.bio.trim() }),
        ...(patch.photoImageId !== undefined && { photoImageId: patch.photoImageId }),
      },
      deps.clock(),
    );
    const updated = await findAuthor(tx, current.id);
    if (!updated) throw new AppError('AUTHOR_NOT_FOUND', 404, `No author "${idOrSlug}".`);
    return updated;
  });
  deps.events.changed();
  return author;
}

export async function deleteAuthor(deps: AuthorWriteDeps, idOrSlug: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const current = await findAuthor(tx, idOrSlug);
    if (!current) throw new AppError('AUTHOR_NOT_FOUND', 404, `No author "${idOrSlug}".`);
    const n = await repo.countArticlesByAuthor(tx, current.id);
    if (n > 0) {
      throw new AppError(
        'AUTHOR_HAS_ARTICLES',
        409,
        `${current.name} is on the byline of ${n} article${n === 1 ? '' : 's'}: change those bylines first.`,
      );
    }
    await repo.deleteAuthor(tx, current.id);
  });
  deps.events.changed();
}

/** The authors feature's use-cases over one database: the list, lookups and the newsroom's writes. */
export function createAuthorService(deps: AuthorWriteDeps) {
  return {
    /** By name. */
    list: () => repo.listAuthors(deps.db),
    findBySlug: (slug: string) => repo.findAuthorBySlug(deps.db, slug),
    create: (input: AuthorInput) => createAuthor(deps, input),
    update: (idOrSlug: string, patch: Partial<AuthorInput>) => updateAuthor(deps, idOrSlug, patch),
    remove: (idOrSlug: string) => deleteAuthor(deps, idOrSlug),
  };
}
export type AuthorService = ReturnType<typeof createAuthorService>;
