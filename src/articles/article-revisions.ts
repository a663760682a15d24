/**
 * Revisions: every save keeps the article's input as a snapshot (`article_revisions.snapshot`).
 * This file reads a snapshot back (`revisionFromRow`, parsed by a schema: the column is JSON,
 * and snapshots from before the body document hold Markdown only) and compares two of them
 * (`diffRevisions`): the fields that changed, and the body block by block, a changed block word
 * by word, as data the newsroom's page renders. Pure, but for the Markdown reader it calls.
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { parseJsonColumn } from '../db/database.js';
import { ACCESS_LEVELS, ARTICLE_STATUSES, slugify } from './article.js';
import { CorruptColumnError } from './article-columns.js';
import type { ArticleInput } from './article-input.js';
import { type BodyDoc, type BodyNode, canonicalDoc, stringAttr } from './body-doc.js';
import { markdownToDoc } from './body-markdown.js';
import { renderDocParts } from './body-render.js';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const SnapshotSchema = Type.Object({
  headline: Type.String(),
  dek: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  section: Type.String(),
  authors: Type.Array(Type.String()),
  tags: Type.Optional(Type.Array(Type.String())),
  dateline: Type.Optional(Type.String()),
  access: Type.Optional(Type.Union(ACCESS_LEVELS.map((a) => Type.Literal(a)))),
  status: Type.Optional(Type.Union(ARTICLE_STATUSES.map((s) => Type.Literal(s)))),
  publishedAt: Type.Optional(Nullable(Type.String())),
  revisedAt: Type.Optional(Nullable(Type.String())),
  updates: Type.Optional(
    Type.Array(Type.Object({ notedAt: Type.String(), note: Type.String(), correction: Type.Optional(Type.Boolean()) })),
  ),
  related: Type.Optional(Type.Array(Type.String())),
  hero: Type.Optional(
    Type.Union([
      Type.Null(),
      Type.Object({
        imageId: Type.String(),
        alt: Type.String(),
        caption: Type.Optional(Type.String()),
        credit: Type.Optional(Type.String()),
        focalX: Type.Optional(Type.Number()),
        focalY: Type.Optional(Type.Number()),
      }),
    ]),
  ),
  body: Type.Optional(Type.String()),
  bodyDoc: Type.Optional(Type.Object({ type: Type.Literal('doc'), content: Type.Array(Type.Unknown()) })),
});
const snapshotCheck = Compile(SnapshotSchema);

/** One saved version of an article, restorable as it was. */
export interface Revision {
  version: number;
  savedBy: string;
  savedAt: Date;
  /** The input that saved it, with the body as a document (`bodyDoc`) and as Markdown (`body`). */
  input: ArticleInput & { bodyDoc: BodyDoc };
}

export function revisionFromRow(row: { version: number; saved_by: string; saved_at: Date; snapshot: unknown }): Revision {
  const s = parseJsonColumn(row.snapshot);
  if (!snapshotCheck.Check(s)) throw new CorruptColumnError('article_revisions.snapshot');
  const date = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));
  // Snapshots from before the body document hold Markdown only: read it as a save would.
  const bodyDoc = canonicalDoc(s.bodyDoc ? (s.bodyDoc as BodyDoc) : markdownToDoc(s.body ?? ''));
  return {
    version: row.version,
    savedBy: row.saved_by,
    savedAt: row.saved_at,
    input: {
      ...s,
      publishedAt: date(s.publishedAt),
      revisedAt: date(s.revisedAt),
      updates: s.updates?.map((u) => ({ notedAt: new Date(u.notedAt), note: u.note, correction: u.correction ?? false })),
      body: s.body ?? '',
      bodyDoc,
    },
  };
}

// ——— The diff ———

export const DIFF_FIELDS = [
  'headline',
  'dek',
  'slug',
  'section',
  'authors',
  'tags',
  'dateline',
  'access',
  'status',
  'publishedAt',
  'revisedAt',
  'hero',
  'related',
  'updates',
] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

/** A field that differs, both values as plain text for showing side by side. */
export interface FieldChange {
  field: DiffField;
  from: string;
  to: string;
}

