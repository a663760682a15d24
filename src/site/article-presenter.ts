/**
 * What leaves the server of an article page: the story's record without its body, and only the
 * blocks the content-read service let this reader see. A reader who may not read the whole story
 * gets a view-model holding the lead-in alone, so no view built from it can leak the walled part.
 * Pure.
 */
import type { Article, Block } from '../articles/index.js';
import type { ArticleReading } from '../reading/index.js';

/** The story's record as the page shows it: everything but its body. */
export type StoryHead = Omit<Article, 'bodyMarkdown' | 'bodyDoc' | 'blocks'>;

export interface ArticleViewModel {
  story: StoryHead;
  /** The blocks this reader may see, in order (the lead-in alone behind a wall). */
  blocks: Block[];
  /** The first blocks: what any reader sees before a wall. */
  leadIn: Block[];
  /** The part after the lead-in, when this reader may see it (empty when walled). */
  rest: Block[];
  /** True when `blocks` is the whole body. */
  full: boolean;
  /** The article is not free to everyone: structured data marks the part after the lead-in. */
  paywalled: boolean;
  /** For meta/og descriptions: never more than the dek or the lead-in's first paragraph. */
  description: string;
}

export function presentArticle(article: Article, reading: ArticleReading): ArticleViewModel {
  const { bodyMarkdown: _body, bodyDoc: _doc, blocks: _blocks, ...story } = article;
  return {
    story,
    blocks: reading.full ? reading.blocks : reading.leadIn,
    leadIn: reading.leadIn,
    rest: reading.full ? reading.rest : [],
    full: reading.full,
    paywalled: reading.paywalled,
    description: reading.description,
  };
}
