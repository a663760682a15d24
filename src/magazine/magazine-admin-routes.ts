/**
 * Admin API for the weekly magazine (editors and owners): list editions, propose a week's, read
 * one, change a draft (stories in order, cover story and picture, editor's note, cover date) and
 * freeze it for the printer. Thin: schema → one service call → presenter.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { adminRoute, BEARER_SECURITY } from '../api-keys/index.js';
import { errors } from '../http/error-schema.js';
import { presentMagazineEdition } from './magazine-presenter.js';
import { MagazineEditionJson, MagazineListJson, MagazineUpdateBody, NumberParams, ProposeBody } from './magazine-schemas.js';
import type { MagazineService } from './magazine-service.js';

export interface MagazineAdminRouteDeps {
  magazine: Pick<MagazineService, 'list' | 'get' | 'propose' | 'update' | 'freeze'>;
  /** Who acts, as revisions record it (`staff:<id>` or `api-key:<id>`). */
  actorOf(request: FastifyRequest): string;
}

export async function magazineAdminRoutes(scope: FastifyInstance, s: MagazineAdminRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const base = '/api/v1/admin/magazine/editions';
  const one = { 200: MagazineEditionJson, ...errors(400, 401, 403, 404, 409) };

  app.get(
    base,
    {
      config: adminRoute('magazine.read'),
      schema: {
        ...common,
        summary: 'The weekly magazine’s editions, newest first',
        response: { 200: MagazineListJson, ...errors(401, 403) },
      },
    },
    async () => ({ editions: (await s.magazine.list()).map(presentMagazineEdition) }),
  );

  app.post(
    base,
    {
      config: adminRoute('magazine.write'),
      schema: {
        ...common,
        summary: 'Propose the edition of a week from its most-read and front-page stories (201), or answer the one it has (200)',
        body: ProposeBody,
        response: { 200: MagazineEditionJson, 201: MagazineEditionJson, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const made = await s.magazine.propose(request.body.week_of, s.actorOf(request));
      return reply.code(made.created ? 201 : 200).send(presentMagazineEdition(made.edition));
    },
  );

  app.get(
    `${base}/:number`,
    { config: adminRoute('magazine.read'), schema: { ...common, summary: 'One edition', params: NumberParams, response: one } },
    async (request) => presentMagazineEdition(await s.magazine.get(request.params.number)),
  );

  app.patch(
    `${base}/:number`,
    {
      config: adminRoute('magazine.write'),
      schema: {
        ...common,
        summary: 'Change a draft: its stories (the whole list in its new order), cover story and picture, editor’s note, cover date',
        params: NumberParams,
        body: MagazineUpdateBody,
        response: one,
      },
    },
    async (request) => {
      const b = request.body;
      const changes = {
        storyIds: b.stories,
        coverArticleId: b.cover_story,
        coverImageId: b.cover_image,
        editorNote: b.editor_note,
        coverDate: b.cover_date,
      };
      return presentMagazineEdition(await s.magazine.update(request.params.number, changes, s.actorOf(request), b.version));
    },
  );

  app.post(
    `${base}/:number/freeze`,
    {
      config: adminRoute('magazine.write'),
      schema: {
        ...common,
        summary: 'Send the edition to the printer: its content is kept as it is now',
        params: NumberParams,
        response: one,
      },
    },
    async (request) => presentMagazineEdition(await s.magazine.freeze(request.params.number, s.actorOf(request))),
  );
}
