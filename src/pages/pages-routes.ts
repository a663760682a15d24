/** The static pages for readers: /about, /contact, /corrections-policy, /privacy, /terms. Thin routes. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendPage } from '../http/send-page.js';
import type { PagesService } from './pages-service.js';
import { STATIC_PAGES } from './static-page.js';

export interface PageRouteDeps {
  pages: Pick<PagesService, 'readerPage'>;
  accounts: {
    /** Who is signed in (any principal): picks the page's variant. */
    principal(request: FastifyRequest): unknown | Promise<unknown>;
  };
}

export function registerPageRoutes(app: FastifyInstance, deps: PageRouteDeps): void {
  for (const { slug } of STATIC_PAGES) {
    app.get(`/${slug}`, async (request, reply) => {
      const known = deps.accounts.principal(request);
      const principal = known instanceof Promise ? await known : known;
      return sendPage(request, reply, await deps.pages.readerPage(principal !== null && principal !== undefined, slug));
    });
  }
}
