/**
 * The web role. `buildServices` builds every feature through the composition root
 * (src/services.ts); `buildWebApp` mounts their routes on a Fastify instance; `buildApp` does
 * both and returns an instance ready to listen or to inject (what tests use). A worker process
 * builds the same services and mounts the job runner instead (src/main.ts).
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { registerAccountRoutes } from './accounts/index.js';
import { type AuditTargetKind, registerAdminRoutes, registerAdminShell } from './admin/index.js';
import { registerApi, requestKeyOf } from './api/index.js';
import type { Config } from './config.js';
import type { DnsResolver } from './crawlers/index.js';
import { registerDashboardRoutes } from './dashboard/index.js';
import type { DbHandle } from './db/database.js';
import { registerFeedRoutes } from './feeds/index.js';
import { registerFrontAdminRoutes } from './fronts/index.js';
import { registerGiftLinkRoutes } from './gift-links/index.js';
import { frameworkErrorHandler, registerErrorHandling } from './http/error-pages.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { lazyChildLogger } from './http/lazy-request-logger.js';
import { lazyCompilers } from './http/lazy-schema-compilers.js';
import { RequestLogController, requestLogSerializers } from './http/request-log.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { serverTimeouts } from './http/server-timeouts.js';
import {
  editionLabel,
  editionTargetName,
  registerMagazineAdminPages,
  registerMagazineRoutes,
  registerMailingListRoutes,
  registerPrintCodeRoutes,
} from './magazine/index.js';
import { registerMediaRoutes } from './media/index.js';
import {
  registerBounceRoutes,
  registerClickRoutes,
  registerNewsletterAccountRoutes,
  registerNewsletterAdminPages,
  registerNewsletterRoutes,
  registerUnsubscribeRoutes,
} from './newsletter/index.js';
import { registerNewsroomRoutes } from './newsroom/index.js';
import { registerOfficeRoutes } from './office/index.js';
import { isStaticPageSlug, registerPageAdminRoutes, registerPageRoutes } from './pages/index.js';
import type { Clock, ContentEvents } from './platform.js';
import { registerReaderOfficeRoutes } from './reader-admin/index.js';
import { buildServices as buildServicesInRoot, type Services } from './services.js';
import { registerSiteRoutes } from './site/index.js';
import {
  type PaymentsGateway,
  registerGiftRoutes,
  registerOrganisationAdminRoutes,
  registerSubscriptionRoutes,
} from './subscriptions/index.js';

export interface AppDeps {
  config: Config;
  handle: DbHandle;
  log: Logger;
  events: ContentEvents;
  clock?: Clock;
  /** Reverse DNS for crawler verification (tests pass one that never leaves the machine). */
  dnsResolver?: DnsResolver;
  /** The payments gateway (tests pass a Stripe gateway pointed at a local fake); absent: chosen from the config. */
  paymentsGateway?: PaymentsGateway;
}

/** Every feature, built once (src/services.ts `buildServices`); kept here for the tests that build the app from it. */
export function buildServices(deps: AppDeps): Promise<Services> {
  return buildServicesInRoot(deps);
}

export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: Services }> {
  const services = await buildServices(deps);
  return { app: await buildWebApp(services, deps), services };
}

const routeSchemaCompilers = new WeakMap<FastifyInstance, ReturnType<typeof lazyCompilers>>();

/**
 * Compiles every route schema of an app made by `buildWebApp` that no request has compiled yet
 * (they compile lazily): a test calls it after `ready()` so a schema that does not compile
 * fails there. Answers how many it compiled.
 */
export function compileRouteSchemas(app: FastifyInstance): number {
  const compilers = routeSchemaCompilers.get(app);
  if (!compilers) throw new Error('not an app made by buildWebApp');
  return compilers.compileAll();
}

/**
 * Mounts every route on a new Fastify instance. Closing the instance closes the services too
 * (src/services.ts `close`), after in-flight requests have finished.
 */
