/**
 * What `npm start` runs is not the sources the other tests load through tsx but an esbuild bundle
 * (package.json `build`: tsc, then `bundle` → dist/bundle/cli-main.js). A package can behave
 * differently bundled: graphile-worker, CommonJS, gave a lazily imported bundle chunk with only a
 * `default` export, so the server on PostgreSQL refused to start ("GraphileLogger is not a
 * constructor") while every test passed. Here the real build runs once, and its bundle is started
 * as `npm start` starts it, on SQLite and on the real PostgreSQL server, each to its first page.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerPostgresDatabase, type ServerDatabase } from './db/test-databases.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLEAN = { STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', MASTHEAD_DEMO_PAYMENTS: '', PUBLIC_URL: '', DATABASE_URL: '' };

/** The node flags and script of package.json's `start` (its last step), as the bench reads them. */
function startCommand(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const last = pkg.scripts.start.split('&&').at(-1)?.trim() ?? '';
  const words = last.split(/\s+/);
  expect(words[0]).toBe('node');
  // Without --seed-if-empty: the demo paper's pictures take minutes to make on a busy machine.
  return words.slice(1).filter((w) => w !== '--seed-if-empty');
}

async function firstPage(env: Record<string, string>, dataDir: string): Promise<{ status: number; output: string }> {
  const child: ChildProcess = spawn(process.execPath, startCommand(), {
    cwd: ROOT,
    env: {
      ...process.env,
      ...CLEAN,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      MASTHEAD_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    const deadline = Date.now() + 120_000;
    let url: string | undefined;
    while (url === undefined && Date.now() < deadline && child.exitCode === null) {
      url = /listening on (http:\/\/[^\s/]+:\d+)\//.exec(output)?.[1];
      if (url === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    if (url === undefined) return { status: 0, output };
    const res = await fetch(`${url}/`);
    await res.arrayBuffer();
    // The job runner starts beside the web server once it listens (main.ts JOBS_AFTER_LISTEN_MS):
    // give it time to fail if it is going to.
    await new Promise((r) => setTimeout(r, 3_000));
    return { status: child.exitCode === null ? res.status : 0, output };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  }
}

describe('the bundle npm start runs', { timeout: 400_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bundle-'));
  let database: ServerDatabase | undefined;

  beforeAll(() => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('starts on the embedded SQLite and answers the front page', async () => {
    const { status, output } = await firstPage({}, path.join(dataDir, 'sqlite'));
    expect(status, output).toBe(200);
  });

  it('starts on the PostgreSQL server, with its job queue, and answers the front page', async () => {
    database = await createServerPostgresDatabase('masthead_bundle', 'this test');
    const { status, output } = await firstPage({ DATABASE_URL: database.url }, path.join(dataDir, 'pg'));
    expect(status, output).toBe(200);
    expect(output).not.toMatch(/serve failed|not a constructor|could not start/);
  });
});
