/**
 * The funnel recorder: the meter calls `record` on every article page, so it must cost the page
 * nothing. It pushes the event onto an in-memory buffer and returns; a timer (and a full batch)
 * sums the buffer into counters and writes them in one transaction. A failed write keeps the
 * events for the next try, up to a bound past which the oldest are dropped and counted in the log:
 * losing some statistics while the database is away is better than growing without limit.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform.js';
import { aggregateArmEvents, aggregateEvents, type FunnelEvent, localDayFn } from './funnel.js';
import { addArmCounts, addFunnelCounts } from './funnel-repository.js';

export interface FunnelRecorder {
  /** Synchronous, allocation-light, never throws, never awaits the database: pushes to an in-memory buffer. */
  record(e: FunnelEvent): void;
  /**
   * Writes the buffer now (summed into counters, upserted in one transaction). Called by a timer
   * every `flushMs`, when the buffer reaches `maxBatch` events, and on shutdown. Never rejects: a
   * failed write is logged and its events are kept for the next try.
   */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

export interface FunnelRecorderDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** The paper's time zone: counters are kept per local day. */
  timeZone: string;
  /** How often the timer writes the buffer (default 1 s). */
  flushMs?: number;
  /** A buffer this long is written at once, without waiting for the timer (default 500). */
  maxBatch?: number;
  /** The most events kept while the database is failing; older ones are dropped (default 50,000). */
  maxBuffered?: number;
}

/** How often a failing database is reported while it keeps failing. */
const FAILURE_LOG_MS = 60_000;

export function createFunnelRecorder(deps: FunnelRecorderDeps): FunnelRecorder {
  const { db, clock, log } = deps;
  const maxBatch = Math.max(1, deps.maxBatch ?? 500);
  const maxBuffered = Math.max(maxBatch, deps.maxBuffered ?? 50_000);
  const dayOf = localDayFn(deps.timeZone);

  // A queue as an array and the index of its oldest live entry: dropping the oldest is O(1).
  let buffer: (FunnelEvent | undefined)[] = [];
  let head = 0;
  let writes: Promise<void> = Promise.resolve();
  let flushQueued = false;
  let failing = false;
  let lastFailureLog = 0;
  let dropped = 0;
  let closed = false;

  const size = () => buffer.length - head;

  function takeAll(): FunnelEvent[] {
    const taken = buffer.slice(head).filter((e): e is FunnelEvent => e !== undefined);
    buffer = [];
    head = 0;
    return taken;
  }

  /** Puts a failed batch back in front of what arrived meanwhile, dropping the oldest past the bound. */
  function keep(batch: FunnelEvent[]): void {
    const all: (FunnelEvent | undefined)[] = batch.concat(takeAll());
    const over = all.length - maxBuffered;
    if (over > 0) dropped += over;
    buffer = over > 0 ? all.slice(over) : all;
  }

  async function writeOnce(): Promise<void> {
    flushQueued = false;
    if (size() === 0) return;
    const valid: FunnelEvent[] = [];
    for (const e of takeAll()) {
      if (e.at instanceof Date && !Number.isNaN(e.at.getTime())) valid.push(e);
      else dropped++;
    }
    if (valid.length === 0) return;
    try {
      const rows = aggregateEvents(valid, dayOf);
      // An experiment's counters (src/experiments) commit with the day's, so the two never disagree.
      const armRows = aggregateArmEvents(valid);
      await db.transaction().execute(async (tx) => {
        await addFunnelCounts(tx, rows);
        if (armRows.length > 0) await addArmCounts(tx, armRows);
      });
      if (failing) log.info({ dropped }, 'funnel: writing events again');
      else if (dropped > 0) log.warn({ dropped }, 'funnel: dropped events that could not be recorded');
      failing = false;
      dropped = 0;
    } catch (err) {
      keep(valid);
      const now = clock().getTime();
      if (!failing || now - lastFailureLog >= FAILURE_LOG_MS) {
        log.error({ err, kept: size(), dropped }, 'funnel: writing events failed; keeping them for the next try');
        lastFailureLog = now;
      }
      failing = true;
    }
  }

  function flush(): Promise<void> {
    // One write at a time, in order: a flush called during a write runs after it.
    writes = writes.then(writeOnce, writeOnce);
    return writes;
  }

  const timer = setInterval(() => {
    if (size() > 0) void flush();
  }, deps.flushMs ?? 1000);
  // The timer alone never keeps the process (or a test run) alive; close() stops it.
  timer.unref();

  return {
    record(e) {
      try {
        buffer.push(e);
        if (buffer.length - head > maxBuffered) {
          buffer[head++] = undefined;
          dropped++;
          // Compact now and then so the array does not grow with what was dropped.
          if (head >= maxBatch && head * 2 >= buffer.length) {
            buffer = buffer.slice(head);
            head = 0;
          }
        }
        // A full batch goes out now, unless the database is failing: then the timer retries, so
        // every page view does not hammer a database that is down.
        if (!flushQueued && !failing && !closed && buffer.length - head >= maxBatch) {
          flushQueued = true;
          void flush();
        }
      } catch {
        // Never fail a page for a statistic.
      }
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}
