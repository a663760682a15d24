/**
 * Newsroom use-cases for sections: create, update, delete. Slugs are checked against the site's
 * reserved first path segments (sections live at `/{section}`); a section that still has
 * articles cannot be deleted. Every write tells the page cache that content changed.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import { isSlug } from '../http/slug.js';
import type { Clock, ContentEvents } from '../platform.js';
import { isReservedSlug } from './reserved-slugs.js';
import type { Section } from './section-repository.js';
import * as repo from './section-repository.js';

export interface SectionWriteDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
}

export interface SectionInput {
  slug: string;
  name: string;
  description?: string | undefined;
  /** Place in the site menu; new sections go last. */
  position?: number | undefined;
}

/** A section by id or slug. */
export async function findSection(db: Db, idOrSlug: string): Promise<Section | undefined> {
  return (await repo.findSectionById(db, idOrSlug)) ?? (await repo.findSectionBySlug(db, idOrSlug));
}

async function check(db: Db, input: Partial<SectionInput>, selfId: string | null): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.slug !== undefined) {
    if (!isSlug(input.slug)) problems.push({ field: 'slug', message: 'must be lowercase letters, digits and hyphens (at most 80)' });
    else if (isReservedSlug(input.slug)) problems.push({ field: 'slug', message: `"${input.slug}" is reserved for the site's own pages` });
    else {
      const other = await repo.findSectionBySlug(db, input.slug);
      if (other && other.id !== selfId) problems.push({ field: 'slug', message: `"${input.slug}" is already a section` });
    }
  }
  if (input.name !== undefined && input.name.trim() === '') problems.push({ field: 'name', message: 'must not be empty' });
  if (problems.length > 0) throw invalid(problems);
}

export async function createSection(deps: SectionWriteDeps, input: SectionInput): Promise<Section> {
  const section = await deps.db.transaction().execute(async (tx) => {
    await check(tx, input, null);
    const s: Section = {
      id: uuidv7(),
      slug: input.slug,
      name: input.name.trim(),
      description: (input.description ?? '').trim(),
      position: input.position ?? (await repo.maxSectionPosition(tx)) + 1,
    };
    await repo.insertSection(tx, s, deps.clock());
    return s;
  });
  deps.events.changed();
  return section;
}

export async function updateSection(deps: SectionWriteDeps, idOrSlug: string, patch: Partial<SectionInput>): Promise<Section> {
  const section = await deps.db.transaction().execute(async (tx) => {
    const current = await findSection(tx, idOrSlug);
    if (!current) throw new AppError('SECTION_NOT_FOUND', 404, `No section "${idOrSlug}".`);
    await check(tx, patch, current.id);
    await repo.updateSection(
      tx,
      current.id,
      {
        ...(patch.slug !== undefined && { slug: patch.slug }),
        ...(patch.name !== undefined && { name: patch.name.trim() }),
        ...(patch.description !== undefined && { description: patch.description.trim() }),
        ...(patch.position !== undefined && { position: patch.position }),
      },
      deps.clock(),
    );
    const updated = await repo.findSectionById(tx, current.id);
    if (!updated) throw new AppError('SECTION_NOT_FOUND', 404, `No section "${idOrSlug}".`);
    return updated;
  });
  deps.events.changed();
  return section;
}

export async function deleteSection(deps: SectionWriteDeps, idOrSlug: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const current = await findSection(tx, idOrSlug);
    if (!current) throw new AppError('SECTION_NOT_FOUND', 404, `No section "${idOrSlug}".`);
    const n = await repo.countArticlesInSection(tx, current.id);
    if (n > 0) {
      throw new AppError(
        'SECTION_NOT_EMPTY',
        409,
        `Section "${current.slug}" still has ${n} article${n === 1 ? '' : 's'}: move or delete them first.`,
      );
    }
    await repo.deleteSection(tx, current.id);
  });
  deps.events.changed();
}

/** The sections feature's use-cases over one database: the menu's list, lookups and the newsroom's writes. */
export function createSectionService(deps: SectionWriteDeps) {
  return {
    /** In the order of the site menu. */
    list: () => repo.listSections(deps.db),
    findBySlug: (slug: string) => repo.findSectionBySlug(deps.db, slug),
    create: (input: SectionInput) => createSection(deps, input),
    update: (idOrSlug: string, patch: Partial<SectionInput>) => updateSection(deps, idOrSlug, patch),
    remove: (idOrSlug: string) => deleteSection(deps, idOrSlug),
  };
}
export type SectionService = ReturnType<typeof createSectionService>;
