/**
 * Tags: the subjects articles are filed under. `createTagService` lists and finds them and runs
 * the newsroom's writes (deleting a tag takes it off its articles). The repository's reads and
 * `insertTag` are exported for the articles feature, which creates a story's new tags as it saves.
 */
export { findTagBySlug, findTagsBySlugs, insertTag, listTags, type Tag } from './tag-repository.js';
export { createTagService, type TagInput, type TagService, type TagWriteDeps } from './tag-service.js';
