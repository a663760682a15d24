// Story bodies get their structured source: `articles.body_doc` (ProseMirror JSON, the newsroom
// editor's document) and `articles.paywall_break` (how many blocks stand before the editor's
// paywall break; null without one). Every existing body is converted from its Markdown here, in
// batches, on SQLite and PostgreSQL alike; `body_markdown` and `body_blocks` stay as they were.
//
// Frozen in time: imports nothing from src/. The Markdown reader below is a copy of
// src/articles/body-markdown.ts's `markdownToDoc` as it was when this migration was written
// (2026-12-07), so later changes to the app's reader do not change what this migration did.

import { type Kysely, PostgresAdapter, sql } from 'kysely';
import MarkdownIt, { type StateBlock, type Token } from 'markdown-it';

const BATCH = 200;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('articles')
    .addColumn('body_doc', pg ? sql`jsonb` : sql`text`)
    .execute();
  await db.schema.alterTable('articles').addColumn('paywall_break', 'integer').execute();
  for (;;) {
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'body_markdown'])
      .where('body_doc', 'is', null)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    const docs = rows.map((r) => ({ id: String(r.id), doc: JSON.stringify(markdownToDoc(String(r.body_markdown ?? ''))) }));
    if (pg) {
      // One statement per batch: a round trip per row is what costs on a server.
      const values = sql.join(docs.map((d) => sql`(${d.id}, ${d.doc})`));
      await sql`update articles as a set body_doc = v.doc::jsonb from (values ${values}) as v(id, doc) where a.id = v.id`.execute(db);
    } else {
      for (const d of docs) await db.updateTable('articles').set({ body_doc: d.doc }).where('id', '=', d.id).execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('paywall_break').execute();
  await db.schema.alterTable('articles').dropColumn('body_doc').execute();
}

// ——— The Markdown reader, frozen ———

type BodyMark = { type: 'bold' | 'italic' | 'strike' | 'code' } | { type: 'link'; attrs: { href: string } };
interface BodyNode {
  type: string;
  attrs?: Record<string, string | number | null>;
  content?: BodyNode[];
  marks?: BodyMark[];
  text?: string;
}
interface BodyDoc {
  type: 'doc';
  content: BodyNode[];
}

/** A link's href the paper keeps: http(s), mailto, or a path on this site (`/…`, not `//…`). */
function isAllowedHref(href: string): boolean {
  if (href.length > 2000 || /[\s<>"]/.test(href)) return false;
  if (/^\/(?!\/)/.test(href) || href === '/') return true;
  if (/^#[\w-]*$/.test(href)) return true;
  if (/^mailto:[^\s]+$/i.test(href)) return true;
  try {
    const u = new URL(href);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

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

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
md.block.ruler.before('fence', 'masthead_directive', directiveRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });

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

function markdownToDoc(markdown: string): BodyDoc {
  const tokens = md.parse(markdown, {});
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
