/**
 * Opens the database: SQLite (better-sqlite3, WAL, foreign keys on) by default, PostgreSQL when
 * the URL says so. Both get the same Kysely<Database> and the same migrations.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type PgModule from 'pg';
import type { Database, DbHandle } from './database.js';
import { FifoSqliteDialect } from './fifo-sqlite-dialect.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

// The PostgreSQL driver is loaded the first time a PostgreSQL database is opened, not by every
// process: on SQLite it is never needed, and loading it costs start-up time (docs/ARCHITECTURE.md, "Start-up").
// `require` keeps openPostgres synchronous; pg is a CommonJS package.
let pgModule: typeof PgModule | undefined;
function loadPg(): typeof PgModule {
  if (!pgModule) {
    pgModule = withNavigator(() => createRequire(import.meta.url)('pg') as typeof PgModule);
    // int8 (counts, sums) as numbers: our counts are far below 2^53.
    pgModule.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  }
  return pgModule;
}

/**
 * pg asks once, as it loads, whether it runs in a Cloudflare Worker (pg/lib/stream.js,
 * `isCloudflareRuntime`): it reads `navigator.userAgent`, and where there is no `navigator` (Node
 * 20; Node 21 and later have one) it constructs a `Response` instead, which makes Node 20 load and
 * compile its bundled fetch (undici) for nothing else: about 15 ms of every PostgreSQL start
 * (bench/README.md, "Session 12"). On Node 20 the require gets, for its own duration, the
 * `navigator` later versions have; nothing else runs meanwhile (it is synchronous).
 */
