/**
 * Articles: the paper's stories. `article.ts` holds the domain types and pure functions (paths,
 * slugs, statuses); `createArticleService` runs the newsroom's use-cases (create, update,
 * schedule, publish, unpublish, delete, each keeping a revision) and the reader-facing lookups;
 * `articleJobHandlers` publishes scheduled stories. The body's source is a ProseMirror document
 * (`BodyDoc`, checked by `parseBodyDoc`), rendered once per save to sanitized blocks
 * (`renderDoc`) and spelt in Markdown both ways (`markdownToDoc`, `docToMarkdown`;
 * docs/body-document.md); `renderBody` still renders plain Markdown (the paywall's copy). Images
 * are referenced by id and drawn with `pictureHtml`. The read
 * queries are exported for the features that list and search stories (site, feeds, funnel,
 * meter), which call them with the database first.
 */
export {
  ACCESS_LEVELS,
  type AccessLevel,
  ARTICLE_STATUSES,
  type Article,
  type ArticleStatus,
  type ArticleSummary,
  type AuthorRef,
  articlePath,
  BLOCK_TYPES,
  type Block,
  type BlockType,
  countWords,
  type HeroImage,
  type ImageRef,
  type ImageVariant,
  isLive,
  isSlug,
  localDateParts,
  type SectionRef,
  SLUG_PATTERN,
  slugify,
  type TagRef,
  type UpdateNote,
} from './article.js';
export { bodyText, escapeAttr, escapeText, referencedImageIds, renderBody, sanitize } from './article-body.js';
export { focalClasses, mediaUrl, originalFormat, pickVariant, pictureHtml } from './article-images.js';
export { articleJobHandlers, PublishJobPayload } from './article-jobs.js';
export {
  type CorrectionEntry,
  countPublished,
  findArticleIdByOldSlug,
  findArticlesByIds,
  findImagesByIds,
  findSummariesByIds,
  imageFromRow,
  type ListFilter,
  listArticles,
  listCorrections,
  listPublishedBetween,
  listPublishedSince,
  listRecentArticles,
  listSitemapEntries,
  type SearchScope,
  searchArticleIds,
  searchTerms,
} from './article-repository.js';
export {
  type ArticleDiff,
  type BlockChange,
  DIFF_FIELDS,
  type DiffField,
  diffBodies,
  diffRevisions,
  diffWords,
  type FieldChange,
  type Revision,
  type WordChange,
} from './article-revisions.js';
export {
  type AlsoInTransaction,
  type ArticleInput,
  type ArticleService,
  type ArticleServiceDeps,
  createArticleService,
  inputFromArticle,
  PUBLISH_JOB,
  type SlugLookup,
} from './article-service.js';
export { insertArticleRows, type NewArticleRows } from './article-write-repository.js';
export {
  BODY_MARK_TYPES,
  BODY_NODE_TYPES,
  type BodyDoc,
  BodyDocSchema,
  type BodyMark,
  type BodyNode,
  docImageIds,
  emptyDoc,
  isAllowedHref,
  MAX_BODY_DOC_CHARS,
  parseBodyDoc,
} from './body-doc.js';
export { docToMarkdown, markdownToDoc } from './body-markdown.js';
export { type RenderedBody, renderDoc, renderDocParts } from './body-render.js';
