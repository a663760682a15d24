/**
 * The story body's source: a ProseMirror JSON document. Its node and mark names are Tiptap 3's
 * (the newsroom's editor), plus three of ours: `pullQuote`, `figure` and `paywallBreak`
 * (docs/body-document.md). The server checks a document against this schema with
 * prosemirror-model, the same library the editor runs on, so "valid" means the same thing on
 * both sides; then it renders it to blocks (body-render.ts) and converts it to and from Markdown
 * (body-markdown.ts).
 *
 * `parseBodyDoc` is the one way in: unknown nodes or marks, bad attributes, a paywall break that
 * is not at the top level or not the only one, a link that is not http(s), mailto or a site
 * path, and a document larger than the limit are each a 400 naming where the problem is.
 * Attributes the schema does not know (Tiptap's defaults such as a link's `target`) are dropped.
 */
import { createRequire } from 'node:module';
import type { Node as PmNode, Schema } from 'prosemirror-model';
import { Type } from 'typebox';
import { type FieldProblem, invalid } from '../http/app-error.js';

export const BODY_NODE_TYPES = [
  'doc',
  'paragraph',
  'text',
  'hardBreak',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'codeBlock',
  'horizontalRule',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'pullQuote',
  'figure',
  'paywallBreak',
] as const;
export type BodyNodeType = (typeof BODY_NODE_TYPES)[number];

export const BODY_MARK_TYPES = ['bold', 'italic', 'strike', 'code', 'link'] as const;
export type BodyMarkType = (typeof BODY_MARK_TYPES)[number];

export type BodyMark = { type: 'bold' | 'italic' | 'strike' | 'code' } | { type: 'link'; attrs: { href: string } };

/** One node of the document as JSON. `attrs` holds what the node type declares (below). */
export interface BodyNode {
  type: BodyNodeType;
  attrs?: Record<string, string | number | number[] | null>;
  content?: BodyNode[];
  marks?: BodyMark[];
  text?: string;
}

/** A whole body: ProseMirror JSON whose root is `doc`. */
export interface BodyDoc {
  type: 'doc';
  content: BodyNode[];
}

/** The largest document accepted, as JSON text. A 500,000-character Markdown body fits. */
export const MAX_BODY_DOC_CHARS = 2_000_000;
/** Deeper nesting than this is refused (lists in quotes in tables…). */
const MAX_DEPTH = 40;
const MAX_PROBLEMS = 20;

const NodeJson = Type.Object(
  {
    type: Type.String({ description: 'a node name of the body schema' }),
    attrs: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    content: Type.Optional(Type.Array(Type.Unknown(), { description: 'child nodes, the same shape' })),
    marks: Type.Optional(Type.Array(Type.Unknown())),
    text: Type.Optional(Type.String()),
  },
  { description: 'a ProseMirror node' },
);

/**
 * The document's outer shape for request and response schemas (and OpenAPI). Nested nodes are
 * checked by `parseBodyDoc`, which names a problem anywhere in the tree.
 */
export const BodyDocSchema = Type.Object(
  { type: Type.Literal('doc'), content: Type.Array(NodeJson) },
  {
    description:
      'The body as a ProseMirror (Tiptap 3) JSON document. Nodes: paragraph, text, hardBreak, heading {level 2-4}, ' +
      'bulletList, orderedList {start}, listItem, blockquote, codeBlock {language}, horizontalRule, table, tableRow, ' +
      'tableHeader, tableCell, pullQuote {attribution}, figure {imageId, alt, caption, credit}, paywallBreak (top level, at most one). ' +
      'Marks: bold, italic, strike, code, link {href: http(s), mailto or a site path}.',
  },
);

type AttrCheck = (value: unknown) => string | null;

const maxString =
  (max: number): AttrCheck =>
  (v) =>
    typeof v !== 'string' ? 'must be a string' : v.length > max ? `must be at most ${max} characters` : null;
const positiveInt =
  (max: number): AttrCheck =>
  (v) =>
    Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max ? null : `must be a whole number from 1 to ${max}`;

