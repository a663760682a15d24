/**
 * The Content API: published articles, sections, authors and tags as public JSON under /api/v1.
 * Every 200 carries a strong ETag (a hash of the exact JSON sent) and answers If-None-Match with
 * 304. Anonymous answers may be cached by anyone for a minute; answers to a keyed request only by
 * its client, since a key may see more than the public (a partner's full text).
 */
import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { type ArticleService, isLive } from '../articles/index.js';
import type { AuthorService } from '../authors/index.js';
import { AppError } from '../http/app-error.js';
import type { MediaService } from '../media/index.js';
import type { ContentReader, Viewer } from '../reading/index.js';
import type { SectionService } from '../sections/index.js';
import type { TagService } from '../tags/index.js';
import { type KeyVerifier, presentedKey, viewerOf } from './api-auth.js';
import { errors, IdOrSlugParams, listMeta } from './api-schemas.js';
import { presentArticle, presentSummary } from './article-api-presenter.js';
import { type ListFilterLookups, resolveListFilter } from './article-list-filter.js';
import { ArticleJson, ArticleListJson, ArticleListQuery, AuthorListJson, SectionListJson, TagListJson } from './content-api-schemas.js';
import { presentAuthor, presentSection, presentTag } from './taxonomy-api-presenter.js';

const PUBLIC = 'public, max-age=60';
const PRIVATE = 'private, no-cache';
/** A key is optional here: without one the caller reads as the anonymous public. */
const OPTIONAL_KEY: Record<string, string[]>[] = [{}, { apiKey: [] }];

/** Strong validator: the same bytes always get the same tag (RFC 9110 §8.8.3). */
export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` prefixes are ignored. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** What the Content API reads: published content, the reading rules, and the keys that change who reads. */
export interface ContentApiRouteDeps extends ListFilterLookups {
  config: { publicUrl: string; timezone: string };
  apiKeys: KeyVerifier;
  articles: Pick<ArticleService, 'get' | 'lookupLiveBySlug' | 'list'>;
  reader: Pick<ContentReader, 'read'>;
  sections: Pick<SectionService, 'findBySlug' | 'list'>;
  tags: Pick<TagService, 'findBySlug' | 'list'>;
  authors: Pick<AuthorService, 'findBySlug' | 'list'>;
  media: Pick<MediaService, 'getImages'>;
}

export async function registerContentApiRoutes(scope: FastifyInstance, s: ContentApiRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { publicUrl: s.config.publicUrl, timeZone: s.config.timezone };
  const viewers = new WeakMap<FastifyRequest, Viewer>();
  const viewer = (request: FastifyRequest): Viewer => viewers.get(request) ?? { kind: 'anonymous' };

  app.addHook('onRequest', async (request, reply) => {
    viewers.set(request, viewerOf(await presentedKey(request, reply, s.apiKeys)));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = strongEtag(payload);
    reply.header('etag', etag);
    reply.header('cache-control', viewer(request).kind === 'anonymous' ? PUBLIC : PRIVATE);
    reply.header('vary', 'Authorization');
    if (noneMatch(request.headers['if-none-match'], etag)) {
      reply.code(304);
      return null;
    }
    return payload;
  });

  app.get(
    '/api/v1/articles',
    {
      schema: {
        tags: ['content'],
        summary: 'Published articles, newest first',
        description: 'Filters combine. An unknown section, tag or author is a 404 that names it. Bodies are in GET /api/v1/articles/{id}.',
        security: OPTIONAL_KEY,
        querystring: ArticleListQuery,
        response: { 200: ArticleListJson, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { section, tag, author, page = 1, per_page: perPage = 20 } = request.query;
      const filter = await resolveListFilter(s, { section, tag, author });
      const list = await s.articles.list({ ...filter, limit: perPage, offset: (page - 1) * perPage });
      return { articles: list.items.map((a) => presentSummary(a, ctx)), meta: listMeta(page, perPage, list.total) };
    },
  );

  app.get(
    '/api/v1/articles/:id',
    {
      schema: {
        tags: ['content'],
        summary: 'One published article, by id or slug',
        description: 'The body (body_html, body_text) is included when this caller may read all of it; otherwise lead_in_html.',
        security: OPTIONAL_KEY,
        params: IdOrSlugParams,
        response: { 200: ArticleJson, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      let article = await s.articles.get(id);
      if (!article) {
        // A slug the story used to have still finds it.
        const found = await s.articles.lookupLiveBySlug(id);
        if (found.kind === 'moved') article = found.article;
      }
      if (!article || !isLive(article)) throw new AppError('NOT_FOUND', 404, `No published article "${id}".`);
      return presentArticle(article, s.reader.read(article, viewer(request)), ctx);
    },
  );

  const listSchema = <T extends TSchema>(summary: string, response: T) => ({
    schema: { tags: ['content'], summary, security: OPTIONAL_KEY, response: { 200: response, ...errors(401) } },
  });

  app.get('/api/v1/sections', listSchema('Sections, in the order of the site menu', SectionListJson), async () => ({
    sections: (await s.sections.list()).map((x) => presentSection(x, ctx)),
  }));

  app.get('/api/v1/authors', listSchema('Authors, by name', AuthorListJson), async () => {
    const authors = await s.authors.list();
    const photos = await s.media.getImages(authors.flatMap((a) => (a.photoImageId ? [a.photoImageId] : [])));
    return { authors: authors.map((a) => presentAuthor(a, photos, ctx)) };
  });

  app.get('/api/v1/tags', listSchema('Tags, by name', TagListJson), async () => ({
    tags: (await s.tags.list()).map((t) => presentTag(t, ctx)),
  }));
}
