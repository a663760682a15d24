/**
 * What leaves the server as JSON for articles and their pictures. The body comes only from the
 * reading the content-read service made for this viewer: the whole body when `reading.full`,
 * else just the lead-in. Nothing here looks at `article.blocks`.
 */
import type { Static } from 'typebox';
import {
  type Article,
  type ArticleSummary,
  articlePath,
  type HeroImage,
  type ImageRef,
  isLive,
  mediaUrl,
  originalFormat,
} from '../articles/index.js';
import type { ArticleReading } from '../reading/index.js';
import type { HeroJson, ImageJson } from './api-schemas.js';
import type { ArticleJson, ArticleSummaryJson } from './content-api-schemas.js';

export interface PresentContext {
  /** The site's absolute origin and path, without a trailing slash. */
  publicUrl: string;
  timeZone: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentImage(image: ImageRef, ctx: PresentContext): Static<typeof ImageJson> {
  const abs = (key: string) => `${ctx.publicUrl}${mediaUrl(key)}`;
  const byWidth = image.variants.slice().sort((a, b) => a.width - b.width);
  const fmt = originalFormat(image);
  const srcset = (format: string) =>
    byWidth
      .filter((v) => v.format === format)
      .map((v) => `${abs(v.key)} ${v.width}w`)
      .join(', ');
  const largest = byWidth.filter((v) => v.format === fmt).at(-1);
  return {
    id: image.id,
    url: abs(largest ? largest.key : image.originalKey),
    width: image.width,
    height: image.height,
    content_type: image.contentType,
    srcset: srcset(fmt),
    webp_srcset: fmt === 'webp' ? '' : srcset('webp'),
    variants: byWidth.map((v) => ({ url: abs(v.key), width: v.width, height: v.height, format: v.format })),
  };
}

export function presentHero(hero: HeroImage | null, ctx: PresentContext): Static<typeof HeroJson> | null {
  if (!hero) return null;
  return { ...presentImage(hero.image, ctx), alt: hero.alt, caption: hero.caption, credit: hero.credit };
}

export function articleUrl(a: Pick<ArticleSummary, 'slug' | 'section' | 'publishedAt' | 'updatedAt'>, ctx: PresentContext): string {
  return `${ctx.publicUrl}${articlePath(a, ctx.timeZone)}`;
}

export function presentSummary(a: ArticleSummary, ctx: PresentContext): Static<typeof ArticleSummaryJson> {
  return {
    id: a.id,
    slug: a.slug,
    url: articleUrl(a, ctx),
    headline: a.headline,
    dek: a.dek,
    section: { slug: a.section.slug, name: a.section.name },
    authors: a.authors.map((x) => ({ slug: x.slug, name: x.name })),
    access: a.access,
    published_at: iso(a.publishedAt),
    revised_at: iso(a.revisedAt),
    word_count: a.wordCount,
    hero: presentHero(a.hero, ctx),
  };
}

/** A published article for the Content API. `reading` is `services.reader.read(article, viewer, 'api')`. */
export function presentArticle(a: Article, reading: ArticleReading, ctx: PresentContext): Static<typeof ArticleJson> {
  const base = {
    ...presentSummary(a, ctx),
    tags: a.tags.map((t) => ({ slug: t.slug, name: t.name })),
    dateline: a.dateline,
    updates: a.updates.map((u) => ({ at: u.notedAt.toISOString(), note: u.note })),
    // Related stories that are not live (drafts, withdrawn) are nobody's business outside.
    related: a.related.filter(isLive).map((r) => ({ id: r.id, slug: r.slug, url: articleUrl(r, ctx), headline: r.headline })),
    full_text: reading.full,
  };
  if (reading.full) {
    return {
      ...base,
      body_html: absolutizeHtml(reading.blocks.map((b) => b.html).join('\n'), ctx.publicUrl),
      body_text: reading.blocks
        .map((b) => b.text)
        .filter(Boolean)
        .join('\n\n'),
    };
  }
  return { ...base, lead_in_html: absolutizeHtml(reading.leadIn.map((b) => b.html).join('\n'), ctx.publicUrl) };
}

/**
 * Site-relative links and picture sources in stored HTML (`/media/…`, `/news/…`) made absolute,
 * since an API client shows them on another site. Stored HTML is sanitize-html output, so every
 * attribute value is double-quoted.
 */
export function absolutizeHtml(html: string, publicUrl: string): string {
  return html.replace(/\b(href|src|srcset)="([^"]*)"/g, (_all, attr: string, value: string) => {
    const abs = (part: string) => (part.startsWith('/') && !part.startsWith('//') ? `${publicUrl}${part}` : part);
    // A srcset is a list of "url width" candidates; href and src are one URL each.
    const fixed =
      attr === 'srcset'
        ? value
            .split(/(,\s*)/)
            .map(abs)
            .join('')
        : abs(value);
    return `${attr}="${fixed}"`;
  });
}
