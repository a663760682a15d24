/**
 * `npm run bench`: for each size, seed a fresh database, time the server's cold start and a CLI
 * command, then start the server exactly as `npm start` runs it (its command and Node flags read
 * from package.json, no LOG_LEVEL) in production mode on a CPU of its own, and a second one with
 * LOG_LEVEL=warn; warm and load the reader pages with wrk over loopback from the other CPUs (each
 * without Accept-Encoding and with a browser's): the free article, the metered article re-read
 * with a meter cookie on both servers, in turns (A B C C B A), the first visit (no cookie: a new
 * meter per request, each from a network of its own), the front, section, feed and search pages;
 * then 500 connections on the re-read and the first visit, and a sustained run over every page
 * and encoding in turns while the server's memory is sampled. The ceiling is a bare Fastify route
 * serving the article page's own bodies from Buffers (bench/ceiling.ts), loaded before and after.
 * Then the daily email, the dashboard, and the printed magazine (a 48-page edition through
 * `masthead magazine pdf`, bench/magazine.ts). Prints a table and the targets; writes
 * bench/results/latest.json.
 *
 *   npm run bench -- [--sizes 1000,100000] [--duration 10] [--sustain 60] [--connections 50]
 *                    [--pg postgres://…/postgres] [--keep] [--max-minutes 60]
 *                    [--recipients 20000] [--mail-memory 10000,100000|off] [--mail-only]
 *                    [--dashboard-readers 1000000] [--magazine on|off]
 *
 * Everything listens on 127.0.0.1 only; children are stopped on exit and on Ctrl-C.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CEILING_ENCODINGS, type CeilingEncoding, ceilingBodies, FETCH_ACCEPT_ENCODING } from './ceiling.js';
import { benchDashboard } from './dashboard.js';
import {
  checkFirstVisit,
  checkFirstVisitSizes,
  checkReread,
  combineRounds,
  cycleOf,
  ENCODINGS,
  type LoadOptions,
  loadUrl,
  type Measurement,
  measure,
  type Page,
  requestHeaders,
  startMeter,
  type Warm,
  warmUrl,
} from './load.js';
import { benchMagazine } from './magazine.js';
import { runMailBench } from './mail.js';
import { mailRows, mailVerdicts } from './mail-report.js';
import {
  type Child,
  freePort,
  HOST,
  httpGet,
  killAllChildren,
  npmStartCommand,
  sampleMemory,
  startChild,
  waitUntilReady,
} from './processes.js';
import {
  CROWD,
  dashboardVerdicts,
  formatDashboard,
  formatMagazine,
  formatResults,
  magazineVerdicts,
  type SizeResult,
  verdicts,
} from './report.js';
import { type SeededDatabase, seedBenchDatabase } from './seed-bench-db.js';
import { machineCpuPlan, pinned, requireWrk, stopWrk, type WrkRequest } from './wrk.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'latest.json');
const argv = process.argv.slice(2);
const commandLine = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;

const { values } = parseArgs({
  args: argv,
  options: {
    sizes: { type: 'string', default: '1000,100000' },
    duration: { type: 'string', default: '10' },
    sustain: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    pg: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'max-minutes': { type: 'string', default: '60' },
    // The daily email's part (bench/mail.ts); --mail-only runs it alone.
    'mail-only': { type: 'boolean', default: false },
    recipients: { type: 'string', default: '20000' },
    'mail-memory': { type: 'string', default: '10000,100000' },
    // The dashboard's pages at this many readers (bench/dashboard.ts); 0 skips them.
    'dashboard-readers': { type: 'string', default: '1000000' },
    // The printed magazine's 48-page edition (bench/magazine.ts); off skips it.
    magazine: { type: 'string', default: 'on' },
  },
  strict: true,
});

const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
const load: LoadOptions = { duration: Number(values.duration), connections: Number(values.connections) };
const maxMinutes = Number(values['max-minutes']);
const sustain = Number(values.sustain);
if (sizes.some((n) => !Number.isInteger(n) || n < 10)) fail('--sizes takes whole numbers of at least 10, comma-separated');
if (!(load.duration > 0 && load.duration <= 600)) fail('--duration takes seconds, 1 to 600');
if (!(Number.isInteger(load.connections) && load.connections > 0 && load.connections <= 1000)) fail('--connections takes 1 to 1000');
if (!(Number.isInteger(sustain) && sustain >= 1 && sustain <= 3600)) fail('--sustain takes whole seconds, 1 to 3600');
if (!(maxMinutes > 0)) fail('--max-minutes takes a positive number');
const mailRecipients = Number(values.recipients);
const mailMemory = values['mail-memory'] === 'off' ? undefined : (values['mail-memory'].split(',').map(Number) as [number, number]);
if (!(Number.isInteger(mailRecipients) && mailRecipients >= 100)) fail('--recipients takes a whole number of at least 100');
if (mailMemory && !(mailMemory.length === 2 && mailMemory.every((x) => Number.isInteger(x) && x >= 100) && mailMemory[0] < mailMemory[1]))
  fail('--mail-memory takes two audiences, small,large (e.g. 10000,1000000), or off');
if (values.magazine !== 'on' && values.magazine !== 'off') fail('--magazine takes on or off');
if (values.pg && !/^postgres(ql)?:\/\//.test(values.pg))
  fail('--pg takes a postgres:// URL of a server where the bench may create a database');

/** What to undo if the bench stops early: bench databases, the ceiling's page file. */
const cleanups: (() => Promise<void>)[] = [];
const forget = (fn: () => Promise<void>) => {
  const i = cleanups.indexOf(fn);
  if (i >= 0) cleanups.splice(i, 1);
};
const log = (line: string) => process.stderr.write(`${line}\n`);

