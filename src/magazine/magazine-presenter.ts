/** What the Admin API shows of an edition. */
import { editionLabel, type MagazineEdition } from './magazine.js';

export function presentMagazineEdition(e: MagazineEdition) {
  return {
    number: e.number,
    volume: e.volume,
    issue: e.issue,
    label: editionLabel(e),
    week_of: e.weekOf,
    cover_date: e.coverDate,
    cover_story: e.coverArticleId,
    cover_image: e.coverImageId,
    editor_note: e.editorNote,
    status: e.status,
    frozen_at: e.frozenAt?.toISOString() ?? null,
    stories: e.storyIds,
    version: e.version,
    updated_at: e.updatedAt.toISOString(),
    updated_by: e.updatedBy,
  };
}
