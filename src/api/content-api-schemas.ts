/**
 * Request and response schemas of the Content API (read-only, public JSON under /api/v1).
 */
import { Type } from 'typebox';
import { AuthorJson, HeroJson, ListMeta, Named, NullableDateTime, PagingQuery, SectionJson, Slug, TagJson } from './api-schemas.js';

/** Other query parameters are ignored (cache-busters, tracking tags), as on the site. */
export const ArticleListQuery = Type.Object({
  section: Type.Optional(Slug),
  tag: Type.Optional(Slug),
  author: Type.Optional(Slug),
  ...PagingQuery,
});

const summaryProps = {
  id: Type.String(),
  slug: Type.String(),
  url: Type.String({ description: 'the article on the website' }),
  headline: Type.String(),
  dek: Type.String(),
  section: Named,
  authors: Type.Array(Named),
  access: Type.String({ description: 'metered, free or subscribers' }),
  published_at: NullableDateTime,
  revised_at: NullableDateTime,
  word_count: Type.Integer(),
  hero: Type.Union([HeroJson, Type.Null()]),
};

export const ArticleSummaryJson = Type.Object(summaryProps);

export const ArticleJson = Type.Object({
  ...summaryProps,
  tags: Type.Array(Named),
  dateline: Type.String(),
  updates: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), note: Type.String() })),
  related: Type.Array(Type.Object({ id: Type.String(), slug: Type.String(), url: Type.String(), headline: Type.String() })),
  full_text: Type.Boolean({ description: 'true when body_html and body_text carry the whole body; false when only lead_in_html is given' }),
  body_html: Type.Optional(Type.String()),
  body_text: Type.Optional(Type.String()),
  lead_in_html: Type.Optional(Type.String({ description: 'the opening paragraphs, when this caller may not read the whole body' })),
});

export const ArticleListJson = Type.Object({ articles: Type.Array(ArticleSummaryJson), meta: ListMeta });
export const SectionListJson = Type.Object({ sections: Type.Array(SectionJson) });
export const AuthorListJson = Type.Object({ authors: Type.Array(AuthorJson) });
export const TagListJson = Type.Object({ tags: Type.Array(TagJson) });
