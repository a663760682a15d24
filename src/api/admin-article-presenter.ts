/**
 * Articles as the Admin API shows them: every status, the Markdown source as saved (the
 * newsroom's own text, for editing; readers' text goes through the content-read service), the
 * version that If-Match must name, and the list of saved revisions.
 */
import type { Static } from 'typebox';
import type { Article, ArticleSummary } from '../articles/index.js';
import type { AdminArticleJson, AdminArticleSummaryJson } from './admin-api-schemas.js';
import { articleUrl, type PresentContext, presentImage } from './article-api-presenter.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The article's ETag for If-Match: its version, which every save increments. */
export function versionEtag(version: number): string {
  return `"v${version}"`;
}

export interface RevisionRow {
  version: number;
  saved_by: string;
  saved_at: Date;
}

export function presentAdminSummary(a: ArticleSummary, ctx: PresentContext): Static<typeof AdminArticleSummaryJson> {
  return {
    id: a.id,
    slug: a.slug,
    url: articleUrl(a, ctx),
    status: a.status,
    version: a.version,
    headline: a.headline,
    dek: a.dek,
    section: { slug: a.section.slug, name: a.section.name },
    authors: a.authors.map((x) => ({ slug: x.slug, name: x.name })),
    access: a.access,
    published_at: iso(a.publishedAt),
    revised_at: iso(a.revisedAt),
    updated_at: a.updatedAt.toISOString(),
    word_count: a.wordCount,
  };
}

export function presentAdminArticle(a: Article, revisions: readonly RevisionRow[], ctx: PresentContext): Static<typeof AdminArticleJson> {
  return {
    ...presentAdminSummary(a, ctx),
    tags: a.tags.map((t) => ({ slug: t.slug, name: t.name })),
    dateline: a.dateline,
    updates: a.updates.map((u) => ({ at: u.notedAt.toISOString(), note: u.note, correction: u.correction })),
    related: a.related.map((r) => ({ id: r.id, slug: r.slug, headline: r.headline, status: r.status })),
    hero: a.hero
      ? {
          image_id: a.hero.image.id,
          alt: a.hero.alt,
          caption: a.hero.caption,
          credit: a.hero.credit,
          focal_x: a.hero.focalX,
          focal_y: a.hero.focalY,
          image: presentImage(a.hero.image, ctx),
        }
      : null,
    body: a.bodyMarkdown,
    body_doc: a.bodyDoc,
    created_at: a.createdAt.toISOString(),
    revisions: revisions.map((r) => ({ version: r.version, saved_by: r.saved_by, saved_at: r.saved_at.toISOString() })),
  };
}
