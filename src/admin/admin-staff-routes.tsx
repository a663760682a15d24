/**
 * The owner's staff pages: GET /admin/staff, POST /admin/staff (invite), and per member
 * POST …/role, …/disable, …/enable, …/invite (a new invitation). Each POST answers 303 back
 * to the list with what happened; a form with problems comes back with them (400), a refused
 * change (the last owner) with the reason (409).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { formProblems, STAFF_ROLES, type StaffManagement, stringField } from '../accounts/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import { staffOf } from './admin-guard.js';
import { seeOther, sendAdminPage } from './admin-page.js';
import { adminRoute, OWNER } from './admin-roles.js';
import { STAFF_NOTICES, type StaffNotice, StaffPage } from './views/staff-page.js';

export interface AdminStaffRouteDeps {
  staff: Pick<StaffManagement, 'list' | 'invite' | 'resendInvitation' | 'changeRole' | 'disable' | 'enable'>;
  csrfToken(request: FastifyRequest, reply: FastifyReply): Promise<string>;
  timezone: string;
}

const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const Role = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)));
const InviteBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }),
  role: Role,
  _csrf: Csrf,
});
const RoleBody = Type.Object({ role: Role, _csrf: Csrf });
const CsrfBody = Type.Object({ _csrf: Csrf });
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }) });
const StaffQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

const MESSAGES = {
  name: 'Enter their name (at most 100 characters).',
  email: 'Enter their email address, like name@example.com.',
  role: `Choose a role: ${STAFF_ROLES.join(', ')}.`,
};

function isNotice(value: string | undefined): value is StaffNotice {
  return value !== undefined && Object.hasOwn(STAFF_NOTICES, value);
}

export function registerAdminStaffRoutes(scope: FastifyInstance, deps: AdminStaffRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const config = adminRoute(OWNER);

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    p: { notice?: StaffNotice | undefined; problems?: FieldProblem[]; invite?: { name: string; email: string; role: string } },
    status = 200,
  ) {
    const props = {
      me: staffOf(request),
      csrf: await deps.csrfToken(request, reply),
      staff: await deps.staff.list(),
      timeZone: deps.timezone,
    };
    return sendAdminPage(reply, <StaffPage {...props} {...p} />, status);
  }

  /** Runs a change; a refusal (409, 404) comes back as the list with the reason. */
  async function act(request: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>, done: StaffNotice) {
    try {
      await run();
    } catch (err) {
      if (err instanceof AppError && err.statusCode < 500) {
        return page(request, reply, { problems: [{ field: 'form', message: err.message }] }, err.statusCode);
      }
      throw err;
    }
    return seeOther(reply, `/admin/staff?done=${done}`);
  }

  app.get('/admin/staff', { config, schema: { querystring: StaffQuery } }, async (request, reply) =>
    page(request, reply, { notice: isNotice(request.query.done) ? request.query.done : undefined }),
  );

  app.post('/admin/staff', { config, schema: { body: InviteBody }, attachValidation: true }, async (request, reply) => {
    const invite = {
      name: stringField(request.body, 'name', 100),
      email: stringField(request.body, 'email'),
      role: stringField(request.body, 'role', 20),
    };
    if (request.validationError) return page(request, reply, { problems: formProblems(request, MESSAGES), invite }, 400);
    const { name, email, role } = request.body;
    try {
      await deps.staff.invite({ name, email, role }, staffOf(request));
    } catch (err) {
      if (err instanceof AppError && err.code === 'STAFF_EXISTS') {
        return page(request, reply, { problems: [{ field: 'email', message: err.message }], invite }, 409);
      }
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED') return page(request, reply, { problems: err.fields, invite }, 400);
      throw err;
    }
    return seeOther(reply, '/admin/staff?done=invited');
  });

  app.post(
    '/admin/staff/:id/role',
    { config, schema: { params: IdParams, body: RoleBody }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) return page(request, reply, { problems: [{ field: 'form', message: MESSAGES.role }] }, 400);
      const { id } = request.params;
      return act(request, reply, () => deps.staff.changeRole(id, request.body.role, staffOf(request)), 'role');
    },
  );

  for (const [action, done] of [
    ['disable', 'disabled'],
    ['enable', 'enabled'],
    ['invite', 'resent'],
  ] as const) {
    app.post(`/admin/staff/:id/${action}`, { config, schema: { params: IdParams, body: CsrfBody } }, async (request, reply) => {
      const { id } = request.params;
      const me = staffOf(request);
      const run =
        action === 'disable'
          ? () => deps.staff.disable(id, me)
          : action === 'enable'
            ? () => deps.staff.enable(id, me)
            : () => deps.staff.resendInvitation(id, me);
      return act(request, reply, run, done);
    });
  }
}