async function cleanUp(): Promise<void> {
  stopWrk();
  killAllChildren('SIGTERM');
  for (const c of cleanups.splice(0)) await c().catch((err: unknown) => log(`cleanup: ${String(err)}`));
}

process.once('SIGINT', () => {
  log('\ninterrupted: stopping children and removing bench databases');
  void cleanUp().finally(() => process.exit(130));
});
// Bounded in time whatever happens: a hung child or server cannot keep the bench running.
setTimeout(() => {
  log(`\nthe bench ran longer than --max-minutes ${maxMinutes}: stopping`);
  void cleanUp().finally(() => process.exit(1));
}, maxMinutes * 60_000).unref();

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The environment of a child: ours minus anything that would point the server elsewhere. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('MASTHEAD_') || ['DATABASE_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'NODE_ENV', 'LOG_LEVEL'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** A page on one of the bench's servers: the server as `npm start` runs it, or the one at LOG_LEVEL=warn. */
interface Served {
  page: Page;
  base: string;
  pid: number;
}

const warmKey = (page: Page, enc: (typeof ENCODINGS)[number]) => `${page.name}|${enc.name}`;

/** Warms every page with both encodings: the first request of each is a page-cache miss. */
async function warmPages(base: string, pages: Page[], warms = new Map<string, Warm>()): Promise<Map<string, Warm>> {
  for (const page of pages) {
    for (const enc of ENCODINGS) warms.set(warmKey(page, enc), await warmUrl(base + page.path, requestHeaders(page, enc)));
  }
  return warms;
}

/**
 * A fresh process runs slowly until the JIT has compiled its hot path: untimed seconds of load on
 * each page given, with each encoding, before anything is measured. Every page a target compares
 * is warmed alike: the metered page's own path (the meter, its cookie, its memory) was measured
 * here to take 10–15 s of load to reach its steady speed on a fresh process, against a few
 * seconds for the article, so warming the article alone measured the metered page's warm-up.
 */
async function warmProcess(served: Served[], seconds = 3): Promise<void> {
  for (const { page, base, pid } of served) {
    for (const enc of ENCODINGS) {
      await loadUrl(base + page.path, requestHeaders(page, enc), {
        ...load,
        duration: seconds,
        warmup: 0,
        serverPid: pid,
        cycle: cycleOf(page, enc),
      });
    }
  }
}

function progress(articles: number, m: Measurement, extra = ''): void {
  const what =
    m.status === 'ok'
      ? `${Math.round(m.requestsPerSec).toLocaleString('en')} req/s, ${Math.round(m.requestsPerCpuSecond).toLocaleString('en')} req/CPU-s, p99 ${m.p99Ms.toFixed(1)} ms${m.non2xx + m.errors + m.timeouts > 0 ? `, ${m.non2xx} non-2xx, ${m.errors + m.timeouts} errors` : ''}`
      : `n/a (${m.warm.status})`;
  log(`  [${articles.toLocaleString('en')}] ${m.page.padEnd(14)} ${m.acceptEncoding.padEnd(8)} ${what}${extra}`);
}

/** Loads each warmed page with each encoding in turn. */
async function loadPages(served: Served[], warms: Map<string, Warm>, articles: number, opts: LoadOptions = load): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const { page, base, pid } of served) {
    for (const enc of ENCODINGS) {
      const m = await measure(base, page, enc, warms.get(warmKey(page, enc)) as Warm, { ...opts, serverPid: pid });
      out.push(m);
      progress(articles, m);
    }
  }
  return out;
}

