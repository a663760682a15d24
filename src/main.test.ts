import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real process: `masthead serve` starts on an empty data dir, answers health checks, and
// shuts down cleanly on SIGTERM.
describe('masthead serve (as a process)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-serve-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, serves, and exits 0 on SIGTERM after closing the database', async () => {
    child = spawn(process.execPath, ['bin/masthead.js', 'serve'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        MASTHEAD_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 30_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /running at (http:\/\/[^\s/]+:\d+)\//.exec(out)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, out).toBeDefined();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'sqlite' });
    const front = await fetch(`${url}/`);
    expect(front.status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'masthead.sqlite'))).toBe(true);

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('shut down cleanly');
  });

  it('refuses to start with bad configuration, listing every problem', async () => {
    const p = spawn(process.execPath, ['bin/masthead.js', 'serve'], {
      env: { ...process.env, PORT: 'x', MASTHEAD_TIMEZONE: 'Nowhere/Land', MASTHEAD_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    p.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => p.on('exit', resolve));
    expect(code).toBe(78);
    expect(err).toContain('PORT');
    expect(err).toContain('MASTHEAD_TIMEZONE');
  });
});
