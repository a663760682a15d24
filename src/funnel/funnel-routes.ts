/**
 * Admin API for the funnel (business and owner roles): what the meter decided per day, and how
 * many of those readers went on to subscribe or register. Mounted by the Admin API's scope
 * (src/api), which checks the key and the role the route's `action` names.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorJson, FunnelQuery, FunnelReportJson } from './funnel-schemas.js';
import type { FunnelReports } from './funnel-service.js';

/** What the route needs: the funnel's report. */
export interface FunnelRouteDeps {
  funnel: FunnelReports;
}

/** The Admin API's security scheme in the OpenAPI document: a bearer API key. */
const BEARER_SECURITY: Record<string, string[]>[] = [{ apiKey: [] }];

export async function funnelAdminRoutes(scope: FastifyInstance, s: FunnelRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/admin/funnel',
    {
      config: { action: 'funnel.read' },
      schema: {
        tags: ['admin'],
        security: BEARER_SECURITY,
        summary: 'The funnel per day: meter decisions, subscriptions started, conversion',
        description:
          'Counts of each meter decision per date in the paper’s time zone (every date of the range, zeros included), ' +
          'subscriptions started and readers registered those dates, totals, and the conversion from paywall shown to ' +
          'subscription started over the range. Events are written about once a second, so the last second may be missing.',
        querystring: FunnelQuery,
        response: { 200: FunnelReportJson, 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson },
      },
    },
    async (request) => s.funnel.report(request.query),
  );
}
