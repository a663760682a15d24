/**
 * Admin API for group licences (the business and owner roles): list, read, create, change
 * (PATCH: only the fields sent), deactivate. Each write is one call to the organisation service,
 * which checks the whole licence (a 400 naming each field) and fires the change event that makes
 * every process forget its cached organisations.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Clock } from '../platform.js';
import { licenceInForce, type OrganisationInput, type OrganisationService, type OrganisationSummary } from '../subscriptions/index.js';
import { withBodyFields } from './admin-article-input.js';
import {
  ActiveQuery,
  OrganisationCreateBody,
  OrganisationJson,
  OrganisationListJson,
  OrganisationUpdateBody,
  RecordIdParams,
} from './admin-business-schemas.js';
import { adminRoute, BEARER_SECURITY } from './api-auth.js';
import { errors } from './api-schemas.js';

/** The service's field names as the JSON spells them, for error messages. */
const FIELDS = {
  ipRanges: 'ip_ranges',
  emailDomains: 'email_domains',
  seatLimit: 'seat_limit',
  validUntil: 'valid_until',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
};

export function presentOrganisation(o: OrganisationSummary, now: Date, timeZone: string): Static<typeof OrganisationJson> {
  return {
    id: o.id,
    name: o.name,
    ip_ranges: [...o.ipRanges],
    email_domains: [...o.emailDomains],
    seat_limit: o.seatLimit,
    seats_used: o.seatsUsed,
    valid_until: o.validUntil,
    contact_name: o.contactName,
    contact_email: o.contactEmail,
    active: o.active,
    in_force: licenceInForce(o, now, timeZone),
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
  };
}

/** JSON fields to the service's; absent fields stay absent. */
function changesOf(b: Static<typeof OrganisationUpdateBody>): Partial<OrganisationInput> {
  const out: Partial<OrganisationInput> = {};
  if (b.name !== undefined) out.name = b.name;
  if (b.ip_ranges !== undefined) out.ipRanges = b.ip_ranges;
  if (b.email_domains !== undefined) out.emailDomains = b.email_domains;
  if (b.seat_limit !== undefined) out.seatLimit = b.seat_limit;
  if (b.valid_until !== undefined) out.validUntil = b.valid_until;
  if (b.contact_name !== undefined) out.contactName = b.contact_name;
  if (b.contact_email !== undefined) out.contactEmail = b.contact_email;
  if (b.active !== undefined) out.active = b.active;
  return out;
}

/** What the group-licence routes use. */
export interface AdminOrganisationRouteDeps {
  organisations: Pick<OrganisationService, 'list' | 'get' | 'create' | 'update' | 'deactivate'>;
  clock: Clock;
  config: { timezone: string };
}

export async function registerAdminOrganisationRoutes(scope: FastifyInstance, s: AdminOrganisationRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const base = '/api/v1/admin/organisations';
  const present = (o: OrganisationSummary) => presentOrganisation(o, s.clock(), s.config.timezone);

  app.get(
    base,
    {
      config: adminRoute('organisations.read'),
      schema: {
        ...common,
        summary: 'List group licences, by name, with seats used',
        querystring: ActiveQuery,
        response: { 200: OrganisationListJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { active } = request.query;
      const all = await s.organisations.list();
      return { organisations: all.filter((o) => active === undefined || o.active === active).map(present) };
    },
  );

  app.get(
    `${base}/:id`,
    {
      config: adminRoute('organisations.read'),
      schema: {
        ...common,
        summary: 'A group licence',
        params: RecordIdParams,
        response: { 200: OrganisationJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => present(await s.organisations.get(request.params.id)),
  );

  app.post(
    base,
    {
      config: adminRoute('organisations.write'),
      schema: {
        ...common,
        summary: 'Create a group licence',
        body: OrganisationCreateBody,
        response: { 201: OrganisationJson, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input: OrganisationInput = {
        name: b.name,
        ipRanges: b.ip_ranges ?? [],
        emailDomains: b.email_domains ?? [],
        seatLimit: b.seat_limit,
        validUntil: b.valid_until ?? null,
        contactName: b.contact_name ?? '',
        contactEmail: b.contact_email ?? '',
        active: b.active ?? true,
      };
      const o = await withBodyFields(() => s.organisations.create(input), FIELDS);
      return reply.code(201).send(present(o));
    },
  );

  app.patch(
    `${base}/:id`,
    {
      config: adminRoute('organisations.write'),
      schema: {
        ...common,
        summary: 'Change a group licence',
        params: RecordIdParams,
        body: OrganisationUpdateBody,
        response: { 200: OrganisationJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => present(await withBodyFields(() => s.organisations.update(request.params.id, changesOf(request.body)), FIELDS)),
  );

  app.post(
    `${base}/:id/deactivate`,
    {
      config: adminRoute('organisations.write'),
      schema: {
        ...common,
        summary: 'End a group licence now (it grants nothing; members keep their rows)',
        params: RecordIdParams,
        response: { 200: OrganisationJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => present(await s.organisations.deactivate(request.params.id)),
  );
}
