/**
 * The services of one running app, made once in buildApp and handed to every route plugin.
 * No module singletons: tests build as many apps as they like.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { type AccountService, createAccountService } from './accounts/index.js';
import { type ApiKeyService, createApiKeyService } from './api-keys/api-key-service.js';
import { type ArticleService, createArticleService } from './articles/article-service.js';
import { PageCache } from './cache/page-cache.js';
import type { Config } from './config.js';
import type { Db, DbHandle, Dialect } from './db/database.js';
import { createJobQueue } from './jobs/job-queue.js';
import { createMailer, type MailTransport } from './mail/index.js';
import { createLocalStorage, createMediaService, type MediaService, type Storage } from './media/index.js';
import type { Clock, ContentEvents, JobQueue } from './platform.js';
import { type ContentReader, createContentReader } from './reading/content-reader.js';
import { loadSecretKeys } from './secrets.js';
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
  /** Site name, sections and URL for the page shell; memoised until content changes. */
  chrome(): Promise<PageChrome>;
}

export function createServices(p: { config: Config; handle: DbHandle; clock: Clock; log: Logger; events: ContentEvents }): Services {
  const { config, handle, clock, log, events } = p;
  const db = handle.db;
  const jobs = createJobQueue();
  const pageCache = new PageCache(config.pageCacheBytes);
  const storage = createLocalStorage(path.join(config.dataDir, 'uploads'));
  const mailer = createMailer(config, log);
  let chrome: Promise<PageChrome> | undefined;
  events.onChange(() => {
    pageCache.clear();
    chrome = undefined;
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
    articles: createArticleService({ db, clock, events, jobs }),
    reader: createContentReader({ leadInParagraphs: 2 }),
    apiKeys: createApiKeyService({ db, clock }),
    storage,
    media: createMediaService({ db, storage, clock }),
    mailer,
    accounts: createAccountService({
      db,
      clock,
      publicUrl: config.publicUrl,
      keys: loadSecretKeys(config),
      mailer,
      log,
      siteName: async () => (await readSiteSettings(db)).name,
    }),
    plans: createPlanService({ db, clock }),
    subscriptions: createSubscriptionService({ db, clock, config }),
    entitlements: createEntitlementService({ db, dialect: handle.dialect, clock }),
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
