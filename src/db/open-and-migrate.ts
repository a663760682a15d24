/**
 * What every command that touches the database does first: open it (SQLite or PostgreSQL, from
 * the config) and apply the pending migrations, saying which in the log; on a PostgreSQL server,
 * graphile-worker's too.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openDatabase } from './connect.js';
import type { DbHandle } from './database.js';
import { migrateToLatest } from './migrate.js';

export async function openAndMigrate(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>,
  opts: { backgroundCheckpoints?: boolean } = {},
): Promise<DbHandle> {
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...opts,
    onCheckpointError: (message) =>
      log.warn({ err: message }, 'SQLite WAL checkpoints in the background failed; checkpoints run in commits again'),
  });
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) log.info({ applied }, 'database migrated');
  // On a PostgreSQL server the job queue is graphile-worker, which keeps its own schema
  // (src/jobs/job-backend.ts). Loaded only then: a command on SQLite never loads the job code.
  // Only when its schema is behind (a new database, a new version): loading it costs every start.
  if (config.databaseUrl)
    await (await import('../jobs/graphile-queue.js')).migrateGraphileWorkerIfBehind(handle.db, config.databaseUrl, log);
  return handle;
}
