import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startBanner } from './main.js';

// Nothing from the machine's own environment decides payments or the address in these tests.
const CLEAN = { STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', MASTHEAD_DEMO_PAYMENTS: '', PUBLIC_URL: '', DATABASE_URL: '' };

function start(env: Record<string, string>, dataDir: string, args: string[] = []) {
  const child = spawn(process.execPath, ['bin/masthead.js', 'serve', ...args], {
    env: { ...process.env, ...CLEAN, PORT: '0', HOST: '127.0.0.1', MASTHEAD_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

// A process start compiles through tsx and migrates: slow on a busy machine, so the wait is long.
async function waitFor(out: { text: string }, pattern: RegExp, ms = 90_000): Promise<RegExpExecArray | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = pattern.exec(out.text);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

// The real process: `masthead serve` starts on an empty data dir, answers health checks, and
// shuts down cleanly on SIGTERM.
describe('masthead serve (as a process)', { timeout: 120_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-serve-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts, prints the readers' address and the demo warning, serves, and exits 0 on SIGTERM", async () => {
    const { child, out, exited } = start({ NODE_ENV: 'development', PUBLIC_URL: 'https://paper.example' }, dataDir);
    children.push(child);
    const url = (await waitFor(out, /listening on (http:\/\/[^\s/]+:\d+)\//))?.[1];
    expect(url, out.text).toBeDefined();
    expect(out.text).toContain('Masthead is running at https://paper.example/ (database: sqlite)');
    expect(out.text).toMatch(/Warning: Payments run on the demo gateway: no money moves/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'sqlite' });
    const front = await fetch(`${url}/`);
    expect(front.status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'masthead.sqlite'))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.text).toContain('shut down cleanly');
  });

  it('in production, starts on the demo gateway only when asked, and logs a warning that no money moves', async () => {
    const { child, out, exited } = start(
      { NODE_ENV: 'production', PUBLIC_URL: 'https://paper.example', MASTHEAD_DEMO_PAYMENTS: '1' },
      dataDir,
    );
    children.push(child);
    const serving = await waitFor(out, /\{[^\n]*"msg":"Masthead is serving"[^\n]*\}/);
    expect(serving, out.text).not.toBeNull();
    const line = JSON.parse(serving?.[0] ?? '{}');
    expect(line).toMatchObject({ publicUrl: 'https://paper.example/', listening: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
    const warning = (await waitFor(out, /\{[^\n]*"payments":"demo"[^\n]*\}/))?.[0];
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40, msg: expect.stringContaining('no money moves') });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start with bad configuration, listing every problem', async () => {
    const { out, exited } = start({ PORT: 'x', MASTHEAD_TIMEZONE: 'Nowhere/Land' }, dataDir);
    expect(await exited).toBe(78);
    expect(out.text).toContain('PORT');
    expect(out.text).toContain('MASTHEAD_TIMEZONE');
  });

  it('refuses a role it does not know, naming the three it does', async () => {
    const { out, exited } = start({}, dataDir, ['--role', 'cron']);
    expect(await exited).toBe(2);
    expect(out.text).toContain('--role must be web, worker or all (got "cron")');
    expect(out.text).not.toContain('Masthead is serving');
  });

  it('refuses to start in production without PUBLIC_URL or payments, naming both ways out', async () => {
    const { out, exited } = start({ NODE_ENV: 'production' }, dataDir);
    expect(await exited).toBe(78);
    expect(out.text).toContain('PUBLIC_URL is required in production');
    expect(out.text).toContain('set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET');
    expect(out.text).toContain('set MASTHEAD_DEMO_PAYMENTS=1 to run a demonstration');
    expect(out.text).not.toContain('Masthead is serving');
  });
});

describe('startBanner', () => {
  it('names PUBLIC_URL, and the listening address only when it differs', () => {
    const dev = startBanner(loadConfig({}), 3000, 'sqlite');
    expect(dev.lines[0]).toBe('Masthead is running at http://localhost:3000/ (database: sqlite)');
    expect(dev.listening).toBeUndefined();

    const behindProxy = startBanner(
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://news.example',
        STRIPE_SECRET_KEY: 'sk_live_x1',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      }),
      3000,
      'postgres',
    );
    expect(behindProxy.lines).toEqual([
      'Masthead is running at https://news.example/ (database: postgres)',
      '  listening on http://localhost:3000/',
      '  the newsroom: https://news.example/admin (the first owner: npx masthead staff create --email … --name … --role owner)',
    ]);
    expect(behindProxy.demoWarning).toBeUndefined();
  });

  it('warns while the demo gateway runs', () => {
    const b = startBanner(loadConfig({ HOST: '::1' }), 8080, 'sqlite');
    expect(b.listening).toBe('http://[::1]:8080/');
    expect(b.demoWarning).toContain('no money moves');
    expect(b.lines.at(-1)).toContain('Warning: Payments run on the demo gateway');
  });
});
