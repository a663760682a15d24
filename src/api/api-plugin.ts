/**
 * The JSON APIs: the Content API (/api/v1), the Admin API (/api/v1/admin) and their OpenAPI
 * document (/api/openapi.json), all in one encapsulated scope. @fastify/swagger is registered
 * inside that scope, so it sees these routes and none of the HTML site's, and builds the
 * document from the same schemas Fastify validates and serializes with.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { type AdminApiDeps, registerAdminApiRoutes } from './admin-api-routes.js';
import { apiValidatorCompiler } from './api-validation.js';
import { type ContentApiRouteDeps, registerContentApiRoutes } from './content-api-routes.js';

/** Everything the JSON APIs use: the Content API's deps and the Admin API's (the app's services have them all). */
export type ApiDeps = ContentApiRouteDeps & AdminApiDeps;

export async function registerApi(app: FastifyInstance, s: ApiDeps): Promise<void> {
  await app.register(async (api) => {
    api.setValidatorCompiler(apiValidatorCompiler);
    await api.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Masthead API',
          version: '1',
          description:
            "Content API: published articles, sections, authors and tags, public JSON. Admin API: the newsroom's writes, with an admin API key (`masthead api-key create`).",
        },
        servers: [{ url: s.config.publicUrl }],
        tags: [
          { name: 'content', description: 'Published content; an API key is optional' },
          { name: 'admin', description: 'Newsroom operations; an admin API key is required' },
        ],
        components: {
          securitySchemes: {
            apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, `mh_…`, sent as `Authorization: Bearer <key>`' },
          },
        },
      },
      // Belt and braces: only /api/v1 routes belong in the document.
      transform: ({ schema, url }) => ({ schema: url.startsWith('/api/v1/') ? schema : { ...schema, hide: true }, url }),
    });

    await api.register(async (content) => registerContentApiRoutes(content, s));
    await api.register(async (admin) => registerAdminApiRoutes(admin, s));

    api.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return api.swagger();
    });
  });
}
