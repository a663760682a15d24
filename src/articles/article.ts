/**
 * The news article: domain types and pure functions. No database, no HTTP.
 */
import type { BodyDoc } from './body-doc.js';

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Who may read the body: `metered` counts against the meter, `subscribers` needs `web`. */
export const ACCESS_LEVELS = ['metered', 'free', 'subscribers'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** `pullquote` comes from the body document's pull quote (a display quote, body-render.ts). */
export const BLOCK_TYPES = ['paragraph', 'heading', 'list', 'quote', 'figure', 'code', 'rule', 'table', 'pullquote'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** One top-level block of a rendered body: sanitized HTML and its plain text. */
export interface Block {
  type: BlockType;
  html: string;
  text: string;
}

export interface ImageVariant {
  width: number;
  height: number;
  format: 'webp' | 'jpeg' | 'png';
  key: string;
  bytes: number;
}

export interface ImageRef {
  id: string;
  width: number;
  height: number;
  contentType: string;
  originalKey: string;
  variants: ImageVariant[];
}

export interface HeroImage {
  image: ImageRef;
  alt: string;
  caption: string;
  credit: string;
  /** The focal point, 0..1 from the left and from the top (0.5, 0.5: the middle): what a crop keeps. */
  focalX: number;
  focalY: number;
}

export interface SectionRef {
  id: string;
  slug: string;
  name: string;
}

export interface AuthorRef {
  id: string;
  slug: string;
  name: string;
}

export interface TagRef {
  id: string;
  slug: string;
  name: string;
}

export interface UpdateNote {
  id: string;
  notedAt: Date;
  note: string;
  /** A correction of something the story got wrong, not news: listed on /corrections. */
  correction: boolean;
}

/** An article's listing data: what a front, a feed entry or a search hit needs. */
export interface ArticleSummary {
  id: string;
  slug: string;
  headline: string;
  dek: string;
  status: ArticleStatus;
  access: AccessLevel;
  section: SectionRef;
  authors: AuthorRef[];
  hero: HeroImage | null;
  publishedAt: Date | null;
  revisedAt: Date | null;
  updatedAt: Date;
  wordCount: number;
  version: number;
}

/** The whole article, body included. Only the content-read service hands its body onwards. */
export interface Article extends ArticleSummary {
  dateline: string;
  /** The body's source (ProseMirror JSON, body-doc.ts). */
  bodyDoc: BodyDoc;
  /** The body in Markdown, derived from the document (or as given, when Markdown was the source). */
  bodyMarkdown: string;
  blocks: Block[];
  /** How many blocks stand before the editor's paywall break; null without one (lead-in.ts). */
  paywallBreak: number | null;
  tags: TagRef[];
  updates: UpdateNote[];
  related: ArticleSummary[];
  createdAt: Date;
}

// Slugs are shared with sections, tags and authors, which sit below articles.
export { isSlug, SLUG_PATTERN, slugify } from '../http/slug.js';

export function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return m ? m.length : 0;
}

/** One formatter per time zone, made once (making one costs far more than using it). */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in the paper's time zone, as yyyy, mm, dd. */
export function localDateParts(at: Date, timeZone: string): { yyyy: string; mm: string; dd: string } {
  let f = dateFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { yyyy: get('year'), mm: get('month'), dd: get('day') };
}

/** `/{section}/{yyyy}/{mm}/{dd}/{slug}`, dated by publication in the paper's time zone. */
export function articlePath(a: Pick<ArticleSummary, 'slug' | 'section' | 'publishedAt' | 'updatedAt'>, timeZone: string): string {
  const { yyyy, mm, dd } = localDateParts(a.publishedAt ?? a.updatedAt, timeZone);
  return `/${a.section.slug}/${yyyy}/${mm}/${dd}/${a.slug}`;
}

/** Readers see published stories only; a scheduled one is published by the job runner at its time. */
export function isLive(a: Pick<ArticleSummary, 'status'>): boolean {
  return a.status === 'published';
}
