/** The readers' route of the daily email: "view in browser" at /newsletter/YYYY-MM-DD. Thin. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendPage } from '../http/send-page.js';
import type { NewsletterPages } from './newsletter-page-service.js';
import { DateParams } from './newsletter-schemas.js';

export interface NewsletterRouteDeps {
  newsletterPages: NewsletterPages;
  accounts: {
    /** Who is signed in (any principal): picks the page's variant. */
    principal(request: FastifyRequest): unknown | Promise<unknown>;
  };
}

export function registerNewsletterRoutes(app: FastifyInstance, deps: NewsletterRouteDeps): void {
  app.get<{ Params: { date: string } }>('/newsletter/:date', { schema: { params: DateParams } }, async (request, reply) => {
    const known = deps.accounts.principal(request);
    const principal = known instanceof Promise ? await known : known;
    return sendPage(
      request,
      reply,
      await deps.newsletterPages.editionPage(principal !== null && principal !== undefined, request.params.date),
    );
  });
}
