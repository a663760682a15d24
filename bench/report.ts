/**
 * The bench's verdicts and its printed table. The targets (bench/README.md, "Targets"), for each
 * size and database: the article re-read (the metered article with its meter cookie) and the
 * free article ≥ 60 % of the ceiling, the first visit ≥ 25 %, the front page ≥ 35 %; the default
 * log level ≥ 95 % of `LOG_LEVEL=warn` on the re-read; the metered re-read ≥ 85 % of the free
 * article; peak RSS under 250 MB over the sustained run; under 500 connections no response over
 * 1 s, no error and p99 ≤ 100 ms (re-read and first visit); cold start ≤ 1 s and a CLI command
 * under 0.5 s; the largest size's article within 10 % of the smallest's, and the article page's
 * HTML plus CSS under 50 KB.
 */
import type { EncodingName, Measurement } from './load.js';
import type { MemoryFigures } from './processes.js';

export interface SizeResult {
  articles: number;
  dialect: 'sqlite' | 'postgres';
  seedSeconds: number;
  /** The pages on the server as `npm start` runs it, and `metered-warn` on one with LOG_LEVEL=warn. */
  pages: Measurement[];
  ceiling: Measurement[];
  /**
   * 500 connections, each opened and accepted before the load starts (`CROWD.settleMs`): `metered`
   * (the re-read) and `first-visit`. The targets.
   */
  crowd: Measurement[];
  /**
   * The same 500 connections opened in one instant against the busy server: `metered` on the app and
   * `ceiling` on the ceiling server. Shown beside the targets, not judged (bench/README.md).
   */
  arrival?: Measurement[] | undefined;
  /** Every page and encoding in turns, for `--sustain` seconds, and the server's memory over it. */
  sustained?: { measurement: Measurement; memory: MemoryFigures; requests: string[] };
  /** The server's memory over its whole life (every run, the sustained one last). */
  memory: MemoryFigures;
  /** Milliseconds, one figure per try: spawn to the first 200 on the article; the CLI's wall time. */
  startup: { coldStartMs: number[]; cliMs: number[] };
  weight: { htmlBytes: number; css: { url: string; bytes: number }[]; totalBytes: number };
}

export interface Verdict {
  target: string;
  value: string;
  goal: string;
  pass: boolean;
}

/** 50 KB as 50,000 bytes (the stricter reading). */
export const WEIGHT_BUDGET_BYTES = 50_000;
/** 250 MB as 250,000,000 bytes (the stricter reading), in MiB as /proc gives kB of 1,024 bytes. */
export const MEMORY_BUDGET_MB = 250;
const MIB_PER_MB = 1e6 / 2 ** 20;
/** The metered article, re-read with a meter cookie, within 15 % of the unmetered article's req/s. */
export const METERED_VS_ARTICLE = 0.85;
export const CEILING_GOALS = { reread: 0.6, article: 0.6, firstVisit: 0.25, front: 0.35 } as const;
/** The default log level may cost at most 5 % of req/s against LOG_LEVEL=warn. */
export const DEFAULT_VS_WARN = 0.95;
export const CROWD = { connections: 500, seconds: 20, p99Ms: 100, maxMs: 1000, settleMs: 1000, arrivalSeconds: 10 } as const;
export const COLD_START_MS = 1000;
export const CLI_MS = 500;

const find = (ms: Measurement[], page: string, enc: EncodingName) =>
  ms.find((m) => m.page === page && m.acceptEncoding === enc && m.status === 'ok');

/**
 * The ceiling's figure (requests per second, or per server CPU-second): the mean of its runs
 * before and after the pages.
 */
export function ceilingRate(s: SizeResult, enc: EncodingName, of: 'requestsPerSec' | 'requestsPerCpuSecond' = 'requestsPerSec'): number {
  const runs = s.ceiling.filter((m) => m.acceptEncoding === enc && m.status === 'ok');
  return runs.length === 0 ? 0 : runs.reduce((n, m) => n + m[of], 0) / runs.length;
}

