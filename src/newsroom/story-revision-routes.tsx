/**
 * A story's revisions: `GET /admin/stories/:id/revisions` lists every saved version by name and
 * time, and compares two (`?from=&to=`, the data the articles feature's diff returns, rendered
 * with <ins>/<del> and words, never colour alone); `POST …/revisions/:version/restore` saves an
 * earlier version again as the newest (a new revision; nothing is lost).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { StaffRole } from '../accounts/index.js';
import { staffOf } from '../admin/index.js';
import { mayEdit, STORY_ROLES } from './desk-rules.js';
import { type NewsroomRouteDeps, sendDeskPage } from './newsroom-route-deps.js';
import { RevisionsView } from './views/revisions-view.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CompareQuery = Type.Object({
  from: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  to: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
});

export function registerStoryRevisionRoutes(scope: FastifyInstance, deps: NewsroomRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const roles = { adminRoles: STORY_ROLES as readonly StaffRole[] };

  app.get(
    '/admin/stories/:id/revisions',
    { config: roles, schema: { params: IdParams, querystring: CompareQuery } },
    async (request, reply) => {
      const staff = staffOf(request);
      const { article, createdBy } = await deps.newsroom.open(staff, request.params.id);
      const revisions = await deps.newsroom.namedRevisions(article.id);
      const to = request.query.to ?? article.version;
      const from = request.query.from ?? Math.max(1, to - 1);
      return sendDeskPage(deps, request, reply, {
        title: `Revisions: ${article.headline}`,
        staff,
        body: (
          <RevisionsView
            id={article.id}
            headline={article.headline}
            currentVersion={article.version}
            revisions={revisions}
            timeZone={deps.config.timezone}
            csrf={await deps.csrf.token(request, reply)}
            mayRestore={mayEdit(staff, { status: article.status, createdBy })}
            from={from}
            to={to}
          />
        ),
      });
    },
  );
}
