/**
 * Markdown ⇄ body document. Markdown comes in through `masthead import`, the Admin API's `body`
 * and the newsroom's no-JavaScript textarea; it goes out in the Admin API's responses and that
 * textarea. markdown-it parses with the options the Markdown renderer has always used (no raw
 * HTML, links found in text, typographic quotes), so an old body's text is what it was.
 *
 * CommonMark has no spelling for three of our nodes; ours (docs/body-document.md):
 *
 *     ::: pull-quote Mara Quint, harbour master        a pull quote and its attribution
 *     The harbour is the town’s front door.
 *     :::
 *
 *     ![Alt text](/media/{imageId}/… "Caption")        a figure (a paragraph of one image)
 *
 *     ::: figure Photo: Ana Ruiz                       a figure with a credit
 *     ![Alt text](/media/{imageId}/… "Caption")
 *     :::
 *
 *     ::: paywall                                       the paywall break (one line)
 *
 * What Markdown cannot say is dropped on import, never invented: an image that is not in the
 * media library becomes its alt text linked to its address; a link to anything but http(s),
 * mailto or a site path keeps its text only. What the document can say that Markdown cannot
 * is flattened on export: a table cell's several blocks become one line, spans are lost.
 */
import { createRequire } from 'node:module';
import type markdownItFactory from 'markdown-it';
import type { MarkdownIt, StateBlock, Token } from 'markdown-it';
import type { ImageRef } from './article.js';
import { mediaUrl } from './article-images.js';
import { type BodyDoc, type BodyMark, type BodyNode, isAllowedHref, numberAttr, stringAttr } from './body-doc.js';

const DIRECTIVE = /^:::[ \t]*(pull-quote|figure|paywall)(?:[ \t]+(.*?))?[ \t]*$/;

/** A markdown-it block rule for the `:::` lines above (after markdown-it-container's shape). */
function directiveRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  const m = DIRECTIVE.exec(state.src.slice(start, state.eMarks[startLine]));
  if (!m) return false;
  if (silent) return true;
  const name = m[1] === 'pull-quote' ? 'pullquote' : (m[1] ?? '');
  const arg = (m[2] ?? '').trim();
  if (name === 'paywall') {
    const t = state.push('paywall_break', '', 0);
    t.map = [startLine, startLine + 1];
    t.block = true;
    state.line = startLine + 1;
    return true;
  }
  let next = startLine;
  let closed = false;
  while (++next < endLine) {
    const p = (state.bMarks[next] ?? 0) + (state.tShift[next] ?? 0);
    const max = state.eMarks[next] ?? p;
    if (p < max && (state.sCount[next] ?? 0) < state.blkIndent) break;
    if ((state.sCount[next] ?? 0) - state.blkIndent < 4 && state.src.slice(p, max).trim() === ':::') {
      closed = true;
      break;
    }
  }
  const oldParent = state.parentType;
  const oldMax = state.lineMax;
  state.parentType = 'container' as typeof state.parentType;
  state.lineMax = next;
  const open = state.push(`${name}_open`, 'div', 1);
  open.info = arg;
  open.block = true;
  open.map = [startLine, next];
  state.md.block.tokenize(state, startLine + 1, next);
  const close = state.push(`${name}_close`, 'div', -1);
  close.block = true;
  state.parentType = oldParent;
  state.lineMax = oldMax;
  state.line = next + (closed ? 1 : 0);
  return true;
}

// Loaded on first use, not at start (as in article-body.ts: a server serving stored stories never
// converts Markdown); `require` keeps the conversions synchronous.
let markdownIt: MarkdownIt | undefined;
function md(): MarkdownIt {
  if (markdownIt === undefined) {
    markdownIt = new (createRequire(import.meta.url)('markdown-it') as typeof markdownItFactory)({
      html: false,
      linkify: true,
      typographer: true,
    });
    markdownIt.block.ruler.before('fence', 'masthead_directive', directiveRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  }
  return markdownIt;
}

/** A media-library picture's address: `/media/{imageId}/{file}`, relative or on any host. */
const MEDIA_SRC = /^(?:https?:\/\/[^/]+)?\/media\/([A-Za-z0-9_-]{1,64})\//;

function matching(ts: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < ts.length; j++) {
    depth += (ts[j] as Token).nesting;
    if (depth === 0) return j;
  }
  return ts.length - 1;
}

