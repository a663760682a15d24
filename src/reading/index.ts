/**
 * What a viewer may read of an article, for every output. `decideAccess` (access.ts) is the one
 * pure decision (free, entitled, counted, walled, and why); `createContentReader` applies it to an
 * article, giving the blocks this viewer may see (the lead-in only behind a wall, lead-in.ts),
 * the description and search snippets cut from them. The meter (src/meter) gathers the facts and
 * records the counts; this folder imports no other feature but the content's.
 */
export {
  type AccessDecision,
  type AllowReason,
  ANONYMOUS,
  allowanceOf,
  decideAccess,
  isRegistrationWall,
  type MeterCount,
  type MeterUsage,
  type ReadingPolicy,
  type Viewer,
  type WallReason,
} from './access.js';
export {
  type ArticleReading,
  type ContentReader,
  type ContentReaderOptions,
  createContentReader,
  makeSnippet,
  type SnippetPart,
  truncate,
} from './content-reader.js';
export { cutParagraph, type LeadInLimits, leadInOf, MIN_CUT_CHARS } from './lead-in.js';
