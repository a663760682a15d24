/**
 * `npm run bench`: for each size, seed a fresh database, start the real server as a child process
 * in production mode on a CPU of its own, warm and load the reader pages with wrk over loopback
 * from the other CPUs (each without Accept-Encoding and with a browser's; the metered article with
 * a meter cookie that already counts it, so every request is a re-read; those two pages in turns,
 * A B B A), then load a bare Fastify route serving the article page's bytes (the ceiling). Prints
 * a table and the targets; writes bench/results/latest.json.
 *
 *   npm run bench -- [--sizes 1000,100000] [--duration 10] [--connections 50] [--pg postgres://…/postgres]
 *                    [--keep] [--max-minutes 60]
 *
 * Everything listens on 127.0.0.1 only; children are stopped on exit and on Ctrl-C.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  checkReread,
  combineRounds,
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
import {
  type Child,
  freePort,
  HOST,
  httpGet,
  killAllChildren,
  SERVER_NODE_FLAGS,
  sampleMemory,
  startChild,
  waitUntilReady,
} from './processes.js';
import { formatResults, type SizeResult, verdicts } from './report.js';
import { type SeededDatabase, seedBenchDatabase } from './seed-bench-db.js';
import { machineCpuPlan, pinned, requireWrk, stopWrk } from './wrk.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'latest.json');
const argv = process.argv.slice(2);
const commandLine = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;

const { values } = parseArgs({
  args: argv,
  options: {
    sizes: { type: 'string', default: '1000,100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    pg: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'max-minutes': { type: 'string', default: '60' },
  },
  strict: true,
});

const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
const load: LoadOptions = { duration: Number(values.duration), connections: Number(values.connections) };
const maxMinutes = Number(values['max-minutes']);
if (sizes.some((n) => !Number.isInteger(n) || n < 10)) fail('--sizes takes whole numbers of at least 10, comma-separated');
if (!(load.duration > 0 && load.duration <= 600)) fail('--duration takes seconds, 1 to 600');
if (!(Number.isInteger(load.connections) && load.connections > 0 && load.connections <= 1000)) fail('--connections takes 1 to 1000');
if (!(maxMinutes > 0)) fail('--max-minutes takes a positive number');
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

/** Warms every page with both encodings: the first request of each is a page-cache miss. */
async function warmPages(base: string, pages: Page[]): Promise<Map<string, Warm>> {
  const warms = new Map<string, Warm>();
  for (const page of pages) {
    for (const enc of ENCODINGS) warms.set(`${page.name}|${enc.name}`, await warmUrl(base + page.path, requestHeaders(page, enc)));
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
async function warmProcess(base: string, pages: Page[], serverPid: number, seconds = 3): Promise<void> {
  for (const page of pages) {
    for (const enc of ENCODINGS) await loadUrl(base + page.path, requestHeaders(page, enc), { ...load, duration: seconds, serverPid });
  }
}

/** Loads each warmed page with each encoding in turn. */
async function loadPages(
  base: string,
  pages: Page[],
  warms: Map<string, Warm>,
  articles: number,
  serverPid: number,
): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const page of pages) {
    for (const enc of ENCODINGS) {
      const m = await measure(base, page, enc, warms.get(`${page.name}|${enc.name}`) as Warm, { ...load, serverPid });
      out.push(m);
      const what =
        m.status === 'ok'
          ? `${Math.round(m.requestsPerSec).toLocaleString('en')} req/s, p99 ${m.p99Ms.toFixed(1)} ms`
          : `n/a (${m.warm.status})`;
      log(`  [${articles.toLocaleString('en')}] ${page.name.padEnd(14)} ${enc.name.padEnd(8)} ${what}`);
    }
  }
  return out;
}

/**
 * The two pages of the metered-vs-article target, loaded in turns with each encoding: A, B, B, A.
 * Measured one after the other, a drift of the machine (other work, a slowing client, thermal
 * limits) lands on the second page alone and shows as a difference between them; in turns, both
 * pages get the same share of early and late. Each figure combines the page's two runs
 * (`combineRounds`); the runs are kept in the JSON (`rounds`).
 */