/** A run of words (with the spaces between them) kept, added or removed. */
export interface WordChange {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** One top-level block of the body: unchanged, added, removed, or changed word by word. */
export type BlockChange =
  | { kind: 'same' | 'added' | 'removed'; type: BodyNode['type']; text: string }
  | { kind: 'changed'; type: BodyNode['type']; words: WordChange[] };

export interface ArticleDiff {
  from: number;
  to: number;
  fields: FieldChange[];
  /** True when any block differs. */
  bodyChanged: boolean;
  /** The body's blocks in the newer version's order, the removed ones where they stood. */
  body: BlockChange[];
}

function fieldText(input: ArticleInput, field: DiffField): string {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');
  switch (field) {
    case 'authors':
      return input.authors.join(', ');
    case 'tags':
      return (input.tags ?? []).join(', ');
    case 'related':
      return (input.related ?? []).join(', ');
    case 'publishedAt':
      return iso(input.publishedAt);
    case 'revisedAt':
      return iso(input.revisedAt);
    case 'hero': {
      const h = input.hero;
      if (!h) return '';
      return [
        `image ${h.imageId}`,
        `alt: ${h.alt}`,
        `caption: ${h.caption ?? ''}`,
        `credit: ${h.credit ?? ''}`,
        `focal point: ${h.focalX ?? 0.5}, ${h.focalY ?? 0.5}`,
      ].join('\n');
    }
    case 'updates':
      return (input.updates ?? []).map((u) => `${u.notedAt.toISOString()} ${u.correction ? 'Correction' : 'Update'}: ${u.note}`).join('\n');
    case 'dek':
    case 'dateline':
      return input[field] ?? '';
    case 'slug':
      // The address the save gave the story: one saved without a slug took it from its headline.
      return input.slug ?? slugify(input.headline);
    case 'access':
      return input.access ?? 'metered';
    case 'status':
      return input.status ?? 'draft';
    default:
      return input[field];
  }
}

/** A block's text for comparing: what a reader reads, and for a picture what it shows. */
function blockText(n: BodyNode): string {
  if (n.type === 'paywallBreak') return 'Paywall break';
  if (n.type === 'figure')
    return [`Picture ${stringAttr(n, 'imageId')}: ${stringAttr(n, 'alt')}`, stringAttr(n, 'caption'), stringAttr(n, 'credit')]
      .filter((s) => s.trim() !== '')
      .join(' — ');
  return renderDocParts({ type: 'doc', content: [n] }).blocks[0]?.text ?? '';
}

type Op<T> = { op: 'same' | 'added' | 'removed'; item: T };

/** The longest common subsequence's edit script; null when the table would be too large. */
function editScript<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean, limit = 4_000_000): Op<T>[] | null {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > limit) return null;
  const w = m + 1;
  const table = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i * w + j] = same(a[i] as T, b[j] as T)
        ? (table[(i + 1) * w + j + 1] as number) + 1
        : Math.max(table[(i + 1) * w + j] as number, table[i * w + j + 1] as number);
  const out: Op<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(a[i] as T, b[j] as T)) {
      out.push({ op: 'same', item: b[j] as T });
      i++;
      j++;
    } else if ((table[(i + 1) * w + j] as number) >= (table[i * w + j + 1] as number)) out.push({ op: 'removed', item: a[i++] as T });
    else out.push({ op: 'added', item: b[j++] as T });
  }
  while (i < n) out.push({ op: 'removed', item: a[i++] as T });
  while (j < m) out.push({ op: 'added', item: b[j++] as T });
  return out;
}

/** Word by word (spaces kept with the words), neighbours of one kind joined. */
export function diffWords(from: string, to: string): WordChange[] {
  const tokens = (s: string) => s.split(/(\s+)/).filter((x) => x !== '');
  const script = editScript(tokens(from), tokens(to), (x, y) => x === y) ?? [
    { op: 'removed' as const, item: from },
    { op: 'added' as const, item: to },
  ];
  const out: WordChange[] = [];
  for (const { op, item } of script) {
    if (item === '') continue;
    const last = out[out.length - 1];
    if (last?.op === op) last.text += item;
    else out.push({ op, text: item });
  }
  return out;
}

interface Keyed {
  type: BodyNode['type'];
  text: string;
}

/** Block by block; a removed block followed by an added one of its kind is one changed block. */
export function diffBodies(from: BodyDoc, to: BodyDoc): BlockChange[] {
  const keyed = (d: BodyDoc): Keyed[] => d.content.map((n) => ({ type: n.type, text: blockText(n) }));
  const a = keyed(from);
  const b = keyed(to);
  const script = editScript(a, b, (x, y) => x.type === y.type && x.text === y.text) ?? [
    ...a.map((item) => ({ op: 'removed' as const, item })),
    ...b.map((item) => ({ op: 'added' as const, item })),
  ];
  const out: BlockChange[] = [];
  let removed: Keyed[] = [];
  let added: Keyed[] = [];
  const flush = () => {
    const pairs = Math.min(removed.length, added.length);
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const r = removed[k];
      const ad = added[k];
      if (k < pairs && r && ad && r.type === ad.type) out.push({ kind: 'changed', type: ad.type, words: diffWords(r.text, ad.text) });
      else {
        if (r) out.push({ kind: 'removed', ...r });
        if (ad) out.push({ kind: 'added', ...ad });
      }
    }
    removed = [];
    added = [];
  };
  for (const { op, item } of script) {
    if (op === 'removed') removed.push(item);
    else if (op === 'added') added.push(item);
    else {
      flush();
      out.push({ kind: 'same', ...item });
    }
  }
  flush();
  return out;
}

/** What changed from one revision to another. */
export function diffRevisions(from: Revision, to: Revision): ArticleDiff {
  const fields = DIFF_FIELDS.flatMap((field): FieldChange[] => {
    const a = fieldText(from.input, field);
    const b = fieldText(to.input, field);
    return a === b ? [] : [{ field, from: a, to: b }];
  });
  const body = diffBodies(from.input.bodyDoc, to.input.bodyDoc);
  return { from: from.version, to: to.version, fields, bodyChanged: body.some((c) => c.kind !== 'same'), body };
}
