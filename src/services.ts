/**
 * The composition root. `createServices` builds every feature once, in order, each from its
 * explicit dependencies (platform first, then content, accounts, money, the meter and its
 * neighbours), and holds every connection between features as plain code in one block: what
 * closing an account does, what "download my data" holds, what a content change empties. The
 * job runner's handlers and the recurring schedules of every feature are gathered here too
 * (`jobHandlers`, `RECURRING_JOBS`), so the web and worker processes (src/main.ts) build the
 * same features and differ only in what they mount. No module singletons: tests build as many
 * as they like. See docs/ARCHITECTURE.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import {
  type AccountService,
  accountJobHandlers,
  createAccountService,
  createReaderSearch,
  createStaffManagement,
  type Reader,
  type ReaderSearch,
  type StaffManagement,
  schedulePurgeExpired,
} from './accounts/index.js';
import { type AuditService, createAuditService, JOB_RUNNER_ACTOR } from './admin/index.js';
import { type ApiKeyService, createApiKeyService } from './api-keys/api-key-service.js';
import { articlePath, isLive } from './articles/article.js';
import {
  countPublished,
  findArticlesByIds,
  findImagesByIds,
  findSummariesByIds,
  listArticles,
  listCorrections,
  listPublishedBetween,
  listPublishedSince,
  listRecentArticles,
  listSitemapEntries,
  searchArticleIds,
  searchTerms,
} from './articles/article-repository.js';
import { type ArticleService, articleJobHandlers, createArticleService } from './articles/index.js';
import { findAuthorBySlug, listAuthors } from './authors/author-repository.js';
import { type AuthorService, createAuthorService } from './authors/index.js';
import { PageCache } from './cache/page-cache.js';
import type { Config } from './config.js';
import { type CrawlerVerifier, createCrawlerVerifier, type DnsResolver } from './crawlers/index.js';
import { createDashboardService, type DashboardService } from './dashboard/index.js';
import type { Db, DbHandle, Dialect } from './db/database.js';
import { createExperimentService, type ExperimentService } from './experiments/index.js';
import { createFeedService, type FeedService } from './feeds/index.js';
import { createFrontService, type FrontService, frontOf } from './fronts/index.js';
import { createFunnelService, type FunnelService, readsByArticle } from './funnel/index.js';
import { createGiftLinkService, type GiftLinkService, giftLinksAccountPanel } from './gift-links/index.js';
import { jobQueueFor } from './jobs/job-backend.js';
import type { JobHandler } from './jobs/job-queue.js';
import {
  createMagazinePages,
  createMagazinePdfService,
  createMagazineService,
  createMailingListService,
  createPrintCodeService,
  type MagazinePages,
  type MagazinePdfService,
  type MagazineService,
  type MailingListService,
  magazineName,
  type PrintCodeService,
  schedulePdfSweep,
} from './magazine/index.js';
import { createBulkSmtpTransport, createMailer, type DkimSettings, type MailTransport } from './mail/index.js';
import { createLocalStorage, createMediaService, type MediaService, type Storage } from './media/index.js';
import {
  createMeterPersonalData,
  createMeterService,
  createMeterSettings,
  type MeterService,
  type MeterSettings,
  meterJobHandlers,
  schedulePurgeEndedMeters,
} from './meter/index.js';
import {
  type BounceIntake,
  type ClickTracking,
  createBounceIntake,
  createClickTracking,
  createEditionReports,
  createNewsletterPages,
  createNewsletterSending,
  createNewsletterService,
  type EditionReports,
  type NewsletterPages,
  type NewsletterSending,
  type NewsletterService,
  newsletterAccountPanel,
  newsletterJobHandlers,
  scheduleEditionAssembly,
  scheduleEditionSending,
} from './newsletter/index.js';
import { createNewsroomService, type NewsroomService } from './newsroom/index.js';
import { createPagesService, type PagesService } from './pages/index.js';
import type { Clock, ContentEvents, JobQueue } from './platform.js';
import { createReaderOffice, type ReaderOffice } from './reader-admin/index.js';
import { type ContentReader, createContentReader } from './reading/index.js';
import { loadSecretKeys } from './secrets.js';
import { createSectionService, type SectionService } from './sections/index.js';
import { findSectionBySlug, listSections } from './sections/section-repository.js';
import { readSiteSettings } from './settings/site-settings.js';
import { type ArticlePageService, createArticlePageService, createSitePageService, type SitePageService } from './site/index.js';
import {
  accessEndedJobHandlers,
  createEntitlementService,
  createOrganisationService,
  createPlanService,
  createSubscriptionService,
  type EntitlementService,
  type OrganisationService,
  type PaymentsGateway,
  type PlanService,
  type SubscriptionService,
  scheduleAccessEndedNotices,
  subscriptionAccountPanel,
} from './subscriptions/index.js';
import { createTagService, findTagsBySlugs, type TagService } from './tags/index.js';
import { findTagBySlug } from './tags/tag-repository.js';
import type { PageChrome } from './views/layout.js';

export interface Services {
  config: Config;
  db: Db;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  events: ContentEvents;
  jobs: JobQueue;
  pageCache: PageCache;
  articles: ArticleService;
  sections: SectionService;
  tags: TagService;
  authors: AuthorService;
  reader: ContentReader;
  apiKeys: ApiKeyService;
  storage: Storage;
  media: MediaService;
  /** Outgoing email: SMTP when SMTP_URL is set, else `.eml` files in the data directory's outbox. */
  mailer: MailTransport;
  /** Readers, staff, sessions, CSRF tokens and the account flows. */
  accounts: AccountService;
  /** Readers by address, for the Admin API. */
  readerSearch: ReaderSearch;
  /** The owner's work on the staff: invitations, roles, disabling (the admin's Staff page). */
  staff: StaffManagement;
  /** The audit trail of changes made in the admin and through the Admin API. */
  audit: AuditService;
  /** Resolves when the database answers a trivial query (the readiness check). */
  pingDatabase(): Promise<void>;
  /** The plan catalogue. */
  plans: PlanService;
  /** Checkout, payment events and the payments gateway. */
  subscriptions: SubscriptionService;
  /** Which entitlements a reader or request holds, and why: the one reader of subscription rows. */
  entitlements: EntitlementService;
  /** Group licences: organisations whose address ranges and email domains grant `web`. */
  organisations: OrganisationService;
  /** Gift links: a subscriber shares one article; `admit` lets the friend's browser read it. */
  giftLinks: GiftLinkService;
  /** The meter's policy and the paywall's words, as this process holds them. */
  meterSettings: MeterSettings;
  /** The meter on the article page: who reads, what they may see, and the count. */
  meter: MeterService;
  /** Verified search crawlers: which crawler a request claims to be, and whether its address backs the claim. */
  crawlers: CrawlerVerifier;
  /** The funnel: records every meter decision (buffered, never slows a page); closed with the app. */
  funnel: FunnelService;
  /** Experiments on the meter and the paywall: the running one in memory (the meter's gate), results, roll-out. */
  experiments: ExperimentService;
  /** Site name, sections and URL for the page shell; memoised until content changes. */
  chrome(): Promise<PageChrome>;
  /**
   * Releases what the root holds, once, before the database closes: waits for a policy reload
   * under way, writes the funnel's buffered events (its timer stops), closes the shared mailer.
   */
  close(): Promise<void>;
  /** The article page: from the request's facts to the page to send (meter, page cache, render). */
  articlePage: ArticlePageService;
  /** The site's listing pages (front, sections, authors, topics, search), through the page cache. */
  sitePages: SitePageService;
  /** Feeds, sitemaps and robots.txt, through the page cache. */
  feeds: FeedService;
  /** Front page and section front layouts, and the fronts readers see. */
  fronts: FrontService;
  /** The static pages (About, Contact, Corrections policy, Privacy, Terms). */
  pages: PagesService;
  /** The desk: the staff's stories list, story saves, revisions by name, preview links. */
  newsroom: NewsroomService;
  /** The daily email's editions: assembly, the editor's changes, preview, test sends; what the sender takes. */
  newsletter: NewsletterService;
  /** The weekly magazine's editions: proposed, chosen, frozen for the printer (src/magazine). */
  magazine: MagazineService;
  /** The magazine's QR codes: their URLs, their scans, and the read a scan grants. */
  printCodes: PrintCodeService;
  /** The magazine's mailing list: who gets a copy of a frozen edition, and who must complete their address. */
  mailingList: MailingListService;
  /** Frozen editions' print-ready PDFs, made on the job runner once per trim and kept in storage. */
  magazinePdfs: MagazinePdfService;
  /** The magazine's reader pages (/magazine, /magazine/:number), through the page cache. */
  magazinePages: MagazinePages;
  /** "View in browser": a sent edition's public page, through the page cache. */
  newsletterPages: NewsletterPages;
  /** Sending editions to their audience (the ledger), the unsubscribe link, opt-outs, undeliverable addresses. */
  newsletterSending: NewsletterSending;
  /** The business office's readers: the list, a reader's page and actions, the CSV exports (src/reader-admin). */
  readerOffice: ReaderOffice;
  /** Bounces and complaints that come back after the daily email (webhook, command). */
  bounceIntake: BounceIntake;
  /** Each edition's report: recipients, accepted, bounced, complaints, unsubscribes (and clicks when counted). */
  editionReports: EditionReports;
  /** Click counting through the daily email's first-party redirect links (off unless MASTHEAD_NEWSLETTER_CLICKS=on). */
  newsletterClicks: ClickTracking;
  /** The business office's dashboard: subscribers, revenue, trials and the funnel over a period. */
  dashboard: DashboardService;
}

