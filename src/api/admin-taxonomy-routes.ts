/**
 * Admin API for sections, authors and tags: create, update (PATCH: only the fields sent) and
 * delete, each a call to the feature's service. Lists are the Content API's.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Author, AuthorService } from '../authors/index.js';
import type { MediaService } from '../media/index.js';
import type { SectionService } from '../sections/index.js';
import type { TagService } from '../tags/index.js';
import {
  AuthorCreateBody,
  AuthorUpdateBody,
  SectionCreateBody,
  SectionUpdateBody,
  TagCreateBody,
  TagUpdateBody,
} from './admin-api-schemas.js';
import { withBodyFields } from './admin-article-input.js';
import { adminRoute, BEARER_SECURITY } from './api-auth.js';
import { AuthorJson, errors, IdOrSlugParams, SectionJson, TagJson } from './api-schemas.js';
import { presentAuthor, presentSection, presentTag } from './taxonomy-api-presenter.js';

const Deleted = { 204: Type.Null({ description: 'Deleted' }) };

/** What the taxonomy routes use: each feature's writes, and the images an author's photo names. */
export interface AdminTaxonomyRouteDeps {
  config: { publicUrl: string; timezone: string };
  sections: Pick<SectionService, 'create' | 'update' | 'remove'>;
  authors: Pick<AuthorService, 'create' | 'update' | 'remove'>;
  tags: Pick<TagService, 'create' | 'update' | 'remove'>;
  media: Pick<MediaService, 'getImages'>;
}

export async function registerAdminTaxonomyRoutes(scope: FastifyInstance, s: AdminTaxonomyRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { publicUrl: s.config.publicUrl, timeZone: s.config.timezone };
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const written = (json: object) => ({ 200: json, 201: json, ...errors(400, 401, 403, 404) });

  // --- Sections ---------------------------------------------------------------------------------
  const sections = '/api/v1/admin/sections';
  app.post(
    sections,
    {
      config: adminRoute('sections.write'),
      schema: { ...common, summary: 'Create a section', body: SectionCreateBody, response: written(SectionJson) },
    },
    async (request, reply) => {
      const b = request.body;
      const section = await withBodyFields(() => s.sections.create(b));
      return reply.code(201).send(presentSection(section, ctx));
    },
  );
  app.patch(
    `${sections}/:id`,
    {
      config: adminRoute('sections.write'),
      schema: {
        ...common,
        summary: 'Change a section (id or slug)',
        params: IdOrSlugParams,
        body: SectionUpdateBody,
        response: written(SectionJson),
      },
    },
    async (request) => presentSection(await withBodyFields(() => s.sections.update(request.params.id, request.body)), ctx),
  );
  app.delete(
    `${sections}/:id`,
    {
      config: adminRoute('sections.write'),
      schema: {
        ...common,
        summary: 'Delete an empty section',
        params: IdOrSlugParams,
        response: { ...Deleted, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await s.sections.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );

  // --- Authors ----------------------------------------------------------------------------------
  const authors = '/api/v1/admin/authors';
  const authorJson = async (a: Author) => presentAuthor(a, await s.media.getImages(a.photoImageId ? [a.photoImageId] : []), ctx);
  app.post(
    authors,
    {
      config: adminRoute('authors.write'),
      schema: { ...common, summary: 'Create an author', body: AuthorCreateBody, response: written(AuthorJson) },
    },
    async (request, reply) => {
      const { photo_image_id: photoImageId, ...rest } = request.body;
      const author = await withBodyFields(() => s.authors.create({ ...rest, photoImageId }));
      return reply.code(201).send(await authorJson(author));
    },
  );
  app.patch(
    `${authors}/:id`,
    {
      config: adminRoute('authors.write'),
      schema: {
        ...common,
        summary: 'Change an author (id or slug)',
        params: IdOrSlugParams,
        body: AuthorUpdateBody,
        response: written(AuthorJson),
      },
    },
    async (request) => {
      const { photo_image_id: photoImageId, ...rest } = request.body;
      return authorJson(await withBodyFields(() => s.authors.update(request.params.id, { ...rest, photoImageId })));
    },
  );
  app.delete(
    `${authors}/:id`,
    {
      config: adminRoute('authors.write'),
      schema: {
        ...common,
        summary: 'Delete an author on no byline',
        params: IdOrSlugParams,
        response: { ...Deleted, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await s.authors.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );

  // --- Tags -------------------------------------------------------------------------------------
  const tags = '/api/v1/admin/tags';
  app.post(
    tags,
    { config: adminRoute('tags.write'), schema: { ...common, summary: 'Create a tag', body: TagCreateBody, response: written(TagJson) } },
    async (request, reply) => reply.code(201).send(presentTag(await withBodyFields(() => s.tags.create(request.body)), ctx)),
  );
  app.patch(
    `${tags}/:id`,
    {
      config: adminRoute('tags.write'),
      schema: { ...common, summary: 'Rename a tag (id or slug)', params: IdOrSlugParams, body: TagUpdateBody, response: written(TagJson) },
    },
    async (request) => presentTag(await withBodyFields(() => s.tags.update(request.params.id, request.body)), ctx),
  );
  app.delete(
    `${tags}/:id`,
    {
      config: adminRoute('tags.write'),
      schema: {
        ...common,
        summary: 'Delete a tag (it comes off its articles)',
        params: IdOrSlugParams,
        response: { ...Deleted, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await s.tags.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
