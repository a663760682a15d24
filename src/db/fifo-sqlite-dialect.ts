/**
 * Kysely's SQLite dialect with a first-come, first-served lock on its one connection.
 *
 * Kysely's SqliteDriver guards the connection with a mutex whose every waiter awaits one shared
 * promise: each release wakes all of them, one takes the lock and the others go back to
 * waiting. With N requests queued for the database (500 connections of first visits, each
 * writing a meter), every hand-over costs N wake-ups, N² in all, and CPU per request grows with
 * the queue, which then grows further. This driver wraps Kysely's and queues callers in order,
 * handing the lock to exactly one waiter per release; Kysely's own mutex is then never contended.
 */
import { type DatabaseConnection, type Driver, SqliteDialect, type TransactionSettings } from 'kysely';

/** A lock handed to waiters in the order they asked, one per release. */
export class FifoLock {
  #held = false;
  #queue: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  release(): void {
    const next = this.#queue.shift();
    // Handed straight to the next waiter: the lock is never free while someone waits.
    if (next) next();
    else this.#held = false;
  }

  /** Callers waiting for the lock (for tests). */
  get waiting(): number {
    return this.#queue.length;
  }
}

class FifoDriver implements Driver {
  readonly #inner: Driver;
  readonly lock = new FifoLock();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire();
    try {
      return await this.#inner.acquireConnection();
    } catch (err) {
      this.lock.release();
      throw err;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  savepoint: Driver['savepoint'] = (connection, name, compile) => must(this.#inner.savepoint).call(this.#inner, connection, name, compile);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (connection, name, compile) =>
    must(this.#inner.rollbackToSavepoint).call(this.#inner, connection, name, compile);
  releaseSavepoint: Driver['releaseSavepoint'] = (connection, name, compile) =>
    must(this.#inner.releaseSavepoint).call(this.#inner, connection, name, compile);

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection);
    } finally {
      this.lock.release();
    }
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

function must<T>(fn: T | undefined): T {
  if (fn === undefined) throw new Error('the SQLite driver has no savepoints');
  return fn;
}

/** SqliteDialect whose driver queues callers first come, first served (see the module comment). */
export class FifoSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new FifoDriver(super.createDriver());
  }
}
