/**
 * Previews: `GET /admin/stories/:id/preview` (staff; `?as=walled` as a reader whose meter is
 * spent), signed preview links (`POST …/preview-link` makes one, `…/preview-link/revoke` stops
 * them all) and `GET /preview/<token>`, which works without an account. Every preview is the
 * site's real article page, marked noindex (header and meta) and never cached: not in the page
 * cache, not by the browser, not by a proxy.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { StaffRole } from '../accounts/index.js';
import { staffOf } from '../admin/index.js';
import { AppError } from '../http/app-error.js';
import { STORY_ROLES } from './desk-rules.js';
import { type NewsroomRouteDeps, seeOther } from './newsroom-route-deps.js';
import { PREVIEW_LINK_DAYS } from './preview-token.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const PreviewQuery = Type.Object({ as: Type.Optional(Type.Union([Type.Literal('reader'), Type.Literal('walled')])) });
const LinkBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  days: Type.Optional(Type.Union(PREVIEW_LINK_DAYS.map((d) => Type.Literal(String(d))))),
  pin: Type.Optional(Type.Literal('yes')),
});
const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 100 })) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 300, pattern: '^[A-Za-z0-9_.-]+$' }) });

/** The headers every preview carries (RFC 9111 §5.2.2.5 no-store; Google's X-Robots-Tag). */
function sendPreview(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .header('cache-control', 'private, no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

const REFUSED: Record<string, string> = {
  expired: 'This preview link has expired. Ask the editor for a new one.',
  'version-changed': 'This preview link was for an earlier version of the story. Ask the editor for a new one.',
};

export function registerStoryPreviewRoutes(scope: FastifyInstance, deps: NewsroomRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const roles = { adminRoles: STORY_ROLES as readonly StaffRole[] };

  app.get(
    '/admin/stories/:id/preview',
    { config: roles, schema: { params: IdParams, querystring: PreviewQuery } },
    async (request, reply) => {
      const { article } = await deps.newsroom.open(staffOf(request), request.params.id);
      return sendPreview(reply, await deps.previewPage(article, { walled: request.query.as === 'walled' }));
    },
  );

  app.post(
    '/admin/stories/:id/preview-link',
    { config: roles, schema: { params: IdParams, body: LinkBody }, preValidation: deps.csrf.guard },
    async (request, reply) => {
      const id = request.params.id;
      const { token } = await deps.newsroom.previewToken(staffOf(request), id, Number(request.body.days ?? 7), request.body.pin === 'yes');
      return seeOther(reply, `/admin/stories/${id}?previewLink=${encodeURIComponent(token)}#preview-link`);
    },
  );

  app.post(
    '/admin/stories/:id/preview-link/revoke',
    { config: roles, schema: { params: IdParams, body: CsrfOnly }, preValidation: deps.csrf.guard },
    async (request, reply) => {
      await deps.newsroom.revokePreviews(staffOf(request), request.params.id);
      return seeOther(reply, `/admin/stories/${request.params.id}?done=preview-revoked`);
    },
  );

  // Outside /admin: the link is for people without an account. The token is the permission.
  app.get('/preview/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex, nofollow');
    const opened = await deps.newsroom.openPreview(request.params.token);
    if (!opened.check.ok || !opened.article) {
      const reason = opened.check.ok ? 'revoked' : opened.check.reason;
      if (reason === 'malformed') throw new AppError('NOT_FOUND', 404, 'No such preview.');
      // A real link that no longer opens the story: say why (the error page shows a 403's message).
      throw new AppError('FORBIDDEN', 403, REFUSED[reason] ?? 'This preview link has been revoked. Ask the editor for a new one.');
    }
    return sendPreview(reply, await deps.previewPage(opened.article, { walled: false }));
  });
}