function withNavigator<T>(load: () => T): T {
  if ('navigator' in globalThis) return load();
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` },
    configurable: true,
    writable: true,
  });
  try {
    return load();
  } finally {
    Reflect.deleteProperty(globalThis, 'navigator');
  }
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** SQLite: WAL checkpoints in a worker thread instead of inside commits (src/db/wal-checkpointer.ts); what the server runs. */
  backgroundCheckpoints?: boolean | undefined;
  /** Told when the background checkpoints fail (the connection checkpoints in commits again). */
  onCheckpointError?: ((message: string) => void) | undefined;
  /** How often the background checkpoint runs (every 500 ms by default). */
  checkpointEveryMs?: number | undefined;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  return openSqlite(path.join(opts.dataDir, 'masthead.sqlite'), opts);
}

export function openPostgres(connectionString: string, max = 10): DbHandle {
  const pool = new (loadPg().Pool)({ connectionString, max });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  postgresPools.set(db, pool);
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

const postgresPools = new WeakMap<Kysely<Database>, PgModule.Pool>();

/**
 * A statement the server prepares once per connection (`name`: pg's named statements) and then
 * only binds and runs: for a hot statement whose parse and plan cost more than its work. Through
 * the pool `openPostgres` made for `db`; undefined for any other database (SQLite, PGlite in
 * tests), whose caller runs the statement through Kysely instead.
 *
 * Used once, for the meter's grouped start (src/meter/anonymous-meter-repository.ts), and kept to
 * that on purpose rather than made the way every statement runs. It is the one hot statement
 * whose long text is the same on every call (whatever the group's size) and whose parse and plan
 * were measured to matter (with its `synchronous_commit` off, PostgreSQL's CPU per first visit
 * went 131–187 → 58–67 µs: bench/README.md). Elsewhere Kysely's text changes with its inputs
 * (`in` lists, optional conditions), and a name must always carry the same text on a connection
 * (a changed text needs a new name: hence the `_v1` the caller puts in it). It runs on a pool
 * connection of its own, outside Kysely: outside any transaction the caller holds, so only a
 * statement that is its own transaction may use it. And a pooler in transaction mode (PgBouncer
 * before 1.21) does not keep named statements: the fewer there are, the less to change behind one.
 */
export function preparedPostgres(
  db: Kysely<Database>,
): ((name: string, text: string, values: unknown[]) => Promise<{ rows: unknown[] }>) | undefined {
  const pool = postgresPools.get(db);
  return pool && ((name, text, values) => pool.query({ name, text, values }));
}

export function openSqlite(
  file: string,
  opts: Pick<OpenOptions, 'backgroundCheckpoints' | 'onCheckpointError' | 'checkpointEveryMs'> = {},
): DbHandle {
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  const statements = statementCache(raw);
  // First come, first served on the one connection (src/db/fifo-sqlite-dialect.ts).
  const db = new Kysely<Database>({ dialect: new FifoSqliteDialect({ database: wrapSqlite(raw, statements) }) });
  // Not for an in-memory database (no WAL), nor for commands and tests unless they ask.
  const checkpointer =
    opts.backgroundCheckpoints && raw.name !== ':memory:' && !raw.memory
      ? startWalCheckpointer(raw, (work) => db.getExecutor().provideConnection(() => work()), {
          onError: opts.onCheckpointError,
          everyMs: opts.checkpointEveryMs,
        })
      : undefined;
  sqliteHandles.set(db, { raw, prepare: statements, checkpointer });
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      // The worker's connection first: the last connection to close checkpoints what is left.
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** The better-sqlite3 connection under a Kysely instance opened by `openSqlite`, with its statement cache. */
export interface SqliteHandle {
  raw: SqliteDatabase.Database;
  /** A prepared statement for the SQL text, prepared once per connection. */
  prepare(sqlText: string): SqliteDatabase.Statement;
  /** Set when WAL checkpoints run in a worker thread (`backgroundCheckpoints`). */
  checkpointer?: WalCheckpointer | undefined;
}

const sqliteHandles = new WeakMap<Kysely<Database>, SqliteHandle>();

/** The SQLite connection under `db`, or undefined when `db` is not one `openSqlite` opened (PostgreSQL). */
export function sqliteHandleOf(db: Kysely<Database>): SqliteHandle | undefined {
  return sqliteHandles.get(db);
}

/**
 * Runs synchronous work on `db`'s SQLite connection while holding Kysely's lock on it (the one
 * connection is shared: a Kysely transaction holds the lock from its BEGIN to its COMMIT, so the
 * work never lands inside another caller's transaction).
 */
export function onSqliteConnection<T>(db: Kysely<Database>, work: () => T): Promise<T> {
  return db.getExecutor().provideConnection(async () => work());
}

// Statements stay prepared per connection: better-sqlite3 compiles SQL on `prepare`, which cost
// about as much as running a short statement. Kysely runs one statement at a time on the one
// connection (its lock), so a cached statement is never busy, except when iterated: streams
// prepare their own. Bounded: a query built with a varying number of values makes new SQL text.
const STATEMENTS_MAX = 1000;

function statementCache(raw: SqliteDatabase.Database): (sqlText: string) => SqliteDatabase.Statement {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return (sqlText) => {
    let stmt = cache.get(sqlText);
    if (stmt === undefined) {
      stmt = raw.prepare(sqlText);
      if (cache.size >= STATEMENTS_MAX) cache.clear();
      cache.set(sqlText, stmt);
    }
    return stmt;
  };
}

// --- The SQLite driver edge --------------------------------------------------------------------
// better-sqlite3 binds neither Date nor boolean, and returns timestamps as the text we stored.
// Kysely's SqliteDialect needs only `prepare` and `close` (its SqliteDatabase interface), so we
// hand it a thin wrapper that writes Dates as ISO-8601 UTC text (which sorts correctly) and turns
// every `*_at` column back into a Date on the way out.

type Row = Record<string, unknown>;

function toParam(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

export function reviveTimestamps(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  const r = row as Row;
  for (const key in r) {
    const v = r[key];
    if (typeof v === 'string' && key.endsWith('_at')) r[key] = new Date(v);
  }
  return r;
}

function wrapSqlite(raw: SqliteDatabase.Database, prepare: (sqlText: string) => SqliteDatabase.Statement) {
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      const stmt = prepare(sqlText);
      return {
        reader: stmt.reader,
        all: (params: readonly unknown[]) => stmt.all(...params.map(toParam)).map(reviveTimestamps),
        run: (params: readonly unknown[]) => stmt.run(...params.map(toParam)),
        *iterate(params: readonly unknown[]) {
          for (const row of raw.prepare(sqlText).iterate(...params.map(toParam))) yield reviveTimestamps(row);
        },
      };
    },
  };
}
