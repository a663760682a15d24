/**
 * The one content-read service (decisions.md): every output that carries article text — page,
 * JSON-LD, meta descriptions, feeds, Content API, search snippets, print, email — asks it what
 * this viewer may see. No renderer reads a body from a repository.
 *
 * Until the metered paywall lands it allows everything; the paywall puts `decideAccess` here and
 * changes no renderer.
 */
import type { Article, Block } from '../articles/article.js';

export const CHANNELS = ['page', 'print', 'jsonld', 'meta', 'feed', 'api', 'search', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who is reading. The paywall adds registered readers, subscribers and verified crawlers. */
export type Viewer = { kind: 'anonymous' } | { kind: 'staff' } | { kind: 'partner' };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

export interface ArticleReading {
  /** The blocks this viewer may see, in order. */
  blocks: Block[];
  /** True when `blocks` is the whole body. */
  full: boolean;
  /** The first paragraphs: what any reader sees before a wall. */
  leadIn: Block[];
  /** For meta/og descriptions: the dek, else the lead-in's first paragraph, cut short. */
  description: string;
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface ContentReaderOptions {
  leadInParagraphs: number;
}

export function createContentReader(opts: ContentReaderOptions = { leadInParagraphs: 2 }) {
  function leadInOf(blocks: readonly Block[]): Block[] {
    const out: Block[] = [];
    let paragraphs = 0;
    for (const b of blocks) {
      if (paragraphs >= opts.leadInParagraphs) break;
      out.push(b);
      if (b.type === 'paragraph') paragraphs++;
    }
    return out;
  }

  function read(article: Article, _viewer: Viewer, _channel: Channel): ArticleReading {
    const leadIn = leadInOf(article.blocks);
    const firstPara = leadIn.find((b) => b.type === 'paragraph')?.text ?? '';
    return {
      blocks: article.blocks,
      full: true,
      leadIn,
      description: truncate(article.dek || firstPara, 300),
    };
  }

  return {
    read,
    /** A search-result snippet cut from the text this viewer may see, with query terms marked. */
    snippet(article: Article, viewer: Viewer, terms: readonly string[], maxLength = 240): SnippetPart[] {
      const reading = read(article, viewer, 'search');
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