export async function buildWebApp(services: Services, deps: Pick<AppDeps, 'config' | 'log'>): Promise<FastifyInstance> {
  const getChrome = () => services.chrome();
  // Error pages show the reader's signed-in state in their header, as every other page does.
  const signedIn = (request: FastifyRequest) => services.accounts.signedIn(request);
  // At most one line per request instead of Fastify's two: errors and slow requests, or every
  // request when the paper turns the access log on (src/http/request-log.ts).
  const requestLog = new RequestLogController({ accessLog: deps.config.accessLog, slowRequestMs: deps.config.slowRequestMs });
  const answerFrameworkError = frameworkErrorHandler(getChrome, signedIn);
  const schemaCompilers = lazyCompilers();
  const app = Fastify({
    frameworkErrors: (err, request, reply) => {
      requestLog.refusedBeforeRouting(request, reply);
      answerFrameworkError(err, request, reply);
    },
    // Request log lines hold no secret and no full address (src/http/request-log.ts).
    loggerInstance: deps.log.child({}, { serializers: requestLogSerializers }) as FastifyBaseLogger,
    logController: requestLog,
    // A request's logger is made when it first writes a line: most requests write none.
    childLoggerFactory: lazyChildLogger,
    // A request that stalls is answered 408 and its socket closed (src/http/server-timeouts.ts).
    ...serverTimeouts(deps.config.requestTimeoutMs),
    // Client address from the socket, unless the peer is a proxy we were told to trust.
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: true } },
    // Each route's validators and serializers compile on its first request, not at start
    // (src/http/lazy-schema-compilers.ts): a cold start compiles nothing its requests do not use.
    schemaController: { compilersFactory: schemaCompilers.compilersFactory },
  });
  routeSchemaCompilers.set(app, schemaCompilers);
  // A policy reload under way finishes, the funnel's buffered events are written and the shared
  // mailer closes, all before the database closes.
  app.addHook('onClose', () => services.close());
  registerSecurityHeaders(app, { hsts: deps.config.publicUrl.startsWith('https://') });
  registerErrorHandling(app, getChrome, signedIn);
  await app.register(formbody);
  // Each feature's routes get only what their deps interface names: their own service and narrow ports.
  const s = services;
  const timezone = { timezone: s.config.timezone };
  // The staff's guard first: it checks every /admin route as it is added, and refuses one without roles.
  const siteName = async () => (await s.chrome()).site.name;
  const audit = registerAdminShell(app, {
    accounts: s.accounts,
    siteName,
    audit: s.audit,
    staff: s.staff,
    apiKeyOf: requestKeyOf,
    targetName: (kind, id) => nameOfTarget(s, kind, id),
  });
  const auditWithin = (request: FastifyRequest, status?: number) => audit.within(request, status);
  registerHealthRoutes(app, { pingDatabase: s.pingDatabase, dialect: s.dialect, log: s.log });
  registerMediaRoutes(app, { storage: s.storage });
  registerFeedRoutes(app, { feeds: s.feeds });
  // The API's routes, content and admin, each declare theirs; ApiDeps is their union.
  await registerApi(app, s);
  registerSubscriptionRoutes(app, {
    subscriptions: s.subscriptions,
    plans: s.plans,
    accounts: s.accounts,
    chrome: s.chrome,
    funnel: s.funnel,
    experiments: s.experiments,
    clock: s.clock,
    config: timezone,
  });
  await registerGiftRoutes(app, {
    subscriptions: s.subscriptions,
    plans: s.plans,
    accounts: s.accounts,
    config: timezone,
    chrome: s.chrome,
  });
  await registerAccountRoutes(app, { accounts: s.accounts, chrome: s.chrome, clock: s.clock, config: timezone });
  registerGiftLinkRoutes(app, { giftLinks: s.giftLinks, accounts: s.accounts, chrome: s.chrome, clock: s.clock, config: timezone });
  await registerAdminRoutes(app, {
    accounts: s.accounts,
    staff: s.staff,
    apiKeys: s.apiKeys,
    audit: s.audit,
    siteName,
    clock: s.clock,
    timezone: s.config.timezone,
  });
  registerFrontAdminRoutes(app, { fronts: s.fronts, csrf: s.accounts.csrf, clock: s.clock, timezone: s.config.timezone, auditWithin });
  registerPageAdminRoutes(app, { pages: s.pages, csrf: s.accounts.csrf, timezone: s.config.timezone, auditWithin });
  registerPageRoutes(app, { pages: s.pages, accounts: s.accounts });
  registerOrganisationAdminRoutes(app, {
    organisations: s.organisations,
    csrf: s.accounts.csrf,
    clock: s.clock,
    timezone: s.config.timezone,
  });
  registerReaderOfficeRoutes(app, {
    office: s.readerOffice,
    csrf: s.accounts.csrf,
    clock: s.clock,
    timezone: s.config.timezone,
    auditWithin,
  });
  // The business office's money and meter screens (src/office).
  registerOfficeRoutes(app, {
    plans: { plans: s.plans, csrf: s.accounts.csrf },
    offers: {
      offers: s.subscriptions.offers,
      allPlans: () => s.plans.listAll(),
      csrf: s.accounts.csrf,
      clock: s.clock,
      timezone: s.config.timezone,
      publicUrl: s.config.publicUrl,
    },
    gifts: {
      gifts: s.subscriptions.gifts,
      claimSend: (to) => s.accounts.auth.claimSend(to),
      csrf: s.accounts.csrf,
      clock: s.clock,
      timezone: s.config.timezone,
    },
    meter: {
      meterSettings: s.meterSettings,
      previewAs: (article, as, settings) => s.articlePage.previewAs(article, as, settings),
      meteredStories: async () =>
        (await s.articles.list({ limit: 50, offset: 0 })).items
          .filter((a) => a.access === 'metered')
          .map((a) => ({ id: a.id, headline: a.headline })),
      findStory: (id) => s.articles.get(id),
      activePlans: () => s.plans.listActive(),
      tagline: async () => (await s.chrome()).site.tagline,
      csrf: s.accounts.csrf,
      clock: s.clock,
    },
    experiments: {
      experiments: s.experiments,
      meterSettings: s.meterSettings,
      previewAs: (article, as, settings) => s.articlePage.previewAs(article, as, settings),
      meteredStories: async () =>
        (await s.articles.list({ limit: 50, offset: 0 })).items
          .filter((a) => a.access === 'metered')
          .map((a) => ({ id: a.id, headline: a.headline })),
      findStory: (id) => s.articles.get(id),
      activePlans: () => s.plans.listActive(),
      tagline: async () => (await s.chrome()).site.tagline,
      csrf: s.accounts.csrf,
      auditWithin,
      timezone: s.config.timezone,
    },
  });
  registerDashboardRoutes(app, { dashboard: s.dashboard, csrf: s.accounts.csrf });
  registerNewsletterRoutes(app, { newsletterPages: s.newsletterPages, accounts: s.accounts });
  registerUnsubscribeRoutes(app, { newsletterSending: s.newsletterSending, chrome: s.chrome });
  registerClickRoutes(app, { clicks: s.newsletterClicks });
  registerBounceRoutes(app, { intake: s.bounceIntake, secret: s.config.newsletter.sending.bounceWebhookSecret });
  registerNewsletterAccountRoutes(app, {
    newsletterSending: s.newsletterSending,
    accounts: { readerFromRequest: (r) => s.accounts.readerFromRequest(r), csrf: s.accounts.csrf },
  });
  registerNewsletterAdminPages(app, {
    newsletter: s.newsletter,
    csrf: s.accounts.csrf,
    clock: s.clock,
    timezone: s.config.timezone,
    editionReports: s.editionReports,
  });
  // The weekly magazine: the newsroom's screens under /admin/magazine, and its reader pages.
  registerMagazineAdminPages(app, {
    magazine: s.magazine,
    pdfs: s.magazinePdfs,
    csrf: s.accounts.csrf,
    findImage: (id) => s.media.getImage(id),
    staffNames: s.staff.names,
    siteName,
    timezone: s.config.timezone,
  });
  registerMagazineRoutes(app, { magazinePages: s.magazinePages, accounts: s.accounts });
  // The printed magazine's QR codes (/p/<token>); the article route passes `?print=` to the meter through them.
  registerPrintCodeRoutes(app, { printCodes: s.printCodes, config: s.config });
  // The magazine's mailing lists for staff (the archive's links); each download is audited.
  registerMailingListRoutes(app, {
    mailingList: s.mailingList,
    async recordDownload(request, edition) {
      const write = await auditWithin(request, 200);
      await write?.(s.db, { id: edition.id, name: `Magazine ${editionLabel(edition)} (edition ${edition.number})` });
    },
  });
  registerSiteRoutes(app, {
    articlePage: s.articlePage,
    sitePages: s.sitePages,
    accounts: s.accounts,
    giftLinks: s.giftLinks,
    printReads: s.printCodes,
  });
  // The desk: the stories screens under /admin (guarded by the admin shell's hook) and /preview/<token>.
  await registerNewsroomRoutes(app, {
    newsroom: s.newsroom,
    csrf: s.accounts.csrf,
    clock: s.clock,
    config: { timezone: s.config.timezone, publicUrl: s.config.publicUrl },
    sections: () => s.sections.list(),
    authors: () => s.authors.list(),
    findImage: (id) => s.media.getImage(id),
    media: s.media,
    previewPage: (article, opts) => s.articlePage.preview(article, opts),
    siteName: async () => (await s.chrome()).site.name,
    auditWithin,
  });
  return app;
}

