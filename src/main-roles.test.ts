/**
 * The roles as real processes on the real PostgreSQL server: `masthead serve --role web` and
 * `--role worker`, each its own child process on one fresh database. A story scheduled through
 * the web process's Admin API stays unpublished while only the web process runs (it runs no
 * jobs), is published by the worker once it starts, and then appears on the web process's front
 * page and article page: the worker's content change reached the web process's page cache
 * through PostgreSQL NOTIFY.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyService } from './api-keys/api-key-service.js';
import { insertAuthor } from './authors/author-repository.js';
import { openPostgres } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { createServerPostgresDatabase, type ServerDatabase } from './db/test-databases.js';
import { insertSection } from './sections/section-repository.js';
import { SAMPLE_BODY } from './test-support/test-app.js';

// Nothing from the machine's own environment decides payments or the address of these processes.
const CLEAN = { STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', MASTHEAD_DEMO_PAYMENTS: '', PUBLIC_URL: '', DATABASE_URL: '' };

interface Child {
  child: ChildProcess;
  out: { text: string };
  exited: Promise<number | null>;
}

// A process start compiles through tsx and migrates: slow on a busy machine, so the waits are long.
async function waitFor(out: { text: string }, pattern: RegExp, ms = 90_000): Promise<RegExpExecArray | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = pattern.exec(out.text);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

describe('masthead serve --role web and --role worker (two processes, one PostgreSQL database)', { timeout: 240_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-roles-'));
  const children: ChildProcess[] = [];
  let databaseUrl = '';
  let database: ServerDatabase | undefined;
  let secret = '';

  function start(role: 'web' | 'worker'): Child {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli-main.ts', 'serve', '--role', role], {
      env: {
        ...process.env,
        ...CLEAN,
        NODE_ENV: 'development',
        DATABASE_URL: databaseUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        MASTHEAD_DATA_DIR: path.join(dataDir, role),
        MASTHEAD_JOB_POLL_MS: '100',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const out = { text: '' };
    child.stdout?.on('data', (d) => {
      out.text += d;
    });
    child.stderr?.on('data', (d) => {
      out.text += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, out, exited };
  }

  beforeAll(async () => {
    // CI runs this on its real server; anywhere else the machine's local server is used.
    database = await createServerPostgresDatabase('masthead_roles', 'the roles test');
    databaseUrl = database.url;

    // What the newsroom has before the story: a section, an author, and an editor's API key.
    const handle = openPostgres(databaseUrl, 2);
    try {
      await migrateToLatest(handle.db);
      const at = new Date('2026-11-01T00:00:00Z');
      await insertSection(handle.db, { id: 'sec-news', slug: 'news', name: 'News', description: 'Local news.', position: 0 }, at);
      await insertAuthor(
        handle.db,
        { id: 'aut-mara', slug: 'mara-quint', name: 'Mara Quint', bio: 'Covers the city.', photoImageId: null },
        at,
      );
      const keys = createApiKeyService({ db: handle.db, clock: () => new Date() });
      secret = (await keys.createKey({ name: 'roles test', kind: 'admin', role: 'editor', createdBy: 'test' })).secret;
    } finally {
      await handle.close();
    }
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('publishes a story scheduled through the web process in the worker, and the web process shows it', async () => {
    const web = start('web');
    const url = (await waitFor(web.out, /listening on (http:\/\/[^\s/]+:\d+)\//))?.[1];
    expect(url, web.out.text).toBeDefined();
    const api = (method: string, p: string, body?: unknown) =>
      fetch(`${url}${p}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });

    const draft = await api('POST', '/api/v1/admin/articles', {
      headline: 'Lighthouse keeper retires after forty years',
      section: 'news',
      authors: ['mara-quint'],
      body: SAMPLE_BODY,
    });
    expect(draft.status, await draft.clone().text()).toBe(201);
    const story = (await draft.json()) as { id: string; slug: string };
    const publishAt = new Date(Date.now() + 2_000);
    const scheduled = await api('POST', `/api/v1/admin/articles/${story.id}/schedule`, { publish_at: publishAt.toISOString() });
    expect(scheduled.status).toBe(200);
    expect(await scheduled.json()).toMatchObject({ status: 'scheduled' });

    // The front page is rendered (and cached) without the story; past its time, with the web
    // process alone, it stays unpublished: the web process runs no jobs.
    expect(await (await fetch(`${url}/`)).text()).not.toContain('Lighthouse keeper retires');
    while (Date.now() < publishAt.getTime() + 1_500) await new Promise((r) => setTimeout(r, 200));
    expect(await (await api('GET', `/api/v1/admin/articles/${story.id}`)).json()).toMatchObject({ status: 'scheduled' });
    expect(await (await fetch(`${url}/`)).text()).not.toContain('Lighthouse keeper retires');
    // On a PostgreSQL server the job waits in graphile-worker's queue, not in the in-process runner's table.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const queued = await db.query('select task_identifier from graphile_worker.jobs');
      expect(queued.rows).toEqual([{ task_identifier: 'articles.publish-scheduled' }]);
      expect((await db.query('select count(*)::int as n from jobs')).rows[0]).toEqual({ n: 0 });
    } finally {
      await db.end();
    }

    const worker = start('worker');
    expect(await waitFor(worker.out, /Masthead worker is running jobs/), worker.out.text).not.toBeNull();
    expect(worker.out.text).not.toMatch(/listening on/);

    // The worker publishes; its NOTIFY empties the web process's page cache, so the front page
    // the web process serves shows the story, and links to it.
    let front = '';
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      front = await (await fetch(`${url}/`)).text();
      if (front.includes('Lighthouse keeper retires')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(front, `${web.out.text}\n${worker.out.text}`).toContain('Lighthouse keeper retires');
    expect(await (await api('GET', `/api/v1/admin/articles/${story.id}`)).json()).toMatchObject({ status: 'published' });
    const href = new RegExp(`href="(/[^"]*${story.slug}[^"]*)"`).exec(front)?.[1];
    expect(href, front).toBeDefined();
    const page = await fetch(`${url}${href}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Lighthouse keeper retires after forty years');

    // Each role shuts down cleanly on SIGTERM.
    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    expect(web.out.text).toContain('shut down cleanly');
    expect(worker.out.text).toContain('shut down cleanly');
    // Only the worker ran the job.
    expect(web.out.text).not.toMatch(/job failed/);
  });
});
