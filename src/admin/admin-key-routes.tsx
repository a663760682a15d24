/**
 * Each staff member's own API keys: GET /admin/keys, POST /admin/keys (make one: the page
 * that answers shows its secret, once, and is stored by no cache), POST /admin/keys/:id/revoke
 * (only one's own). A key made here has the member's role and names them (`staffId`), so what
 * it saves and the audit trail name the person; a change of role carries over to it, and
 * disabling the member revokes it.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { formProblems, staffActor, stringField } from '../accounts/index.js';
import type { ApiKey, ApiKeyService } from '../api-keys/index.js';
import type { FieldProblem } from '../http/app-error.js';
import { staffOf } from './admin-guard.js';
import { seeOther, sendAdminPage } from './admin-page.js';
import { ALL_STAFF, adminRoute } from './admin-roles.js';
import { KeysPage } from './views/keys-page.js';

export interface AdminKeyRouteDeps {
  apiKeys: Pick<ApiKeyService, 'createKey' | 'listOfStaff' | 'revokeOwn'>;
  csrfToken(request: FastifyRequest, reply: FastifyReply): Promise<string>;
  timezone: string;
}

const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const NewKeyBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), _csrf: Csrf });
const CsrfBody = Type.Object({ _csrf: Csrf });
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-fA-F-]{32,36}$' }) });
const KeysQuery = Type.Object({ done: Type.Optional(Type.Literal('revoked')) });

export function registerAdminKeyRoutes(scope: FastifyInstance, deps: AdminKeyRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const config = adminRoute(ALL_STAFF);

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    p: { notice?: string; problems?: FieldProblem[]; name?: string; created?: { key: ApiKey; secret: string } },
    status = 200,
  ) {
    const me = staffOf(request);
    const props = { me, csrf: await deps.csrfToken(request, reply), keys: await deps.apiKeys.listOfStaff(me.id), timeZone: deps.timezone };
    return sendAdminPage(reply, <KeysPage {...props} {...p} />, status);
  }

  app.get('/admin/keys', { config, schema: { querystring: KeysQuery }, attachValidation: true }, async (request, reply) =>
    page(request, reply, { ...(request.query.done === 'revoked' ? { notice: 'Key revoked: it no longer works.' } : {}) }),
  );

  app.post('/admin/keys', { config, schema: { body: NewKeyBody }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) {
      const problems = formProblems(request, { name: 'Give the key a name (at most 100 characters).' });
      return page(request, reply, { problems, name: stringField(request.body, 'name', 100) }, 400);
    }
    const me = staffOf(request);
    const created = await deps.apiKeys.createKey({
      name: request.body.name,
      kind: 'admin',
      role: me.role,
      staffId: me.id,
      createdBy: staffActor(me.id),
    });
    return page(request, reply, { created, notice: 'Key made.' }, 201);
  });

  app.post('/admin/keys/:id/revoke', { config, schema: { params: IdParams, body: CsrfBody } }, async (request, reply) => {
    await deps.apiKeys.revokeOwn(staffOf(request).id, request.params.id);
    return seeOther(reply, '/admin/keys?done=revoked');
  });
}
