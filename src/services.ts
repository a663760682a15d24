/**
 * The services of one running app, made once in buildApp and handed to every route plugin.
 * No module singletons: tests build as many apps as they like.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { type AccountService, createAccountService } from './accounts/index.js';
import { type ApiKeyService, createApiKeyService } from './api-keys/api-key-service.js';
import {
  countPublished,
  findArticlesByIds,
  findImagesByIds,
  findSummariesByIds,
  listArticles,
  listPublishedSince,
  listRecentArticles,
  listSitemapEntries,
  searchArticleIds,
  searchTerms,
} from './articles/article-repository.js';
import { type ArticleService, createArticleService } from './articles/article-service.js';
import { PageCache } from './cache/page-cache.js';
import type { Config } from './config.js';
import { type CrawlerVerifier, createCrawlerVerifier, type DnsResolver } from './crawlers/index.js';
import type { Db, DbHandle, Dialect } from './db/database.js';
import { createFeedService, type FeedService } from './feeds/index.js';
import { createFunnelRecorder, type FunnelRecorder } from './funnel/index.js';
import { createGiftLinkService, type GiftLinkService } from './gift-links/index.js';
import { createJobQueue } from './jobs/job-queue.js';
import { createMailer, type MailTransport } from './mail/index.js';
import { createLocalStorage, createMediaService, type MediaService, type Storage } from './media/index.js';
import { createMeterPersonalData, createMeterService, createMeterSettings, type MeterService, type MeterSettings } from './meter/index.js';
import type { Clock, ContentEvents, JobQueue } from './platform.js';
import { type ContentReader, createContentReader } from './reading/index.js';
import { loadSecretKeys } from './secrets.js';
import { findAuthorBySlug, listAuthors } from './authors/author-repository.js';
import { findSectionBySlug, listSections } from './sections/section-repository.js';
import { readSiteSettings } from './settings/site-settings.js';
import {
  createEntitlementService,
  createPlanService,
  createSubscriptionService,
  type EntitlementService,
  type PlanService,
  type SubscriptionService,
} from './subscriptions/index.js';
import { type ArticlePageService, createArticlePageService, createSitePageService, type SitePageService } from './site/index.js';
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
  reader: ContentReader;
  apiKeys: ApiKeyService;
  storage: Storage;
  media: MediaService;
  /** Outgoing email: SMTP when SMTP_URL is set, else `.eml` files in the data directory's outbox. */
  mailer: MailTransport;
  /** Readers, staff, sessions, CSRF tokens and the account flows. */
  accounts: AccountService;
  /** The plan catalogue. */
  plans: PlanService;
  /** Checkout, payment events and the payments gateway. */
  subscriptions: SubscriptionService;
  /** Which entitlements a reader or request holds, and why: the one reader of subscription rows. */
  entitlements: EntitlementService;
  /** Gift links: a subscriber shares one article; `admit` lets the friend's browser read it. */
  giftLinks: GiftLinkService;
  /** The meter's policy and the paywall's words, as this process holds them. */
  meterSettings: MeterSettings;
  /** The meter on the article page: who reads, what they may see, and the count. */
  meter: MeterService;
  /** Verified search crawlers: which crawler a request claims to be, and whether its address backs the claim. */
  crawlers: CrawlerVerifier;
  /** The funnel: records every meter decision (buffered, never slows a page); closed with the app. */
  funnel: FunnelRecorder;
  /** Site name, sections and URL for the page shell; memoised until content changes. */
  chrome(): Promise<PageChrome>;
  /** The article page: from the request's facts to the page to send (meter, page cache, render). */
  articlePage: ArticlePageService;
  /** The site's listing pages (front, sections, authors, topics, search), through the page cache. */
  sitePages: SitePageService;
  /** Feeds, sitemaps and robots.txt, through the page cache. */
  feeds: FeedService;
}

