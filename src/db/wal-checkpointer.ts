/**
 * SQLite's WAL checkpoints, off the request path. By default SQLite checkpoints inside the
 * commit that takes the WAL past 1,000 pages: that commit copies the pages into the database
 * file and fsyncs twice, on the one connection every request shares, so one request in ~150
 * first visits (each writes 6–7 pages) held the event loop for the checkpoint, and every request
 * behind it waited. The server instead turns automatic checkpoints off on its connection
 * (`wal_autocheckpoint = 0`) and runs `PRAGMA wal_checkpoint(PASSIVE)` on a connection of its
 * own in a worker thread, every `everyMs`. A PASSIVE checkpoint takes no lock a writer waits
 * for: it copies what is committed while the server keeps committing. (synchronous = NORMAL in
 * WAL mode already spares the commits themselves their fsync.)
 *
 * A PASSIVE checkpoint alone never lets the log start again under steady writes: SQLite rewinds
 * the WAL only when a write begins with every frame copied, and commits land while the checkpoint
 * runs. (Measured: 826 MB of WAL after 30 s of first visits.) So each round is two passes: one
 * while requests keep writing, then, once the log is long (`HOLD_AFTER_FRAMES`) and the first pass
 * could not copy it all, a short one holding the connection's lock (`exclusive`, the lock
 * Kysely's transactions take), so no commit lands between it and the next write, which then
 * starts the log from its beginning. Requests that write wait for that second pass (the
 * frames of the first pass's few milliseconds); the event loop never does.
 *
 * If the worker fails (it cannot open the file, say), the connection gets its automatic
 * checkpoints back, so the WAL never grows without bound. `stop()` ends the worker and waits
 * for it (terminating it if it does not end within a second); the last connection to close
 * checkpoints what is left.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** SQLite's default `wal_autocheckpoint`, given back when the worker fails. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/**
 * A round holds the connection (its second pass) only when the log has this many frames (SQLite's
 * own checkpoint size, 4 MB at 4 KB pages) and commits landed during its first pass. Holding it on
 * every round made every request that needed the connection (a meter read, the funnel's flush)
 * wait behind a checkpoint twice a second, even under a load that writes almost nothing.
 */
export const HOLD_AFTER_FRAMES = SQLITE_DEFAULT_AUTOCHECKPOINT;

export interface WalCheckpointer {
  /** Resolves once the worker has stopped and closed its connection. Safe to call twice. */
  stop(): Promise<void>;
  /** One PASSIVE checkpoint in the worker now (for tests): its result. */
  checkpointNow(): Promise<CheckpointResult>;
  /**
   * One round as the timer runs it: a pass beside the writes, then, only when commits landed during
   * it and the log has reached `HOLD_AFTER_FRAMES`, one with the connection held. Says which.
   */
  round(): Promise<'copied' | 'held'>;
}

/** What `PRAGMA wal_checkpoint` answers: whether it was blocked, WAL frames, frames copied. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

// The worker's code: a CommonJS script (eval), so it needs no file of its own in dist/ or in
// the bundle. It requires the driver by the absolute path the main thread resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
// Copies nothing: what the log holds now and how much of it is in the database file.
const state = () => db.pragma('wal_checkpoint(NOOP)')[0];
const end = () => { db.close(); parentPort.close(); };
parentPort.on('message', (m) => {
  if (m.type === 'now' || m.type === 'state') {
    try { parentPort.postMessage({ type: 'done', id: m.id, result: m.type === 'now' ? checkpoint() : state() }); }
    // A checkpoint that fails ends the worker: the main thread then turns SQLite's own checkpoints back on.
    catch (err) { parentPort.postMessage({ type: 'done', id: m.id, error: String(err && err.message) }); end(); }
  } else if (m.type === 'stop') end();
});
`;

/**
 * Whether a round, its first pass done, must hold the connection for a second: only when frames
 * are left to copy (commits landed during the pass) and the log has grown to `HOLD_AFTER_FRAMES`.
 * Every frame copied, the next write starts the log again by itself; a few left over are copied
 * by the next round.
 */
export function mustHold(after: CheckpointResult): boolean {
  return after.log >= HOLD_AFTER_FRAMES && after.checkpointed < after.log;
}

export function startWalCheckpointer(
  raw: SqliteDatabase.Database,
  /** Runs `work` while no other work of the process can use the connection (Kysely's connection lock). */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>,
  opts: { everyMs?: number | undefined; onError?: ((message: string) => void) | undefined } = {},
): WalCheckpointer {
  const file = raw.name;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  raw.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  let failure: string | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  const fallBack = (message: string) => {
    if (raw.open) raw.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    opts.onError?.(message);
  };

  // The worker starts with the first round, not with the process: booting a thread (an isolate
  // and the driver) is ~100 ms of CPU that a cold start, pinned to one core, would pay before
  // its first answer.
  let started: { worker: Worker; exit: Promise<void>; exited: boolean } | undefined;
  function workerOf() {
    if (started) return started;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    // The worker never keeps the process alive on its own.
    worker.unref();
    const state = { worker, exited: false, exit: Promise.resolve() };
    state.exit = new Promise<void>((resolve) => {
      worker.once('exit', () => {
        state.exited = true;
        resolve();
      });
    });
    worker.on('message', (m: { type: string; id?: number; result?: CheckpointResult; error?: string }) => {
      if (m.type === 'done' && m.id !== undefined) {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error !== undefined) failure = m.error;
        if (m.error !== undefined || m.result === undefined) w?.reject(new Error(m.error ?? 'no result'));
        else w?.resolve(m.result);
      }
    });
    worker.on('error', (err) => fallBack(err.message));
    void state.exit.then(() => {
      for (const w of waiting.values()) w.reject(new Error('the checkpoint worker has stopped'));
      waiting.clear();
      if (!stopping) fallBack(failure ?? 'the checkpoint worker stopped');
    });
    started = state;
    return state;
  }
  let stopped: Promise<void> | undefined;
  const ask = (type: 'now' | 'state'): Promise<CheckpointResult> => {
    if (stopping || started?.exited) return Promise.reject(new Error('the checkpoint worker has stopped'));
    const { worker } = workerOf();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ type, id });
    });
  };
  const checkpointNow = () => ask('now');
  /** One round: a pass beside the writes, then a short one with the connection held if needed (see the module comment). */
  const round = async (): Promise<'copied' | 'held'> => {
    await checkpointNow();
    // The log as it stands after the pass (its own answer counts only what it saw when it began).
    if (!mustHold(await ask('state'))) return 'copied';
    await exclusive(checkpointNow);
    return 'held';
  };
  let current: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopping || started?.exited) return;
    // One round at a time: a slow round delays the next rather than piling up.
    current = current.then(round).then(
      () => undefined,
      () => undefined,
    );
  }, opts.everyMs ?? 500);
  timer.unref();
  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        clearInterval(timer);
        await current;
        if (started && !started.exited) {
          const { worker, exit } = started;
          worker.postMessage({ type: 'stop' });
          const kill = setTimeout(() => void worker.terminate(), 1000);
          await exit;
          clearTimeout(kill);
        }
        // Whoever writes after this (nothing, normally) checkpoints as SQLite does by default.
        if (raw.open) raw.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
      })();
      return stopped;
    },
    checkpointNow,
    round,
  };
}
