/**
 * Admin API for offers (the business role): list, create, and change availability (deactivate,
 * or move the expiry). An offer's terms never change once made (src/subscriptions/offer.ts):
 * readers may have seen them, and Stripe's coupon for it is made once.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { type FieldProblem, invalid } from '../http/app-error.js';
import type { OfferRecord, SubscriptionService } from '../subscriptions/index.js';
import { parseApiDate, withBodyFields } from './admin-article-input.js';
import { ActiveQuery, OfferCreateBody, OfferJson, OfferListJson, OfferUpdateBody, RecordIdParams } from './admin-business-schemas.js';
import { adminRoute, BEARER_SECURITY } from './api-auth.js';
import { errors } from './api-schemas.js';

const OFFER_FIELDS = { planId: 'plan_id', expiresAt: 'expires_at' };

export function presentOffer(o: OfferRecord, publicUrl: string): Static<typeof OfferJson> {
  return {
    id: o.id,
    code: o.code,
    kind: o.kind,
    value: o.value,
    months: o.months,
    plan_id: o.planId,
    active: o.active,
    expires_at: o.expiresAt ? o.expiresAt.toISOString() : null,
    created_at: o.createdAt.toISOString(),
    link: `${publicUrl}/subscribe/offer/${encodeURIComponent(o.code)}`,
  };
}

/** An `expires_at` as sent: absent, null (no expiry) or a date we can store (else a 400 naming it). */
function expiry(value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const problems: FieldProblem[] = [];
  const d = parseApiDate(value, 'body.expires_at', problems);
  if (problems.length > 0) throw invalid(problems);
  return d;
}

/** What the offer routes use: the subscriptions feature's offers, and the public URL an offer's link starts with. */
export interface AdminOfferRouteDeps {
  config: { publicUrl: string };
  subscriptions: { offers: Pick<SubscriptionService['offers'], 'list' | 'create' | 'setAvailability'> };
}

export async function registerAdminOfferRoutes(scope: FastifyInstance, s: AdminOfferRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const offers = '/api/v1/admin/offers';
  const json = (o: OfferRecord) => presentOffer(o, s.config.publicUrl);

  app.get(
    offers,
    {
      config: adminRoute('offers.read'),
      schema: {
        ...common,
        summary: 'List offers, newest first',
        querystring: ActiveQuery,
        response: { 200: OfferListJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { active } = request.query;
      const all = await s.subscriptions.offers.list({ activeOnly: active === true });
      return { offers: all.filter((o) => active === undefined || o.active === active).map(json) };
    },
  );

  app.post(
    offers,
    {
      config: adminRoute('offers.write'),
      schema: {
        ...common,
        summary: 'Create an offer: a percentage or an amount off for the first N months, by code or link',
        body: OfferCreateBody,
        response: { 201: OfferJson, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const offer = await withBodyFields(
        () =>
          s.subscriptions.offers.create({
            code: b.code,
            kind: b.kind,
            value: b.value,
            months: b.months,
            planId: b.plan_id ?? null,
            active: b.active ?? true,
            expiresAt: expiry(b.expires_at) ?? null,
          }),
        OFFER_FIELDS,
      );
      return reply.code(201).send(json(offer));
    },
  );

  app.patch(
    `${offers}/:id`,
    {
      config: adminRoute('offers.write'),
      schema: {
        ...common,
        summary: 'Deactivate or reactivate an offer, or move its expiry',
        params: RecordIdParams,
        body: OfferUpdateBody,
        response: { 200: OfferJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { active, expires_at: expiresAt } = request.body;
      return json(await s.subscriptions.offers.setAvailability(request.params.id, { active, expiresAt: expiry(expiresAt) }));
    },
  );
}
