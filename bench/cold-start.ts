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
 * `--callgrind DIR` runs the server under `valgrind --tool=callgrind --separate-threads=yes` and
 * dumps its counts at the first 200 (`callgrind_control --dump`): instructions from the spawn to
 * the first answer, every thread and the main thread alone. They do not depend on the machine's
 * load, so two builds compare while other work runs (wall times under valgrind mean nothing).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
    callgrind: { type: 'string' },
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

const callgrindDir = values.callgrind ? path.resolve(values.callgrind) : undefined;
if (callgrindDir) fs.mkdirSync(callgrindDir, { recursive: true });
// Under valgrind a start takes minutes; a request must not be given up on and sent again.
const patienceMs = callgrindDir ? 30 * 60_000 : 60_000;

/** Instructions (Ir) in the callgrind dump files of `pid`'s first dump: every thread's, and thread 1's. */
function dumpedInstructions(dir: string, pid: number): { all: number; main: number } {
  const files = fs.readdirSync(dir).filter((f) => f.startsWith(`callgrind.out.${pid}.1`));
  if (files.length === 0) throw new Error(`no callgrind dump of ${pid} in ${dir}`);
  let all = 0;
  let main = 0;
  for (const f of files) {
    const m = /^(?:summary|totals):\s+(\d+)/m.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
    const n = Number(m?.[1] ?? Number.NaN);
    all += n;
    if (f.endsWith('-01')) main = n;
  }
  return { all, main };
}

const wall: number[] = [];
const cpu: number[] = [];
const instructions: { all: number; main: number }[] = [];
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
  const node = [process.execPath, ...flags, values.script ?? start.script, ...args];
  const [command, ...commandArgs] = callgrindDir
    ? ['valgrind', '--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${callgrindDir}/callgrind.out.%p`, ...node]
    : node;
  const child = startChild('masthead server (cold start)', command as string, commandArgs, env, ROOT);
  try {
    for (;;) {
      if (performance.now() - started > patienceMs) throw new Error(`no 200 within ${patienceMs / 1000} s:\n${child.output()}`);
      const res = await httpGet(`http://${HOST}:${port}${values.path}`, {}, callgrindDir ? patienceMs : 10_000).catch(() => undefined);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    wall.push(performance.now() - started);
    cpu.push((cpuSeconds(child.pid) ?? Number.NaN) * 1000);
    if (callgrindDir) {
      // valgrind names its vgdb pipes after $HOST: callgrind_control must see the server's.
      execFileSync('callgrind_control', ['--dump', String(child.pid)], { env, stdio: 'ignore' });
      instructions.push(dumpedInstructions(callgrindDir, child.pid));
    }
  } finally {
    await child.stop();
  }
}
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
process.stdout.write(
  `first 200 of ${values.path}: wall ms ${fmt(wall)} (median ${median(wall).toFixed(0)}); server CPU ms ${fmt(cpu)} (median ${median(cpu).toFixed(0)})\n`,
);
if (instructions.length > 0) {
  const g = (xs: number[]) => xs.map((x) => (x / 1e9).toFixed(3)).join(', ');
  const all = instructions.map((i) => i.all);
  const main = instructions.map((i) => i.main);
  process.stdout.write(
    `instructions to the first 200 (G): every thread ${g(all)} (median ${g([median(all)])}); main thread ${g(main)} (median ${g([median(main)])})\n`,
  );
}
