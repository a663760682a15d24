/**
 * Decides what of an article leaves the server in a feed. The text comes only from what the
 * content-read service allowed (src/reading): the whole body when
 * the reading is full, otherwise the dek, the lead-in and a link to the story.
 */
import type { Article, ImageRef } from '../articles/index.js';
import { articlePath, mediaUrl, originalFormat, pickVariant } from '../articles/index.js';
import type { ArticleReading } from '../reading/index.js';

/** The feed as a whole (RSS channel, Atom feed). */
export interface FeedChannel {
  title: string;
  description: string;
  /** BCP 47, e.g. `en` or `en-GB`. */
  language: string;
  /** The HTML page the feed mirrors (front or section front), absolute. */
  siteUrl: string;
  /** The feed's own URL, absolute. */
  selfUrl: string;
  /** The newest change among the entries. */
  updatedAt: Date;
  /** The paper's name: Atom's feed-level author. */
  publisher: string;
}

export interface FeedCategory {
  /** Where the term's page lives: `term` appended to it gives the page URL. */
  scheme: string;
  term: string;
  label: string;
}

export interface FeedImage {
  url: string;
  type: string;
  /** Bytes; 0 when unknown. */
  length: number;
  width: number;
  height: number;
  alt: string;
  credit: string;
}

export interface FeedEntry {
  /** The article id (RSS `guid isPermaLink="false"`). */
  id: string;
  url: string;
  title: string;
  /** Plain text: the reading's description. */
  summary: string;
  /** HTML: the allowed body, or the dek and lead-in and a link. URLs in it are absolute. */
  contentHtml: string;
  publishedAt: Date;
  updatedAt: Date;
  authors: { name: string; url: string }[];
  categories: FeedCategory[];
  image: FeedImage | null;
}

export interface FeedContext {
  publicUrl: string;
  timeZone: string;
}

/** The width asked of the hero's variants for feeds: large enough for a reader's card. */
const FEED_IMAGE_WIDTH = 1200;

export function presentFeedEntry(article: Article, reading: ArticleReading, ctx: FeedContext): FeedEntry {
  const { publicUrl } = ctx;
  const url = `${publicUrl}${articlePath(article, ctx.timeZone)}`;
  const publishedAt = article.publishedAt ?? article.updatedAt;
  const revisedAt = article.revisedAt ?? publishedAt;
  const html = reading.full
    ? reading.blocks.map((b) => b.html).join('\n')
    : [
        ...(article.dek ? [`<p>${escapeHtml(article.dek)}</p>`] : []),
        ...reading.leadIn.map((b) => b.html),
        `<p><a href="${escapeHtml(url)}">Read the full story</a></p>`,
      ].join('\n');
  return {
    id: article.id,
    url,
    title: article.headline,
    summary: reading.description,
    contentHtml: absolutizeUrls(html, publicUrl),
    publishedAt,
    updatedAt: new Date(Math.max(revisedAt.getTime(), publishedAt.getTime())),
    authors: article.authors.map((a) => ({ name: a.name, url: `${publicUrl}/authors/${a.slug}` })),
    categories: [
      { scheme: `${publicUrl}/`, term: article.section.slug, label: article.section.name },
      ...article.tags.map((t) => ({ scheme: `${publicUrl}/tags/`, term: t.slug, label: t.name })),
    ],
    image: article.hero ? feedImage(article.hero.image, article.hero.alt, article.hero.credit, publicUrl) : null,
  };
}

export function feedImage(image: ImageRef, alt: string, credit: string, publicUrl: string): FeedImage {
  const variant = pickVariant(image, FEED_IMAGE_WIDTH);
  if (variant) {
    return {
      url: `${publicUrl}${mediaUrl(variant.key)}`,
      type: `image/${variant.format}`,
      length: variant.bytes,
      width: variant.width,
      height: variant.height,
      alt,
      credit,
    };
  }
  return {
    url: `${publicUrl}${mediaUrl(image.originalKey)}`,
    type: image.contentType || `image/${originalFormat(image)}`,
    length: 0,
    width: image.width,
    height: image.height,
    alt,
    credit,
  };
}

/**
 * Root-relative `href`, `src` and `srcset` URLs made absolute: a feed reader shows the HTML away
 * from our site, where `/media/…` would point nowhere. The blocks are our own sanitized HTML,
 * so attributes are always double-quoted.
 */
export function absolutizeUrls(html: string, publicUrl: string): string {
  const abs = (u: string) => (u.startsWith('/') && !u.startsWith('//') ? `${publicUrl}${u}` : u);
  return html
    .replace(/(\s(?:href|src)=")([^"]*)"/g, (_m, pre: string, u: string) => `${pre}${abs(u)}"`)
    .replace(/(\ssrcset=")([^"]*)"/g, (_m, pre: string, set: string) => {
      const parts = set.split(',').map((p) => {
        const [u = '', ...rest] = p.trim().split(/\s+/);
        return [abs(u), ...rest].join(' ');
      });
      return `${pre}${parts.join(', ')}"`;
    });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
