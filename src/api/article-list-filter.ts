/**
 * The section, tag and author filters of article lists, from slugs to ids. Each names something
 * that must exist: an unknown one is a 404 that says which.
 */
import type { AuthorService } from '../authors/index.js';
import type { SectionService } from '../sections/index.js';
import type { TagService } from '../tags/index.js';
import { unknownFilter } from './api-schemas.js';

export interface ListFilterSlugs {
  section?: string | undefined;
  tag?: string | undefined;
  author?: string | undefined;
}

/** The lookups a list filter needs: each of the three by slug. */
export interface ListFilterLookups {
  sections: Pick<SectionService, 'findBySlug'>;
  tags: Pick<TagService, 'findBySlug'>;
  authors: Pick<AuthorService, 'findBySlug'>;
}

export async function resolveListFilter(
  deps: ListFilterLookups,
  q: ListFilterSlugs,
): Promise<{ sectionId?: string; tagId?: string; authorId?: string }> {
  const [section, tag, author] = await Promise.all([
    q.section ? deps.sections.findBySlug(q.section) : undefined,
    q.tag ? deps.tags.findBySlug(q.tag) : undefined,
    q.author ? deps.authors.findBySlug(q.author) : undefined,
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
