/**
 * Admin API for the plan catalogue (the business role): list, create, change (PATCH: only the
 * fields sent). Each write is one call to the plan service, which runs it in a transaction. Once a
 * plan has subscribers its price, currency, interval and Stripe price are fixed: a change to them
 * is 409 PLAN_HAS_SUBSCRIBERS naming the fields (make a new plan, deactivate the old).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { slugify } from '../http/slug.js';
import type { Plan, PlanInput, PlanService } from '../subscriptions/index.js';
import { withBodyFields } from './admin-article-input.js';
import { ActiveQuery, PlanCreateBody, PlanJson, PlanListJson, PlanUpdateBody, RecordIdParams } from './admin-business-schemas.js';
import { adminRoute, BEARER_SECURITY } from './api-auth.js';
import { errors } from './api-schemas.js';

/** The service's field names as the JSON spells them, for error messages. */
const PLAN_FIELDS = { priceCents: 'price_cents', trialDays: 'trial_days', stripePriceId: 'stripe_price_id' };

export function presentPlan(p: Plan): Static<typeof PlanJson> {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    price_cents: p.priceCents,
    currency: p.currency,
    interval: p.interval,
    trial_days: p.trialDays,
    entitlements: [...p.entitlements],
    active: p.active,
    position: p.position,
    stripe_price_id: p.stripePriceId,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** "Digital Plus", month: "digital-plus-monthly" (at most 60 characters, as plan slugs are). */
function defaultSlug(name: string, interval: 'month' | 'year'): string {
  const base = slugify(name).slice(0, 51).replace(/-+$/, '') || 'plan';
  return `${base}-${interval === 'month' ? 'monthly' : 'yearly'}`;
}

/** JSON fields to the service's; absent fields stay absent. */
function planChanges(b: Static<typeof PlanUpdateBody>): Partial<PlanInput> {
  const out: Partial<PlanInput> = {};
  if (b.slug !== undefined) out.slug = b.slug;
  if (b.name !== undefined) out.name = b.name;
  if (b.description !== undefined) out.description = b.description;
  if (b.price_cents !== undefined) out.priceCents = b.price_cents;
  if (b.currency !== undefined) out.currency = b.currency;
  if (b.interval !== undefined) out.interval = b.interval;
  if (b.trial_days !== undefined) out.trialDays = b.trial_days;
  if (b.entitlements !== undefined) out.entitlements = b.entitlements;
  if (b.active !== undefined) out.active = b.active;
  if (b.position !== undefined) out.position = b.position;
  if (b.stripe_price_id !== undefined) out.stripePriceId = b.stripe_price_id;
  return out;
}

/** What the plan routes use: the plan catalogue. */
export interface AdminPlanRouteDeps {
  plans: Pick<PlanService, 'listAll' | 'create' | 'patch'>;
}

export async function registerAdminPlanRoutes(scope: FastifyInstance, s: AdminPlanRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const plans = '/api/v1/admin/plans';

  app.get(
    plans,
    {
      config: adminRoute('plans.read'),
      schema: {
        ...common,
        summary: 'List plans, in catalogue order',
        querystring: ActiveQuery,
        response: { 200: PlanListJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { active } = request.query;
      const all = await s.plans.listAll();
      return { plans: all.filter((p) => active === undefined || p.active === active).map(presentPlan) };
    },
  );

  app.post(
    plans,
    {
      config: adminRoute('plans.write'),
      schema: { ...common, summary: 'Create a plan', body: PlanCreateBody, response: { 201: PlanJson, ...errors(400, 401, 403, 409) } },
    },
    async (request, reply) => {
      const b = request.body;
      const input: PlanInput = {
        slug: b.slug ?? defaultSlug(b.name, b.interval),
        name: b.name,
        description: b.description ?? '',
        priceCents: b.price_cents,
        currency: b.currency,
        interval: b.interval,
        trialDays: b.trial_days ?? 0,
        entitlements: b.entitlements,
        active: b.active ?? true,
        position: b.position ?? 0,
        stripePriceId: b.stripe_price_id ?? null,
      };
      const plan = await withBodyFields(() => s.plans.create(input), PLAN_FIELDS);
      return reply.code(201).send(presentPlan(plan));
    },
  );

  app.patch(
    `${plans}/:id`,
    {
      config: adminRoute('plans.write'),
      schema: {
        ...common,
        summary: 'Change a plan',
        params: RecordIdParams,
        body: PlanUpdateBody,
        response: { 200: PlanJson, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentPlan(await withBodyFields(() => s.plans.patch(request.params.id, planChanges(request.body)), PLAN_FIELDS)),
  );
}