const para = (content: BodyNode[] = []): BodyNode => (content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' });

/** Parses Markdown into a body document. */
export function markdownToDoc(markdown: string): BodyDoc {
  const tokens = md().parse(markdown, {});
  const content = convertBlocks(tokens, 0, tokens.length, true);
  // At most one paywall break: the first.
  let seen = false;
  return {
    type: 'doc',
    content: content.filter((n) => {
      if (n.type !== 'paywallBreak') return true;
      if (seen) return false;
      seen = true;
      return true;
    }),
  };
}

function convertBlocks(ts: readonly Token[], from: number, to: number, top: boolean): BodyNode[] {
  const out: BodyNode[] = [];
  let i = from;
  while (i < to) {
    const t = ts[i] as Token;
    const end = t.nesting === 1 ? matching(ts, i) : i;
    out.push(...convertOne(ts, i, end, top));
    i = end + 1;
  }
  return out;
}

function convertOne(ts: readonly Token[], i: number, end: number, top: boolean): BodyNode[] {
  const t = ts[i] as Token;
  const inner = () => convertBlocks(ts, i + 1, end, false);
  switch (t.type) {
    case 'paragraph_open': {
      const inline = ts[i + 1];
      const figure = inline ? figureOf(inline, '') : null;
      if (figure) return [figure];
      return [para(inline ? inlineNodes(inline.children ?? []) : [])];
    }
    case 'heading_open': {
      const level = Math.min(4, Math.max(2, Number(t.tag.slice(1)) || 2));
      const inline = ts[i + 1];
      const content = inline ? inlineNodes(inline.children ?? []) : [];
      return [{ type: 'heading', attrs: { level }, ...(content.length > 0 ? { content } : {}) }];
    }
    case 'bullet_list_open':
      return [{ type: 'bulletList', content: inner() }];
    case 'ordered_list_open': {
      const start = Number(t.attrGet('start') ?? 1);
      return [{ type: 'orderedList', attrs: { start: Number.isInteger(start) && start >= 1 ? start : 1 }, content: inner() }];
    }
    case 'list_item_open': {
      const kids = inner();
      if (kids[0]?.type !== 'paragraph') kids.unshift(para());
      return [{ type: 'listItem', content: kids }];
    }
    case 'blockquote_open': {
      const kids = inner();
      return [{ type: 'blockquote', content: kids.length > 0 ? kids : [para()] }];
    }
    case 'fence':
    case 'code_block': {
      const text = t.content.replace(/\n$/, '');
      const language = t.info.trim().split(/\s+/)[0] ?? '';
      return [
        {
          type: 'codeBlock',
          attrs: { language: /^[\w+#.-]{1,40}$/.test(language) ? language : null },
          ...(text !== '' ? { content: [{ type: 'text', text }] } : {}),
        },
      ];
    }
    case 'hr':
      return [{ type: 'horizontalRule' }];
    case 'table_open': {
      const rows = inner();
      return rows.length > 0 ? [{ type: 'table', content: rows }] : [];
    }
    case 'thead_open':
    case 'tbody_open':
      return inner();
    case 'tr_open':
      return [{ type: 'tableRow', content: inner() }];
    case 'th_open':
    case 'td_open': {
      const inline = ts[i + 1];
      const content = inline?.type === 'inline' ? inlineNodes(inline.children ?? []) : [];
      return [
        {
          type: t.type === 'th_open' ? 'tableHeader' : 'tableCell',
          attrs: { colspan: 1, rowspan: 1, colwidth: null },
          content: [para(content)],
        },
      ];
    }
    case 'pullquote_open': {
      const parts = ts
        .slice(i + 1, end)
        .filter((x) => x.type === 'inline')
        .map((x) => inlineNodes(x.children ?? [], { breaks: false }));
      const content: BodyNode[] = [];
      parts.forEach((p, k) => {
        if (k > 0 && p.length > 0 && content.length > 0) content.push({ type: 'text', text: ' ' });
        content.push(...p);
      });
      const merged = mergeText(content);
      return [{ type: 'pullQuote', attrs: { attribution: t.info.slice(0, 300) }, ...(merged.length > 0 ? { content: merged } : {}) }];
    }
    case 'figure_open': {
      const inline = ts.slice(i + 1, end).find((x) => x.type === 'inline');
      const figure = inline ? figureOf(inline, t.info.slice(0, 200)) : null;
      return figure ? [figure] : inner();
    }
    case 'paywall_break':
      return top ? [{ type: 'paywallBreak' }] : [];
    default:
      return [];
  }
}

/** A paragraph of one media-library image (blank text around it aside) is a figure. */
function figureOf(inline: Token, credit: string): BodyNode | null {
  const kids = (inline.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak');
  const img = kids[0];
  if (kids.length !== 1 || img?.type !== 'image') return null;
  const id = MEDIA_SRC.exec(String(img.attrGet('src') ?? ''))?.[1];
  if (!id) return null;
  return {
    type: 'figure',
    attrs: {
      imageId: id,
      alt: (img.children ?? []).map((c) => c.content).join('') || img.content,
      caption: String(img.attrGet('title') ?? '').slice(0, 1000),
      credit,
    },
  };
}

function inlineNodes(children: readonly Token[], opts: { breaks: boolean } = { breaks: true }): BodyNode[] {
  const out: BodyNode[] = [];
  const marks: BodyMark[] = [];
  const links: (BodyMark | null)[] = [];
  const text = (s: string, extra: BodyMark[] = []) => {
    if (s === '') return;
    const all = [...marks, ...extra];
    out.push(all.length > 0 ? { type: 'text', text: s, marks: all } : { type: 'text', text: s });
  };
  const drop = (type: BodyMark['type']) => {
    const at = marks.map((m) => m.type).lastIndexOf(type);
    if (at >= 0) marks.splice(at, 1);
  };
  for (const c of children) {
    switch (c.type) {
      case 'text':
        text(c.content);
        break;
      case 'code_inline':
        text(c.content, [{ type: 'code' }]);
        break;
      case 'softbreak':
        text(' ');
        break;
      case 'hardbreak':
        if (opts.breaks) out.push({ type: 'hardBreak' });
        else text(' ');
        break;
      case 'strong_open':
        marks.push({ type: 'bold' });
        break;
      case 'strong_close':
        drop('bold');
        break;
      case 'em_open':
        marks.push({ type: 'italic' });
        break;
      case 'em_close':
        drop('italic');
        break;
      case 's_open':
        marks.push({ type: 'strike' });
        break;
      case 's_close':
        drop('strike');
        break;
      case 'link_open': {
        const href = String(c.attrGet('href') ?? '').trim();
        const mark: BodyMark | null = isAllowedHref(href) ? { type: 'link', attrs: { href } } : null;
        if (mark) marks.push(mark);
        links.push(mark);
        break;
      }
      case 'link_close':
        if (links.pop()) drop('link');
        break;
      case 'image': {
        // Only a paragraph of its own makes a figure; an image inside text keeps its alt text,
        // linked to where it was.
        const alt = (c.children ?? []).map((x) => x.content).join('') || c.content;
        const src = String(c.attrGet('src') ?? '');
        const inLink = marks.some((m) => m.type === 'link');
        text(alt, !inLink && isAllowedHref(src) ? [{ type: 'link', attrs: { href: src } }] : []);
        break;
      }
      default:
        break;
    }
  }
  return mergeText(out);
}

function sameMarks(a: readonly BodyMark[] = [], b: readonly BodyMark[] = []): boolean {
  return a.length === b.length && a.every((m, i) => JSON.stringify(m) === JSON.stringify(b[i]));
}

/** Neighbouring text nodes with the same marks become one. */
function mergeText(nodes: readonly BodyNode[]): BodyNode[] {
  const out: BodyNode[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.type === 'text' && last?.type === 'text' && sameMarks(last.marks, n.marks)) last.text = `${last.text ?? ''}${n.text ?? ''}`;
    else out.push(n.type === 'text' ? { ...n } : n);
  }
  return out;
}

// ——— Export ———

/** Characters with a Markdown meaning anywhere in a line. */
const ALWAYS = /[\\`*_[\]<>~|&"'#!]/g;

/**
 * Escapes text so markdown-it (as configured above) reads it back unchanged: its syntax
 * characters, the typographer's quotes and replacements (`--`, `...`, `(c)`), and anything its
 * linkify would turn into a link.
 */
export function escapeMarkdownText(s: string, lineStart: boolean): string {
  let out = s.replace(ALWAYS, '\\$&');
  out = out
    .replace(/([-.,?!+])(?=\1)/g, '$1\\')
    .replace(/\+-/g, '\\+-')
    .replace(/\((c|r|tm|p)\)/gi, '\\($1)');
  out = escapeLinks(out);
  if (lineStart)
    out = out.replace(/^(\s*)([-+=:]|\d+(?=[.)]))/, (_m, sp: string, c: string) => (/\d/.test(c) ? `${sp}${c}\\` : `${sp}\\${c}`));
  return out;
}

/** Stops linkify: the dots, colons and at-signs inside anything it would take for an address. */
function escapeLinks(s: string): string {
  const found = md().linkify.match(s);
  if (!found) return s;
  let out = '';
  let last = 0;
  for (const m of found) {
    out += s.slice(last, m.index);
    out += s.slice(m.index, m.lastIndex).replace(/(?<!\\)([.:@])/g, '\\$1');
    last = m.lastIndex;
  }
  return out + s.slice(last);
}

const MARK_ORDER: Record<BodyMark['type'], number> = { link: 0, bold: 1, italic: 2, strike: 3, code: 4 };
const DELIM: Record<Exclude<BodyMark['type'], 'link' | 'code'>, string> = { bold: '**', italic: '*', strike: '~~' };

function sameMark(a: BodyMark, b: BodyMark): boolean {
  return a.type === b.type && (a.type !== 'link' || (b.type === 'link' && a.attrs.href === b.attrs.href));
}

function codeSpan(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function hrefOut(href: string): string {
  return href.replace(/[\\()]/g, '\\$&');
}

/** Inline nodes to Markdown, keeping marks open across neighbours that share them. */
function inlineMarkdown(nodes: readonly BodyNode[]): string {
  let out = '';
  let stack: BodyMark[] = [];
  const close = (m: BodyMark) => (m.type === 'link' ? `](${hrefOut(m.attrs.href)})` : m.type === 'code' ? '' : DELIM[m.type]);
  const open = (m: BodyMark) => (m.type === 'link' ? '[' : m.type === 'code' ? '' : DELIM[m.type]);
  for (const n of nodes) {
    const marks = [...(n.marks ?? [])].filter((m) => m.type !== 'code').sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type]);
    let keep = 0;
    while (keep < stack.length && keep < marks.length && sameMark(stack[keep] as BodyMark, marks[keep] as BodyMark)) keep++;
    for (let i = stack.length - 1; i >= keep; i--) out += close(stack[i] as BodyMark);
    stack = stack.slice(0, keep);
    for (const m of marks.slice(keep)) {
      out += open(m);
      stack.push(m);
    }
    if (n.type === 'hardBreak') out += '\\\n';
    else if (n.type === 'text') {
      const t = n.text ?? '';
      out += n.marks?.some((m) => m.type === 'code') ? codeSpan(t) : escapeMarkdownText(t, out === '' || out.endsWith('\n'));
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) out += close(stack[i] as BodyMark);
  return out;
}

function indent(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first + line : line === '' ? '' : rest + line))
    .join('\n');
}

function titleOut(s: string): string {
  return s.replace(/[\\"&]/g, '\\$&').replace(/\s*\n\s*/g, ' ');
}

function figureMarkdown(n: BodyNode, images?: ReadonlyMap<string, ImageRef>): string {
  const id = stringAttr(n, 'imageId');
  const ref = images?.get(id);
  const url = ref ? mediaUrl(ref.originalKey) : `/media/${id}/`;
  const caption = stringAttr(n, 'caption');
  const image = `![${escapeMarkdownText(stringAttr(n, 'alt').replace(/\s*\n\s*/g, ' '), false)}](${hrefOut(url)}${caption ? ` "${titleOut(caption)}"` : ''})`;
  const credit = stringAttr(n, 'credit').replace(/\s+/g, ' ').trim();
  return credit ? `::: figure ${credit}\n${image}\n:::` : image;
}

function cellLine(cell: BodyNode): string {
  const parts = (cell.content ?? [])
    .map((b) => inlineMarkdown((b.content ?? []).filter((c) => c.type !== 'hardBreak')))
    .filter((s) => s !== '');
  return parts.join(' ').replace(/\n/g, ' ');
}

function tableMarkdown(n: BodyNode): string {
  const rows = (n.content ?? []).map((r) => (r.content ?? []).map(cellLine));
  const width = Math.max(1, ...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

function blockMarkdown(n: BodyNode, alternate: boolean, images?: ReadonlyMap<string, ImageRef>): string {
  switch (n.type) {
    case 'paragraph':
      return inlineMarkdown(n.content ?? []);
    case 'heading':
      return `${'#'.repeat(numberAttr(n, 'level', 2))} ${inlineMarkdown(n.content ?? [])}`;
    case 'bulletList': {
      // Two lists in a row would read as one: every other one takes the other bullet.
      const bullet = alternate ? '*' : '-';
      return listMarkdown(n, () => `${bullet} `, images);
    }
    case 'orderedList': {
      const start = numberAttr(n, 'start', 1);
      const delim = alternate ? ')' : '.';
      return listMarkdown(n, (i) => `${start + i}${delim} `, images);
    }
    case 'blockquote':
      return blocksMarkdown(n.content ?? [], images)
        .split('\n')
        .map((l) => (l === '' ? '>' : `> ${l}`))
        .join('\n');
    case 'codeBlock': {
      const text = (n.content ?? []).map((c) => c.text ?? '').join('');
      const runs = text.match(/^`{3,}/gm) ?? [];
      const fence = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
      const language = n.attrs?.language;
      return `${fence}${typeof language === 'string' ? language : ''}\n${text}${text === '' ? '' : '\n'}${fence}`;
    }
    case 'horizontalRule':
      return '---';
    case 'table':
      return tableMarkdown(n);
    case 'pullQuote': {
      const by = stringAttr(n, 'attribution').replace(/\s+/g, ' ').trim();
      return `::: pull-quote${by ? ` ${by}` : ''}\n${inlineMarkdown(n.content ?? [])}\n:::`;
    }
    case 'figure':
      return figureMarkdown(n, images);
    case 'paywallBreak':
      return '::: paywall';
    default:
      return '';
  }
}