export interface ServiceDeps {
  config: Config;
  handle: DbHandle;
  clock: Clock;
  log: Logger;
  events: ContentEvents;
  /** Where crawler addresses are looked up (reverse DNS); the system's resolver by default. */
  dnsResolver?: DnsResolver | undefined;
  /** The payments gateway, chosen once here (tests pass a fake Stripe); absent: chosen from the config. */
  paymentsGateway?: PaymentsGateway | undefined;
}

/**
 * Every feature, built once, with the meter's policy loaded (both roles need it before their
 * first use). Here rather than in src/app.ts so that a worker process, which mounts no route,
 * never loads the web app (Fastify and every route module).
 */
export async function buildServices(deps: Omit<ServiceDeps, 'clock'> & { clock?: Clock | undefined }): Promise<Services> {
  const services = createServices({ ...deps, clock: deps.clock ?? (() => new Date()) });
  // The meter's policy is read synchronously on every article: have it before the first request.
  await services.meterSettings.reload();
  // So is the running experiment, if any (the meter asks for it on every metered article).
  await services.experiments.reload();
  return services;
}

export function createServices(p: ServiceDeps): Services {
  const { config, handle, clock, log, events } = p;
  const db = handle.db;
  // graphile-worker on a PostgreSQL server, the in-process runner on SQLite (src/jobs/job-backend.ts).
  const jobs = jobQueueFor(config);
  const pageCache = new PageCache(config.pageCacheBytes);
  const storage = createLocalStorage(path.join(config.dataDir, 'uploads'));
  const mailer = createMailer(config, log);
  const keys = loadSecretKeys(config);

  // Content and the reader's edge of it.
  const meterSettings = createMeterSettings({ db, log, changed: () => events.changed() });
  const reader = createContentReader({ policy: meterSettings.policy });
  const articles = createArticleService({ db, clock, events, jobs });
  const media = createMediaService({ db, storage, clock });
  const apiKeys = createApiKeyService({ db, clock });
  let chrome: Promise<PageChrome> | undefined;

  // Accounts, then money, then the features that read both.
  const accounts = createAccountService({
    db,
    clock,
    publicUrl: config.publicUrl,
    keys,
    mailer,
    jobs,
    log,
    siteName: async () => (await readSiteSettings(db)).name,
  });
  const staff = createStaffManagement({
    db,
    clock,
    publicUrl: config.publicUrl,
    mailer,
    siteName: async () => (await readSiteSettings(db)).name,
    keys: apiKeys,
  });
  const plans = createPlanService({ db, clock });
  const subscriptions = createSubscriptionService({ db, clock, config, jobs, gateway: p.paymentsGateway });
  const entitlements = createEntitlementService({ db, dialect: handle.dialect, clock, timeZone: config.timezone });
  const organisations = createOrganisationService({ db, clock, changed: () => events.changed() });
  const crawlers = createCrawlerVerifier({ db, clock, log, ...(p.dnsResolver ? { resolver: p.dnsResolver } : {}) });
  const funnel = createFunnelService({
    db,
    clock,
    log,
    timeZone: config.timezone,
    sectionBySlug: (slug) => findSectionBySlug(db, slug),
    sections: () => listSections(db),
    articleSummaries: (ids) => findSummariesByIds(db, ids),
  });
  // The meter's share of personal data: its reading history in the download, its rows on closing.
  const meterData = createMeterPersonalData({
    db,
    timeZone: config.timezone,
    publicUrl: config.publicUrl,
    findArticles: (ids) => findSummariesByIds(db, ids),
  });
  const giftLinks = createGiftLinkService({
    db,
    clock,
    keys,
    publicUrl: config.publicUrl,
    timeZone: config.timezone,
    // A link is for a published article, found by its id alone (never a slug).
    liveArticle: async (id) => {
      const a = await articles.get(id);
      return a && a.id === id && isLive(a) ? { id: a.id, headline: a.headline, path: articlePath(a, config.timezone) } : undefined;
    },
    entitlementsFor: entitlements.entitlementsFor,
    // The allowance is the meter's settings, editable by the business side.
    policy: () => {
      const m = meterSettings.policy();
      return {
        perMonth: m.giftLinksPerMonth,
        ttlDays: m.giftLinkDays,
        readersPerLink: m.giftLinkReaders,
        readsPerReader: m.giftLinkReadsPerReader,
      };
    },
  });
  // Experiments: arm B's allowance or words, for readers whose keyed hash falls in it.
  const experiments = createExperimentService({ db, clock, log, keys, meterSettings, changed: () => events.changed() });
  const meter = createMeterService({
    db,
    clock,
    timeZone: config.timezone,
    keys,
    secure: config.publicUrl.startsWith('https://'),
    settings: meterSettings,
    reader,
    findReader: accounts.findReaderById,
    entitlementsFor: entitlements.entitlementsFor,
    webByAddress: entitlements.webByAddress,
    crawlers,
    funnel,
    experiments: experiments.gate,
  });

  // Connections between features
  //
  // Every effect one feature has on another is wired here, and only here, whichever routes a
  // process mounts: a worker process with no HTTP listener erases exactly what a web process does.

  // A content change (this process's, or another's through PostgreSQL NOTIFY) empties the page
  // cache and the page chrome, and reloads the meter's policy and paywall words.
  events.onChange(() => {
    pageCache.clear();
    chrome = undefined;
    void meterSettings.reload();
    void experiments.reload();
    // A group licence made, changed or ended: the next request reads the organisations afresh.
    entitlements.invalidateOrganisations();
  });

  // New stories on the fronts: each front's rule ("top", or not laid out) is applied when the
  // front is composed (src/fronts/front.ts: a story published after the layout's last save goes on
  // top), not written into the layout on publish. So a story the worker publishes on schedule,
  // in any process, lands exactly like one published from the web; the publish's content-change
  // event above empties the cached fronts, and a layout's save fires that event too.

  // Closing an account: one function, in this order. Cancelling the subscriptions comes first
  // because it may refuse (a paid subscription the gateway could not cancel: 409), and a refusal
  // must leave every other row as it was. `closeAccountOf` also leaves the reader's groups.
  // Then the gifts they bought and redeemed lose their personal data, their gift links stop
  // working, and the meter forgets what they read.
  const closeAccount = async (r: Reader): Promise<void> => {
    await subscriptions.closeAccountOf(r);
    await subscriptions.gifts.eraseFor(r);
    await giftLinks.revokeAllOf(r.id);
    await meterData.forget(r.id);
  };
  accounts.onAccountClose(closeAccount);
  // Inside the erasing transaction: the refunds' reasons (staff's words about the reader) go with
  // the account's personal data, or neither goes.
  accounts.onAccountErase((tx, r) => subscriptions.eraseForClosedAccount(tx, r.id));

  // "Download my data": each feature's share, under its key (gifts never hold a code).
  accounts.registerDataExport('meter', (r) => meterData.exportFor(r.id));
  accounts.registerDataExport('subscriptions', (r) => subscriptions.exportFor(r.id));
  accounts.registerDataExport('groupMemberships', (r) => subscriptions.membershipsOf(r.id));
  accounts.registerDataExport('gifts', (r) => subscriptions.gifts.exportFor(r));
  accounts.registerDataExport('giftLinks', (r) => giftLinks.exportFor(r.id));

  // The account page: the subscription's panel (with gifts received and given), then the gift links' line.
  accounts.registerAccountPanel(subscriptionAccountPanel({ subscriptions, timeZone: config.timezone, clock }));
  accounts.registerAccountPanel(giftLinksAccountPanel(giftLinks));

  function chromeOf(): Promise<PageChrome> {
    if (!chrome) {
      const pending = Promise.all([readSiteSettings(db), listSections(db), pages.footerLinks()]).then(([site, sections, footer]) => ({
        site,
        sections,
        publicUrl: config.publicUrl,
        pages: footer,
      }));
      chrome = pending;
      pending.catch(() => {
        if (chrome === pending) chrome = undefined;
      });
    }
    return chrome;
  }
  const articlePage = createArticlePageService({
    timeZone: config.timezone,
    pageCache,
    onContentChange: (listener) => events.onChange(listener),
    lookupLiveBySlug: (slug) => articles.lookupLiveBySlug(slug),
    meter,
    meterSettings,
    reader,
    activePlans: () => plans.listActive(),
    chrome: chromeOf,
  });
  // Fronts as editors lay them out; a saved layout fires the content-change event (page cache).
  const fronts = createFrontService({
    db,
    clock,
    events,
    sections: { list: () => listSections(db) },
    stories: {
      byIds: (ids) => findSummariesByIds(db, ids),
      recent: (sectionId, limit) => listArticles(db, { sectionId: sectionId ?? undefined, limit, offset: 0 }),
      async search(query, limit) {
        const { ids } = await searchArticleIds(db, handle.dialect, query, limit, 0, 'public');
        return findSummariesByIds(db, ids);
      },
    },
  });
  const sitePages = createSitePageService({
    timeZone: config.timezone,
    clock,
    front: (sectionId, recent) => fronts.compose(frontOf(sectionId), recent),
    pageCache,
    meter,
    reader,
    chrome: chromeOf,
    content: {
      listArticles: (f) => listArticles(db, f),
      listCorrections: (f) => listCorrections(db, f),
      async search(query, limit, offset, scope) {
        const { ids, total } = await searchArticleIds(db, handle.dialect, query, limit, offset, scope);
        return { articles: await findArticlesByIds(db, ids), total };
      },
      searchTerms,
      findAuthorBySlug: (slug) => findAuthorBySlug(db, slug),
      findImage: async (id) => (await findImagesByIds(db, [id])).get(id),
      findTagBySlug: (slug) => findTagBySlug(db, slug),
      findSectionBySlug: (slug) => findSectionBySlug(db, slug),
    },
  });
  // The static pages (About, Contact, …); a save fires the content-change event (cache and chrome).
  const pages = createPagesService({ db, clock, events, timeZone: config.timezone, pageCache, chrome: chromeOf });
  const feeds = createFeedService({
    publicUrl: config.publicUrl,
    timeZone: config.timezone,
    clock,
    pageCache,
    reader,
    chrome: chromeOf,
    content: {
      listRecentArticles: (limit, sectionId) => listRecentArticles(db, limit, sectionId),
      listPublishedSince: (since, limit) => listPublishedSince(db, since, limit),
      listSitemapEntries: (limit, offset) => listSitemapEntries(db, limit, offset),
      countPublished: () => countPublished(db),
      findSectionBySlug: (slug) => findSectionBySlug(db, slug),
      listSections: () => listSections(db),
      listAuthors: () => listAuthors(db),
    },
  });
  const newsroom = createNewsroomService({
    db,
    clock,
    keys,
    timeZone: config.timezone,
    articles,
    existingTags: async (slugs) => (await findTagsBySlugs(db, slugs)).map((t) => t.slug),
    summaries: (ids) => findSummariesByIds(db, ids),
    staffNames: staff.names,
    keyOwnerNames: (ids) => apiKeys.ownerNames(ids),
  });
  // The daily email: assembled from the home front as readers see it (src/fronts composes it:
  // placed and pinned stories, then the newest), test sends only to active staff addresses.
  const newsletter = createNewsletterService({
    db,
    clock,
    log,
    timeZone: config.timezone,
    publicUrl: config.publicUrl,
    settings: config.newsletter,
    homeFront: async () => (await fronts.compose(frontOf(null), 60)).items.map((i) => i.story),
    stories: (ids) => findSummariesByIds(db, ids),
    siteName: async () => (await readSiteSettings(db)).name,
    mailer,
    isStaffAddress: async (email) => (await staff.list()).some((m) => m.disabledAt === null && m.email.toLowerCase() === email),
  });
  // The weekly magazine: proposed from the funnel's reads and the home front as readers see it.
  const magazine = createMagazineService({
    db,
    clock,
    timeZone: config.timezone,
    publishedBetween: (start, end) => listPublishedBetween(db, start, end, 500),
    findArticles: (ids) => findArticlesByIds(db, ids),
    findImages: (ids) => findImagesByIds(db, ids),
    readsBetween: (from, to) => readsByArticle(db, { from, to }),
    homeFront: async () => (await fronts.compose(frontOf(null), 60)).items.map((i) => i.story.id),
    read: (article, viewer) => reader.read(article, viewer),
    pathOf: (a) => articlePath(a, config.timezone),
    async searchPublished(query, limit) {
      const { ids } = await searchArticleIds(db, handle.dialect, query, limit, 0, 'full');
      return findSummariesByIds(db, ids);
    },
    summaries: (ids) => findSummariesByIds(db, ids),
    // A frozen edition's public page appears: the page cache (and the chrome) start again.
    changed: () => events.changed(),
  });
  const printCodes = createPrintCodeService({
    clock,
    timeZone: config.timezone,
    publicUrl: config.publicUrl,
    keys,
    magazine,
    livePath: async (id) => {
      const [a] = await findArticlesByIds(db, [id]);
      return a && isLive(a) ? articlePath(a, config.timezone) : null;
    },
    funnel,
  });
  // Who gets the printed magazine: the entitlement service's `weekly_print` holders at the
  // edition's cut-off, with the accounts' postal addresses; incomplete ones are asked by email.
  const mailingList = createMailingListService({
    db,
    clock,
    timeZone: config.timezone,
    publicUrl: config.publicUrl,
    magazine,
    termsOfReaders: (at) => entitlements.termsOfReaders('weekly_print', at),
    findReaders: (ids) => accounts.findReadersByIds(ids),
    mailer,
    names: async () => {
      const site = (await readSiteSettings(db)).name;
      return { site, magazine: magazineName(site) };
    },
  });
  // The admin's PDFs: the same builder and ports as `masthead magazine pdf`, run by a job. What
  // the worker's sweep does by itself (asks again for a stalled one, or gives it up) goes into the
  // audit trail, in the sweep's transaction.
  const audit = createAuditService({ db, clock });
  const magazinePdfs = createMagazinePdfService({
    db,
    jobs,
    clock,
    log,
    storage,
    magazine,
    pdf: {
      magazine,
      readFile: (key) => storage.get(key),
      siteName: async () => (await readSiteSettings(db)).name,
      codes: { story: printCodes.storyUrl, back: printCodes.backUrl },
    },
    recordAutomatic: (tx, a) =>
      audit.recordIn(tx, {
        actor: JOB_RUNNER_ACTOR,
        via: 'job',
        apiKeyId: null,
        method: 'JOB',
        route: a.what === 'gave-up' ? 'JOB magazine.pdf-sweep/give-up' : 'JOB magazine.pdf-sweep/ask-again',
        targetId: String(a.edition.number),
        targetKind: 'edition',
        targetName: a.name,
        status: 200,
      }),
  });
  const magazinePages = createMagazinePages({
    magazine,
    findImages: (ids) => findImagesByIds(db, ids),
    // An edition's public page lists only the printed stories still published, at their address now.
    liveStories: async (ids) =>
      new Map((await findSummariesByIds(db, ids)).filter(isLive).map((a) => [a.id, articlePath(a, config.timezone)])),
    pageCache,
    chrome: chromeOf,
  });
  const newsletterPages = createNewsletterPages({ newsletter, pageCache, chrome: chromeOf, timeZone: config.timezone });
  // Sending the daily email: the audience from entitlements (`daily_email`) and readers' own
  // opt-ins, through its own pool to the relay. Unsubscribing turns the reader's opt-in off too;
  // ticking or unticking it in /account starts or stops the email, a subscriber's included.
  const sendingConfig = config.newsletter.sending;
  const relayUrl = sendingConfig.smtpUrl;
  // Click counting through first-party redirect links, only when the paper turns it on.
  const newsletterClicks = createClickTracking({ db, publicUrl: config.publicUrl, keys, enabled: config.newsletter.clickTracking });
  const newsletterSending = createNewsletterSending({
    db,
    dialect: handle.dialect,
    clock,
    log,
    publicUrl: config.publicUrl,
    keys,
    newsletter,
    settings: {
      inFlight: sendingConfig.connections,
      giveUpAfterMs: sendingConfig.giveUpAfterMs,
      retryAfterMs: sendingConfig.retryAfterMs,
      leaseMs: sendingConfig.leaseMs,
    },
    entitled: (ids, at) => entitlements.readersEntitledTo('daily_email', ids, at),
    transport: relayUrl
      ? () =>
          createBulkSmtpTransport({
            url: relayUrl,
            from: config.mailFrom,
            connections: sendingConfig.connections,
            messagesPerSecond: sendingConfig.messagesPerSecond,
            dkim: sendingConfig.dkim && readDkimKey(sendingConfig.dkim),
          })
      : undefined,
    readerExists: async (readerId) => (await accounts.findReaderById(readerId)) !== undefined,
    bounceAddress: sendingConfig.bounceAddress,
    clicks: newsletterClicks,
    async setDailyEmailPreference(readerId, on) {
      const r = await accounts.findReaderById(readerId);
      if (r && r.emailPreferences.dailyEmail !== on) await accounts.updatePreferences(r, { ...r.emailPreferences, dailyEmail: on });
    },
  });
  // A subscriber's daily email on /account: sent or stopped, and the button that changes it.
  accounts.registerAccountPanel(
    newsletterAccountPanel({
      newsletterSending,
      entitled: async (id) => (await entitlements.readersEntitledTo('daily_email', [id], clock())).has(id),
      timeZone: config.timezone,
    }),
  );
  accounts.onPreferencesChange(async (r, before, after) => {
    if (after.dailyEmail && !before.dailyEmail) await newsletterSending.resubscribe(r.id);
    if (!after.dailyEmail && before.dailyEmail) await newsletterSending.optOut(r.id, 'account');
  });
  // The business office's readers: every action goes through the feature that owns it (closing
  // through `accounts.closeAccount`, so the close listeners above run and may refuse).
  const readerOffice = createReaderOffice({
    db,
    dialect: handle.dialect,
    clock,
    timeZone: config.timezone,
    emailLimitKey: keys[0] ?? '',
    accounts,
    subscriptions,
    entitlements,
    plans,
  });
  // What comes back: a hard bounce or a complaint stops mail to the address; a complaint stops the email.
  const bounceIntake = createBounceIntake({ db, clock, log, keys, unsubscribe: (id, via) => newsletterSending.unsubscribe(id, via) });
  const editionReports = createEditionReports({ db, newsletter, clickTracking: newsletterClicks.enabled });
  return {
    config,
    db,
    dialect: handle.dialect,
    clock,
    log,
    events,
    jobs,
    pageCache,
    articles,
    sections: createSectionService({ db, clock, events }),
    tags: createTagService({ db, clock, events }),
    authors: createAuthorService({ db, clock, events }),
    reader,
    apiKeys,
    storage,
    media,
    mailer,
    accounts,
    plans,
    readerSearch: createReaderSearch({ db }),
    staff,
    audit,
    async pingDatabase() {
      await sql`select 1`.execute(db);
    },
    subscriptions,
    entitlements,
    organisations,
    giftLinks,
    meterSettings,
    funnel,
    experiments,
    crawlers,
    meter,
    chrome: chromeOf,
    articlePage,
    sitePages,
    feeds,
    fronts,
    pages,
    newsroom,
    newsletter,
    newsletterPages,
    newsletterSending,
    newsletterClicks,
    readerOffice,
    bounceIntake,
    editionReports,
    magazine,
    printCodes,
    mailingList,
    magazinePdfs,
    magazinePages,
    dashboard: createDashboardService({
      db,
      clock,
      timeZone: config.timezone,
      sections: () => listSections(db),
      articleSummaries: (ids) => findSummariesByIds(db, ids),
    }),
    async close() {
      await meterSettings.settled();
      await experiments.settled();
      await funnel.close();
      await mailer.close();
    },
  };
}

