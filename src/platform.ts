/**
 * The narrow interfaces features depend on for cross-cutting runtime services, so that each
 * is wired once in app.ts and replaced in tests.
 */
import type { Db } from './db/database.js';

/** The clock is an argument everywhere: tests set the time. */
export type Clock = () => Date;

/** Told after every committed content change; the page cache listens (and, on PostgreSQL, other processes too). */
export interface ContentEvents {
  changed(): void;
  onChange(listener: () => void): () => void;
}

export interface JobRequest {
  kind: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** A pending job with this key is replaced rather than duplicated. */
  dedupeKey?: string;
}

export interface JobQueue {
  /** Enqueues inside the caller's transaction, so a job exists only if the change committed. */
  enqueue(tx: Db, job: JobRequest): Promise<void>;
}
