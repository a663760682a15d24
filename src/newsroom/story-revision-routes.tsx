/**
 * A story's revisions: `GET /admin/stories/:id/revisions` lists every saved version by name and
 * time, and compares two (`?from=&to=`, the data the articles feature's diff returns, rendered
 * with <ins>/<del> and words, never colour alone); `POST …/revisions/:version/restore` saves an
 * earlier version again as the newest (a new revision; nothing is lost).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StaffRole } from '../accounts/index.js';
import { staffOf } from '../admin/index.js';
import { mayEdit, STORY_ROLES } from './desk-rules.js';
import { type NewsroomRouteDeps, seeOther, sendDeskPage } from './newsroom-route-deps.js';
import { DiffView } from './views/diff-view.js';
import { RevisionsView } from './views/revisions-view.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RestoreParams = Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
const RestoreBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  version: Type.String({ pattern: '^[0-9]{1,9}$' }),
});
const CompareQuery = Type.Object({
  from: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  to: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
});

export function registerStoryRevisionRoutes(scope: FastifyInstance, deps: NewsroomRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const roles = { adminRoles: STORY_ROLES as readonly StaffRole[] };

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    q: { from?: number | undefined; to?: number | undefined },
    status = 200,
    notice?: string,
  ) {
    const staff = staffOf(request);
    const { article, createdBy } = await deps.newsroom.open(staff, id);
    const revisions = await deps.newsroom.namedRevisions(article.id);
    const to = q.to ?? article.version;
    const from = q.from ?? Math.max(1, to - 1);
    const diff =
      from !== to && revisions.some((r) => r.version === from) && revisions.some((r) => r.version === to)
        ? await deps.newsroom.diff(staff, id, from, to)
        : undefined;
    return sendDeskPage(deps, request, reply, {
      title: `Revisions: ${article.headline}`,
      staff,
      status,
      notice,
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
        >
          {diff ? <DiffView diff={diff} /> : null}
        </RevisionsView>
      ),
    });
  }

  app.get('/admin/stories/:id/revisions', { config: roles, schema: { params: IdParams, querystring: CompareQuery } }, (request, reply) =>
    page(request, reply, request.params.id, request.query),
  );

  app.post(
    '/admin/stories/:id/revisions/:version/restore',
    { config: roles, schema: { params: RestoreParams, body: RestoreBody }, preValidation: deps.csrf.guard },
    async (request, reply) => {
      const { id, version } = request.params;
      const outcome = await deps.newsroom.restore(
        staffOf(request),
        id,
        version,
        Number(request.body.version),
        await deps.auditWithin(request),
      );
      if (outcome.kind === 'saved') return seeOther(reply, `/admin/stories/${id}?done=restore`);
      if (outcome.kind === 'conflict')
        return page(
          request,
          reply,
          id,
          {},
          409,
          `${outcome.savedBy} saved this story meanwhile: nothing was restored. Look again, then restore.`,
        );
      return page(
        request,
        reply,
        id,
        {},
        400,
        `Version ${version} cannot be restored as it is: ${outcome.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`,
      );
    },
  );
}
