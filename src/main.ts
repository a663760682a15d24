/**
 * The process: read config, open and migrate the database, build every feature through the
 * composition root (src/services.ts), then start this process's role:
 * - `web`: the HTTP listener and its routes; no job runs here;
 * - `worker`: the job runner and the recurring schedules; no HTTP listener;
 * - `all` (the default): both, in one process.
 * Every role builds the same features, so every cross-feature effect (an account closing, a
 * content change emptying the caches) holds in each. SIGINT/SIGTERM close everything in order:
 * in-flight requests and the job under way finish first.
 */
import { createLocalContentEvents, createPostgresContentEvents } from './cache/content-events.js';
import type { Config } from './config.js';
import { openAndMigrate } from './db/open-and-migrate.js';
import { startJobRunnerFor } from './jobs/job-backend.js';
import { createLogger } from './logger.js';
import type { ContentEvents } from './platform.js';
import { buildServices, jobHandlers, type Services, scheduleRecurringJobs } from './services.js';

/** What a process runs: see the module comment. */
export const ROLES = ['web', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
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
  lines.push(`  the newsroom: ${publicUrl}admin (the first owner: npx masthead staff create --email … --name … --role owner)`);
  if (demoWarning) lines.push(`  Warning: ${demoWarning}`);
  return { publicUrl, listening, demoWarning, lines };
}

/** How long after listening a process that serves and runs jobs starts its job runner. */
export const JOBS_AFTER_LISTEN_MS = 500;

export interface ServeOptions {
  /** What this process runs; `all` by default. */
  role?: Role;
  /** Runs before anything starts, with the services (e.g. seeding demo content on an empty database). */
  beforeListen?: (services: Services) => Promise<void>;
}

export async function serve(config: Config, opts: ServeOptions = {}): Promise<void> {
  const role = opts.role ?? 'all';
  const log = createLogger(config).child({ role });
  // The web app (Fastify and every route module) loads while the database opens; a worker never loads it.
  const webApp = role !== 'worker' ? import('./app.js') : undefined;
  // Not awaited until needed: a failed open must not leave this import's failure unhandled.
  webApp?.catch(() => undefined);
  // A serving process checkpoints SQLite's WAL in a worker thread, never inside a request's
  // commit (src/db/wal-checkpointer.ts).
  const handle = await openAndMigrate(config, log, { backgroundCheckpoints: true });
  const events: ContentEvents & { close?: () => Promise<void> } = config.databaseUrl
    ? await createPostgresContentEvents(config.databaseUrl, log)
    : createLocalContentEvents();
  const services = await buildServices({ config, handle, log, events });
  if (opts.beforeListen) await opts.beforeListen(services);

  const runsJobs = role !== 'web';
  let runner: Awaited<ReturnType<typeof startJobRunnerFor>> | undefined;
  let closing = false;
  let starting: Promise<void> | undefined;
  const startJobs = async () => {
    runner = await startJobRunnerFor({ config, handle, clock: services.clock, log, handlers: jobHandlers(services) });
    await scheduleRecurringJobs(services, services.clock());
  };
  // A worker starts its jobs at once. A process that also serves starts them once it listens and
  // has had a moment for its first requests: the job library (graphile-worker on PostgreSQL) and
  // the first runs need nothing a reader's request does (`JOBS_AFTER_LISTEN_MS`).
  if (runsJobs && !webApp) await startJobs();

  const app = webApp ? await (await webApp).buildWebApp(services, { config, log }) : undefined;
  if (app) {
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const banner = startBanner(config, port, handle.dialect);
    log.info({ publicUrl: banner.publicUrl, listening: banner.listening, database: handle.dialect }, 'Masthead is serving');
    if (banner.demoWarning) log.warn({ payments: 'demo' }, banner.demoWarning);
    if (process.stdout.isTTY || config.nodeEnv !== 'production') process.stdout.write(`\n${banner.lines.join('\n')}\n\n`);
    if (runsJobs) {
      setTimeout(() => {
        if (closing) return;
        starting = startJobs();
        starting.catch((err: unknown) => {
          log.error({ err }, 'the job runner could not start; stopping');
          process.exitCode = 1;
          void shutdown('job runner failed');
        });
      }, JOBS_AFTER_LISTEN_MS);
    }
  } else {
    log.info({ database: handle.dialect, pollMs: config.jobPollMs }, 'Masthead worker is running jobs');
    if (process.stdout.isTTY || config.nodeEnv !== 'production') {
      process.stdout.write(`\nMasthead worker is running jobs (database: ${handle.dialect}); no HTTP listener\n\n`);
    }
  }

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, app ? 'shutting down: finishing in-flight requests' : 'shutting down: finishing the job under way');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      // A runner still starting is let start, then stopped with the rest.
      await starting?.catch(() => undefined);
      // The job under way finishes first: it may still send mail through the services.
      await runner?.stop();
      // Closing the web app closes the services after its last request (buildWebApp); a worker closes them itself.
      if (app) await app.close();
      else await services.close();
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
