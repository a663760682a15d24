/**
 * `GET /newsletter/c/:token` (and HEAD): where the daily email's click links lead when the paper
 * counts clicks (click-tracking.ts). Thin: any token shape is taken and judged by the service, so
 * a damaged link still lands on the front page; the answer is a 302 that no cache keeps (each
 * click is counted) and that sends no Referer on (the token names a reader).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isPreviewRequest } from '../http/preview-request.js';
import type { ClickTracking } from './click-tracking.js';

export interface ClickRouteDeps {
  clicks: Pick<ClickTracking, 'click'>;
}

export function registerClickRoutes(scope: FastifyInstance, deps: ClickRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/newsletter/c/:token',
    { schema: { params: Type.Object({ token: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const answer = await deps.clicks.click(request.params.token, isPreviewRequest(request.method, request.headers));
      return reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer').redirect(answer.location, 302);
    },
  );
}
