/**
 * Warming and loading one URL: a single GET first (its status, body size, encoding and the time
 * of an uncached render), then autocannon for a fixed time, once without Accept-Encoding and
 * once with a browser's (decisions.md, "Pages vary by a few variants").
 */
import os from 'node:os';
import autocannon, { type Instance } from 'autocannon';
import { cpuSeconds, httpGet } from './processes.js';

export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export const ENCODINGS = [
  { name: 'none', headers: {} as Record<string, string> },
  { name: 'browser', headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING } as Record<string, string> },
] as const;
export type EncodingName = (typeof ENCODINGS)[number]['name'];

export interface LoadOptions {
  connections: number;
  /** Seconds. */
  duration: number;
}

/** Seconds of untimed load before each measured run, so the JIT has compiled the hot path. */
export function warmupSeconds(duration: number): number {
  return Math.min(3, Math.max(1, Math.round(duration / 4)));
}

export interface Warm {
  status: number;
  /** What the server answered with: `identity`, `br`, `gzip`. */
  contentEncoding: string;
  bodyBytes: number;
  /** The first request's time: a page-cache miss, so a full render. */
  coldMs: number;
  /** A second request's time: a cache hit. */
  warmMs: number;
}

export interface Measurement {
  page: string;
  path: string;
  acceptEncoding: EncodingName;
  /** `n/a`: the route does not exist yet (404 on the warm request); not loaded. */
  status: 'ok' | 'n/a';
  warm: Warm;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: number;
  /** Bytes read per response, headers included. */
  bytesPerRequest: number;
  /** The server's CPU use during the run, in % of one core (200 % = two cores busy). */
  serverCpuPct: number;
  /** This process's (autocannon's) CPU use during the run, in % of one core. */
  clientCpuPct: number;
  /** Requests served per CPU-second of the server: steadier than req/s on a busy machine. */
  requestsPerCpuSecond: number;
  /** Load average of the machine when the run ended: other work on it skews every figure. */
  loadAverage: number;
}

let current: Instance | undefined;

/** Stops the load in progress, if any (on SIGINT). */
export function stopLoad(): void {
  current?.stop();
}

export async function warmUrl(url: string, headers: Record<string, string>): Promise<Warm> {
  const first = await httpGet(url, headers);
  const second = await httpGet(url, headers);
  return {
    status: first.status,
    contentEncoding: String(first.headers['content-encoding'] ?? 'identity'),
    bodyBytes: first.body.length,
    coldMs: first.ms,
    warmMs: second.ms,
  };
}

export async function loadUrl(url: string, headers: Record<string, string>, opts: LoadOptions & { serverPid: number }) {
  const instance = autocannon({
    url,
    headers,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 10,
    warmup: { connections: opts.connections, duration: warmupSeconds(opts.duration) },
  });
  current = instance;
  // Counted from the start of the measured run (after the warm-up) to its end.
  let cpu0 = { server: 0, client: process.cpuUsage(), at: performance.now() };
  instance.on('start', () => {
    cpu0 = { server: cpuSeconds(opts.serverPid) ?? Number.NaN, client: process.cpuUsage(), at: performance.now() };
  });
  try {
    const r = await instance;
    const wall = (performance.now() - cpu0.at) / 1000;
    const server = (cpuSeconds(opts.serverPid) ?? Number.NaN) - cpu0.server;
    const client = process.cpuUsage(cpu0.client);
    return {
      requestsPerSec: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      requests: r.requests.total,
      bytesPerRequest: r.requests.total > 0 ? r.throughput.total / r.requests.total : 0,
      serverCpuPct: (server / wall) * 100,
      clientCpuPct: ((client.user + client.system) / 1e6 / wall) * 100,
      requestsPerCpuSecond: server > 0 ? r.requests.total / server : 0,
    };
  } finally {
    current = undefined;
  }
}

/** Loads `path` (already warmed) with one encoding; a 404 on an optional page is `n/a`, not loaded. */
export async function measure(
  base: string,
  page: { name: string; path: string; optional?: boolean },
  enc: (typeof ENCODINGS)[number],
  warm: Warm,
  opts: LoadOptions & { serverPid: number },
): Promise<Measurement> {
  const head = { page: page.name, path: page.path, acceptEncoding: enc.name, warm };
  if (warm.status === 404 && page.optional) return { ...head, status: 'n/a', ...EMPTY, loadAverage: loadAverage() };
  if (warm.status !== 200) throw new Error(`GET ${page.path} answered ${warm.status}, not 200: the bench would measure an error page`);
  const loaded = await loadUrl(base + page.path, enc.headers, opts);
  return { ...head, status: 'ok', ...loaded, loadAverage: loadAverage() };
}

const EMPTY = {
  requestsPerSec: 0,
  p50Ms: 0,
  p99Ms: 0,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  requests: 0,
  bytesPerRequest: 0,
  serverCpuPct: 0,
  clientCpuPct: 0,
  requestsPerCpuSecond: 0,
};

/** The one-minute load average: other work on the machine skews every figure. */
function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