/** "51 % (per CPU-s 62 %)": throughput against the ceiling's, then cost per request against its. */
function versusCeiling(s: SizeResult, m: Measurement): { ratio: number; text: string } {
  const ratio = m.requestsPerSec / (ceilingRate(s, m.acceptEncoding) || Number.NaN);
  const perCpu = m.requestsPerCpuSecond / (ceilingRate(s, m.acceptEncoding, 'requestsPerCpuSecond') || Number.NaN);
  return { ratio, text: `${pct(ratio)} (per CPU-s ${Number.isFinite(perCpu) ? pct(perCpu) : 'n/a'})` };
}
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** The median of some figures (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The peak resident set in MB: the larger of the sampled VmRSS and the kernel's VmHWM. */
export function peakMb(m: MemoryFigures): number {
  return Math.max(Number.isFinite(m.vmHwmMiB) ? m.vmHwmMiB : 0, m.peakRssMiB) / MIB_PER_MB;
}

const PAGE_GOALS = [
  ['article', 'article (free)', CEILING_GOALS.article],
  ['metered', 'article re-read (metered, meter cookie)', CEILING_GOALS.reread],
  ['first-visit', 'article first visit (no cookie: a new meter)', CEILING_GOALS.firstVisit],
  ['front', 'front page', CEILING_GOALS.front],
] as const;

export function verdicts(sizes: SizeResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const s of sizes) {
    const at = `${n(s.articles)} articles, ${s.dialect}`;
    for (const enc of ['none', 'browser'] as const) {
      const ceiling = ceilingRate(s, enc);
      for (const [page, label, goal] of PAGE_GOALS) {
        const m = find(s.pages, page, enc);
        if (!m || ceiling === 0) continue;
        const { ratio, text } = versusCeiling(s, m);
        out.push({
          target: `${label} vs ceiling, ${at}, Accept-Encoding: ${enc}`,
          value: text,
          goal: `≥ ${pct(goal)}`,
          pass: ratio >= goal,
        });
      }
      const versus = (a: Measurement | undefined, b: Measurement | undefined, target: string, goal: number) => {
        if (!a || !b || b.requestsPerSec <= 0) return;
        const ratio = a.requestsPerSec / b.requestsPerSec;
        const perCpu = b.requestsPerCpuSecond > 0 ? pct(a.requestsPerCpuSecond / b.requestsPerCpuSecond) : 'n/a';
        out.push({
          target: `${target}, ${at}, Accept-Encoding: ${enc}`,
          value: `${pct(ratio)} (per CPU-s ${perCpu})`,
          goal: `≥ ${pct(goal)}`,
          pass: ratio >= goal,
        });
      };
      versus(
        find(s.pages, 'metered', enc),
        find(s.pages, 'metered-warn', enc),
        're-read, default log level vs LOG_LEVEL=warn',
        DEFAULT_VS_WARN,
      );
      versus(find(s.pages, 'metered', enc), find(s.pages, 'article', enc), 'metered re-read vs free article', METERED_VS_ARTICLE);
    }
    for (const m of s.crowd) {
      if (m.status !== 'ok') continue;
      const failed = m.errors + m.timeouts + m.non2xx;
      out.push({
        target: `${CROWD.connections} connections, ${m.page === 'first-visit' ? 'first visit' : 're-read'}, ${at}, Accept-Encoding: ${m.acceptEncoding}`,
        value: `p99 ${m.p99Ms.toFixed(0)} ms, max ${m.maxMs.toFixed(0)} ms, ${failed} failed`,
        goal: `p99 ≤ ${CROWD.p99Ms} ms, max ≤ ${CROWD.maxMs} ms, 0 failed`,
        pass: m.p99Ms <= CROWD.p99Ms && m.maxMs <= CROWD.maxMs && failed === 0,
      });
    }
    if (s.sustained) {
      const peak = peakMb(s.sustained.memory);
      out.push({
        target: `server peak RSS over the sustained run, ${at}`,
        value: `${peak.toFixed(0)} MB`,
        goal: `< ${MEMORY_BUDGET_MB} MB`,
        pass: peak < MEMORY_BUDGET_MB,
      });
    }
    const cold = median(s.startup.coldStartMs);
    if (Number.isFinite(cold)) {
      out.push({
        target: `cold start to the first 200 on the article (median), ${at}`,
        value: `${cold.toFixed(0)} ms`,
        goal: `≤ ${COLD_START_MS} ms`,
        pass: cold <= COLD_START_MS,
      });
    }
    const cli = median(s.startup.cliMs);
    if (Number.isFinite(cli)) {
      out.push({
        target: `CLI \`api-key list\` wall time (median), ${at}`,
        value: `${cli.toFixed(0)} ms`,
        goal: `< ${CLI_MS} ms`,
        pass: cli < CLI_MS,
      });
    }
  }
  const sorted = [...sizes].sort((a, b) => a.articles - b.articles);
  const small = sorted[0];
  const large = sorted[sorted.length - 1];
  if (small && large && small !== large) {
    for (const enc of ['none', 'browser'] as const) {
      const a = find(small.pages, 'article', enc)?.requestsPerSec;
      const b = find(large.pages, 'article', enc)?.requestsPerSec;
      if (a && b) {
        out.push({
          target: `article at ${n(large.articles)} vs at ${n(small.articles)}, ${large.dialect}, Accept-Encoding: ${enc}`,
          value: pct(b / a),
          goal: '≥ 90 %',
          pass: b / a >= 0.9,
        });
      }
    }
  }
  if (large) {
    const w = large.weight;
    out.push({
      target: 'article page HTML + CSS, uncompressed',
      value: `${kb(w.totalBytes)} (HTML ${kb(w.htmlBytes)} + CSS ${kb(w.totalBytes - w.htmlBytes)})`,
      goal: `≤ ${kb(WEIGHT_BUDGET_BYTES)}`,
      pass: w.totalBytes <= WEIGHT_BUDGET_BYTES,
    });
  }
  return out;
}

