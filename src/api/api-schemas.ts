/**
 * Schemas shared by the Content and Admin APIs: request pieces (slugs, paging) and the JSON
 * shapes of sections, authors, tags, images and errors. Fastify validates requests and
 * serializes responses with them, and @fastify/swagger builds the OpenAPI document from them.
 */
import { Type } from 'typebox';

/** An article id (UUID) or slug in a path. */
export const IdOrSlug = Type.String({ pattern: '^[A-Za-z0-9-]{1,100}$' });
export const IdOrSlugParams = Type.Object({ id: IdOrSlug });
export const DateTime = Type.String({ format: 'date-time' });
export const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const MAX_PAGE = 10_000;
export const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export const ListMeta = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  pages: Type.Integer(),
});

export function listMeta(page: number, perPage: number, total: number) {
  return { page, per_page: perPage, total, pages: Math.max(1, Math.ceil(total / perPage)) };
}

export const Named = Type.Object({ slug: Type.String(), name: Type.String() });

export const ImageVariantJson = Type.Object({
  url: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  format: Type.String(),
});

export const ImageJson = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'the largest variant in the original format' }),
  width: Type.Integer(),
  height: Type.Integer(),
  content_type: Type.String(),
  srcset: Type.String({ description: 'variants in the original format, for <img srcset>' }),
  webp_srcset: Type.String({ description: 'WebP variants, for <source type="image/webp">' }),
  variants: Type.Array(ImageVariantJson),
});

export const HeroJson = Type.Object({
  ...ImageJson.properties,
  alt: Type.String(),
  caption: Type.String(),
  credit: Type.String(),
});

export const SectionJson = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  position: Type.Integer(),
  url: Type.String(),
});

export const AuthorJson = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  bio: Type.String(),
  url: Type.String(),
  photo: Type.Union([ImageJson, Type.Null()]),
});

export const TagJson = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  url: Type.String(),
});

// Declared lower (src/http), so that features below the API can use them too.
export { unknownFilter } from '../http/app-error.js';
// The one error shape, declared beside the handler that writes it (src/http).
export { ErrorJson, errors } from '../http/error-schema.js';
export { Slug } from '../http/slug.js';
