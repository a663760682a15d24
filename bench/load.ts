/**
 * Warming and loading one URL: a single GET first (its status, body size, encoding and the time
 * of an uncached render), then wrk (bench/wrk.ts) for a fixed time, once without Accept-Encoding and
 * once with a browser's (README: a page varies by its encoding and a few variants, never by the reader).
 */
import os from 'node:os';
import zlib from 'node:zlib';
import { cpuSeconds, type HttpResponse, httpGet } from './processes.js';
import { runWrk, type WrkRequest } from './wrk.js';

export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export const ENCODINGS = [
  { name: 'none', headers: {} as Record<string, string> },
  { name: 'browser', headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING } as Record<string, string> },
] as const;
export type EncodingName = (typeof ENCODINGS)[number]['name'];

/** A page the bench loads: `headers` (a meter cookie, say) go with every request, merged into the encoding's. */
export interface Page {
  name: string;
  path: string;
  /** A 404 on the warm request means the route does not exist yet: `n/a`, not a failure. */
  optional?: boolean;
  headers?: Record<string, string>;
  /**
   * Every request from a network of its own (`X-Forwarded-For`, per request: bench/wrk.ts): a
   * first visit of a new reader, whom the meter's per-network budget must not wall.
   */
  newNetwork?: boolean;
}

/** The headers of one request for `page` with `enc`: the encoding's, then the page's own. */
export function requestHeaders(page: Page, enc: (typeof ENCODINGS)[number]): Record<string, string> {
  return { ...enc.headers, ...page.headers };
}

export interface LoadOptions {
  connections: number;
  /** Seconds. */
  duration: number;
  /** Milliseconds each connection waits before its first request (bench/wrk.ts, `wrkSettleScript`). */
  settleMs?: number | undefined;
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
  /** The slowest response. */
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: number;
  /** Bytes read per response, headers included. */
  bytesPerRequest: number;
  /** The server's CPU use during the run, in % of one core (200 % = two cores busy). */
  serverCpuPct: number;
  /** wrk's CPU use during the run, in % of one core (wrk-report.lua: its os.clock()). */
  clientCpuPct: number;
  /** Requests served per CPU-second of the server: steadier than req/s on a busy machine. */
  requestsPerCpuSecond: number;
  /** Load average of the machine when the run ended: other work on it skews every figure. */
  loadAverage: number;
  /**
   * When the figures combine several runs (the article and the metered article are loaded in
   * turns: see `combineRounds`), each run's own figures, in the order they ran.
   */
  rounds?: Round[];
}

/** One run's figures, kept beside a combined measurement. */
export interface Round {
  order: number;
  requestsPerSec: number;
  requestsPerCpuSecond: number;
  serverCpuPct: number;
  clientCpuPct: number;
  loadAverage: number;
}

/**
 * One measurement out of several runs of the same page and encoding: req/s and CPU use are the
 * means of the runs, req/CPU-s is every request over every server CPU-second, counts are summed,
 * p50 is the mean and p99 the worst. `order` numbers each run in the sequence they were loaded.
 */