function listMarkdown(n: BodyNode, marker: (i: number) => string, images?: ReadonlyMap<string, ImageRef>): string {
  const items = n.content ?? [];
  const loose = items.some((it) => (it.content ?? []).length > 1);
  return items
    .map((it, i) => {
      const m = marker(i);
      const body = blocksMarkdown(it.content ?? [], images);
      return indent(body === '' ? '' : body, m, ' '.repeat(m.length)).replace(/ +$/, '');
    })
    .join(loose ? '\n\n' : '\n');
}

function blocksMarkdown(nodes: readonly BodyNode[], images?: ReadonlyMap<string, ImageRef>): string {
  // Lists of one kind in a row alternate their markers, so none runs into the one before.
  let run = 0;
  return nodes
    .map((n, i) => {
      run = i > 0 && n.type === nodes[i - 1]?.type ? run + 1 : 0;
      return blockMarkdown(n, run % 2 === 1, images);
    })
    .filter((s) => s !== '')
    .join('\n\n');
}

/**
 * Writes a body document as Markdown that `markdownToDoc` reads back to the same document.
 * `images`, when given, puts each figure's real file address in the Markdown; without it a
 * figure points at `/media/{imageId}/`, which `markdownToDoc` still reads.
 */
export function docToMarkdown(doc: BodyDoc, images?: ReadonlyMap<string, ImageRef>): string {
  const out = blocksMarkdown(doc.content, images);
  return out === '' ? '' : `${out}\n`;
}
