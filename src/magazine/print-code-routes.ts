/**
 * `GET /p/:token`: where the printed magazine's QR codes lead. Thin: the scan is the service's;
 * the route redirects, never caches (each scan is counted), and marks the browser as a print
 * visitor for the funnel's checkouts.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { appendSetCookie, serializeCookie } from '../http/cookies.js';
import { isPreviewRequest } from '../http/preview-request.js';
import { readerValidatorCompiler } from '../http/typebox-validation.js';
import { PRINT_VISITOR_COOKIE } from '../subscriptions/index.js';
import type { PrintCodeService } from './print-code-service.js';

const PRINT_VISITOR_DAYS = 30;

export interface PrintCodeRouteDeps {
  printCodes: Pick<PrintCodeService, 'scan'>;
  config: { publicUrl: string };
}

export function registerPrintCodeRoutes(scope: FastifyInstance, deps: PrintCodeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const secure = deps.config.publicUrl.startsWith('https:');
  // Any token shape is taken and judged by the service, so a damaged code still lands on the front page.
  app.get(
    '/p/:token',
    { schema: { params: Type.Object({ token: Type.String({ maxLength: 100 }) }) }, validatorCompiler: readerValidatorCompiler },
    async (request, reply) => {
      const answer = await deps.printCodes.scan(request.params.token, isPreviewRequest(request.method, request.headers));
      if (answer.printVisitor)
        appendSetCookie(reply, serializeCookie(PRINT_VISITOR_COOKIE, '1', { secure, maxAge: PRINT_VISITOR_DAYS * 86_400 }));
      return reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer').redirect(answer.location, 302);
    },
  );
}
