/**
 * Group licences in the admin (business and owner): /admin/organisations lists them,
 * /admin/organisations/new and /admin/organisations/:id make and change one (a plain form: 303
 * on success, the form again with each problem next to its field on a 400). Thin routes over the
 * organisation service, which checks the licence and announces the change.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, BUSINESS, seeOther, sendAdminPage, setAuditTarget, staffOf } from '../admin/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { Clock } from '../platform.js';
import type { OrganisationInput } from './group-licence.js';
import { MEMBERS_SHOWN, type OrganisationService } from './organisation-service.js';
import { EMPTY_FORM, formOf, OrganisationEditPage, type OrganisationForm, OrganisationListPage } from './views/organisation-admin-views.js';

export interface OrganisationAdminRouteDeps {
  organisations: Pick<OrganisationService, 'list' | 'find' | 'create' | 'update' | 'members'>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: Clock;
  timezone: string;
}

const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const FormBody = Type.Object({
  _csrf: text(200),
  name: text(800),
  ipRanges: text(64_000),
  emailDomains: text(256_000),
  seatLimit: text(40),
  validUntil: text(40),
  contactName: text(800),
  contactEmail: text(1000),
  active: text(10),
});

/** The form as typed, from a body that may not have passed the schema (each field a string or ''). */
function formFrom(raw: unknown): OrganisationForm {
  const field = (name: string, max: number) => {
    const v = raw && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
    return typeof v === 'string' ? v.slice(0, max) : '';
  };
  return {
    name: field('name', 800),
    ipRanges: field('ipRanges', 64_000),
    emailDomains: field('emailDomains', 256_000),
    seatLimit: field('seatLimit', 40),
    validUntil: field('validUntil', 40),
    contactName: field('contactName', 800),
    contactEmail: field('contactEmail', 1000),
    active: field('active', 10) !== '',
  };
}

const lines = (s: string) => s.split(/[\s,]+/).filter((x) => x !== '');

/** The form's words as the service's input: a seat count that is not a number stays one the check refuses. */
export function inputOf(f: OrganisationForm): OrganisationInput {
  const seats = f.seatLimit.trim();
  return {
    name: f.name,
    ipRanges: lines(f.ipRanges),
    emailDomains: lines(f.emailDomains),
    seatLimit: /^\d{1,9}$/.test(seats) ? Number(seats) : Number.NaN,
    validUntil: f.validUntil.trim() === '' ? null : f.validUntil,
    contactName: f.contactName,
    contactEmail: f.contactEmail,
    active: f.active,
  };
}

export function registerOrganisationAdminRoutes(scope: FastifyInstance, deps: OrganisationAdminRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { organisations } = deps;
  const business = { config: adminRoute(BUSINESS) };
  const incomplete: FieldProblem[] = [{ field: 'form', message: 'This form was not complete or too long. Check it and try again.' }];

  /** The form page: a new licence (no id) or one that exists (404 when it does not). */
  async function sendEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string | undefined,
    form: OrganisationForm | undefined,
    problems: FieldProblem[],
    notice?: string,
  ) {
    const o = id === undefined ? undefined : await organisations.find(id);
    if (id !== undefined && !o) throw new AppError('NOT_FOUND', 404, 'No such group licence.');
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <OrganisationEditPage
        staff={staffOf(request)}
        csrf={csrf}
        organisation={o}
        form={form ?? (o ? formOf(o) : EMPTY_FORM)}
        problems={problems}
        members={o ? await organisations.members(o.id) : []}
        membersShown={MEMBERS_SHOWN}
        notice={notice}
        now={deps.clock()}
        timeZone={deps.timezone}
      />
    );
    return sendAdminPage(reply, page, problems.length > 0 ? 400 : 200);
  }

  app.get('/admin/organisations', business, async (request, reply) => {
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <OrganisationListPage
        staff={staffOf(request)}
        csrf={csrf}
        organisations={await organisations.list()}
        now={deps.clock()}
        timeZone={deps.timezone}
      />,
    );
  });

  app.get('/admin/organisations/new', business, async (request, reply) => {
    return sendEditPage(request, reply, undefined, undefined, []);
  });

  app.get('/admin/organisations/:id', { ...business, schema: { params: IdParams, querystring: SavedQuery } }, async (request, reply) => {
    const notice = request.query.saved ? 'Saved. Readers feel the change on their next page.' : undefined;
    return sendEditPage(request, reply, request.params.id, undefined, [], notice);
  });

  const save = async (request: FastifyRequest & { validationError?: Error | undefined }, id: string | undefined) => {
    const form = formFrom(request.body);
    if (request.validationError) return { form, problems: incomplete };
    try {
      const o = id === undefined ? await organisations.create(inputOf(form)) : await organisations.update(id, inputOf(form));
      setAuditTarget(request, o.id);
      return { id: o.id };
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode !== 400) throw err;
      return { form, problems: err.fields };
    }
  };

  app.post(
    '/admin/organisations',
    { ...business, preValidation: deps.csrf.guard, attachValidation: true, schema: { body: FormBody } },
    async (request, reply) => {
      const r = await save(request, undefined);
      if ('id' in r) return seeOther(reply, `/admin/organisations/${r.id}?saved=1`);
      return sendEditPage(request, reply, undefined, r.form, r.problems);
    },
  );

  app.post(
    '/admin/organisations/:id',
    { ...business, preValidation: deps.csrf.guard, attachValidation: true, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      // A bad id in the address is a 404, whatever the form says.
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.params.id) || !(await organisations.find(request.params.id)))
        throw new AppError('NOT_FOUND', 404, 'No such group licence.');
      const r = await save(request, request.params.id);
      if ('id' in r) return seeOther(reply, `/admin/organisations/${r.id}?saved=1`);
      return sendEditPage(request, reply, request.params.id, r.form, r.problems);
    },
  );
}
