/**
 * The story form: its TypeBox schema (every field a string, as a browser sends it), and the pure
 * step from a posted form to the articles feature's input. A form re-rendered with a problem
 * keeps what was typed: `StoryFormValues` is both what the page shows and what was posted.
 */
import { type Static, Type } from 'typebox';
import { ACCESS_LEVELS, type AccessLevel, type Article, type ArticleInput, inputFromArticle } from '../articles/index.js';
import type { FieldProblem } from '../http/app-error.js';
import { parseLocalDateTime, slugList } from './desk-rules.js';

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

export const STORY_INTENTS = ['save', 'publish', 'schedule', 'unpublish'] as const;
export type StoryIntent = (typeof STORY_INTENTS)[number];

export const StoryFormBody = Type.Object({
  _csrf: Text(100),
  version: Type.Optional(Type.String({ pattern: '^[0-9]{0,9}$' })),
  intent: Type.Optional(Type.Union(STORY_INTENTS.map((i) => Type.Literal(i)))),
  headline: Text(400),
  dek: Text(2000),
  slug: Text(200),
  section: Text(200),
  authors: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })])),
  tags: Text(2000),
  related: Text(4000),
  access: Text(20),
  dateline: Text(200),
  body: Text(500_000),
  bodyDoc: Text(2_000_000),
  heroImageId: Text(100),
  heroAlt: Text(500),
  heroCaption: Text(1000),
  heroCredit: Text(300),
  heroFocusX: Text(10),
  heroFocusY: Text(10),
  publishAt: Text(40),
  heroRemove: Type.Optional(Type.Literal('yes')),
});
export type StoryFormBody = Static<typeof StoryFormBody>;

/** What the form shows: every field as text. */
export interface StoryFormValues {
  headline: string;
  dek: string;
  slug: string;
  section: string;
  authors: string[];
  tags: string;
  related: string;
  access: string;
  dateline: string;
  body: string;
  /** The editor's document as JSON text, when the island posted one. */
  bodyDoc: string;
  heroImageId: string;
  heroAlt: string;
  heroCaption: string;
  heroCredit: string;
  heroFocusX: string;
  heroFocusY: string;
  publishAt: string;
}

export function formValuesOfBody(b: StoryFormBody): StoryFormValues {
  const authors = b.authors === undefined ? [] : Array.isArray(b.authors) ? b.authors : [b.authors];
  // "Remove the picture" clears the picture and what describes it.
  const hero = b.heroRemove === 'yes' ? {} : b;
  return {
    headline: b.headline ?? '',
    dek: b.dek ?? '',
    slug: b.slug ?? '',
    section: b.section ?? '',
    authors: authors.map((a) => a.trim()).filter(Boolean),
    tags: b.tags ?? '',
    related: b.related ?? '',
    access: b.access ?? 'metered',
    dateline: b.dateline ?? '',
    body: b.body ?? '',
    bodyDoc: b.bodyDoc ?? '',
    heroImageId: hero.heroImageId ?? '',
    heroAlt: hero.heroAlt ?? '',
    heroCaption: hero.heroCaption ?? '',
    heroCredit: hero.heroCredit ?? '',
    heroFocusX: hero.heroFocusX ?? '',
    heroFocusY: hero.heroFocusY ?? '',
    publishAt: b.publishAt ?? '',
  };
}

/** The form as a saved story fills it. */
export function formValuesOfArticle(a: Article, publishAt: string): StoryFormValues {
  return {
    headline: a.headline,
    dek: a.dek,
    slug: a.slug,
    section: a.section.slug,
    authors: a.authors.map((x) => x.slug),
    tags: a.tags.map((t) => t.slug).join(', '),
    related: a.related.map((r) => r.slug).join(', '),
    access: a.access,
    dateline: a.dateline,
    body: a.bodyMarkdown,
    bodyDoc: '',
    heroImageId: a.hero?.image.id ?? '',
    heroAlt: a.hero?.alt ?? '',
    heroCaption: a.hero?.caption ?? '',
    heroCredit: a.hero?.credit ?? '',
    heroFocusX: a.hero ? String(Math.round(a.hero.focalX * 1000) / 10) : '',
    heroFocusY: a.hero ? String(Math.round(a.hero.focalY * 1000) / 10) : '',
    publishAt,
  };
}

export const EMPTY_FORM: StoryFormValues = formValuesOfBody({});

function isAccess(v: string): v is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(v);
}

/** A focal point coordinate: a percentage 0–100 across or down the picture. */
function focus(value: string, field: string, problems: FieldProblem[]): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    problems.push({ field, message: 'must be a number from 0 to 100 (per cent of the picture)' });
    return undefined;
  }
  return n;
}

export interface StoryFormOutcome {
  input: ArticleInput;
  /** The focal point the form names, if any, in per cent. */
  focalPoint: { x: number; y: number } | null;
  problems: FieldProblem[];
}

/**
 * The articles feature's input for a posted form: the fields the form edits over the story as
 * saved (`current`), so what the form does not carry (status, publication time, update notes)
 * stays. The intent sets the status; problems the form alone can see are listed (the article
 * service finds the rest: unknown section, taken slug).
 */