/**
 * Pages whose ratios are targets, loaded in turns with each encoding: A B C C B A. Measured one
 * after the other, a drift of the machine (other work, a slowing client, thermal limits) lands on
 * the later pages alone and shows as a difference between them; in turns, every page gets the
 * same share of early and late. Each figure combines the page's two runs (`combineRounds`); the
 * runs are kept in the JSON (`rounds`).
 */
async function loadInTurns(served: Served[], warms: Map<string, Warm>, articles: number): Promise<Measurement[]> {
  // measure() refuses a page whose warm request was not a 200.
  const runs = new Map<string, { order: number; m: Measurement }[]>();
  let order = 0;
  for (const enc of ENCODINGS) {
    for (const { page, base, pid } of [...served, ...[...served].reverse()]) {
      const key = warmKey(page, enc);
      const m = await measure(base, page, enc, warms.get(key) as Warm, { ...load, serverPid: pid });
      order += 1;
      runs.set(key, [...(runs.get(key) ?? []), { order, m }]);
      progress(articles, m, ` (turn ${order})`);
    }
  }
  return served.flatMap(({ page }) => ENCODINGS.map((enc) => combineRounds(runs.get(warmKey(page, enc)) ?? [])));
}

/** The article page's HTML and every stylesheet it links, uncompressed. */
async function pageWeight(base: string, articlePath: string): Promise<SizeResult['weight']> {
  const html = (await httpGet(base + articlePath)).body;
  const css: { url: string; bytes: number }[] = [];
  for (const tag of html.toString('utf8').match(/<link\b[^>]*>/g) ?? []) {
    const href = /\bhref="(\/assets\/[^"]+\.css)"/.exec(tag)?.[1];
    if (href && /\brel="stylesheet"/.test(tag)) css.push({ url: href, bytes: (await httpGet(base + href)).body.length });
  }
  return { htmlBytes: html.length, css, totalBytes: html.length + css.reduce((n, c) => n + c.bytes, 0) };
}

const START = npmStartCommand(ROOT);

/**
 * The environment of the server: `npm start`'s (its script's own variables, no LOG_LEVEL unless
 * `logLevel` is given) plus what points it at the bench database. MASTHEAD_TRUSTED_PROXIES names
 * 127.0.0.1, where wrk connects from, as a proxy, so the first visits' `X-Forwarded-For` gives
 * each a network of its own (README, "First visits"); requests without that header are from
 * 127.0.0.1 as before.
 */
function serverEnv(seeded: SeededDatabase, port: number, logLevel?: string): NodeJS.ProcessEnv {
  return childEnv({
    NODE_ENV: 'production',
    ...START.env,
    ...(logLevel ? { LOG_LEVEL: logLevel } : {}),
    HOST,
    PORT: String(port),
    PUBLIC_URL: `http://${HOST}:${port}`,
    // Production refuses to start without payments configured: the bench sells nothing.
    MASTHEAD_DEMO_PAYMENTS: '1',
    MASTHEAD_DATA_DIR: seeded.dataDir,
    MASTHEAD_TIMEZONE: 'UTC',
    MASTHEAD_TRUSTED_PROXIES: HOST,
    ...(seeded.databaseUrl ? { DATABASE_URL: seeded.databaseUrl } : {}),
  });
}