/**
 * Every feature's job handlers, by kind: the one map the job runner of a worker process takes.
 * Each feature's handlers parse their payloads with a schema before they run (`jobHandler`).
 */
export function jobHandlers(s: Services): Record<string, JobHandler> {
  return {
    ...articleJobHandlers(s.articles),
    ...accountJobHandlers(s),
    ...meterJobHandlers(s),
    ...accessEndedJobHandlers(s),
    ...newsletterJobHandlers(s),
    ...s.magazinePdfs.jobHandlers(),
  };
}

/**
 * The recurring jobs: each puts its first run on the queue under a fixed dedupe key and
 * reschedules itself after every run, so any number of worker processes share one row of each.
 */
export const RECURRING_JOBS: ReadonlyArray<(s: Services, at: Date) => Promise<void>> = [
  schedulePurgeExpired,
  schedulePurgeEndedMeters,
  scheduleAccessEndedNotices,
  scheduleEditionAssembly,
  scheduleEditionSending,
  schedulePdfSweep,
];

/** Puts every recurring job's next run on the queue (a worker process, at its start). */
export async function scheduleRecurringJobs(s: Services, at: Date): Promise<void> {
  for (const schedule of RECURRING_JOBS) await schedule(s, at);
}

/** The DKIM signing key, read when a send starts: a missing or unreadable file is a clear error then. */
function readDkimKey(dkim: { domain: string; selector: string; privateKeyFile: string }): DkimSettings {
  let privateKey: string;
  try {
    privateKey = fs.readFileSync(dkim.privateKeyFile, 'utf8');
  } catch (err) {
    throw new Error(
      `MASTHEAD_DKIM_PRIVATE_KEY_FILE: cannot read ${dkim.privateKeyFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  if (!privateKey.includes('PRIVATE KEY-----'))
    throw new Error(`MASTHEAD_DKIM_PRIVATE_KEY_FILE: ${dkim.privateKeyFile} is not a PEM private key`);
  return { domain: dkim.domain, selector: dkim.selector, privateKey };
}
