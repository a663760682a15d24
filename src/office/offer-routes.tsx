/**
 * Offers on screens (business and owner): /admin/offers lists them, /admin/offers/new makes one
 * (303 to its page; the form again with each problem at its field, 400, or 409 for a code
 * taken: nothing written), /admin/offers/:id shows it and changes only its availability (on or
 * off, last day), as the Admin API does (src/api/admin-offer-routes.ts): the same offer service,
 * so an offer's terms never change once made.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, BUSINESS, seeOther, sendAdminPage, setAuditTarget, staffOf } from '../admin/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { Clock } from '../platform.js';
import type { OfferRecord, Plan, SubscriptionService } from '../subscriptions/index.js';
import {
  EMPTY_OFFER_FORM,
  type OfferForm,
  offerFormField,
  offerFormFrom,
  offerFormOf,
  parseAvailability,
  parseOfferForm,
} from './offer-form.js';
import { OfferListPage, OfferNewPage, OfferPage } from './views/offer-pages.js';

export interface OfferOfficeRouteDeps {
  offers: Pick<SubscriptionService['offers'], 'list' | 'get' | 'create' | 'setAvailability'>;
  allPlans(): Promise<Plan[]>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: Clock;
  timezone: string;
  publicUrl: string;
}

const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const FormBody = Type.Object({
  _csrf: text(200),
  code: text(100),
  kind: text(10),
  value: text(20),
  months: text(10),
  planId: text(100),
  lastDay: text(20),
  active: text(10),
});

export function registerOfferOfficeRoutes(scope: FastifyInstance, deps: OfferOfficeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { offers } = deps;
  const tz = deps.timezone;
  const business = { config: adminRoute(BUSINESS) };
  const incomplete: FieldProblem[] = [{ field: 'form', message: 'This form was not complete or too long. Check it and try again.' }];
  const post = { ...business, preValidation: deps.csrf.guard, attachValidation: true };

  /** The offer, or the 404 page (a bad id included). */
  async function offerOf(id: string): Promise<OfferRecord> {
    try {
      return await offers.get(id);
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 404) throw new AppError('NOT_FOUND', 404, 'No such offer.');
      throw err;
    }
  }

  async function sendNewPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: OfferForm,
    problems: readonly FieldProblem[],
    status = 200,
  ) {
    const csrf = await deps.csrf.token(request, reply);
    const plans = await deps.allPlans();
    return sendAdminPage(
      reply,
      <OfferNewPage staff={staffOf(request)} csrf={csrf} form={form} problems={problems} plans={plans} timeZone={tz} />,
      status,
    );
  }

  async function sendOfferPage(
    request: FastifyRequest,
    reply: FastifyReply,
    offer: OfferRecord,
    form: OfferForm | undefined,
    problems: readonly FieldProblem[],
    notice?: string,
  ) {
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <OfferPage
        staff={staffOf(request)}
        csrf={csrf}
        offer={offer}
        form={form ?? offerFormOf(offer, tz)}
        problems={problems}
        plans={await deps.allPlans()}
        link={`${deps.publicUrl}/subscribe/offer/${encodeURIComponent(offer.code)}`}
        now={deps.clock()}
        timeZone={tz}
        notice={notice}
      />
    );
    return sendAdminPage(reply, page, problems.length > 0 ? 400 : 200);
  }

  app.get('/admin/offers', business, async (request, reply) => {
    const csrf = await deps.csrf.token(request, reply);
    const [list, plans] = await Promise.all([offers.list(), deps.allPlans()]);
    return sendAdminPage(
      reply,
      <OfferListPage staff={staffOf(request)} csrf={csrf} offers={list} plans={plans} now={deps.clock()} timeZone={tz} />,
    );
  });

  app.get('/admin/offers/new', business, async (request, reply) => sendNewPage(request, reply, EMPTY_OFFER_FORM, []));

  app.get('/admin/offers/:id', { ...business, schema: { params: IdParams, querystring: SavedQuery } }, async (request, reply) => {
    const notice = request.query.saved ? 'Saved.' : undefined;
    return sendOfferPage(request, reply, await offerOf(request.params.id), undefined, [], notice);
  });

  app.post('/admin/offers', { ...post, schema: { body: FormBody } }, async (request, reply) => {
    const form = offerFormFrom(request.body);
    if (request.validationError) return sendNewPage(request, reply, form, incomplete, 400);
    const parsed = parseOfferForm(form, tz);
    if (!parsed.ok) return sendNewPage(request, reply, form, parsed.problems, 400);
    try {
      const offer = await offers.create(parsed.input);
      setAuditTarget(request, offer.id);
      return seeOther(reply, `/admin/offers/${offer.id}?saved=1`);
    } catch (err) {
      if (!(err instanceof AppError) || (err.statusCode !== 400 && err.statusCode !== 409)) throw err;
      const problems = err.fields.map((p) => ({ field: offerFormField(p.field), message: p.message }));
      return sendNewPage(request, reply, form, problems, err.statusCode);
    }
  });

  app.post('/admin/offers/:id', { ...post, schema: { params: IdParams, body: FormBody } }, async (request, reply) => {
    const offer = await offerOf(request.params.id);
    const form = { ...offerFormOf(offer, tz), ...pick(offerFormFrom(request.body)) };
    if (request.validationError) return sendOfferPage(request, reply, offer, form, incomplete);
    const parsed = parseAvailability(form, tz);
    if (!parsed.ok) return sendOfferPage(request, reply, offer, form, parsed.problems);
    await offers.setAvailability(offer.id, { active: parsed.active, expiresAt: parsed.expiresAt });
    setAuditTarget(request, offer.id);
    return seeOther(reply, `/admin/offers/${offer.id}?saved=1`);
  });
}

/** The availability form's fields only: the terms are not the form's to change. */
const pick = (f: OfferForm) => ({ active: f.active, lastDay: f.lastDay });