/** Image ids as the media library makes them (the Admin API's `image_id`). */
export const IMAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Each node type's attributes: a check and the default when absent (undefined: required). */
const NODE_ATTRS: Partial<Record<BodyNodeType, Record<string, { check: AttrCheck; default?: unknown }>>> = {
  heading: { level: { check: (v) => (v === 2 || v === 3 || v === 4 ? null : 'must be 2, 3 or 4'), default: 2 } },
  orderedList: { start: { check: positiveInt(1_000_000), default: 1 } },
  codeBlock: {
    language: {
      check: (v) => (v === null || (typeof v === 'string' && /^[\w+#.-]{0,40}$/.test(v)) ? null : 'must be a short language name'),
      default: null,
    },
  },
  tableHeader: cellAttrs(),
  tableCell: cellAttrs(),
  pullQuote: { attribution: { check: maxString(300), default: '' } },
  figure: {
    imageId: { check: (v) => (typeof v === 'string' && IMAGE_ID_PATTERN.test(v) ? null : 'must be an image id') },
    alt: {
      check: (v) =>
        typeof v !== 'string'
          ? 'must be a string'
          : v.trim() === ''
            ? 'a picture needs alt text'
            : v.length > 500
              ? 'must be at most 500 characters'
              : null,
    },
    caption: { check: maxString(1000), default: '' },
    credit: { check: maxString(200), default: '' },
  },
};

function cellAttrs() {
  return {
    colspan: { check: positiveInt(100), default: 1 },
    rowspan: { check: positiveInt(1000), default: 1 },
    colwidth: {
      check: (v: unknown) =>
        v === null || (Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 0 && n <= 10_000))
          ? null
          : 'must be null or a list of widths',
      default: null,
    },
  };
}

function pmAttrs(type: BodyNodeType) {
  const spec = NODE_ATTRS[type] ?? {};
  return Object.fromEntries(Object.entries(spec).map(([k, a]) => [k, 'default' in a ? { default: a.default } : {}]));
}

let schema: Schema | undefined;

/**
 * The schema, in prosemirror-model's terms. Content expressions follow Tiptap's extensions
 * (StarterKit, Table); ours: a pull quote holds marked text, a figure and a paywall break are
 * atoms, and only the document may hold the paywall break. Made (and prosemirror-model loaded)
 * the first time a document is checked, not at start: a server serving stored stories never
 * checks one (bench/README.md, "Session 12"). `require` keeps the checks synchronous.
 */
export function bodySchema(): Schema {
  schema ??= new (createRequire(import.meta.url)('prosemirror-model') as typeof import('prosemirror-model')).Schema({
    nodes: {
      doc: { content: '(block | paywallBreak)*' },
      paragraph: { content: 'inline*', group: 'block' },
      text: { group: 'inline' },
      hardBreak: { group: 'inline', inline: true },
      heading: { content: 'inline*', group: 'block', attrs: pmAttrs('heading') },
      bulletList: { content: 'listItem+', group: 'block' },
      orderedList: { content: 'listItem+', group: 'block', attrs: pmAttrs('orderedList') },
      listItem: { content: 'paragraph block*' },
      blockquote: { content: 'block+', group: 'block' },
      codeBlock: { content: 'text*', marks: '', group: 'block', code: true, attrs: pmAttrs('codeBlock') },
      horizontalRule: { group: 'block' },
      table: { content: 'tableRow+', group: 'block' },
      tableRow: { content: '(tableCell | tableHeader)*' },
      tableHeader: { content: 'block+', attrs: pmAttrs('tableHeader') },
      tableCell: { content: 'block+', attrs: pmAttrs('tableCell') },
      pullQuote: { content: 'text*', group: 'block', attrs: pmAttrs('pullQuote') },
      figure: { group: 'block', atom: true, attrs: pmAttrs('figure') },
      paywallBreak: { atom: true },
    },
    marks: {
      bold: {},
      italic: {},
      strike: {},
      code: {},
      link: { attrs: { href: {} }, inclusive: false },
    },
  });
  return schema;
}

/** A link's href the paper keeps: http(s), mailto, or a path on this site (`/…`, not `//…`). */
export function isAllowedHref(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters make browsers "repair" a URL
  if (href.length > 2000 || /[\s<>"\u0000-\u001f\u007f]/.test(href)) return false;
  // A site path, not `//host` or `/\host` (browsers read both as another site).
  if (/^\/(?![/\\])/.test(href) || href === '/') return true;
  if (/^#[\w-]*$/.test(href)) return true;
  if (/^mailto:[^\s]+$/i.test(href)) return true;
  try {
    const u = new URL(href);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const NODE_NAMES: ReadonlySet<string> = new Set(BODY_NODE_TYPES);
const MARK_NAMES: ReadonlySet<string> = new Set(BODY_MARK_TYPES);

/** Checks one node's JSON and returns it cleaned (known attrs only), collecting problems. */
function clean(value: unknown, at: string, depth: number, problems: FieldProblem[]): BodyNode | null {
  if (problems.length >= MAX_PROBLEMS) return null;
  if (depth > MAX_DEPTH) {
    problems.push({ field: at, message: `is nested more than ${MAX_DEPTH} levels deep` });
    return null;
  }
  if (!isRecord(value) || typeof value.type !== 'string') {
    problems.push({ field: at, message: 'must be a node: an object with a "type"' });
    return null;
  }
  const type = value.type;
  if (!NODE_NAMES.has(type)) {
    problems.push({ field: `${at}.type`, message: `"${type.slice(0, 40)}" is not a node the body may hold` });
    return null;
  }
  const nodeType = type as BodyNodeType;
  const out: BodyNode = { type: nodeType };
  const spec = NODE_ATTRS[nodeType];
  if (value.attrs !== undefined && !isRecord(value.attrs)) problems.push({ field: `${at}.attrs`, message: 'must be an object' });
  const given = isRecord(value.attrs) ? value.attrs : {};
  if (spec) {
    const attrs: Record<string, string | number | number[] | null> = {};
    for (const [name, a] of Object.entries(spec)) {
      const v = given[name] ?? a.default;
      if (v === undefined) {
        problems.push({ field: `${at}.attrs.${name}`, message: 'is required' });
        continue;
      }
      const problem = a.check(v);
      if (problem) problems.push({ field: `${at}.attrs.${name}`, message: problem });
      else attrs[name] = v as string | number | number[] | null;
    }
    out.attrs = attrs;
  }
  if (nodeType === 'text') {
    if (typeof value.text !== 'string' || value.text === '')
      problems.push({ field: `${at}.text`, message: 'a text node needs non-empty text' });
    else out.text = value.text;
  }
  if (value.marks !== undefined) {
    if (!Array.isArray(value.marks)) problems.push({ field: `${at}.marks`, message: 'must be a list' });
    else {
      const marks: BodyMark[] = [];
      value.marks.forEach((m, i) => {
        const mark = cleanMark(m, `${at}.marks.${i}`, problems);
        if (mark) marks.push(mark);
      });
      if (marks.length > 0) out.marks = marks;
    }
  }
  if (value.content !== undefined) {
    if (!Array.isArray(value.content)) problems.push({ field: `${at}.content`, message: 'must be a list of nodes' });
    else {
      const content: BodyNode[] = [];
      value.content.forEach((c, i) => {
        const child = clean(c, `${at}.content.${i}`, depth + 1, problems);
        if (child) content.push(child);
      });
      if (content.length > 0) out.content = content;
    }
  }
  return out;
}

function cleanMark(m: unknown, at: string, problems: FieldProblem[]): BodyMark | null {
  if (!isRecord(m) || typeof m.type !== 'string') {
    problems.push({ field: at, message: 'must be a mark: an object with a "type"' });
    return null;
  }
  if (!MARK_NAMES.has(m.type)) {
    problems.push({ field: `${at}.type`, message: `"${m.type.slice(0, 40)}" is not a mark the body may hold` });
    return null;
  }
  if (m.type !== 'link') return { type: m.type as 'bold' | 'italic' | 'strike' | 'code' };
  const href = isRecord(m.attrs) ? m.attrs.href : undefined;
  if (typeof href !== 'string' || !isAllowedHref(href.trim())) {
    problems.push({ field: `${at}.attrs.href`, message: 'a link must go to an http(s) or mailto address, or a path on this site' });
    return null;
  }
  return { type: 'link', attrs: { href: href.trim() } };
}

/** Where each node sits, for naming problems found by prosemirror-model. */
function checkStructure(node: PmNode, at: string, topLevel: boolean, problems: FieldProblem[], breaks: string[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (node.type.name === 'paywallBreak') {
    if (!topLevel) problems.push({ field: at, message: 'a paywall break may stand only at the top level of the body' });
    breaks.push(at);
  }
  if (!node.type.validContent(node.content)) {
    const kids: string[] = [];
    node.content.forEach((c) => {
      kids.push(c.type.name);
    });
    problems.push({
      field: at,
      message: `a ${node.type.name} cannot hold ${kids.length === 0 ? 'nothing' : kids.join(', ')} (${node.type.spec.content ?? 'no content'})`,
    });
  }
  node.content.forEach((child, _offset, i) => {
    checkStructure(child, `${at}.content.${i}`, node.type.name === 'doc', problems, breaks);
  });
}

/**
 * Parses a body document (JSON text or an already parsed value) into its canonical form: known
 * attributes only, defaults filled in. Throws a 400 naming each problem under `field`
 * (`bodyDoc.content.3.attrs.level`).
 */
export function parseBodyDoc(json: unknown, field = 'bodyDoc'): BodyDoc {
  let value = json;
  const size = typeof json === 'string' ? json.length : (JSON.stringify(json) ?? '').length;
  if (size > MAX_BODY_DOC_CHARS)
    throw invalid([{ field, message: `must be at most ${MAX_BODY_DOC_CHARS.toLocaleString('en')} characters of JSON` }]);
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw invalid([{ field, message: 'is not JSON' }]);
    }
  }
  if (!isRecord(value) || value.type !== 'doc') throw invalid([{ field, message: 'must be a document: {"type": "doc", "content": […]}' }]);
  const problems: FieldProblem[] = [];
  const cleaned = clean(value, field, 0, problems);
  if (problems.length > 0 || !cleaned) throw invalid(problems);
  let node: PmNode;
  try {
    node = bodySchema().nodeFromJSON(cleaned);
  } catch (err) {
    throw invalid([{ field, message: err instanceof Error ? err.message : 'is not a valid document' }]);
  }
  const breaks: string[] = [];
  checkStructure(node, field, false, problems, breaks);
  if (breaks.length > 1) problems.push({ field: breaks[1] ?? field, message: 'a body may hold at most one paywall break' });
  if (problems.length > 0) throw invalid(problems);
  return docJson(node);
}

/** prosemirror-model leaves `content` out of an empty node's JSON; a body always has it. */
function docJson(node: PmNode): BodyDoc {
  const json = node.toJSON() as { content?: BodyNode[] };
  return { type: 'doc', content: json.content ?? [] };
}

/**
 * A document we made ourselves (markdownToDoc, a stored column) in the canonical form
 * `parseBodyDoc` gives: every attribute present, marks in schema order, neighbouring text joined.
 */
export function canonicalDoc(doc: BodyDoc): BodyDoc {
  return docJson(bodySchema().nodeFromJSON(doc));
}

/** The empty body. */
export function emptyDoc(): BodyDoc {
  return { type: 'doc', content: [] };
}

/** Every media image a document embeds, in order, once each. */
export function docImageIds(doc: BodyDoc): string[] {
  const ids = new Set<string>();
  const visit = (n: BodyNode) => {
    if (n.type === 'figure' && typeof n.attrs?.imageId === 'string') ids.add(n.attrs.imageId);
    for (const c of n.content ?? []) visit(c);
  };
  for (const n of doc.content) visit(n);
  return [...ids];
}

export function stringAttr(n: BodyNode, name: string): string {
  const v = n.attrs?.[name];
  return typeof v === 'string' ? v : '';
}

export function numberAttr(n: BodyNode, name: string, fallback: number): number {
  const v = n.attrs?.[name];
  return typeof v === 'number' ? v : fallback;
}
