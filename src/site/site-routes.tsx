/**
 * The reader's website: fronts, articles, authors, tags, search. Thin routes: the request is
 * parsed into plain facts once (its schema's types, the session's principal, the client's
 * address), one page service answers, and the route sends the cached page it returns.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { appendSetCookie, readCookie } from '../http/cookies.js';
import { isPreviewRequest } from '../http/preview-request.js';
import { sendPage } from '../http/send-page.js';
import { readerValidatorCompiler } from '../http/typebox-validation.js';
import { type GiftOutcome, METER_COOKIE, type MeterPrincipal } from '../meter/index.js';
import { ASSETS } from '../views/assets.js';
import type { ArticlePageService, ArticleRequest } from './article-page-service.js';
import { CORRECTIONS_PATH } from './corrections-page.js';
import type { ListingRequest, SitePageService } from './site-page-service.js';

const MAX_PAGE = 500;
// Every route here checks its input with TypeBox's compiled checks, not the app's Ajv: the first
// page a process serves then loads no Ajv (src/http/typebox-validation.ts).
const validatorCompiler = readerValidatorCompiler;

const SLUG = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })) });
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
});
const SlugParams = Type.Object({ slug: SLUG });
const SectionParams = Type.Object({ section: Type.String({ maxLength: 80 }) });
const ArticleParams = Type.Object({
  section: Type.String({ maxLength: 80 }),
  yyyy: Type.String({ pattern: '^\\d{4}$' }),
  mm: Type.String({ pattern: '^\\d{2}$' }),
  dd: Type.String({ pattern: '^\\d{2}$' }),
  slug: Type.String({ maxLength: 200 }),
});
// Other query parameters (UTM tags and the like) are ignored: they never change the page.
const ArticleQuery = Type.Object({
  gift: Type.Optional(Type.String({ maxLength: 200 })),
  // A read token from a QR code of the printed magazine (src/magazine/print-code.ts).
  print: Type.Optional(Type.String({ maxLength: 64 })),
});

/** What the site's routes use: their page services, and two ports that read the request itself. */
export interface SiteRouteDeps {
  articlePage: Pick<ArticlePageService, 'open'>;
  sitePages: SitePageService;
  accounts: {
    /** Who is signed in: synchronous without the session cookie or on the session memo's hits. */
    principal(request: FastifyRequest): MeterPrincipal | null | Promise<MeterPrincipal | null>;
  };
  giftLinks: {
    /** Admits this browser to a gift link (setting its cookie on `reply`); see src/gift-links. */
    admit(request: FastifyRequest, reply: FastifyReply, p: { articleId: string; token: string }): Promise<GiftOutcome>;
  };
  printReads: {
    /** Whether `?print=` grants this story now (signed, this story, not expired): no database. */
    admit(token: string, articleId: string): GiftOutcome;
  };
}

export function registerSiteRoutes(scope: FastifyInstance, deps: SiteRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { articlePage, sitePages } = deps;

  for (const asset of Object.values(ASSETS)) {
    app.get(asset.url, async (request, reply) =>
      sendPage(request, reply, {
        status: 200,
        contentType: asset.contentType,
        cacheControl: 'public, max-age=31536000, immutable',
        etag: asset.etag,
        body: asset.body,
        gzip: asset.gzip,
        br: asset.br,
        size: 0,
      }),
    );
  }

  // Browsers that ignore the icon link still ask for /favicon.ico.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect(ASSETS.favicon.url, 301),
  );

  /** The listing pages' facts: who is signed in, from where. Synchronous when the principal is. */
  function listingRequest(request: FastifyRequest): ListingRequest | Promise<ListingRequest> {
    const known = deps.accounts.principal(request);
    return known instanceof Promise
      ? known.then((principal) => ({ principal, clientIp: request.ip }))
      : { principal: known, clientIp: request.ip };
  }

  app.get('/', { schema: { querystring: PageQuery }, validatorCompiler }, async (request, reply) => {
    const r = listingRequest(request);
    const page = await sitePages.front(r instanceof Promise ? await r : r, request.query.page ?? 1);
    return sendPage(request, reply, page);
  });

  app.get('/search', { schema: { querystring: SearchQuery }, validatorCompiler }, async (request, reply) => {
    const { q = '', page = 1 } = request.query;
    const r = listingRequest(request);
    return sendPage(request, reply, await sitePages.search(r instanceof Promise ? await r : r, q, page));
  });

  app.get('/authors/:slug', { schema: { params: SlugParams, querystring: PageQuery }, validatorCompiler }, async (request, reply) => {
    const r = listingRequest(request);
    const page = await sitePages.author(r instanceof Promise ? await r : r, request.params.slug, request.query.page ?? 1);
    return sendPage(request, reply, page);
  });

  app.get('/tags/:slug', { schema: { params: SlugParams, querystring: PageQuery }, validatorCompiler }, async (request, reply) => {
    const r = listingRequest(request);
    const page = await sitePages.tag(r instanceof Promise ? await r : r, request.params.slug, request.query.page ?? 1);
    return sendPage(request, reply, page);
  });

  app.get(CORRECTIONS_PATH, { schema: { querystring: PageQuery }, validatorCompiler }, async (request, reply) => {
    const r = listingRequest(request);
    return sendPage(request, reply, await sitePages.corrections(r instanceof Promise ? await r : r, request.query.page ?? 1));
  });

  app.get('/:section', { schema: { params: SectionParams, querystring: PageQuery }, validatorCompiler }, async (request, reply) => {
    const r = listingRequest(request);
    const page = await sitePages.section(r instanceof Promise ? await r : r, request.params.section, request.query.page ?? 1);
    return sendPage(request, reply, page);
  });

  app.get(
    '/:section/:yyyy/:mm/:dd/:slug',
    { schema: { params: ArticleParams, querystring: ArticleQuery }, validatorCompiler },
    async (request, reply) => {
      const known = deps.accounts.principal(request);
      const token = request.query.gift;
      const print = request.query.print;
      const facts: ArticleRequest = {
        path: request.url.split('?')[0] ?? request.url,
        slug: request.params.slug,
        giftToken: token,
        clientIp: request.ip,
        userAgent: request.headers['user-agent'],
        preview: isPreviewRequest(request.method, request.headers),
        meterCookie: readCookie(request, METER_COOKIE),
        principal: known instanceof Promise ? await known : known,
        // A gift link is admitted by the gift-link service, which sets its own cookie on the reply.
        // A magazine's read token goes the same way, checked by a signature alone (a gift link wins if both are given).
        gift:
          token !== undefined
            ? { admit: (articleId) => deps.giftLinks.admit(request, reply, { articleId, token }) }
            : print !== undefined
              ? { admit: async (articleId) => deps.printReads.admit(print, articleId) }
              : undefined,
      };
      const answer = await articlePage.open(facts);
      if (answer.kind === 'redirect') return reply.header('cache-control', answer.cacheControl).redirect(answer.location, 301);
      // Most answers set no cookie: the length check spares the hot path an iterator.
      if (answer.setCookies.length > 0) for (const cookie of answer.setCookies) appendSetCookie(reply, cookie);
      return sendPage(request, reply, answer.page);
    },
  );
}
