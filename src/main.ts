/**
 * The process: read config, open and migrate the database, start the web server and the job
 * runner, and close everything in order on SIGINT/SIGTERM (in-flight requests finish first).
 */
import pino, { type Logger } from 'pino';
import { accountJobHandlers, schedulePurgeExpired } from './accounts/account-jobs.js';
import { buildApp } from './app.js';
import { PUBLISH_JOB } from './articles/article-service.js';
import { createLocalContentEvents, createPostgresContentEvents } from './cache/content-events.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connect.js';
import type { DbHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { startJobRunner } from './jobs/job-queue.js';
import { meterJobHandlers, schedulePurgeEndedMeters } from './meter/index.js';
import type { ContentEvents } from './platform.js';
import type { Services } from './services.js';
import { accessEndedJobHandlers, scheduleAccessEndedNotices } from './subscriptions/index.js';

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid } });
}

export async function openAndMigrate(config: Config, log: Logger): Promise<DbHandle> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) log.info({ applied }, 'database migrated');
  return handle;
}

export interface StartBanner {
  /** The address readers should use: PUBLIC_URL. */
  publicUrl: string;
  /** Where this process listens, when it differs from PUBLIC_URL (behind a proxy, or another port). */
  listening: string | undefined;
  /** Set while the demo gateway runs: said at every start, so nobody mistakes it for a shop. */
  demoWarning: string | undefined;
  lines: string[];
}

/** What the start says: the readers' address first, then where it listens, then the demo warning. */
export function startBanner(config: Pick<Config, 'publicUrl' | 'host' | 'payments'>, port: number, database: string): StartBanner {
  const host =
    config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const publicUrl = `${config.publicUrl}/`;
  const listen = `http://${host}:${port}/`;
  const listening = listen === publicUrl ? undefined : listen;
  const demoWarning =
    config.payments.gateway === 'demo'
      ? 'Payments run on the demo gateway: no money moves and every checkout succeeds for free. Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to take payments.'
      : undefined;
  const lines = [`Masthead is running at ${publicUrl} (database: ${database})`];
  if (listening) lines.push(`  listening on ${listening}`);
  if (demoWarning) lines.push(`  Warning: ${demoWarning}`);
  return { publicUrl, listening, demoWarning, lines };
}

export interface ServeOptions {
  /** Runs before listening, with the app's services (e.g. seeding demo content on an empty database). */
  beforeListen?: (services: Services) => Promise<void>;
}

export async function serve(config: Config, opts: ServeOptions = {}): Promise<void> {
  const log = createLogger(config);
  const handle = await openAndMigrate(config, log);
  const events: ContentEvents & { close?: () => Promise<void> } = config.databaseUrl
    ? await createPostgresContentEvents(config.databaseUrl, log)
    : createLocalContentEvents();
  const { app, services } = await buildApp({ config, handle, log, events });
  if (opts.beforeListen) await opts.beforeListen(services);

  const runner = startJobRunner({
    db: handle.db,
    dialect: handle.dialect,
    clock: services.clock,
    log,
    pollMs: config.jobPollMs,
    handlers: {
      [PUBLISH_JOB]: async (payload) => {
        if (typeof payload.articleId === 'string') await services.articles.publishIfDue(payload.articleId);
      },
      ...accountJobHandlers(services),
      ...meterJobHandlers(services),
      ...accessEndedJobHandlers(services),
    },
  });
  await schedulePurgeExpired(services, services.clock());
  await schedulePurgeEndedMeters(services, services.clock());
  await scheduleAccessEndedNotices(services, services.clock());

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const banner = startBanner(config, port, handle.dialect);
  log.info({ publicUrl: banner.publicUrl, listening: banner.listening, database: handle.dialect }, 'Masthead is serving');
  if (banner.demoWarning) log.warn({ payments: 'demo' }, banner.demoWarning);
  if (process.stdout.isTTY || config.nodeEnv !== 'production') process.stdout.write(`\n${banner.lines.join('\n')}\n\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await app.close();
      await runner.stop();
      await events.close?.();
      await handle.close();
      log.info('shut down cleanly');
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      process.exitCode = 1;
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