export function inputOfForm(
  v: StoryFormValues,
  intent: StoryIntent,
  current: Article | undefined,
  now: Date,
  timeZone: string,
): StoryFormOutcome {
  const problems: FieldProblem[] = [];
  const base: ArticleInput = current ? inputFromArticle(current) : { headline: '', section: '', authors: [], body: '', status: 'draft' };
  if (v.headline.trim() === '') problems.push({ field: 'headline', message: 'Headline is required' });
  if (v.section.trim() === '') problems.push({ field: 'section', message: 'Choose a section' });
  if (v.authors.length === 0) problems.push({ field: 'authors', message: 'Choose at least one author' });
  if (!isAccess(v.access)) problems.push({ field: 'access', message: `must be one of ${ACCESS_LEVELS.join(', ')}` });
  const hasHero = v.heroImageId.trim() !== '';
  if (hasHero && v.heroAlt.trim() === '')
    problems.push({ field: 'heroAlt', message: 'Alt text is required: describe the picture for readers who cannot see it' });
  if (!hasHero && (v.heroAlt.trim() || v.heroCaption.trim() || v.heroCredit.trim()))
    problems.push({ field: 'heroImageId', message: 'Upload a picture first, or clear its alt text, caption and credit' });
  const fx = focus(v.heroFocusX, 'heroFocusX', problems);
  const fy = focus(v.heroFocusY, 'heroFocusY', problems);
  if ((fx === undefined) !== (fy === undefined))
    problems.push({ field: 'heroFocusY', message: 'Give both focal point numbers, or neither' });

  let status = base.status ?? 'draft';
  let publishedAt = base.publishedAt ?? null;
  if (intent === 'publish') {
    status = 'published';
    publishedAt = current?.status === 'published' && current.publishedAt ? current.publishedAt : now;
  } else if (intent === 'unpublish') {
    status = 'unpublished';
  } else if (intent === 'schedule') {
    const at = parseLocalDateTime(v.publishAt, timeZone);
    if (!at) problems.push({ field: 'publishAt', message: 'Give the date and time to publish (in the paper’s time zone)' });
    else if (at.getTime() <= now.getTime()) problems.push({ field: 'publishAt', message: 'The publish time must be in the future' });
    else {
      status = 'scheduled';
      publishedAt = at;
    }
  }

  const input: ArticleInput = {
    ...base,
    headline: v.headline,
    dek: v.dek,
    slug: v.slug.trim() === '' ? undefined : v.slug.trim(),
    section: v.section.trim(),
    authors: v.authors,
    tags: slugList(v.tags),
    related: slugList(v.related),
    access: isAccess(v.access) ? v.access : 'metered',
    dateline: v.dateline,
    status,
    publishedAt,
    hero: hasHero
      ? {
          imageId: v.heroImageId.trim(),
          alt: v.heroAlt,
          caption: v.heroCaption,
          credit: v.heroCredit,
          // The form speaks per cent; the story keeps 0..1 (the middle when not given).
          ...(fx !== undefined && fy !== undefined ? { focalX: fx / 100, focalY: fy / 100 } : {}),
        }
      : null,
    // One source (contract B): the editor's document when the island posted one, else the Markdown.
    body: v.body,
    bodyDoc: v.bodyDoc.trim() === '' ? undefined : v.bodyDoc,
  };
  return { input, focalPoint: fx !== undefined && fy !== undefined ? { x: fx, y: fy } : null, problems };
}

/** The fields whose values differ between two forms (for the conflict page), in form order. */
export function changedFields(a: StoryFormValues, b: StoryFormValues): (keyof StoryFormValues)[] {
  const keys: (keyof StoryFormValues)[] = [
    'headline',
    'dek',
    'slug',
    'section',
    'authors',
    'tags',
    'related',
    'access',
    'dateline',
    'body',
    'heroImageId',
    'heroAlt',
    'heroCaption',
    'heroCredit',
  ];
  const norm = (x: string | string[]) => (Array.isArray(x) ? x.join(', ') : x.replace(/\r\n/g, '\n').trim());
  // A picture in the body is the same picture whichever of its files the Markdown names
  // (`/media/<id>/` from a posted document, `/media/<id>/original.jpg` from the saved one).
  const body = (x: string) => norm(x).replace(/(\/media\/[0-9a-f-]{36}\/)[^\s)"]*/gi, '$1');
  return keys.filter((k) => (k === 'body' ? body(a.body) !== body(b.body) : norm(a[k]) !== norm(b[k])));
}

export const FIELD_LABELS: Record<keyof StoryFormValues, string> = {
  headline: 'Headline',
  dek: 'Dek',
  slug: 'Slug',
  section: 'Section',
  authors: 'Authors',
  tags: 'Tags',
  related: 'Related stories',
  access: 'Access',
  dateline: 'Dateline',
  body: 'Body',
  bodyDoc: 'Body',
  heroImageId: 'Hero picture',
  heroAlt: 'Alt text',
  heroCaption: 'Caption',
  heroCredit: 'Credit',
  heroFocusX: 'Focal point across',
  heroFocusY: 'Focal point down',
  publishAt: 'Publish at',
};
