/**
 * A body document → the stored blocks, once per save. The blocks have the shapes the Markdown
 * renderer (article-body.ts) gives, so reader pages, the lead-in, feeds and search treat both
 * alike: one block per top-level node, its HTML built from escaped text and run through the
 * same sanitizer, its plain text for word counts, search and the lead-in's measure.
 *
 * Two node kinds are ours: a pull quote becomes a `pullquote` block (a figure holding a
 * blockquote and its attribution, the HTML way to credit a quote), and a figure becomes a
 * `figure` block with the media library's responsive picture, its caption and credit. The
 * paywall break is not a block: it says how many blocks the lead-in may have at most.
 */
import type { Block, BlockType, ImageRef } from './article.js';
import { escapeAttr, escapeText, sanitize } from './article-body.js';
import { pictureHtml } from './article-images.js';
import { type BodyDoc, type BodyMark, type BodyNode, numberAttr, stringAttr } from './body-doc.js';

export interface RenderedBody {
  blocks: Block[];
  /** How many blocks stand before the paywall break; null without one. */
  breakAt: number | null;
}

const TOP_TYPES: Partial<Record<BodyNode['type'], BlockType>> = {
  paragraph: 'paragraph',
  heading: 'heading',
  bulletList: 'list',
  orderedList: 'list',
  blockquote: 'quote',
  codeBlock: 'code',
  horizontalRule: 'rule',
  table: 'table',
  pullQuote: 'pullquote',
  figure: 'figure',
};

/** The blocks of a document and where its paywall break stands. */
export function renderDocParts(doc: BodyDoc, images: ReadonlyMap<string, ImageRef> = new Map()): RenderedBody {
  const blocks: Block[] = [];
  let breakAt: number | null = null;
  for (const node of doc.content) {
    if (node.type === 'paywallBreak') {
      breakAt = blocks.length;
      continue;
    }
    const type = TOP_TYPES[node.type];
    if (!type) continue;
    const html = sanitize(nodeHtml(node, images));
    const text = nodeText(node).replace(/\s+/g, ' ').trim();
    if (text !== '' || type === 'rule' || type === 'figure') blocks.push({ type, html, text });
  }
  return { blocks, breakAt };
}

/**
 * Renders a body document to sanitized top-level blocks. `images` maps the ids of the pictures
 * its figures embed to their records (intrinsic size, responsive sources).
 */
export function renderDoc(doc: BodyDoc, images: ReadonlyMap<string, ImageRef> = new Map()): Block[] {
  return renderDocParts(doc, images).blocks;
}

function children(n: BodyNode, images: ReadonlyMap<string, ImageRef>): string {
  return (n.content ?? []).map((c) => nodeHtml(c, images)).join('');
}

/** A list item or table cell holding one paragraph shows its text bare, as Markdown's tight lists do. */
function bareOrBlocks(n: BodyNode, images: ReadonlyMap<string, ImageRef>): string {
  const kids = n.content ?? [];
  const only = kids[0];
  if (kids.length === 1 && only?.type === 'paragraph') return inlineHtml(only.content ?? []);
  return children(n, images);
}

