/**
 * The load generator: wrk (Debian package `wrk`), a C client that needs a fraction of the CPU per
 * response that a JavaScript client does. With autocannon in the bench's own process, the client
 * was the limit on a two-core machine and client and server fought for the cores, so a page's
 * req/s said as much about the scheduler as about the server (bench/README.md, "Why wrk and pinning").
 * Here the server gets a core of its own and wrk the others: the server is the limit, and req/s
 * is what it can serve on one core.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { startChild } from './processes.js';

const REPORT_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk-report.lua');

/** What `wrk-report.lua` prints when a run ends. */
const WrkReportSchema = Type.Object({
  requests: Type.Integer({ minimum: 0 }),
  durationUs: Type.Integer({ minimum: 1 }),
  bytes: Type.Integer({ minimum: 0 }),
  /** wrk's "Non-2xx or 3xx responses". */
  non2xx: Type.Integer({ minimum: 0 }),
  timeouts: Type.Integer({ minimum: 0 }),
  connectErrors: Type.Integer({ minimum: 0 }),
  readErrors: Type.Integer({ minimum: 0 }),
  writeErrors: Type.Integer({ minimum: 0 }),
  p50Us: Type.Integer({ minimum: 0 }),
  p99Us: Type.Integer({ minimum: 0 }),
  /** The slowest response. */
  maxUs: Type.Integer({ minimum: 0 }),
  cpuSeconds: Type.Number({ minimum: 0 }),
});
export type WrkReport = Static<typeof WrkReportSchema>;

/** The report line out of wrk's output (its own summary comes first); throws naming what is wrong. */
export function parseWrkReport(output: string): WrkReport {
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`wrk printed no report line:\n${output.slice(-2_000)}`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`wrk's report line is not JSON: ${line}`);
  }
  if (!Value.Check(WrkReportSchema, value)) {
    const first = [...Value.Errors(WrkReportSchema, value)][0];
    throw new Error(`wrk's report line does not fit: ${first ? `${first.instancePath || '/'} ${first.message}` : line}`);
  }
  return value;
}

/**
 * Which CPUs the server (and the ceiling server) and wrk run on, as `taskset -c` lists. With two
 * or more CPUs the server gets the first alone and wrk the rest, one thread each; with one CPU,
 * or without taskset (`cpus` null), both share them, unpinned.
 */
export interface CpuPlan {
  server: string | null;
  client: string | null;
  threads: number;
}

export function cpuPlan(cpus: readonly number[] | null): CpuPlan {
  const [first, ...rest] = cpus ?? [];
  if (first === undefined || rest.length === 0) return { server: null, client: null, threads: 1 };
  return { server: String(first), client: rest.join(','), threads: rest.length };
}

/** The CPUs this process may run on (its affinity, as taskset reports it); null without taskset. */
function allowedCpus(): number[] | null {
  const out = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
  const list = /:\s*([\d,\-\s]+)$/.exec(out.stdout?.trim() ?? '')?.[1];
  if (out.status !== 0 || list === undefined) return null;
  return list.split(',').flatMap((part) => {
    const [lo, hi] = part.trim().split('-').map(Number) as [number, number | undefined];
    return hi === undefined ? [lo] : Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  });
}

let plan: CpuPlan | undefined;
/** This machine's plan, found once. */
export function machineCpuPlan(): CpuPlan {
  plan ??= cpuPlan(allowedCpus());
  return plan;
}

/** `command args…`, under `taskset -c cpus` when `cpus` is set. */
export function pinned(cpus: string | null, command: string, args: string[]): { command: string; args: string[] } {
  return cpus === null ? { command, args } : { command: 'taskset', args: ['-c', cpus, command, ...args] };
}

/** Fails with how to install wrk unless it runs. */
export function requireWrk(): void {
  const out = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (out.error || !/^wrk /.test(out.stdout ?? '')) {
    throw new Error('the bench drives its load with wrk, which is not installed: apt-get install -y wrk (Debian package "wrk")');
  }
}

/**
 * The Lua that holds back each connection's first request by `ms` (wrk asks `delay()` before every
 * request, and starts a request's clock when it writes it, so the wait is in no latency). wrk opens
 * all its connections in the same instant; Node (libuv 1.45 and later: libuv/libuv#3696) accepts one
 * connection per turn of its event loop, so against a server already saturated by the first
 * connections' requests the last ones are accepted seconds later, and their first requests' latency
 * says how the crowd arrived, not how the server serves 500 open connections (bench/README.md,
 * "500 connections"). `perThread` is the number of connections each wrk thread opens.
 */
export function wrkSettleScript(perThread: number, ms: number): string {
  if (!(Number.isInteger(perThread) && perThread > 0 && Number.isFinite(ms) && ms > 0)) throw new Error('wrkSettleScript: bad arguments');
  return `-- Made by bench/wrk.ts (wrkSettleScript).
local settling = ${perThread}
delay = function()
  if settling > 0 then
    settling = settling - 1
    return ${Math.round(ms)}
  end
  return 0
end
`;
}

