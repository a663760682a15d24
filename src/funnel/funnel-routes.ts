/**
 * Admin API for the funnel (issue 4, business and owner roles): what the meter decided per day,
 * and how many of those readers went on to subscribe or register.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { adminRoute, BEARER_SECURITY } from '../api/api-auth.js';
import { errors } from '../api/api-schemas.js';
import type { Services } from '../services.js';
import { FunnelQuery, FunnelReportJson } from './funnel-schemas.js';
import { funnelReport } from './funnel-service.js';

export async function funnelAdminRoutes(scope: FastifyInstance, s: Services): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/admin/funnel',
    {
      config: adminRoute('funnel.read'),
      schema: {
        tags: ['admin'],
        security: BEARER_SECURITY,
        summary: 'The funnel per day: meter decisions, subscriptions started, conversion',
        description:
          'Counts of each meter decision per date in the paper’s time zone (every date of the range, zeros included), ' +
          'subscriptions started and readers registered those dates, totals, and the conversion from paywall shown to ' +
          'subscription started over the range. Events are written about once a second, so the last second may be missing.',
        querystring: FunnelQuery,
        response: { 200: FunnelReportJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => funnelReport({ db: s.db, timeZone: s.config.timezone }, request.query),
  );
}
