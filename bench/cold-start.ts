/**
 * Cold start, measured by hand and repeatable on a busy machine: spawns `npm start`'s server
 * command (node flags and script read from package.json, as the bench does) on a seeded data
 * directory, asks for a path every 5 ms from the spawn on, and reports, per try, the wall time to
 * the first 200 and the server's own CPU time at that moment (user + system, from
 * /proc/<pid>/stat: steadier than wall time when other work shares the machine).
 *
 *   npm run build && node --import tsx bench/cold-start.ts --data-dir DIR [--path /] [--tries 5]
 *
 * `--script FILE` runs another entry than package.json's (to compare builds); `--role` serves one role;
 * `--database-url URL` serves a PostgreSQL database seeded with `--pg` (its data dir still holds the key);
 * `--node-flags "…"` adds Node/V8 flags to package.json's (to try one before changing `npm start`).
 * `--cpu-prof DIR` adds `--cpu-prof --cpu-prof-dir DIR` to the server's Node flags (a profile of
 * each start, written when the server is stopped).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSeconds, freePort, HOST, httpGet, npmStartCommand, startChild } from './processes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    path: { type: 'string', default: '/' },
    tries: { type: 'string', default: '5' },
    'cpu-prof': { type: 'string' },
    role: { type: 'string' },
    script: { type: 'string' },
    'database-url': { type: 'string' },
    'node-flags': { type: 'string' },
  },
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir DIR (a seeded data directory: bench/seed-bench-db.ts) is required');
const start = npmStartCommand(ROOT);
const flags = [
  ...start.nodeFlags,
  ...(values['node-flags']?.split(' ').filter(Boolean) ?? []),
  ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []),
];
const args = values.role ? [...start.args.filter((a) => a !== '--seed-if-empty'), '--role', values.role] : start.args;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < Number(values.tries); i++) {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...start.env,
    NODE_ENV: 'production',
    HOST,
    PORT: String(port),
    PUBLIC_URL: `http://${HOST}:${port}`,
    MASTHEAD_DEMO_PAYMENTS: '1',
    MASTHEAD_DATA_DIR: dataDir,
    MASTHEAD_TIMEZONE: 'UTC',
  };
  if (values['database-url']) env.DATABASE_URL = values['database-url'];
  else delete env.DATABASE_URL;
  delete env.LOG_LEVEL;
  const started = performance.now();
  const child = startChild('masthead server (cold start)', process.execPath, [...flags, values.script ?? start.script, ...args], env, ROOT);
  try {
    for (;;) {
      if (performance.now() - started > 60_000) throw new Error(`no 200 within 60 s:\n${child.output()}`);
      const res = await httpGet(`http://${HOST}:${port}${values.path}`, {}, 10_000).catch(() => undefined);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    wall.push(performance.now() - started);
    cpu.push((cpuSeconds(child.pid) ?? Number.NaN) * 1000);
  } finally {
    await child.stop();
  }
}
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
process.stdout.write(
  `first 200 of ${values.path}: wall ms ${fmt(wall)} (median ${median(wall).toFixed(0)}); server CPU ms ${fmt(cpu)} (median ${median(cpu).toFixed(0)})\n`,
);
