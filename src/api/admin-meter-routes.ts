/**
 * Admin API for the meter (business role): read and replace the meter's policy and the
 * paywall's words. A change applies at once here and, through the content-change event, in every
 * process; the page caches empty with it. The routes live with the Admin API (its key check, its
 * error schemas); the meter's settings service does the work.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MeterPolicySchema, type MeterSettings, PaywallCopySchema } from '../meter/index.js';
import type { Clock } from '../platform.js';
import { adminRoute, BEARER_SECURITY } from './api-auth.js';
import { errors } from './api-schemas.js';

const MeterJson = Type.Object({ policy: MeterPolicySchema, paywall: PaywallCopySchema });

/** What the meter's admin routes use: the meter's settings and the clock. */
export interface MeterAdminRouteDeps {
  meterSettings: Pick<MeterSettings, 'policy' | 'copy' | 'savePolicy' | 'saveCopy'>;
  clock: Clock;
}

export async function meterAdminRoutes(scope: FastifyInstance, s: MeterAdminRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const current = async () => ({ policy: s.meterSettings.policy(), paywall: await s.meterSettings.copy() });

  app.get(
    '/api/v1/admin/meter',
    {
      config: adminRoute('meter.read'),
      schema: { ...common, summary: 'The meter policy and the paywall copy', response: { 200: MeterJson, ...errors(401, 403) } },
    },
    async () => current(),
  );

  app.put(
    '/api/v1/admin/meter/policy',
    {
      config: adminRoute('meter.write'),
      schema: {
        ...common,
        summary: 'Replace the meter policy (free articles, period, lead-in, network budgets, gift links)',
        body: MeterPolicySchema,
        response: { 200: MeterJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      await s.meterSettings.savePolicy(request.body, s.clock());
      return current();
    },
  );

  app.put(
    '/api/v1/admin/meter/paywall',
    {
      config: adminRoute('meter.write'),
      schema: {
        ...common,
        summary: 'Replace the paywall copy (Markdown pitch, editor’s letter, signature, offer plan)',
        body: PaywallCopySchema,
        response: { 200: MeterJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      await s.meterSettings.saveCopy(request.body, s.clock());
      return current();
    },
  );
}