/**
 * One request of a cycle (`WrkRun.cycle`): a path, its headers, and whether each request comes
 * from a network of its own (`X-Forwarded-For`, believed by a server that trusts 127.0.0.1 as a
 * proxy: MASTHEAD_TRUSTED_PROXIES).
 */
export interface WrkRequest {
  path: string;
  headers: Record<string, string>;
  newNetwork?: boolean;
}

/** A Lua string literal. */
function luaString(s: string): string {
  return `"${[...Buffer.from(s, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
}

/**
 * The Lua that makes wrk send `requests` in turn, one after the other on each connection's
 * thread. Each request is formatted once; one marked `newNetwork` gets an `X-Forwarded-For` of
 * its own per request: `a.b.c.1` with a new /24 each time (the meter's network: meter-network.ts),
 * 6.5 million of them before they come round again.
 */
export function wrkCycleScript(requests: readonly WrkRequest[], threads: number): string {
  if (requests.length === 0) throw new Error('wrkCycleScript: no requests');
  const specs = requests
    .map(
      (r) =>
        `  { path = ${luaString(r.path)}, xff = ${r.newNetwork ? 'true' : 'false'}, headers = { ${Object.entries(r.headers)
          .map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`)
          .join(', ')} } },`,
    )
    .join('\n');
  return `-- Made by bench/wrk.ts (wrkCycleScript).
local specs = {
${specs}
}
local threads = ${threads}
local made = {}
local nextThread = 0
setup = function(thread)
  thread:set("tid", nextThread)
  nextThread = nextThread + 1
end
init = function(args)
  for i, s in ipairs(specs) do
    local r = wrk.format("GET", s.path, s.headers)
    made[i] = { text = s.xff and string.sub(r, 1, -3) or r, xff = s.xff }
  end
end
local i = 0
local n = 0
request = function()
  i = i % #made + 1
  local m = made[i]
  if not m.xff then return m.text end
  local g = n * threads + (tid or 0)
  n = n + 1
  local a = 11 + math.floor(g / 65536) % 100
  local b = math.floor(g / 256) % 256
  local c = g % 256
  return m.text .. "X-Forwarded-For: " .. a .. "." .. b .. "." .. c .. ".1\\r\\n\\r\\n"
end
`;
}

export interface WrkRun {
  url: string;
  headers: Record<string, string>;
  /** Requests sent in turn instead of `url`'s path with `headers` (`url` then gives the server). */
  cycle?: readonly WrkRequest[];
  connections: number;
  /** Seconds. */
  duration: number;
  timeoutSeconds: number;
  /**
   * Milliseconds each connection waits before its first request (`wrkSettleScript`), so that every
   * connection is open and accepted before the load starts; the run's `durationUs` leaves them out.
   */
  settleMs?: number | undefined;
}

let current: ReturnType<typeof startChild> | undefined;

/** Stops the wrk run in progress, if any (on SIGINT). */
export function stopWrk(): void {
  void current?.stop(1_000);
}

/** Runs wrk once, pinned by the machine's plan, and returns its report. */
export async function runWrk(run: WrkRun): Promise<WrkReport> {
  const { client, threads: cpus } = machineCpuPlan();
  const threads = Math.min(cpus, run.connections);
  let script = REPORT_SCRIPT;
  let dir: string | undefined;
  const settleMs = run.settleMs ?? 0;
  if (run.cycle || settleMs > 0) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-wrk-'));
    script = path.join(dir, 'run.lua');
    const parts = [
      ...(run.cycle ? [wrkCycleScript(run.cycle, threads)] : []),
      ...(settleMs > 0 ? [wrkSettleScript(Math.floor(run.connections / threads), settleMs)] : []),
      fs.readFileSync(REPORT_SCRIPT, 'utf8'),
    ];
    fs.writeFileSync(script, parts.join('\n'));
  }
  const args = [
    `-t${threads}`,
    `-c${run.connections}`,
    `-d${run.duration}s`,
    `--timeout`,
    `${run.timeoutSeconds}s`,
    '-s',
    script,
    ...Object.entries(run.cycle ? {} : run.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    run.url,
  ];
  const cmd = pinned(client, 'wrk', args);
  const child = startChild('wrk', cmd.command, cmd.args, process.env, process.cwd());
  current = child;
  try {
    const code = await child.exited;
    if (code !== 0) throw new Error(`wrk exited with ${code}:\n${child.output()}`);
    const report = parseWrkReport(child.output());
    // The settling wait is no part of the load: leave it out of the run's time (and so its req/s).
    return settleMs > 0 ? { ...report, durationUs: Math.max(1, report.durationUs - settleMs * 1000) } : report;
  } finally {
    current = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
