/** GET /admin/audit: the audit trail for the owner, newest first, `?before=<cursor>` for older pages. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { staffOf } from './admin-guard.js';
import { sendAdminPage } from './admin-page.js';
import { adminRoute, OWNER } from './admin-roles.js';
import type { AuditService } from './audit-service.js';
import { AuditPage } from './views/audit-page.js';

export interface AdminAuditRouteDeps {
  audit: Pick<AuditService, 'page'>;
  csrfToken(request: FastifyRequest, reply: FastifyReply): Promise<string>;
  timezone: string;
}

const AuditQuery = Type.Object({ before: Type.Optional(Type.String({ maxLength: 80, pattern: '^\\d{1,15}_[0-9a-f-]{36}$' })) });

export function registerAdminAuditRoutes(scope: FastifyInstance, deps: AdminAuditRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin/audit', { config: adminRoute(OWNER), schema: { querystring: AuditQuery } }, async (request, reply) => {
    const { before } = request.query;
    const { events, next, total } = await deps.audit.page(before);
    const csrf = await deps.csrfToken(request, reply);
    return sendAdminPage(
      reply,
      <AuditPage
        me={staffOf(request)}
        csrf={csrf}
        events={events}
        total={total}
        timeZone={deps.timezone}
        next={next}
        paged={before !== undefined}
      />,
    );
  });
}