function nodeHtml(n: BodyNode, images: ReadonlyMap<string, ImageRef>): string {
  switch (n.type) {
    case 'paragraph':
      return `<p>${inlineHtml(n.content ?? [])}</p>`;
    case 'heading': {
      const level = Math.min(4, Math.max(2, numberAttr(n, 'level', 2)));
      return `<h${level}>${inlineHtml(n.content ?? [])}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>${children(n, images)}</ul>`;
    case 'orderedList': {
      const start = numberAttr(n, 'start', 1);
      return `<ol${start !== 1 ? ` start="${start}"` : ''}>${children(n, images)}</ol>`;
    }
    case 'listItem':
      return `<li>${bareOrBlocks(n, images)}</li>`;
    case 'blockquote':
      return `<blockquote>${children(n, images)}</blockquote>`;
    case 'codeBlock':
      return `<pre><code>${escapeText(textOf(n))}</code></pre>`;
    case 'horizontalRule':
      return '<hr>';
    case 'table':
      return tableHtml(n, images);
    case 'tableRow':
      return `<tr>${children(n, images)}</tr>`;
    case 'tableHeader':
    case 'tableCell': {
      const tag = n.type === 'tableHeader' ? 'th' : 'td';
      const colspan = numberAttr(n, 'colspan', 1);
      const rowspan = numberAttr(n, 'rowspan', 1);
      const span = `${colspan > 1 ? ` colspan="${colspan}"` : ''}${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}`;
      return `<${tag}${span}>${bareOrBlocks(n, images)}</${tag}>`;
    }
    case 'pullQuote': {
      const by = stringAttr(n, 'attribution').trim();
      return `<figure class="pull-quote"><blockquote><p>${inlineHtml(n.content ?? [])}</p></blockquote>${by ? `<figcaption>${escapeText(by)}</figcaption>` : ''}</figure>`;
    }
    case 'figure':
      return figureHtml(n, images);
    case 'text':
    case 'hardBreak':
      return inlineHtml([n]);
    default:
      return '';
  }
}

/** Leading rows made only of header cells form the head, as a Markdown table's first row does. */
function tableHtml(n: BodyNode, images: ReadonlyMap<string, ImageRef>): string {
  const rows = n.content ?? [];
  let head = 0;
  while (head < rows.length && (rows[head]?.content ?? []).length > 0 && (rows[head]?.content ?? []).every((c) => c.type === 'tableHeader'))
    head++;
  const part = (tag: string, rs: BodyNode[]) => (rs.length > 0 ? `<${tag}>${rs.map((r) => nodeHtml(r, images)).join('')}</${tag}>` : '');
  return `<table>${part('thead', rows.slice(0, head))}${part('tbody', rows.slice(head))}</table>`;
}

function figureHtml(n: BodyNode, images: ReadonlyMap<string, ImageRef>): string {
  const id = stringAttr(n, 'imageId');
  const alt = stringAttr(n, 'alt');
  const caption = stringAttr(n, 'caption').trim();
  const credit = stringAttr(n, 'credit').trim();
  const ref = images.get(id);
  const pic = ref
    ? pictureHtml(ref, alt, '(min-width: 48rem) 40rem, 100vw', 'lazy')
    : `<img src="/media/${escapeAttr(id)}/" alt="${escapeAttr(alt)}" loading="lazy" decoding="async">`;
  const cap =
    caption || credit
      ? `<figcaption>${escapeText(caption)}${credit ? `<span class="credit">${escapeText(credit)}</span>` : ''}</figcaption>`
      : '';
  return `<figure>${pic}${cap}</figure>`;
}

const MARK_ORDER: Record<BodyMark['type'], number> = { link: 0, bold: 1, italic: 2, strike: 3, code: 4 };

function open(m: BodyMark): string {
  switch (m.type) {
    case 'bold':
      return '<strong>';
    case 'italic':
      return '<em>';
    case 'strike':
      return '<s>';
    case 'code':
      return '<code>';
    case 'link':
      return `<a href="${escapeAttr(m.attrs.href)}">`;
  }
}

const CLOSE: Record<BodyMark['type'], string> = { bold: '</strong>', italic: '</em>', strike: '</s>', code: '</code>', link: '</a>' };

function sameMark(a: BodyMark, b: BodyMark): boolean {
  return a.type === b.type && (a.type !== 'link' || (b.type === 'link' && a.attrs.href === b.attrs.href));
}

/** Inline nodes to HTML, keeping a mark open across neighbours that share it (one link, not three). */
function inlineHtml(nodes: readonly BodyNode[]): string {
  let out = '';
  let stack: BodyMark[] = [];
  for (const n of nodes) {
    const marks = [...(n.marks ?? [])].sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type]);
    let keep = 0;
    while (keep < stack.length && keep < marks.length && sameMark(stack[keep] as BodyMark, marks[keep] as BodyMark)) keep++;
    for (let i = stack.length - 1; i >= keep; i--) out += CLOSE[(stack[i] as BodyMark).type];
    stack = stack.slice(0, keep);
    for (const m of marks.slice(keep)) {
      out += open(m);
      stack.push(m);
    }
    if (n.type === 'text') out += escapeText(n.text ?? '');
    else if (n.type === 'hardBreak') out += '<br>';
  }
  for (let i = stack.length - 1; i >= 0; i--) out += CLOSE[(stack[i] as BodyMark).type];
  return out;
}

function textOf(n: BodyNode): string {
  return (n.content ?? []).map((c) => c.text ?? '').join('');
}

/** Plain text: each textblock's text, separated by spaces; a figure's caption and credit. */
function nodeText(n: BodyNode): string {
  if (n.type === 'text') return n.text ?? '';
  if (n.type === 'hardBreak') return ' ';
  if (n.type === 'figure') return [stringAttr(n, 'caption'), stringAttr(n, 'credit')].filter((s) => s.trim() !== '').join(' ');
  if (n.type === 'pullQuote') {
    const by = stringAttr(n, 'attribution').trim();
    return `${(n.content ?? []).map(nodeText).join('')}${by ? ` — ${by}` : ''}`;
  }
  if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'codeBlock') return `${(n.content ?? []).map(nodeText).join('')} `;
  return (n.content ?? []).map(nodeText).join(' ');
}
