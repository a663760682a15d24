/**
 * Admin API for articles: list and read in any status, create, replace (with If-Match), publish,
 * unpublish, schedule, delete. Every save keeps a revision (the article service does that); the
 * ETag is the version, and a replace must name it, so two editors cannot silently overwrite each
 * other. Writer keys create and replace their own
 * drafts only (admin-article-access.ts).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Article, ArticleService } from '../articles/index.js';
import { AppError, invalid } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import {
  AdminArticleJson,
  AdminArticleListJson,
  AdminArticleListQuery,
  ArticleBody,
  IfMatchHeaders,
  ScheduleBody,
} from './admin-api-schemas.js';
import { type ArticleSaveLookups, checkArticleSave } from './admin-article-access.js';
import { articleInputFromBody, parseApiDate, withBodyFields } from './admin-article-input.js';
import { presentAdminArticle, presentAdminSummary, versionEtag } from './admin-article-presenter.js';
import { adminRoute, BEARER_SECURITY, savedByOf } from './api-auth.js';
import { errors, IdOrSlugParams, listMeta } from './api-schemas.js';
import { type ListFilterLookups, resolveListFilter } from './article-list-filter.js';

const BASE = '/api/v1/admin/articles';

function preconditionRequired(detail: string): AppError {
  return new AppError('PRECONDITION_REQUIRED', 428, `${detail} Send If-Match with the ETag from GET (for example If-Match: "v3").`);
}

function versionConflict(): AppError {
  return new AppError('ARTICLE_VERSION_CONFLICT', 412, 'Someone else saved this article first: reload it and apply your change again.');
}

/**
 * The version an If-Match header allows a write against (RFC 9110 §13.1.1, strong comparison).
 * Undefined when the header is absent (or `*`) and the route does not require it.
 */
export function ifMatchVersion(header: string | undefined, current: Article, required: true): number;
export function ifMatchVersion(header: string | undefined, current: Article, required: boolean): number | undefined;
export function ifMatchVersion(header: string | undefined, current: Article, required: boolean): number | undefined {
  const tags = (header ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length === 0 || tags.includes('*')) {
    if (!required) return undefined;
    throw preconditionRequired(tags.length === 0 ? 'This change needs the version you edited.' : 'If-Match: * is not enough here.');
  }
  if (tags.includes(versionEtag(current.version))) return current.version;
  throw versionConflict();
}

/** What the Admin API's article routes use: the articles feature, the list filter's and the writer check's lookups, the clock. */
export interface AdminArticleRouteDeps extends ListFilterLookups {
  config: { publicUrl: string; timezone: string };
  tags: ListFilterLookups['tags'] & ArticleSaveLookups['tags'];
  clock: Clock;
  articles: Pick<
    ArticleService,
    'get' | 'list' | 'revisionsOf' | 'creatorOf' | 'create' | 'update' | 'publish' | 'unpublish' | 'schedule' | 'remove'
  >;
}