export function combineRounds(runs: { order: number; m: Measurement }[]): Measurement {
  const first = runs[0]?.m;
  if (!first) throw new Error('combineRounds: no runs');
  const ms = runs.map((r) => r.m);
  if (ms.some((m) => m.page !== first.page || m.acceptEncoding !== first.acceptEncoding || m.status !== 'ok')) {
    throw new Error('combineRounds: the runs must be loaded runs of one page with one encoding');
  }
  const mean = (f: (m: Measurement) => number) => ms.reduce((n, m) => n + f(m), 0) / ms.length;
  const sum = (f: (m: Measurement) => number) => ms.reduce((n, m) => n + f(m), 0);
  const requests = sum((m) => m.requests);
  const serverCpuSeconds = sum((m) => (m.requestsPerCpuSecond > 0 ? m.requests / m.requestsPerCpuSecond : 0));
  return {
    ...first,
    requestsPerSec: mean((m) => m.requestsPerSec),
    p50Ms: mean((m) => m.p50Ms),
    p99Ms: Math.max(...ms.map((m) => m.p99Ms)),
    maxMs: Math.max(...ms.map((m) => m.maxMs)),
    non2xx: sum((m) => m.non2xx),
    errors: sum((m) => m.errors),
    timeouts: sum((m) => m.timeouts),
    requests,
    bytesPerRequest: requests > 0 ? sum((m) => m.bytesPerRequest * m.requests) / requests : 0,
    serverCpuPct: mean((m) => m.serverCpuPct),
    clientCpuPct: mean((m) => m.clientCpuPct),
    requestsPerCpuSecond: serverCpuSeconds > 0 ? requests / serverCpuSeconds : 0,
    loadAverage: Math.max(...ms.map((m) => m.loadAverage)),
    rounds: runs.map(({ order, m }) => ({
      order,
      requestsPerSec: m.requestsPerSec,
      requestsPerCpuSecond: m.requestsPerCpuSecond,
      serverCpuPct: m.serverCpuPct,
      clientCpuPct: m.clientCpuPct,
      loadAverage: m.loadAverage,
    })),
  };
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

/**
 * An untimed warm-up run of wrk, then the measured one; the server's CPU is counted over the
 * measured run only.
 */
export async function loadUrl(
  url: string,
  headers: Record<string, string>,
  opts: LoadOptions & { serverPid: number; cycle?: readonly WrkRequest[] | undefined; warmup?: number },
) {
  const run = {
    url,
    headers,
    connections: opts.connections,
    timeoutSeconds: 10,
    settleMs: opts.settleMs,
    ...(opts.cycle ? { cycle: opts.cycle } : {}),
  };
  const warmup = opts.warmup ?? warmupSeconds(opts.duration);
  if (warmup > 0) await runWrk({ ...run, duration: warmup });
  const server0 = cpuSeconds(opts.serverPid) ?? Number.NaN;
  const r = await runWrk({ ...run, duration: opts.duration });
  const server = (cpuSeconds(opts.serverPid) ?? Number.NaN) - server0;
  const wall = r.durationUs / 1e6;
  return {
    requestsPerSec: r.requests / wall,
    p50Ms: r.p50Us / 1000,
    p99Ms: r.p99Us / 1000,
    maxMs: r.maxUs / 1000,
    non2xx: r.non2xx,
    errors: r.connectErrors + r.readErrors + r.writeErrors,
    timeouts: r.timeouts,
    requests: r.requests,
    bytesPerRequest: r.requests > 0 ? r.bytes / r.requests : 0,
    serverCpuPct: (server / wall) * 100,
    clientCpuPct: (r.cpuSeconds / wall) * 100,
    requestsPerCpuSecond: server > 0 ? r.requests / server : 0,
  };
}

/** Loads `path` (already warmed) with one encoding; a 404 on an optional page is `n/a`, not loaded. */
export async function measure(
  base: string,
  page: Page,
  enc: (typeof ENCODINGS)[number],
  warm: Warm,
  opts: LoadOptions & { serverPid: number },
): Promise<Measurement> {
  const head = { page: page.name, path: page.path, acceptEncoding: enc.name, warm };
  if (warm.status === 404 && page.optional) return { ...head, status: 'n/a', ...EMPTY, loadAverage: loadAverage() };
  if (warm.status !== 200) throw new Error(`GET ${page.path} answered ${warm.status}, not 200: the bench would measure an error page`);
  const loaded = await loadUrl(base + page.path, requestHeaders(page, enc), { ...opts, cycle: cycleOf(page, enc) });
  return { ...head, status: 'ok', ...loaded, loadAverage: loadAverage() };
}

/** The requests wrk sends for `page`: its own path and headers, unless each needs a network of its own. */
export function cycleOf(page: Page, enc: (typeof ENCODINGS)[number]): WrkRequest[] | undefined {
  return page.newNetwork ? [{ path: page.path, headers: requestHeaders(page, enc), newNetwork: true }] : undefined;
}

/** The anonymous meter's cookie (src/meter/meter-cookie.ts): a signed id; the meter is on the server. */
export const METER_COOKIE = 'mh_meter';
/** `3.<instant><128-bit id>.<HMAC>`: a cookie of any other shape would not be a server-side meter. */
const METER_ID = /^3\.[0-9a-z]{9}[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/;
/** The counter under a metered article after one read: "You've read <strong class="meter-used">1</strong> of …". */
const COUNTED_ONCE = 'class="meter-used">1<';

/**
 * A reader who has read the metered article at `path` once. The first GET, without cookies, starts
 * a meter on the server: one transaction adds to the network's budget (`meter_networks`), makes
 * the meter's row (`meter_anonymous`, under a keyed hash of the id) and counts the read
 * (`meter_anonymous_reads`); the server renders the page and sends `Set-Cookie: mh_meter=<id>`.
 * Every request with the returned `cookie` header is then a re-read of a real server-side meter.
 * `coldMs` is that first request's time: the meter's write and a render from the database.
 */
export async function startMeter(base: string, path: string): Promise<{ cookie: string; coldMs: number }> {
  const first = await httpGet(base + path);
  if (first.status !== 200) throw new Error(`GET ${path} (metered, no cookie) answered ${first.status}, not 200`);
  const value = (first.headers['set-cookie'] ?? [])
    .map((c) => new RegExp(`^${METER_COOKIE}=([^;]+)`).exec(c)?.[1])
    .find((v) => v !== undefined);
  if (value === undefined) {
    throw new Error(
      `GET ${path} (metered, no cookie) set no ${METER_COOKIE} cookie (Set-Cookie: ${JSON.stringify(first.headers['set-cookie'] ?? null)}): is the article metered?`,
    );
  }
  if (!METER_ID.test(value)) throw new Error(`GET ${path} set ${METER_COOKIE}=${value}, which is not a server-side meter's id`);
  return { cookie: `${METER_COOKIE}=${value}`, coldMs: first.ms };
}

/**
 * Throws unless `page` (sent with its meter cookie) is a re-read with each encoding: 200, no
 * Set-Cookie, and the counter at 1 in the HTML. A bench that measured a paywall, an error page or
 * a request that counts (and writes) would be worse than none.
 */
export async function checkReread(base: string, page: Page, when: string): Promise<void> {
  for (const enc of ENCODINGS) {
    const res = await httpGet(base + page.path, requestHeaders(page, enc));
    const problems: string[] = [];
    if (res.status !== 200) problems.push(`status ${res.status}, not 200`);
    if (res.headers['set-cookie']) problems.push(`Set-Cookie ${JSON.stringify(res.headers['set-cookie'])} (the read counted again?)`);
    if (!decodedBody(res).includes(COUNTED_ONCE)) problems.push(`no "${COUNTED_ONCE}" in the HTML (a paywall or an error page?)`);
    if (problems.length > 0) {
      throw new Error(`${page.name} page ${page.path} ${when}, Accept-Encoding: ${enc.name}: ${problems.join('; ')}. Not measuring it.`);
    }
  }
}

/**
 * Throws unless `page` (no cookie) is a first visit with each encoding, as wrk sends it (with an
 * `X-Forwarded-For` of a network of its own): 200, the article with its counter at 1, and a
 * `Set-Cookie` of a new server-side meter. Anything else (a registration wall because the
 * network's budget ran out, an error page, a page without a meter) is not what the row measures.
 */
export async function checkFirstVisit(base: string, page: Page, when: string): Promise<void> {
  let n = 0;
  for (const enc of ENCODINGS) {
    n += 1;
    // 198.18.0.0/15 is for benchmarks (RFC 2544); wrk's addresses come from elsewhere.
    const forwarded: Record<string, string> = page.newNetwork ? { 'x-forwarded-for': `198.18.${(Date.now() + n) % 256}.${n}` } : {};
    const res = await httpGet(base + page.path, { ...requestHeaders(page, enc), ...forwarded });
    const problems: string[] = [];
    if (res.status !== 200) problems.push(`status ${res.status}, not 200`);
    const meter = (res.headers['set-cookie'] ?? []).map((c) => new RegExp(`^${METER_COOKIE}=([^;]+)`).exec(c)?.[1]).find(Boolean);
    if (meter === undefined)
      problems.push(`no Set-Cookie of ${METER_COOKIE} (Set-Cookie: ${JSON.stringify(res.headers['set-cookie'] ?? null)})`);
    else if (!METER_ID.test(meter)) problems.push(`${METER_COOKIE}=${meter} is not a server-side meter's id`);
    if (!decodedBody(res).includes(COUNTED_ONCE)) problems.push(`no "${COUNTED_ONCE}" in the HTML (a wall or an error page?)`);
    if (problems.length > 0) {
      throw new Error(`${page.name} page ${page.path} ${when}, Accept-Encoding: ${enc.name}: ${problems.join('; ')}. Not measuring it.`);
    }
  }
}

/**
 * Throws unless the first visits wrk loaded were answered with pages the size of the article:
 * bytes per response at least 90 % of the re-read's with the same encoding (a first visit differs
 * from it only by its Set-Cookie). A registration wall (the lead-in only) is far smaller: if the
 * network budget had walled wrk's readers (every request from one network), this catches it,
 * where a sample request from a network of its own would not.
 */
export function checkFirstVisitSizes(firstVisits: readonly Measurement[], rereads: readonly Measurement[]): void {
  for (const f of firstVisits) {
    const r = rereads.find((m) => m.acceptEncoding === f.acceptEncoding && m.status === 'ok');
    if (f.status !== 'ok' || !r) continue;
    if (f.bytesPerRequest < 0.9 * r.bytesPerRequest) {
      throw new Error(
        `${f.page} (Accept-Encoding: ${f.acceptEncoding}): ${Math.round(f.bytesPerRequest)} bytes per response against the re-read's ${Math.round(r.bytesPerRequest)}: walls or error pages, not the article. Not reporting it.`,
      );
    }
  }
}

function decodedBody(res: HttpResponse): string {
  const encoding = String(res.headers['content-encoding'] ?? 'identity');
  if (encoding === 'identity') return res.body.toString('utf8');
  if (encoding === 'br') return zlib.brotliDecompressSync(res.body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(res.body).toString('utf8');
  if (encoding === 'deflate') return zlib.inflateSync(res.body).toString('utf8');
  throw new Error(`cannot read a body sent as ${encoding}`);
}

const EMPTY = {
  requestsPerSec: 0,
  p50Ms: 0,
  p99Ms: 0,
  maxMs: 0,
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
