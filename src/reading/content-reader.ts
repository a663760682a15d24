/**
 * The one content-read service: every output that carries article text — page,
 * JSON-LD, meta descriptions, feeds, Content API, search snippets, print, email — asks it what
 * this viewer may see. No renderer reads a body from a repository.
 *
 * It applies the meter's one decision, `decideAccess` (access.ts): a walled viewer gets
 * the lead-in only, and no output built from the reading can carry more. Outputs without a meter
 * (feeds, the public Content API, search) pass no usage: there, only free articles, entitled
 * viewers, partners with full text and verified crawlers get the whole body.
 */
import type { Article, Block } from '../articles/index.js';
import { type AccessDecision, decideAccess, type MeterUsage, type ReadingPolicy, type Viewer } from './access.js';
import { leadInOf } from './lead-in.js';

export interface ArticleReading {
  /** The blocks this viewer may see, in order. */
  blocks: Block[];
  /** True when `blocks` is the whole body. */
  full: boolean;
  /** The first blocks, capped by length and share (lead-in.ts): what any reader sees before a wall. */
  leadIn: Block[];
  /** The part after the lead-in, when this viewer may see it (empty when walled). */
  rest: Block[];
  /** For meta/og descriptions: the dek, else the lead-in's first paragraph, cut short. */
  description: string;
  /** The decision that made this reading. */
  access: AccessDecision;
  /** The article is not free to everyone: structured data marks the part after the lead-in. */
  paywalled: boolean;
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface ContentReaderOptions {
  /** The meter's policy now (lead-in length, allowances). */
  policy: () => ReadingPolicy;
}

export function createContentReader(opts: ContentReaderOptions) {
  /** The one decision (access.ts), under the policy in force now (or `policy`: an experiment's arm, src/experiments). */
  function decide(
    article: Pick<Article, 'access'>,
    viewer: Viewer,
    usage: MeterUsage | null = null,
    policy?: ReadingPolicy,
  ): AccessDecision {
    return decideAccess(viewer, article, usage, policy ?? opts.policy());
  }

  /**
   * The reading a decision allows: the whole body, or the lead-in only. `policy`: another than
   * the one in force (the business office's preview of a policy not saved yet).
   */
  function apply(article: Article, access: AccessDecision, policy?: ReadingPolicy): ArticleReading {
    const p = policy ?? opts.policy();
    // The lead-in (lead-in.ts): a walled reader's may end in a cut paragraph; a reader
    // who may read everything gets whole blocks, so lead-in and rest together are the body.
    // An editor's paywall break ends it earlier (never later) than the policy would.
    const leadIn = leadInOf(
      article.blocks,
      { blocks: p.leadInBlocks, chars: p.leadInChars, share: p.leadInShare },
      { cut: !access.allow, breakAt: article.paywallBreak },
    );
    const firstPara = leadIn.find((b) => b.type === 'paragraph')?.text ?? '';
    return {
      blocks: access.allow ? article.blocks : leadIn,
      full: access.allow,
      leadIn,
      rest: access.allow ? article.blocks.slice(leadIn.length) : [],
      // Never more than the dek or the lead-in's first paragraph, whoever asks.
      description: truncate(article.dek || firstPara, 300),
      access,
      paywalled: article.access !== 'free',
    };
  }

  /**
   * What `viewer` may see of `article` on an output without a meter (feeds, the Content API,
   * search): nothing is counted and no free read is given. The article page decides with the
   * viewer's meter (`decide`) and then `apply`s the decision.
   */
  function read(article: Article, viewer: Viewer): ArticleReading {
    return apply(article, decide(article, viewer, null));
  }

  return {
    read,
    decide,
    apply,
    /** A search-result snippet cut from the text this viewer may see, with query terms marked. */
    snippet(article: Article, viewer: Viewer, terms: readonly string[], maxLength = 240): SnippetPart[] {
      const reading = read(article, viewer);
      const text = reading.blocks
        .map((b) => b.text)
        .filter(Boolean)
        .join(' ');
      return makeSnippet(text || article.dek, terms, maxLength);
    },
  };
}

export type ContentReader = ReturnType<typeof createContentReader>;

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Pure: a window of `text` around the first matching term, with every term occurrence marked. */
export function makeSnippet(text: string, terms: readonly string[], maxLength: number): SnippetPart[] {
  const clean = terms.filter((t) => t.length > 0).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (clean.length === 0) return [{ text: truncate(text, maxLength), hit: false }];
  const re = new RegExp(`\\b(${clean.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  const first = re.exec(text);
  let start = 0;
  if (first && first.index > maxLength / 3) {
    start = text.lastIndexOf(' ', first.index - Math.floor(maxLength / 3));
    start = start < 0 ? 0 : start + 1;
  }
  let window = text.slice(start, start + maxLength);
  if (start + maxLength < text.length) {
    const space = window.lastIndexOf(' ');
    window = `${space > maxLength * 0.6 ? window.slice(0, space) : window}…`;
  }
  if (start > 0) window = `…${window}`;
  const parts: SnippetPart[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (const m of window.matchAll(re)) {
    if (m.index > last) parts.push({ text: window.slice(last, m.index), hit: false });
    parts.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < window.length) parts.push({ text: window.slice(last), hit: false });
  return parts;
}