export async function registerAdminArticleRoutes(scope: FastifyInstance, s: AdminArticleRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { publicUrl: s.config.publicUrl, timeZone: s.config.timezone };
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const one = { 200: AdminArticleJson, ...errors(400, 401, 403, 404, 412) };

  async function load(id: string): Promise<Article> {
    const a = await s.articles.get(id);
    if (!a) throw new AppError('NOT_FOUND', 404, `No article "${id}".`);
    return a;
  }

  async function answer(reply: FastifyReply, article: Article, status = 200) {
    const revisions = await s.articles.revisionsOf(article.id);
    reply.code(status).header('etag', versionEtag(article.version)).header('cache-control', 'no-store');
    return presentAdminArticle(article, revisions, ctx);
  }

  const ifMatch = (request: FastifyRequest) => request.headers['if-match'];

  app.get(
    BASE,
    {
      config: adminRoute('articles.read'),
      schema: {
        ...common,
        summary: 'Articles in any status, newest first',
        querystring: AdminArticleListQuery,
        response: { 200: AdminArticleListJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { status, section, tag, author, page = 1, per_page: perPage = 20 } = request.query;
      const filter = await resolveListFilter(s, { section, tag, author });
      const list = await s.articles.list({ ...filter, status, anyStatus: true, limit: perPage, offset: (page - 1) * perPage });
      reply.header('cache-control', 'no-store');
      return { articles: list.items.map((a) => presentAdminSummary(a, ctx)), meta: listMeta(page, perPage, list.total) };
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: adminRoute('articles.read'),
      schema: {
        ...common,
        summary: 'One article, with its version (the ETag) and revisions',
        params: IdOrSlugParams,
        response: { ...one, 304: Type.Null({ description: 'Not modified: If-None-Match named the current version' }) },
      },
    },
    async (request, reply) => {
      const article = await load(request.params.id);
      const etag = versionEtag(article.version);
      if ((request.headers['if-none-match'] ?? '').split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        return reply.code(304).header('etag', etag).header('cache-control', 'no-store').send(null);
      }
      return answer(reply, article);
    },
  );

  app.post(
    BASE,
    {
      config: adminRoute('articles.write'),
      schema: { ...common, summary: 'Create an article', body: ArticleBody, response: { ...one, 201: AdminArticleJson } },
    },
    async (request, reply) => {
      await checkArticleSave(s, request, request.body);
      const created = await withBodyFields(() => s.articles.create(articleInputFromBody(request.body), savedByOf(request)));
      reply.header('location', `${BASE}/${created.id}`);
      return answer(reply, created, 201);
    },
  );

  app.put(
    `${BASE}/:id`,
    {
      config: adminRoute('articles.write'),
      schema: {
        ...common,
        summary: 'Replace an article (If-Match required)',
        description:
          'The body replaces the article whole: fields left out take their defaults. 428 without If-Match; 412 when someone saved first.',
        params: IdOrSlugParams,
        headers: IfMatchHeaders,
        body: ArticleBody,
        response: { ...one, ...errors(428) },
      },
    },
    async (request, reply) => {
      const current = await load(request.params.id);
      await checkArticleSave(s, request, request.body, current);
      const version = ifMatchVersion(ifMatch(request), current, true);
      const input = articleInputFromBody(request.body);
      return answer(reply, await withBodyFields(() => s.articles.update(current.id, input, savedByOf(request), version)));
    },
  );

  const transition = (path: string, summary: string, run: (a: Article, by: string, version: number | undefined) => Promise<Article>) =>
    app.post(
      `${BASE}/:id/${path}`,
      {
        config: adminRoute('articles.publish'),
        schema: {
          ...common,
          summary,
          description: 'If-Match is optional here; when sent, it must match.',
          params: IdOrSlugParams,
          headers: IfMatchHeaders,
          response: one,
        },
      },
      async (request, reply) => {
        const current = await load(request.params.id);
        const version = ifMatchVersion(ifMatch(request), current, false);
        return answer(reply, await withBodyFields(() => run(current, savedByOf(request), version)));
      },
    );

  transition('publish', 'Publish now (keeps the first publication time of a live story)', (a, by, v) => s.articles.publish(a.id, by, v));
  transition('unpublish', 'Take a story off the site (its URL answers 410)', (a, by, v) => s.articles.unpublish(a.id, by, v));

  app.post(
    `${BASE}/:id/schedule`,
    {
      config: adminRoute('articles.publish'),
      schema: {
        ...common,
        summary: 'Schedule publication at a future time',
        params: IdOrSlugParams,
        headers: IfMatchHeaders,
        body: ScheduleBody,
        response: one,
      },
    },
    async (request, reply) => {
      const current = await load(request.params.id);
      const version = ifMatchVersion(ifMatch(request), current, false);
      const problems: { field: string; message: string }[] = [];
      const at = parseApiDate(request.body.publish_at, 'body.publish_at', problems);
      if (problems.length === 0 && at.getTime() <= s.clock().getTime())
        problems.push({ field: 'body.publish_at', message: 'must be in the future' });
      if (problems.length > 0) throw invalid(problems);
      const saved = await withBodyFields(() => s.articles.schedule(current.id, at, savedByOf(request), version), {
        publishedAt: 'publish_at',
      });
      return answer(reply, saved);
    },
  );

  app.delete(
    `${BASE}/:id`,
    {
      config: adminRoute('articles.delete'),
      schema: {
        ...common,
        summary: 'Delete an article and its revisions',
        params: IdOrSlugParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const current = await load(request.params.id);
      ifMatchVersion(ifMatch(request), current, false);
      await s.articles.remove(current.id);
      return reply.code(204).send(null);
    },
  );
}
