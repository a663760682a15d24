/**
 * Plans on screens (business and owner): /admin/plans lists the catalogue, /admin/plans/new and
 * /admin/plans/:id make and change one with a plain form (303 on success; the form again with
 * each problem at its field, 400, or 409 when the plan service refuses a taken slug or a price
 * change on a plan readers subscribe to: nothing written). The plan service is the Admin API's
 * (src/api/admin-plan-routes.ts), so both keep the same rules; taking a plan off sale is its
 * "On sale" box, as the API's `active`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, BUSINESS, seeOther, sendAdminPage, setAuditTarget, staffOf } from '../admin/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { PlanService } from '../subscriptions/index.js';
import { EMPTY_PLAN_FORM, formField, type PlanForm, parsePlanForm, planFormFrom, planFormOf } from './plan-form.js';
import { PlanEditPage, PlanListPage } from './views/plan-pages.js';

export interface PlanOfficeRouteDeps {
  plans: Pick<PlanService, 'listAll' | 'find' | 'create' | 'update'>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
}

const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const FormBody = Type.Object({
  _csrf: text(200),
  name: text(200),
  slug: text(200),
  description: text(2000),
  price: text(40),
  currency: text(10),
  interval: text(10),
  trialDays: text(10),
  entitlements: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })])),
  position: text(10),
  stripePriceId: text(300),
  active: text(10),
});

export function registerPlanOfficeRoutes(scope: FastifyInstance, deps: PlanOfficeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { plans } = deps;
  const business = { config: adminRoute(BUSINESS) };
  const incomplete: FieldProblem[] = [{ field: 'form', message: 'This form was not complete or too long. Check it and try again.' }];
  const missing = () => new AppError('NOT_FOUND', 404, 'No such plan.');

  async function sendEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string | undefined,
    form: PlanForm | undefined,
    problems: readonly FieldProblem[],
    status = problems.length > 0 ? 400 : 200,
    notice?: string,
  ) {
    const plan = id === undefined ? undefined : await plans.find(id);
    if (id !== undefined && !plan) throw missing();
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <PlanEditPage
        staff={staffOf(request)}
        csrf={csrf}
        plan={plan}
        form={form ?? (plan ? planFormOf(plan) : EMPTY_PLAN_FORM)}
        problems={problems}
        notice={notice}
      />
    );
    return sendAdminPage(reply, page, status);
  }

  app.get('/admin/plans', business, async (request, reply) => {
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(reply, <PlanListPage staff={staffOf(request)} csrf={csrf} plans={await plans.listAll()} />);
  });

  app.get('/admin/plans/new', business, async (request, reply) => sendEditPage(request, reply, undefined, undefined, []));

  app.get('/admin/plans/:id', { ...business, schema: { params: IdParams, querystring: SavedQuery } }, async (request, reply) => {
    const notice = request.query.saved ? 'Saved. The subscribe page shows the change at once.' : undefined;
    return sendEditPage(request, reply, request.params.id, undefined, [], 200, notice);
  });

  /** Saves the form (a new plan without an id); the saved plan's id, or the form with its problems and the status to answer. */
  async function save(request: FastifyRequest & { validationError?: Error | undefined }, id: string | undefined) {
    const form = planFormFrom(request.body);
    if (request.validationError) return { form, problems: incomplete, status: 400 };
    const parsed = parsePlanForm(form);
    if (!parsed.ok) return { form, problems: parsed.problems, status: 400 };
    try {
      const plan = id === undefined ? await plans.create(parsed.input) : await plans.update(id, parsed.input);
      setAuditTarget(request, plan.id);
      return { id: plan.id };
    } catch (err) {
      if (!(err instanceof AppError) || (err.statusCode !== 400 && err.statusCode !== 409)) throw err;
      const fields = err.fields.map((p) => ({ field: formField(p.field), message: p.message }));
      const problems = err.statusCode === 409 ? [{ field: 'form', message: err.message }, ...fields] : fields;
      return { form, problems, status: err.statusCode };
    }
  }

  const post = { ...business, preValidation: deps.csrf.guard, attachValidation: true };

  app.post('/admin/plans', { ...post, schema: { body: FormBody } }, async (request, reply) => {
    const r = await save(request, undefined);
    if ('id' in r) return seeOther(reply, `/admin/plans/${r.id}?saved=1`);
    return sendEditPage(request, reply, undefined, r.form, r.problems, r.status);
  });

  app.post('/admin/plans/:id', { ...post, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const { id } = request.params;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) || !(await plans.find(id))) throw missing();
    const r = await save(request, id);
    if ('id' in r) return seeOther(reply, `/admin/plans/${r.id}?saved=1`);
    return sendEditPage(request, reply, id, r.form, r.problems, r.status);
  });
}
