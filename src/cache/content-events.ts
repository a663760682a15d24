/**
 * Content-change notifications. In one process, a plain listener list. On PostgreSQL, a change
 * is also sent with NOTIFY and every process LISTENs, so each empties its own page cache.
 */
import type { Client } from 'pg';
import type { Logger } from 'pino';
import type { ContentEvents } from '../platform.js';

const CHANNEL = 'masthead_content_changed';

export function createLocalContentEvents(): ContentEvents & { emitLocal(): void } {
  const listeners = new Set<() => void>();
  const emitLocal = () => {
    for (const l of listeners) l();
  };
  return {
    changed: emitLocal,
    emitLocal,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Wires NOTIFY/LISTEN on a dedicated connection; reconnects after errors. */
export async function createPostgresContentEvents(
  connectionString: string,
  log: Logger,
): Promise<ContentEvents & { close(): Promise<void> }> {
  const local = createLocalContentEvents();
  // Loaded here, not at the top: a process on SQLite never needs the PostgreSQL driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString, max: 2 });
  let listener: Client | undefined;
  let closed = false;

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString });
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL) local.emitLocal();
    });
    client.on('error', (err) => {
      log.warn({ err }, 'content-change listener lost its connection; reconnecting');
      client.end().catch(() => {});
      // Changes made while we were away: empty the cache once we are back.
      if (!closed)
        setTimeout(
          () =>
            listen()
              .then(local.emitLocal)
              .catch((e) => log.error({ err: e }, 'listener reconnect failed')),
          1000,
        );
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  }
  await listen();

  return {
    changed() {
      // The NOTIFY comes back to this process too; empty our own cache at once anyway.
      local.emitLocal();
      pool.query(`NOTIFY ${CHANNEL}`).catch((err) => log.error({ err }, 'NOTIFY failed'));
    },
    onChange: local.onChange,
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };
}
