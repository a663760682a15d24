/**
 * Markdown → sanitized top-level blocks, done once when an article is saved, and stored beside
 * the Markdown (`articles.body_blocks`). markdown-it runs with `html: false`, and sanitize-html guards its output a
 * second time, so neither raw HTML nor `javascript:` links survive.
 */
import { createRequire } from 'node:module';
import type markdownItFactory from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';
import type { Block, BlockType, ImageRef } from './article.js';
import { pictureHtml } from './article-images.js';

// markdown-it and sanitize-html (with htmlparser2, its entity tables and postcss: ~0.5 MB of the
// bundle) are loaded the first time a body is rendered, not at start: a server that serves stored
// stories needs neither until a story is saved or a paywall is shown (bench/README.md, "Session 12").
// `require` keeps these functions synchronous; both packages ship CommonJS.
const require = createRequire(import.meta.url);
let markdownIt: MarkdownIt | undefined;
let sanitizeHtmlFn: typeof sanitizeHtml | undefined;

/** The body's markdown-it (no HTML, links found, typographer's quotes), made on first use. */
function md(): MarkdownIt {
  markdownIt ??= new (require('markdown-it') as typeof markdownItFactory)({ html: false, linkify: true, typographer: true });
  return markdownIt;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'ul',
    'ol',
    'li',
    'blockquote',
    'a',
    'strong',
    'em',
    'code',
    'pre',
    'br',
    'hr',
    'figure',
    'figcaption',
    'picture',
    'source',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    's',
    'span',
    'sup',
    'sub',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'srcset', 'sizes', 'loading', 'decoding'],
    source: ['srcset', 'type', 'sizes'],
    ol: ['start'],
    th: ['align', 'style', 'colspan', 'rowspan'],
    td: ['align', 'style', 'colspan', 'rowspan'],
  },
  // The credit under a figure and the pull quote's frame (body-render.ts).
  allowedClasses: { span: ['credit'], figure: ['pull-quote'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: {
    // The page's only h1 is the headline: body headings start at h2.
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const external = /^https?:\/\//i.test(href);
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener' } : attribs };
    },
  },
};

export function sanitize(html: string): string {
  sanitizeHtmlFn ??= require('sanitize-html') as typeof sanitizeHtml;
  return sanitizeHtmlFn(html, SANITIZE);
}

const TYPE_BY_OPEN: Record<string, BlockType> = {
  paragraph_open: 'paragraph',
  heading_open: 'heading',
  bullet_list_open: 'list',
  ordered_list_open: 'list',
  blockquote_open: 'quote',
  table_open: 'table',
};

/** Media images referenced from a body: `/media/{id}/…`. */
export const MEDIA_IMAGE_URL = /\/media\/([0-9a-f-]{36})\//g;

export function referencedImageIds(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(MEDIA_IMAGE_URL)].map((m) => m[1] as string))];
}

/**
 * Renders a body. `images` maps media image ids found in the body to their records, so a
 * picture gets its intrinsic size and responsive sources.
 */
export function renderBody(markdown: string, images: ReadonlyMap<string, ImageRef> = new Map()): Block[] {
  const tokens = md().parse(markdown, {});
  const blocks: Block[] = [];
  let i = 0;
  while (i < tokens.length) {
    const open = tokens[i] as Token;
    let end = i;
    if (open.nesting === 1) {
      let depth = 0;
      for (let j = i; j < tokens.length; j++) {
        depth += (tokens[j] as Token).nesting;
        if (depth === 0) {
          end = j;
          break;
        }
      }
    }
    const slice = tokens.slice(i, end + 1);
    i = end + 1;
    const block = toBlock(open, slice, images);
    if ((block && block.text.trim() !== '') || block?.type === 'rule' || block?.type === 'figure') blocks.push(block as Block);
  }
  return blocks;
}

function toBlock(open: Token, slice: Token[], images: ReadonlyMap<string, ImageRef>): Block | null {
  const text = plainText(slice);
  if (open.type === 'hr') return { type: 'rule', html: '<hr>', text: '' };
  if (open.type === 'fence' || open.type === 'code_block') {
    return { type: 'code', html: sanitize(md().renderer.render(slice, md().options, {})), text };
  }
  const type = TYPE_BY_OPEN[open.type];
  if (!type) return null;
  if (type === 'paragraph') {
    const figure = asFigure(slice, images);
    if (figure) return figure;
  }
  return { type, html: sanitize(md().renderer.render(slice, md().options, {})), text };
}

/** A paragraph that holds nothing but one image becomes a figure, its title the caption. */
function asFigure(slice: Token[], images: ReadonlyMap<string, ImageRef>): Block | null {
  const inline = slice[1];
  const children = (inline?.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak');
  const img = children[0];
  if (children.length !== 1 || !img || img.type !== 'image') return null;
  const src = String(img.attrGet('src') ?? '');
  const alt = img.children?.map((c) => c.content).join('') ?? img.content;
  const caption = String(img.attrGet('title') ?? '');
  const id = [...src.matchAll(MEDIA_IMAGE_URL)][0]?.[1];
  const ref = id ? images.get(id) : undefined;
  const pic = ref
    ? pictureHtml(ref, alt, '(min-width: 48rem) 40rem, 100vw', 'lazy')
    : `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}" loading="lazy" decoding="async">`;
  const html = sanitize(`<figure>${pic}${caption ? `<figcaption>${escapeText(caption)}</figcaption>` : ''}</figure>`);
  return { type: 'figure', html, text: caption };
}

function plainText(slice: Token[]): string {
  const parts: string[] = [];
  for (const t of slice) {
    if (t.type === 'inline') {
      for (const c of t.children ?? []) {
        if (c.type === 'text' || c.type === 'code_inline') parts.push(c.content);
        else if (c.type === 'softbreak' || c.type === 'hardbreak') parts.push(' ');
      }
      parts.push(' ');
    } else if (t.type === 'fence' || t.type === 'code_block') {
      parts.push(t.content);
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** The plain text of a body, for search and word counts. */
export function bodyText(blocks: readonly Block[]): string {
  return blocks
    .map((b) => b.text)
    .filter(Boolean)
    .join('\n\n');
}