async function loadInTurns(
  base: string,
  a: Page,
  b: Page,
  warms: Map<string, Warm>,
  articles: number,
  serverPid: number,
): Promise<Measurement[]> {
  // measure() refuses a page whose warm request was not a 200.
  const runs = new Map<string, { order: number; m: Measurement }[]>();
  let order = 0;
  for (const enc of ENCODINGS) {
    for (const page of [a, b, b, a]) {
      const key = `${page.name}|${enc.name}`;
      const m = await measure(base, page, enc, warms.get(key) as Warm, { ...load, serverPid });
      order += 1;
      runs.set(key, [...(runs.get(key) ?? []), { order, m }]);
      log(
        `  [${articles.toLocaleString('en')}] ${page.name.padEnd(14)} ${enc.name.padEnd(8)} ${Math.round(m.requestsPerSec).toLocaleString('en')} req/s, ${Math.round(m.requestsPerCpuSecond).toLocaleString('en')} req/CPU-s, p99 ${m.p99Ms.toFixed(1)} ms (turn ${order})`,
      );
    }
  }
  return [a, b].flatMap((page) => ENCODINGS.map((enc) => combineRounds(runs.get(`${page.name}|${enc.name}`) ?? [])));
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

async function startServer(seeded: SeededDatabase): Promise<{ server: Child; base: string }> {
  const port = await freePort();
  // The compiled build with npm start's Node flags, as production runs it (not tsx: ~70 MB less memory).
  const cmd = pinned(machineCpuPlan().server, process.execPath, [...SERVER_NODE_FLAGS, 'dist/src/cli-main.js', 'serve']);
  const server = startChild(
    'masthead server',
    cmd.command,
    cmd.args,
    childEnv({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST,
      PORT: String(port),
      PUBLIC_URL: `http://${HOST}:${port}`,
      // Production refuses to start without payments configured: the bench sells nothing.
      MASTHEAD_DEMO_PAYMENTS: '1',
      MASTHEAD_DATA_DIR: seeded.dataDir,
      MASTHEAD_TIMEZONE: 'UTC',
      ...(seeded.databaseUrl ? { DATABASE_URL: seeded.databaseUrl } : {}),
    }),
    ROOT,
  );
  return { server, base: `http://${HOST}:${port}` };
}

/** The ceiling server, serving `body` on `/`. */
async function startCeiling(body: Buffer): Promise<{ child: Child; base: string; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-ceiling-'));
  const file = path.join(dir, 'page.html');
  fs.writeFileSync(file, body);
  const port = await freePort();
  const cmd = pinned(machineCpuPlan().server, process.execPath, [
    '--import',
    'tsx',
    'bench/ceiling-server.ts',
    '--port',
    String(port),
    '--body',
    file,
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

async function runSize(articles: number): Promise<SizeResult> {
  log(`\n== ${articles.toLocaleString('en')} articles ==`);
  const seeded = await seedBenchDatabase({ articles, pgUrl: values.pg, log });
  if (!values.keep) cleanups.push(seeded.destroy);
  else
    log(
      `keeping the bench database: MASTHEAD_DATA_DIR=${seeded.dataDir}${seeded.databaseUrl ? ` DATABASE_URL=${seeded.databaseUrl}` : ''}`,
    );
  const { server, base } = await startServer(seeded);
  const memory = sampleMemory(server.pid);
  let ceilingServer: Awaited<ReturnType<typeof startCeiling>> | undefined;
  let pages: Measurement[];
  let ceiling: Measurement[];
  let weight: SizeResult['weight'];
  let mem: SizeResult['memory'];
  try {
    await waitUntilReady(server, `${base}/readyz`);
    const { articlePath, meteredPath, sectionPath, searchWord } = seeded.sample;
    // The metered article, read again by a reader whose server-side meter already counts it (issues 4, 11).
    const meter = await startMeter(base, meteredPath);
    const metered: Page = { name: 'metered', path: meteredPath, headers: { cookie: meter.cookie } };
    const list: Page[] = [
      { name: 'article', path: articlePath },
      metered,
      { name: 'front', path: '/' },
      { name: 'section', path: sectionPath },
      { name: 'feed', path: '/feed.xml', optional: true },
      { name: 'search', path: `/search?q=${encodeURIComponent(searchWord)}` },
    ];
    const warms = await warmPages(base, list);
    // Its first request (without the cookie) was the page-cache miss: that is its cold time.
    const meteredWarm = warms.get(`${metered.name}|none`);
    if (meteredWarm) meteredWarm.coldMs = meter.coldMs;
    await checkReread(base, metered, 'when warm');
    weight = await pageWeight(base, articlePath);
    // The ceiling is loaded before and after the pages: the spread shows how steady the machine was.
    ceilingServer = await startCeiling((await httpGet(base + articlePath)).body);
    const ceilingPage = (name: string): Page => ({ name, path: '/' });
    const ceilingWarm = await warmPages(ceilingServer.base, [ceilingPage('ceiling-before'), ceilingPage('ceiling-after')]);
    const c = ceilingServer;
    await warmProcess(c.base, [ceilingPage('ceiling')], c.child.pid);
    await warmProcess(base, [list[0] as Page, metered], server.pid, 5);
    ceiling = await loadPages(c.base, [ceilingPage('ceiling-before')], ceilingWarm, articles, c.child.pid);
    const [article, , ...others] = list;
    pages = await loadInTurns(base, article as Page, metered, warms, articles, server.pid);
    pages.push(...(await loadPages(base, others, warms, articles, server.pid)));
    await checkReread(base, metered, 'after its load');
    ceiling.push(...(await loadPages(c.base, [ceilingPage('ceiling-after')], ceilingWarm, articles, c.child.pid)));
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver output:\n${server.output()}`, { cause: err });
  } finally {
    mem = memory.finish();
    await server.stop();
    await ceilingServer?.stop();
  }
  if (!values.keep) {
    await seeded.destroy();
    forget(seeded.destroy);
  }
  return { articles, dialect: values.pg ? 'postgres' : 'sqlite', seedSeconds: seeded.seconds, pages, ceiling, memory: mem, weight };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`Command: ${commandLine}   (= node --import tsx ${['bench/run.ts', ...argv].join(' ')})`);
  requireWrk();
  const cpuPlan = machineCpuPlan();
  log(
    cpuPlan.server === null
      ? 'server and wrk share the CPUs (one CPU, or no taskset): req/s then says as much about the scheduler as the server'
      : `server on CPU ${cpuPlan.server}, wrk on CPU ${cpuPlan.client} (${cpuPlan.threads} thread${cpuPlan.threads === 1 ? '' : 's'})`,
  );
  const results: SizeResult[] = [];
  log('building the server (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  for (const size of sizes) results.push(await runSize(size));
  const checks = verdicts(results);
  const printed = formatResults(results, checks);
  process.stdout.write(`${printed}\n`);
  const cpus = os.cpus();
  const json = {
    command: commandLine,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { sizes, ...load, database: values.pg ? 'postgres' : 'sqlite' },
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
