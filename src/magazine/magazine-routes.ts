/** The magazine's reader pages: /magazine and /magazine/:number. Thin routes over the page cache. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../http/app-error.js';
import { sendPage } from '../http/send-page.js';
import type { MagazinePages } from './magazine-page-service.js';

export interface MagazineRouteDeps {
  magazinePages: MagazinePages;
  accounts: {
    /** Who is signed in (any principal): picks the page's variant. */
    principal(request: FastifyRequest): unknown | Promise<unknown>;
  };
}

const NumberParams = Type.Object({ number: Type.String({ maxLength: 12 }) });

export function registerMagazineRoutes(scope: FastifyInstance, deps: MagazineRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const signedIn = async (request: FastifyRequest) => {
    const known = deps.accounts.principal(request);
    const principal = known instanceof Promise ? await known : known;
    return principal !== null && principal !== undefined;
  };

  app.get('/magazine', async (request, reply) => sendPage(request, reply, await deps.magazinePages.index(await signedIn(request))));

  app.get('/magazine/:number', { schema: { params: NumberParams } }, async (request, reply) => {
    // Anything but an edition's number is simply not a page here (/magazine/abc, /magazine/01).
    const raw = request.params.number;
    if (!/^[1-9][0-9]{0,6}$/.test(raw)) throw notFound();
    return sendPage(request, reply, await deps.magazinePages.edition(await signedIn(request), Number(raw)));
  });
}