function n(x: number): string {
  return x.toLocaleString('en');
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const HEAD = [
  'page',
  'Accept-Encoding',
  'sent as',
  'req/s',
  'p50 ms',
  'p99 ms',
  'max ms',
  'non-2xx',
  'errors',
  'bytes/req',
  'cold ms',
  'server CPU',
  'client CPU',
  'req/CPU-s',
  'vs ceiling',
];

function row(s: SizeResult, m: Measurement, label = m.page): string[] {
  const isCeiling = m.page.startsWith('ceiling');
  if (m.status !== 'ok')
    return [label, m.acceptEncoding, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', `(${m.warm.status})`, '', '', '', ''];
  return [
    label,
    m.page === 'sustained' ? 'both, in turns' : m.acceptEncoding,
    m.warm.contentEncoding,
    Math.round(m.requestsPerSec).toLocaleString('en'),
    m.p50Ms.toFixed(1),
    m.p99Ms.toFixed(1),
    m.maxMs.toFixed(0),
    String(m.non2xx),
    String(m.errors + m.timeouts),
    Math.round(m.bytesPerRequest).toLocaleString('en'),
    isCeiling || m.acceptEncoding !== 'none' || m.warm.coldMs <= 0 ? '' : m.warm.coldMs.toFixed(1),
    `${m.serverCpuPct.toFixed(0)} %`,
    `${m.clientCpuPct.toFixed(0)} %`,
    Math.round(m.requestsPerCpuSecond).toLocaleString('en'),
    isCeiling || m.page === 'sustained' ? '' : versusCeiling(s, m).text,
  ];
}

/** `mail`: the daily email's table (bench/mail.ts `mailRows`), printed before the targets. */
export function formatResults(sizes: SizeResult[], checks: Verdict[], mail?: string[][]): string {
  const out: string[] = [];
  for (const s of sizes) {
    const rows: string[][] = [HEAD];
    for (const m of [...s.pages, ...s.ceiling]) rows.push(row(s, m));
    for (const m of s.crowd) rows.push(row(s, m, `${m.page} ×${CROWD.connections}`));
    for (const m of s.arrival ?? []) rows.push(row(s, m, `${m.page} ×${CROWD.connections} opened at once`));
    if (s.sustained) rows.push(row(s, s.sustained.measurement, `sustained (${s.sustained.requests.length} in turns)`));
    const sus = s.sustained;
    out.push(
      `\n${n(s.articles)} articles (${s.dialect}, seeded in ${s.seedSeconds.toFixed(0)} s) — server (as npm start runs it) peak RSS: ` +
        (sus
          ? `${peakMb(sus.memory).toFixed(0)} MB over the sustained run (VmHWM ${sus.memory.hwmReset ? 'reset at its start' : 'over the whole life'}), `
          : '') +
        `${peakMb(s.memory).toFixed(0)} MB over its whole life`,
      table(rows),
      `cold start to the first 200 on the article: ${s.startup.coldStartMs.map((x) => `${x.toFixed(0)} ms`).join(', ')}; ` +
        `\`api-key list\` (npm start's entry): ${s.startup.cliMs.map((x) => `${x.toFixed(0)} ms`).join(', ')}`,
      `article page: HTML ${kb(s.weight.htmlBytes)}${s.weight.css.map((c) => ` + ${c.url} ${kb(c.bytes)}`).join('')} = ${kb(s.weight.totalBytes)} uncompressed`,
    );
  }
  if (mail) out.push("\nThe daily email (bench/mail.ts; rates are the SMTP sink's own count)", table(mail));
  out.push('\nTargets');
  out.push(table([['target', 'value', 'goal', 'result'], ...checks.map((c) => [c.target, c.value, c.goal, c.pass ? 'PASS' : 'FAIL'])]));
  return out.join('\n');
}

/** The dashboard's pages (bench/dashboard.ts): each under this many milliseconds at a million readers (issue 16). */
export const DASHBOARD_MS = 300;

export interface DashboardResult {
  readers: number;
  dialect: 'sqlite' | 'postgres';
  seedSeconds: number;
  tries: number;
  pages: { days: number; medianMs: number; maxMs: number }[];
}

/** One target row per dashboard page: its slowest try. */
export function dashboardVerdicts(d: DashboardResult): Verdict[] {
  return d.pages.map((p) => ({
    target: `/admin/dashboard?days=${p.days} (slowest of ${d.tries}), ${n(d.readers)} readers, ${d.dialect}`,
    value: `${p.maxMs.toFixed(0)} ms`,
    goal: `< ${DASHBOARD_MS} ms`,
    pass: p.maxMs < DASHBOARD_MS,
  }));
}

export function formatDashboard(d: DashboardResult): string {
  const rows = [
    ['page', 'median', 'slowest'],
    ...d.pages.map((p) => [`/admin/dashboard?days=${p.days}`, `${p.medianMs.toFixed(0)} ms`, `${p.maxMs.toFixed(0)} ms`]),
  ];
  return `\nDashboard at ${n(d.readers)} readers and a year of funnel counters (${d.dialect}, seeded in ${d.seedSeconds.toFixed(0)} s; in-process app.inject, ${d.tries} tries after a warm-up)\n${table(rows)}`;
}

/** The magazine issue's target: "A 48-page edition in under 20 s on this machine". */
export const MAGAZINE_PAGES = 48;
export const MAGAZINE_SECONDS = 20;

export interface MagazineResult {
  stories: number;
  /** The PDF's pages (pdfinfo). */
  pages: number;
  runs: number;
  /** Wall time of each `masthead magazine pdf` run, end to end. */
  seconds: number[];
  medianSeconds: number;
  seedSeconds: number;
  pdfBytes: number;
}

/** One target row: the median run, and the edition had to be at least 48 pages for it to count. */
export function magazineVerdicts(m: MagazineResult): Verdict[] {
  return [
    {
      target: `magazine pdf, ${m.pages}-page edition (${m.stories} stories; median of ${m.runs} runs, end to end)`,
      value: `${m.medianSeconds.toFixed(1)} s, ${m.pages} pages`,
      goal: `≥ ${MAGAZINE_PAGES} pages in < ${MAGAZINE_SECONDS} s`,
      pass: m.pages >= MAGAZINE_PAGES && m.medianSeconds < MAGAZINE_SECONDS,
    },
  ];
}

export function formatMagazine(m: MagazineResult): string {
  const rows = [
    ['edition', 'pages', 'runs', 'median', 'slowest', 'PDF'],
    [
      `${m.stories} stories, pictures at print resolution`,
      String(m.pages),
      m.seconds.map((x) => `${x.toFixed(1)} s`).join(', '),
      `${m.medianSeconds.toFixed(1)} s`,
      `${Math.max(...m.seconds).toFixed(1)} s`,
      `${(m.pdfBytes / 2 ** 20).toFixed(1)} MiB`,
    ],
  ];
  return `\nThe printed magazine: \`masthead magazine pdf\` end to end (bench/magazine.ts; seeded in ${m.seedSeconds.toFixed(0)} s)\n${table(rows)}`;
}
