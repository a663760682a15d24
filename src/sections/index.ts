/**
 * Sections: the paper's departments, in the order of the site menu. `createSectionService` lists
 * and finds them and runs the newsroom's writes (slugs are checked against the site's reserved
 * first path segments; a section with articles cannot be deleted). The repository's reads are
 * exported for the features that join sections into their own queries.
 */
export { isReservedSlug, RESERVED_SLUGS } from './reserved-slugs.js';
export {
  findSectionById,
  findSectionBySlug,
  insertSection,
  listSections,
  maxSectionPosition,
  type Section,
  updateSection,
} from './section-repository.js';
export { createSectionService, type SectionInput, type SectionService, type SectionWriteDeps } from './section-service.js';
