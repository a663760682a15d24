/**
 * The section, tag and author filters of article lists, from slugs to ids. Each names something
 * that must exist: an unknown one is a 404 that says which.
 */
import { findAuthorBySlug } from '../authors/author-repository.js';
import type { Db } from '../db/database.js';
import { findSectionBySlug } from '../sections/section-repository.js';
import { findTagBySlug } from '../tags/tag-repository.js';
import { unknownFilter } from './api-schemas.js';

export interface ListFilterSlugs {
  section?: string | undefined;
  tag?: string | undefined;
  author?: string | undefined;
}

export async function resolveListFilter(db: Db, q: ListFilterSlugs): Promise<{ sectionId?: string; tagId?: string; authorId?: string }> {
  const [section, tag, author] = await Promise.all([
    q.section ? findSectionBySlug(db, q.section) : undefined,
    q.tag ? findTagBySlug(db, q.tag) : undefined,
    q.author ? findAuthorBySlug(db, q.author) : undefined,
  ]);
  if (q.section && !section) throw unknownFilter('section', q.section);
  if (q.tag && !tag) throw unknownFilter('tag', q.tag);
  if (q.author && !author) throw unknownFilter('author', q.author);
  return {
    ...(section && { sectionId: section.id }),
    ...(tag && { tagId: tag.id }),
    ...(author && { authorId: author.id }),
  };
}
