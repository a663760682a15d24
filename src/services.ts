/**
 * The services of one running app, made once in buildApp and handed to every route plugin.
 * No module singletons: tests build as many apps as they like.
 */
import path from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { type AccountService, createAccountService, createReaderSearch, type ReaderSearch } from './accounts/index.js';
import { type ApiKeyService, createApiKeyService } from './api-keys/api-key-service.js';
import { findSummariesByIds } from './articles/article-repository.js';
import { type ArticleService, createArticleService } from './articles/article-service.js';
import { type AuthorService, createAuthorService } from './authors/index.js';
import { PageCache } from './cache/page-cache.js';
import type { Config } from './config.js';
import { type CrawlerVerifier, createCrawlerVerifier, type DnsResolver } from './crawlers/index.js';
import type { Db, DbHandle, Dialect } from './db/database.js';
import { createFunnelRecorder, type FunnelRecorder } from './funnel/index.js';
import { createGiftLinkService, type GiftLinkService } from './gift-links/index.js';
import { createJobQueue } from './jobs/job-queue.js';
import { createMailer, type MailTransport } from './mail/index.js';
import { createLocalStorage, createMediaService, type MediaService, type Storage } from './media/index.js';
import { createMeterPersonalData, createMeterService, createMeterSettings, type MeterService, type MeterSettings } from './meter/index.js';
import type { Clock, ContentEvents, JobQueue } from './platform.js';
import { type ContentReader, createContentReader } from './reading/content-reader.js';
import { loadSecretKeys } from './secrets.js';
import { createSectionService, type SectionService } from './sections/index.js';
import { listSections } from './sections/section-repository.js';
import { readSiteSettings } from './settings/site-settings.js';
import {
  createEntitlementService,
  createPlanService,
  createSubscriptionService,
  type EntitlementService,
  type PlanService,
  type SubscriptionService,
} from './subscriptions/index.js';
import { createTagService, type TagService } from './tags/index.js';
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
  /** Resolves when the database answers a trivial query (the readiness check). */
  pingDatabase(): Promise<void>;
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
  const reader = createContentReader({ policy: meterSettings.policy, clock });
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
  return {
    config,
    db,
    dialect: handle.dialect,
    clock,
    log,
    events,
    jobs,
    pageCache,
    articles: createArticleService({ db, clock, events, jobs }),
    sections: createSectionService({ db, clock, events }),
    tags: createTagService({ db, clock, events }),
    authors: createAuthorService({ db, clock, events }),
    reader,
    apiKeys: createApiKeyService({ db, clock }),
    storage,
    media: createMediaService({ db, storage, clock }),
    mailer,
    accounts,
    readerSearch: createReaderSearch({ db }),
    async pingDatabase() {
      await sql`select 1`.execute(db);
    },
    plans: createPlanService({ db, clock }),
    subscriptions,
    entitlements,
    giftLinks,
    meterSettings,
    funnel,
    crawlers,
    meter: createMeterService({
      db,
      clock,
      timeZone: config.timezone,
      keys,
      secure: config.publicUrl.startsWith('https://'),
      settings: meterSettings,
      reader,
      principal: accounts.principal,
      findReader: accounts.findReaderById,
      entitlementsFor: entitlements.entitlementsFor,
      webByAddress: entitlements.webByAddress,
      crawlers,
      gifts: giftLinks,
      funnel,
    }),
    chrome() {
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
    },
  };
}
