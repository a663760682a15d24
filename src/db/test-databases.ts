/**
 * Test support: every data-layer test runs on both dialects. SQLite is a temp file; PostgreSQL is
 * a fresh database on the server named by TEST_DATABASE_URL, or else PGlite in-process (one per
 * test file: each instance costs hundreds of MB).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { migrateGraphileWorker } from '../jobs/graphile-queue.js';
import { openPostgres, openSqlite } from './connect.js';
import type { Database, DbHandle } from './database.js';
import { migrateToLatest } from './migrate.js';

export const DIALECTS = ['sqlite', 'postgres'] as const;

export async function openTestDatabase(dialect: (typeof DIALECTS)[number]): Promise<DbHandle> {
  const handle = await openEmptyTestDatabase(dialect);
  await migrateToLatest(handle.db);
  return handle;
}

/** A fresh database of the dialect with no migration applied (for tests of one migration). */
export async function openEmptyTestDatabase(dialect: (typeof DIALECTS)[number]): Promise<DbHandle> {
  return dialect === 'sqlite' ? openTempSqlite() : await openTestPostgres();
}

function openTempSqlite(): DbHandle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-test-'));
  const handle = openSqlite(path.join(dir, 'test.sqlite'));
  return {
    ...handle,
    close: async () => {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The PostgreSQL server for tests of concurrency and of several processes, which PGlite (one
 * connection) cannot show: TEST_DATABASE_URL, else the machine's local server.
 */
export function serverPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * A fresh database on the real server, migrated (ours and graphile-worker's, as a process with
 * DATABASE_URL does); `databaseUrl` reaches it from other clients.
 */
export async function openServerPostgres(): Promise<DbHandle & { databaseUrl: string }> {
  const handle = await createServerDatabase(serverPostgresUrl());
  await migrateToLatest(handle.db);
  await migrateGraphileWorker(handle.databaseUrl, pino({ level: 'silent' }));
  return handle;
}

/** A fresh database on the real server with nothing in it (for tests of what a start migrates). */
export function openEmptyServerPostgres(): Promise<DbHandle & { databaseUrl: string }> {
  return createServerDatabase(serverPostgresUrl());
}

/** An empty database of a test's own on the PostgreSQL server, and how to drop it. */
export interface ServerDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty database on the real server (`prefix` and a unique tail), for a test that starts
 * processes on it (the bundle, `--role web|worker`). In CI the server must be TEST_DATABASE_URL's:
 * `what` names the test in the error that says so.
 */
export async function createServerPostgresDatabase(prefix: string, what: string): Promise<ServerDatabase> {
  if (process.env.CI === 'true' && !process.env.TEST_DATABASE_URL) {
    throw new Error(`CI=true but TEST_DATABASE_URL is not set: ${what} must run on the real PostgreSQL server in CI`);
  }
  const server = serverPostgresUrl();
  const { name, url } = await createDatabaseOn(server, prefix);
  return {
    url,
    async drop() {
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function createDatabaseOn(server: string, prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return { name, url: u.toString() };
}

async function openTestPostgres(): Promise<DbHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return createServerDatabase(url);
  if (process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests must run on the real server in CI');
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const client = new PGlite();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

async function createServerDatabase(url: string): Promise<DbHandle & { databaseUrl: string }> {
  const { name, url: databaseUrl } = await createDatabaseOn(url, 'masthead_t');
  const handle = openPostgres(databaseUrl, 4);
  return {
    ...handle,
    databaseUrl,
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      // pg's pool.end() resolves before its clients' sockets have closed; terminating them now
      // (drop … with force) makes them emit errors no one listens to. Wait for them to go first.
      for (let i = 0; i < 50; i++) {
        const { rows } = await a.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if ((rows[0] as { n: number }).n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