/** `npm start`'s server command (package.json), pinned to the server's CPU. */
function serverCommand(): { command: string; args: string[] } {
  return pinned(machineCpuPlan().server, process.execPath, [...START.nodeFlags, START.script, ...START.args]);
}

async function startServer(seeded: SeededDatabase, logLevel?: string): Promise<{ server: Child; base: string }> {
  const port = await freePort();
  const cmd = serverCommand();
  const server = startChild(
    `masthead server${logLevel ? ` (LOG_LEVEL=${logLevel})` : ''}`,
    cmd.command,
    cmd.args,
    serverEnv(seeded, port, logLevel),
    ROOT,
  );
  return { server, base: `http://${HOST}:${port}` };
}

/**
 * Cold start: from spawning `npm start`'s server command on the seeded data directory to its
 * first 200 on the article page (asked every 5 ms from the spawn on), three times; and the wall
 * time of a CLI command that serves nothing, three times.
 */
async function startup(seeded: SeededDatabase, articlePath: string, articles: number): Promise<SizeResult['startup']> {
  const coldStartMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const cmd = serverCommand();
    const url = `http://${HOST}:${port}${articlePath}`;
    const started = performance.now();
    const child = startChild('masthead server (cold start)', cmd.command, cmd.args, serverEnv(seeded, port), ROOT);
    let exited = false;
    void child.exited.then(() => {
      exited = true;
    });
    try {
      for (;;) {
        if (exited) throw new Error(`the server exited before answering:\n${child.output()}`);
        if (performance.now() - started > 60_000) throw new Error(`no 200 on ${articlePath} within 60 s of the spawn:\n${child.output()}`);
        const res = await httpGet(url, {}, 10_000).catch(() => undefined);
        if (res?.status === 200) break;
        if (res && res.status !== 503) throw new Error(`GET ${articlePath} answered ${res.status} at start-up:\n${child.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      coldStartMs.push(performance.now() - started);
    } finally {
      await child.stop();
    }
  }
  const cliMs: number[] = [];
  // The entry npm start runs (the bundle since session 7), with its command instead of `serve`.
  const cli = pinned(machineCpuPlan().server, process.execPath, [START.script, 'api-key', 'list']);
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const r = spawnSync(cli.command, cli.args, { cwd: ROOT, env: serverEnv(seeded, 0), encoding: 'utf8', timeout: 60_000 });
    const ms = performance.now() - started;
    if (r.status !== 0) throw new Error(`node ${START.script} api-key list exited with ${r.status}:\n${r.stderr}`);
    cliMs.push(ms);
  }
  log(
    `  [${articles.toLocaleString('en')}] cold start ${coldStartMs.map((x) => `${x.toFixed(0)} ms`).join(', ')}; api-key list ${cliMs.map((x) => `${x.toFixed(0)} ms`).join(', ')}`,
  );
  return { coldStartMs, cliMs };
}

/**
 * The ceiling server (bench/ceiling.ts), holding the bodies the app sends for the article page:
 * asked once without Accept-Encoding, once with a browser's (brotli) and once with `gzip`.
 */
async function startCeiling(appBase: string, articlePath: string): Promise<{ child: Child; base: string; stop(): Promise<void> }> {
  const answers = {} as Parameters<typeof ceilingBodies>[0];
  for (const enc of CEILING_ENCODINGS) {
    const ae = FETCH_ACCEPT_ENCODING[enc];
    const res = await httpGet(appBase + articlePath, ae ? { 'accept-encoding': ae } : {});
    const header = (name: string) => {
      const v = res.headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    answers[enc as CeilingEncoding] = {
      status: res.status,
      contentEncoding: header('content-encoding'),
      contentType: header('content-type'),
      body: res.body,
    };
  }
  const held = ceilingBodies(answers);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-ceiling-'));
  for (const [enc, body] of Object.entries(held.bodies)) fs.writeFileSync(path.join(dir, enc), body);
  const port = await freePort();
  const cmd = pinned(machineCpuPlan().server, process.execPath, [
    '--import',
    'tsx',
    'bench/ceiling-server.ts',
    '--port',
    String(port),
    '--dir',
    dir,
    '--type',
    held.contentType,
  ]);
  const child = startChild('ceiling server', cmd.command, cmd.args, childEnv({ NODE_ENV: 'production' }), ROOT);
  const stop = async () => {
    forget(stop);
    await child.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanups.push(stop);
  const base = `http://${HOST}:${port}`;
  try {
    await waitUntilReady(child, `${base}/`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, base, stop };
}

/**
 * Every loaded page with each encoding, sent in turns, one request each, for `--sustain`
 * seconds, while the server's memory is sampled (VmRSS every 250 ms; VmHWM reset at the start and
 * read at the end).
 */
async function sustainedRun(
  base: string,
  pid: number,
  pages: Page[],
  loaded: Measurement[],
  articles: number,
): Promise<NonNullable<SizeResult['sustained']>> {
  const cycle: WrkRequest[] = [];
  const names: string[] = [];
  for (const page of pages) {
    for (const enc of ENCODINGS) {
      if (!loaded.some((m) => m.page === page.name && m.acceptEncoding === enc.name && m.status === 'ok')) continue;
      cycle.push({ path: page.path, headers: requestHeaders(page, enc), ...(page.newNetwork ? { newNetwork: true } : {}) });
      names.push(`${page.name} ${enc.name}`);
    }
  }
  log(`  [${articles.toLocaleString('en')}] sustained run: ${sustain} s over ${names.join(', ')}`);
  const memory = sampleMemory(pid, 250, { resetHwm: true });
  const r = await loadUrl(`${base}/`, {}, { ...load, duration: sustain, warmup: 0, serverPid: pid, cycle });
  const mem = memory.finish();
  const measurement: Measurement = {
    page: 'sustained',
    path: '(every page in turns)',
    acceptEncoding: 'browser',
    status: 'ok',
    warm: { status: 200, contentEncoding: 'mixed', bodyBytes: 0, coldMs: 0, warmMs: 0 },
    ...r,
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
  progress(articles, measurement, `, peak RSS ${(Math.max(mem.peakRssMiB, mem.vmHwmMiB || 0) * 1.048576).toFixed(0)} MB`);
  return { measurement, memory: mem, requests: names };
}

async function runSize(articles: number): Promise<SizeResult> {
  log(`\n== ${articles.toLocaleString('en')} articles ==`);
  const seeded = await seedBenchDatabase({ articles, pgUrl: values.pg, log });
  if (!values.keep) cleanups.push(seeded.destroy);
  else
    log(
      `keeping the bench database: MASTHEAD_DATA_DIR=${seeded.dataDir}${seeded.databaseUrl ? ` DATABASE_URL=${seeded.databaseUrl}` : ''}`,
    );
  const { articlePath, meteredPath, sectionPath, searchWord } = seeded.sample;
  const startupFigures = await startup(seeded, articlePath, articles);
  const { server, base } = await startServer(seeded);
  const warnServer = await startServer(seeded, 'warn');
  const memory = sampleMemory(server.pid);
  let ceilingServer: Awaited<ReturnType<typeof startCeiling>> | undefined;
  let pages: Measurement[];
  let ceiling: Measurement[];
  let crowd: Measurement[];
  let arrival: Measurement[];
  let sustained: SizeResult['sustained'];
  let weight: SizeResult['weight'];
  let mem: SizeResult['memory'];
  try {
    await waitUntilReady(server, `${base}/readyz`);
    await waitUntilReady(warnServer.server, `${warnServer.base}/readyz`);
    // The metered article, read again by a reader whose server-side meter already counts it.
    const meter = await startMeter(base, meteredPath);
    const metered: Page = { name: 'metered', path: meteredPath, headers: { cookie: meter.cookie } };
    // The same reader on the server at LOG_LEVEL=warn (the same database and keys).
    const meteredWarn: Page = { ...metered, name: 'metered-warn' };
    // A reader who has never been here: no cookie, a new meter on each request.
    const firstVisit: Page = { name: 'first-visit', path: meteredPath, newNetwork: true };
    const article: Page = { name: 'article', path: articlePath };
    const others: Page[] = [
      { name: 'front', path: '/' },
      { name: 'section', path: sectionPath },
      { name: 'feed', path: '/feed.xml', optional: true },
      { name: 'search', path: `/search?q=${encodeURIComponent(searchWord)}` },
    ];
    const warms = await warmPages(base, [article, metered, firstVisit, ...others]);
    await warmPages(warnServer.base, [meteredWarn], warms);
    // Its first request (without the cookie) was the page-cache miss: that is its cold time.
    const meteredWarm = warms.get(warmKey(metered, ENCODINGS[0]));
    if (meteredWarm) meteredWarm.coldMs = meter.coldMs;
    await checkReread(base, metered, 'when warm');
    await checkReread(warnServer.base, meteredWarn, 'when warm (LOG_LEVEL=warn)');
    await checkFirstVisit(base, firstVisit, 'when warm');
    weight = await pageWeight(base, articlePath);
    // The ceiling is loaded before and after the pages: the spread shows how steady the machine was.
    ceilingServer = await startCeiling(base, articlePath);
    const c = ceilingServer;
    const ceilingAt = (name: string): Served => ({ page: { name, path: '/' }, base: c.base, pid: c.child.pid });
    const ceilingWarm = await warmPages(c.base, [ceilingAt('ceiling-before').page, ceilingAt('ceiling-after').page]);
    const on = (page: Page): Served => ({ page, base, pid: server.pid });
    const onWarn: Served = { page: meteredWarn, base: warnServer.base, pid: warnServer.server.pid };
    await warmProcess([ceilingAt('ceiling')]);
    await warmProcess([on(article), on(metered), onWarn, on(firstVisit)], 5);
    ceiling = await loadPages([ceilingAt('ceiling-before')], ceilingWarm, articles);
    pages = await loadInTurns([on(article), on(metered), onWarn], warms, articles);
    await checkReread(base, metered, 'after its load');
    await warnServer.server.stop();
    const firstVisits = await loadPages([on(firstVisit)], warms, articles);
    checkFirstVisitSizes(
      firstVisits,
      pages.filter((m) => m.page === metered.name),
    );
    pages.push(...firstVisits);
    await checkFirstVisit(base, firstVisit, 'after its load');
    pages.push(...(await loadPages(others.map(on), warms, articles)));
    log(
      `  [${articles.toLocaleString('en')}] ${CROWD.connections} connections for ${CROWD.seconds} s on the article, re-read and first visit`,
    );
    crowd = [];
    for (const page of [metered, firstVisit]) {
      const enc = ENCODINGS[1];
      const m = await measure(base, page, enc, warms.get(warmKey(page, enc)) as Warm, {
        connections: CROWD.connections,
        duration: CROWD.seconds,
        settleMs: CROWD.settleMs,
        serverPid: server.pid,
      });
      if (page === firstVisit) checkFirstVisitSizes([m], crowd);
      crowd.push(m);
      progress(articles, m, `, max ${m.maxMs.toFixed(0)} ms (${CROWD.connections} connections)`);
    }
    // The same crowd opening its connections in one instant, on the re-read and on the ceiling:
    // how long a saturated Node process takes to accept them (README, "500 connections").
    log(
      `  [${articles.toLocaleString('en')}] ${CROWD.connections} connections opened at once, ${CROWD.arrivalSeconds} s, re-read and ceiling`,
    );
    arrival = [];
    for (const [served, warm] of [
      [on(metered), warms.get(warmKey(metered, ENCODINGS[1]))],
      [ceilingAt('ceiling'), ceilingWarm.get(warmKey(ceilingAt('ceiling-before').page, ENCODINGS[1]))],
    ] as const) {
      const m = await measure(served.base, served.page, ENCODINGS[1], warm as Warm, {
        connections: CROWD.connections,
        duration: CROWD.arrivalSeconds,
        serverPid: served.pid,
      });
      arrival.push(m);
      progress(articles, m, `, max ${m.maxMs.toFixed(0)} ms (${CROWD.connections} connections opened at once)`);
    }
    ceiling.push(...(await loadPages([ceilingAt('ceiling-after')], ceilingWarm, articles)));
    await ceilingServer.stop();
    sustained = await sustainedRun(base, server.pid, [article, metered, firstVisit, ...others], pages, articles);
    await checkReread(base, metered, 'after the sustained run');
    await checkFirstVisit(base, firstVisit, 'after the sustained run');
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver output:\n${server.output()}`, { cause: err });
  } finally {
    mem = memory.finish();
    await server.stop();
    await warnServer.server.stop();
    await ceilingServer?.stop();
  }
  if (!values.keep) {
    await seeded.destroy();
    forget(seeded.destroy);
  }
  return {
    articles,
    dialect: values.pg ? 'postgres' : 'sqlite',
    seedSeconds: seeded.seconds,
    pages,
    ceiling,
    crowd,
    arrival,
    sustained,
    memory: mem,
    startup: startupFigures,
    weight,
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`Command: ${commandLine}   (= node --import tsx ${['bench/run.ts', ...argv].join(' ')})`);
  const mailBench = () => runMailBench({ root: ROOT, recipients: mailRecipients, connections: 5, memoryPair: mailMemory, log });
  if (values['mail-only']) {
    const mail = await mailBench();
    process.stdout.write(`${formatResults([], mailVerdicts(mail), mailRows(mail))}\n`);
    return;
  }
  requireWrk();
  const cpuPlan = machineCpuPlan();
  log(`the server as npm start runs it (package.json): node ${[...START.nodeFlags, START.script, ...START.args].join(' ')}`);
  // The bench's own work (reading the servers' logs from their pipes) stays off the server's CPU.
  if (cpuPlan.client !== null) spawnSync('taskset', ['-a', '-cp', cpuPlan.client, String(process.pid)], { stdio: 'ignore' });
  log(
    cpuPlan.server === null
      ? 'server and wrk share the CPUs (one CPU, or no taskset): req/s then says as much about the scheduler as the server'
      : `server on CPU ${cpuPlan.server}, wrk on CPU ${cpuPlan.client} (${cpuPlan.threads} thread${cpuPlan.threads === 1 ? '' : 's'})`,
  );
  const results: SizeResult[] = [];
  log('building the server (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  for (const size of sizes) results.push(await runSize(size));
  log('the daily email against an SMTP sink (bench/mail.ts)…');
  const mail = await mailBench();
  const dashboardReaders = Number(values['dashboard-readers']);
  const dashboard = dashboardReaders > 0 ? await benchDashboard({ readers: dashboardReaders, pgUrl: values.pg, log }) : undefined;
  if (values.magazine === 'on') log('the printed magazine: a 48-page edition through `masthead magazine pdf` (bench/magazine.ts)…');
  const magazine = values.magazine === 'on' ? await benchMagazine({ log }) : undefined;
  const checks = [
    ...verdicts(results),
    ...mailVerdicts(mail),
    ...(dashboard ? dashboardVerdicts(dashboard) : []),
    ...(magazine ? magazineVerdicts(magazine) : []),
  ];
  const printed =
    formatResults(results, checks, mailRows(mail)) +
    (dashboard ? formatDashboard(dashboard) : '') +
    (magazine ? formatMagazine(magazine) : '');
  process.stdout.write(`${printed}\n`);
  const cpus = os.cpus();
  const json = {
    command: commandLine,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { sizes, ...load, sustain, crowd: CROWD, database: values.pg ? 'postgres' : 'sqlite' },
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model,
      memoryMiB: Math.round(os.totalmem() / 2 ** 20),
      loadAverageAtEnd: os.loadavg(),
      cpuPlan,
    },
    sizes: results,
    mail,
    dashboard,
    magazine,
    targets: checks,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nResults: ${path.relative(ROOT, RESULTS)}\nCommand: ${commandLine}\n`);
}

main().then(
  async () => {
    await cleanUp();
    process.exit(0);
  },
  async (err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanUp();
    process.exit(1);
  },
);
