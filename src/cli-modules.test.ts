import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// What a command loads decides how fast it starts: a command that serves nothing must not load
// the web app, and no process loads a heavy library it does not use (docs/ARCHITECTURE.md,
// "Start-up"). The process is spawned with module hooks (Node's `module.register`) that write
// down every module it resolves, plus every CommonJS file it required; the test reads the list.
// Nothing here is timed.

// Runs in the hooks' own thread: appends each resolved URL to the file named by RECORD_MODULES.
const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.RECORD_MODULES, result.url + '\\n');
  return result;
}`;
// Runs first in the process: registers the hooks, and at exit adds the CommonJS files required.
const RECORDER = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
const require = createRequire(process.cwd() + '/');
process.on('exit', () => appendFileSync(process.env.RECORD_MODULES, Object.keys(require.cache).join('\\n') + '\\n'));`;

function modulesLoadedBy(args: string[], dataDir: string): { status: number | null; output: string; modules: string[] } {
  const record = path.join(dataDir, `modules-${args.join('-')}.txt`);
  fs.writeFileSync(record, '');
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(RECORDER)}`, 'bin/masthead.js', ...args],
    {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', MASTHEAD_DATA_DIR: dataDir, RECORD_MODULES: record },
      encoding: 'utf8',
    },
  );
  const modules = fs.readFileSync(record, 'utf8').split('\n').filter(Boolean);
  return { status: run.status, output: run.stdout + run.stderr, modules };
}

const pkg = (name: string) => new RegExp(`node_modules/${name}/`);

describe('what a command loads', { timeout: 120_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-modules-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('`masthead api-key list` loads the API keys and the database, never the web app or a library it does not use', () => {
    const { status, output, modules } = modulesLoadedBy(['api-key', 'list'], dataDir);
    expect(status, output).toBe(0);
    // The record works: what the command needs is in it.
    expect(modules.some((m) => m.includes('/src/api-keys/api-key-command.'))).toBe(true);
    expect(modules.some((m) => pkg('better-sqlite3').test(m))).toBe(true);

    const forbidden = [
      /\/src\/(app|main|services)\.(ts|js)$/,
      /\/src\/(site|api|subscriptions|jobs|media|mail)\//,
      pkg('fastify'),
      pkg('@fastify/[^/]+'),
      pkg('preact'),
      pkg('typebox'),
      pkg('stripe'),
      pkg('sharp'),
      pkg('@node-rs/argon2'),
      pkg('nodemailer'),
      pkg('sanitize-html'),
      pkg('markdown-it'),
      pkg('qrcode'),
      pkg('yaml'),
      // On SQLite the PostgreSQL driver is never needed.
      pkg('pg'),
    ];
    expect(modules.filter((m) => forbidden.some((re) => re.test(m)))).toEqual([]);
  });

  it('`masthead serve --role worker` runs jobs without loading the web app (src/app.ts and its route modules)', async () => {
    const record = path.join(dataDir, 'modules-worker.txt');
    fs.writeFileSync(record, '');
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(RECORDER)}`, 'bin/masthead.js', 'serve', '--role', 'worker'],
      { env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', MASTHEAD_DATA_DIR: dataDir, RECORD_MODULES: record } },
    );
    let output = '';
    const running = new Promise<void>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('running jobs')) resolve();
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before running jobs:\n${output}`)));
    });
    await running;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const modules = fs.readFileSync(record, 'utf8').split('\n').filter(Boolean);
    // The record works: the worker loaded the composition root and the job runner.
    expect(modules.some((m) => /\/src\/services\.(ts|js)$/.test(m))).toBe(true);
    expect(modules.some((m) => /\/src\/jobs\/job-queue\.(ts|js)$/.test(m))).toBe(true);
    const forbidden = [
      /\/src\/app\.(ts|js)$/,
      /\/src\/http\/(lazy-schema-compilers|security-headers|health-routes)\./,
      pkg('@fastify/formbody'),
      // Libraries of one feature load when it is first used, not at every start: the bounce parser,
      // the dashboard's charts, and (on SQLite) the PostgreSQL job queue.
      pkg('mailparser'),
      pkg('iconv-lite'),
      pkg('@observablehq/plot'),
      pkg('linkedom'),
      pkg('graphile-worker'),
    ];
    expect(modules.filter((m) => forbidden.some((re) => re.test(m)))).toEqual([]);
  });
  it("`masthead serve --role web` answers the reader's front and article routes without loading Ajv or the Markdown renderer", async () => {
    const record = path.join(dataDir, 'modules-web.txt');
    fs.writeFileSync(record, '');
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(RECORDER)}`, 'bin/masthead.js', 'serve', '--role', 'web'],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: '',
          MASTHEAD_DATA_DIR: dataDir,
          RECORD_MODULES: record,
          HOST: '127.0.0.1',
          PORT: '0',
          PUBLIC_URL: 'http://127.0.0.1',
        },
      },
    );
    let output = '';
    const origin = await new Promise<string>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (listening?.[1]) resolve(listening[1]);
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
    });
    // Each of these is validated by its route's schema first: a front page, an article's address
    // (no such story: 404 after its parameters parsed), and a bad page number (a 400 naming it).
    const statuses: number[] = [];
    for (const url of ['/', '/news/2026/01/02/no-such-story?utm_source=x', '/?page=abc']) statuses.push((await fetch(origin + url)).status);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(statuses).toEqual([200, 404, 400]);
    const modules = fs.readFileSync(record, 'utf8').split('\n').filter(Boolean);
    // The record works: the web app and its TypeBox checks were loaded.
    expect(modules.some((m) => /\/src\/http\/typebox-validation\.(ts|js)$/.test(m))).toBe(true);
    expect(modules.some((m) => pkg('fastify').test(m))).toBe(true);
    // Fastify's own error serializer is prebuilt and needs only fast-json-stringify's runtime (lib/serializer.js).
    const forbidden = [
      pkg('ajv'),
      pkg('@fastify/ajv-compiler'),
      /node_modules\/fast-json-stringify\/index\.js$/,
      pkg('@fastify/fast-json-stringify-compiler'),
      // Rendering Markdown and checking a body document wait for the first save or paywall.
      pkg('markdown-it'),
      pkg('sanitize-html'),
      pkg('prosemirror-model'),
    ];
    expect(modules.filter((m) => forbidden.some((re) => re.test(m)))).toEqual([]);
  });
});