/** The human name of what an audited change acted on, looked up by its kind (the audit trail's port). */
async function nameOfTarget(s: Services, kind: AuditTargetKind, id: string): Promise<string | undefined> {
  switch (kind) {
    case 'story':
      return (await s.articles.get(id))?.headline;
    case 'staff':
      return (await s.staff.find(id))?.name;
    case 'key':
      return (await s.apiKeys.ownerNames([id])).get(id);
    case 'front':
      return (await s.fronts.find(id))?.name;
    case 'page':
      return isStaticPageSlug(id) ? (await s.pages.get(id)).title : undefined;
    case 'organisation':
      return (await s.organisations.find(id))?.name;
    case 'reader':
      return (await s.accounts.findReaderById(id))?.email;
    case 'meter':
      return 'Meter and paywall';
    case 'experiment':
      return (await s.experiments.get(id).catch(() => undefined))?.experiment.name;
    case 'edition': {
      const n = Number(id);
      const e = Number.isInteger(n) && n > 0 ? await s.magazine.get(n).catch(() => undefined) : undefined;
      return e && editionTargetName(e);
    }
    case 'plan':
      return (await s.plans.find(id))?.name;
    case 'offer':
      return (await s.subscriptions.offers.get(id).catch(() => undefined))?.code;
    case 'gift': {
      const gift = await s.subscriptions.gifts.find(id);
      return gift && `${gift.planName}, ${gift.months} ${gift.months === 1 ? 'month' : 'months'}`;
    }
    default:
      return undefined;
  }
}
