/**
 * Request and response schemas of the Admin API (/api/v1/admin). Article bodies mirror
 * ArticleInput (src/articles/article-service.ts) in snake_case JSON. Unknown fields are refused
 * by name, so a misspelt field is an error rather than silently ignored.
 */
import { Type } from 'typebox';
import { ACCESS_LEVELS, ARTICLE_STATUSES, BodyDocSchema } from '../articles/index.js';
import { DateTime, ImageJson, ListMeta, Named, NullableDateTime, PagingQuery, Slug } from './api-schemas.js';

const strict = { additionalProperties: false } as const;
export const ImageId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const ArticleBody = Type.Object(
  {
    headline: Type.String({ minLength: 1, maxLength: 200 }),
    dek: Type.Optional(Type.String({ maxLength: 1000 })),
    slug: Type.Optional(Slug),
    section: Slug,
    authors: Type.Array(Slug, { minItems: 1, maxItems: 20, description: 'author slugs, in byline order' }),
    tags: Type.Optional(Type.Array(Slug, { maxItems: 50, description: 'tag slugs; unknown tags are created' })),
    dateline: Type.Optional(Type.String({ maxLength: 100 })),
    access: Type.Optional(Type.Enum([...ACCESS_LEVELS])),
    status: Type.Optional(Type.Enum([...ARTICLE_STATUSES])),
    published_at: Type.Optional(NullableDateTime),
    revised_at: Type.Optional(NullableDateTime),
    updates: Type.Optional(
      Type.Array(
        Type.Object(
          {
            at: DateTime,
            note: Type.String({ minLength: 1, maxLength: 2000 }),
            correction: Type.Optional(Type.Boolean({ description: 'a correction (listed on /corrections), not an update; default false' })),
          },
          strict,
        ),
        { maxItems: 100 },
      ),
    ),
    related: Type.Optional(Type.Array(Slug, { maxItems: 20, description: 'slugs of related articles' })),
    hero: Type.Optional(
      Type.Union([
        Type.Object(
          {
            image_id: ImageId,
            alt: Type.String({ maxLength: 500 }),
            caption: Type.Optional(Type.String({ maxLength: 1000 })),
            credit: Type.Optional(Type.String({ maxLength: 200 })),
            focal_x: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'focal point from the left, 0..1; default 0.5' })),
            focal_y: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'focal point from the top, 0..1; default 0.5' })),
          },
          strict,
        ),
        Type.Null(),
      ]),
    ),
    body: Type.Optional(
      Type.String({
        maxLength: 500_000,
        description: 'Markdown (docs/body-document.md). One of body and body_doc is required; body_doc wins when both are sent.',
      }),
    ),
    body_doc: Type.Optional(BodyDocSchema),
  },
  strict,
);

export const ScheduleBody = Type.Object({ publish_at: DateTime }, strict);

export const AdminArticleListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...ARTICLE_STATUSES])),
    section: Type.Optional(Slug),
    tag: Type.Optional(Slug),
    author: Type.Optional(Slug),
    ...PagingQuery,
  },
  strict,
);

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'the ETag from GET, e.g. "v3"' })),
});

const summaryProps = {
  id: Type.String(),
  slug: Type.String(),
  url: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  headline: Type.String(),
  dek: Type.String(),
  section: Named,
  authors: Type.Array(Named),
  access: Type.String(),
  published_at: NullableDateTime,
  revised_at: NullableDateTime,
  updated_at: DateTime,
  word_count: Type.Integer(),
};

export const AdminArticleSummaryJson = Type.Object(summaryProps);
export const AdminArticleListJson = Type.Object({ articles: Type.Array(AdminArticleSummaryJson), meta: ListMeta });

export const AdminArticleJson = Type.Object({
  ...summaryProps,
  tags: Type.Array(Named),
  dateline: Type.String(),
  updates: Type.Array(Type.Object({ at: DateTime, note: Type.String(), correction: Type.Boolean() })),
  related: Type.Array(Type.Object({ id: Type.String(), slug: Type.String(), headline: Type.String(), status: Type.String() })),
  hero: Type.Union([
    Type.Object({
      image_id: Type.String(),
      alt: Type.String(),
      caption: Type.String(),
      credit: Type.String(),
      focal_x: Type.Number(),
      focal_y: Type.Number(),
      image: ImageJson,
    }),
    Type.Null(),
  ]),
  body: Type.String({ description: 'the body in Markdown (written from body_doc, or as sent when Markdown was the source)' }),
  body_doc: BodyDocSchema,
  created_at: DateTime,
  revisions: Type.Array(Type.Object({ version: Type.Integer(), saved_by: Type.String(), saved_at: DateTime })),
});

export const SectionCreateBody = Type.Object(
  {
    slug: Slug,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  strict,
);
export const SectionUpdateBody = Type.Partial(SectionCreateBody, { ...strict, minProperties: 1 });

export const AuthorCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    slug: Type.Optional(Slug),
    bio: Type.Optional(Type.String({ maxLength: 2000 })),
    photo_image_id: Type.Optional(Type.Union([ImageId, Type.Null()])),
  },
  strict,
);
export const AuthorUpdateBody = Type.Partial(AuthorCreateBody, { ...strict, minProperties: 1 });

export const TagCreateBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), slug: Type.Optional(Slug) }, strict);
export const TagUpdateBody = Type.Partial(TagCreateBody, { ...strict, minProperties: 1 });

export const ImageUploadJson = ImageJson;