export interface ServiceDeps {
  config: Config;
  handle: DbHandle;
  clock: Clock;
  log: Logger;
  events: ContentEvents;
  /** Where crawler addresses are looked up (reverse DNS); the system's resolver by default. */
  dnsResolver?: DnsResolver | undefined;
}

export function createServices(p: ServiceDeps): Services {
  const { config, handle, clock, log, events } = p;
  const db = handle.db;
  const jobs = createJobQueue();
  const pageCache = new PageCache(config.pageCacheBytes);
  const storage = createLocalStorage(path.join(config.dataDir, 'uploads'));
  const mailer = createMailer(config, log);
  const keys = loadSecretKeys(config);
  const meterSettings = createMeterSettings({ db, log, changed: () => events.changed() });
  const reader = createContentReader({ policy: meterSettings.policy });
  let chrome: Promise<PageChrome> | undefined;
  events.onChange(() => {
    pageCache.clear();
    chrome = undefined;
    void meterSettings.reload();
  });
  const accounts = createAccountService({
    db,
    clock,
    publicUrl: config.publicUrl,
    keys,
    mailer,
    log,
    siteName: async () => (await readSiteSettings(db)).name,
  });
  const entitlements = createEntitlementService({ db, dialect: handle.dialect, clock });
  const crawlers = createCrawlerVerifier({ db, clock, log, ...(p.dnsResolver ? { resolver: p.dnsResolver } : {}) });
  const funnel = createFunnelRecorder({ db, clock, log, timeZone: config.timezone });
  // The meter's share of personal data: its reading history in the download, its rows on closing.
  const meterData = createMeterPersonalData({
    db,
    timeZone: config.timezone,
    publicUrl: config.publicUrl,
    findArticles: (ids) => findSummariesByIds(db, ids),
  });
  accounts.registerDataExport('meter', (r) => meterData.exportFor(r.id));
  const giftLinks = createGiftLinkService({ db, clock, keys, publicUrl: config.publicUrl, timeZone: config.timezone });
  // Money and personal data (issue 11): closing an account cancels every live subscription through
  // the gateway first (or stops the closing, 409), leaves groups, erases the gifts' personal data;
  // "download my data" holds the subscriptions and group memberships (gifts: subscription-account-routes.tsx).
  const subscriptions = createSubscriptionService({ db, clock, config, jobs });
  // Close listeners run in this order, and the first that may refuse (a paid subscription the
  // gateway could not cancel) comes first, so a refusal leaves every other row as it was.
  accounts.onAccountClose((r) => subscriptions.closeAccountOf(r));
  accounts.onAccountClose((r) => meterData.forget(r.id));
  accounts.registerDataExport('subscriptions', (r) => subscriptions.exportFor(r.id));
  accounts.registerDataExport('groupMemberships', (r) => subscriptions.membershipsOf(r.id));
  function chromeOf(): Promise<PageChrome> {
    if (!chrome) {
      const pending = Promise.all([readSiteSettings(db), listSections(db)]).then(([site, sections]) => ({
        site,
        sections,
        publicUrl: config.publicUrl,
      }));
      chrome = pending;
      pending.catch(() => {
        if (chrome === pending) chrome = undefined;
      });
    }
    return chrome;
  }
  const articles = createArticleService({ db, clock, events, jobs });
  const plans = createPlanService({ db, clock });
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
  });
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
  const sitePages = createSitePageService({
    timeZone: config.timezone,
    pageCache,
    meter,
    reader,
    chrome: chromeOf,
    content: {
      listArticles: (f) => listArticles(db, f),
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
    reader,
    apiKeys: createApiKeyService({ db, clock }),
    storage,
    media: createMediaService({ db, storage, clock }),
    mailer,
    accounts,
    plans,
    subscriptions,
    entitlements,
    giftLinks,
    meterSettings,
    funnel,
    crawlers,
    meter,
    chrome: chromeOf,
    articlePage,
    sitePages,
    feeds,
  };
}
