/**
 * GET /admin/audit: the audit trail for the owner, newest first, filtered by person, action,
 * kind of target and dates (days in the paper's time zone, both ends included);
 * `?before=<cursor>` for older pages, the filters kept in every link.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../http/app-error.js';
import { localMidnight } from '../time/local-time.js';
import { staffOf } from './admin-guard.js';
import { sendAdminPage } from './admin-page.js';
import { adminRoute, OWNER } from './admin-roles.js';
import { AUDIT_TARGET_KINDS, type AuditFilter, type AuditTargetKind } from './audit.js';
import type { AuditService } from './audit-service.js';
import { AuditPage, type AuditQueryValues } from './views/audit-page.js';

export interface AdminAuditRouteDeps {
  audit: Pick<AuditService, 'page' | 'actors'>;
  csrfToken(request: FastifyRequest, reply: FastifyReply): Promise<string>;
  timezone: string;
}

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';
const AuditQuery = Type.Object({
  before: Type.Optional(Type.String({ maxLength: 80, pattern: '^\\d{1,15}_[0-9a-f-]{36}$' })),
  person: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 300 })),
  kind: Type.Optional(Type.Union([Type.Literal(''), ...AUDIT_TARGET_KINDS.map((k) => Type.Literal(k))])),
  from: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: DAY })])),
  to: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: DAY })])),
});

/** The instant a `yyyy-mm-dd` day begins in the paper's time zone, `offset` days later; undefined for no such day. */
export function dayStart(value: string, timeZone: string, offset = 0): Date | undefined {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  const next = new Date(day.getTime() + offset * 86_400_000);
  return localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
}

/** The page's filters as the trail's: a day that is not one is a 400 naming the field. */
export function auditFilterOf(q: AuditQueryValues, timeZone: string): AuditFilter {
  const day = (field: 'from' | 'to', offset: number) => {
    const v = q[field];
    if (!v) return undefined;
    const at = dayStart(v, timeZone, offset);
    if (!at) throw new AppError('BAD_REQUEST', 400, `The "${field === 'from' ? 'From' : 'To'}" date is not a day of the calendar.`);
    return at;
  };
  return {
    actorId: q.person || undefined,
    route: q.action || undefined,
    targetKind: (q.kind || undefined) as AuditTargetKind | undefined,
    from: day('from', 0),
    before: day('to', 1),
  };
}

export function registerAdminAuditRoutes(scope: FastifyInstance, deps: AdminAuditRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin/audit', { config: adminRoute(OWNER), schema: { querystring: AuditQuery } }, async (request, reply) => {
    const { before, ...rest } = request.query;
    const query: AuditQueryValues = {
      person: rest.person ?? '',
      action: rest.action ?? '',
      kind: rest.kind ?? '',
      from: rest.from ?? '',
      to: rest.to ?? '',
    };
    const [{ events, next, total }, people] = await Promise.all([
      deps.audit.page(before, undefined, auditFilterOf(query, deps.timezone)),
      deps.audit.actors(),
    ]);
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
        query={query}
        people={people}
      />,
    );
  });
}
