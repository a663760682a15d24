/**
 * The bench's child processes (the Masthead server, the ceiling server): start on a free
 * loopback port, wait until ready, sample memory, stop. Every child started here is stopped when
 * the bench exits, however it exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export const HOST = '127.0.0.1';

/** The server command of `npm start` (package.json's `start` script), split into its parts. */
export interface StartCommand {
  /** `NAME=value` words before `node`, if the script sets any. */
  env: Record<string, string>;
  /** Node's own flags (`--max-old-space-size=512`, say). */
  nodeFlags: string[];
  /** The script node runs and its arguments (`dist/src/cli-main.js serve --seed-if-empty`). */
  script: string;
  args: string[];
}

/**
 * The server command out of a `start` script: the last `&&`-separated step that runs `node`
 * (the steps before it build). Read from package.json by the bench, never copied, so the bench
 * runs what `npm start` runs whatever its flags become. Throws on a script it cannot read.
 */
export function parseStartScript(start: string): StartCommand {
  const steps = start.split('&&').map((s) => s.trim().split(/\s+/).filter(Boolean));
  const step = [...steps].reverse().find((words) => words.some((w) => w === 'node'));
  if (!step || step.some((w) => /["'$`\\|;<>]/.test(w))) {
    throw new Error(`cannot read the server command in package.json's start script: ${JSON.stringify(start)}`);
  }
  const at = step.indexOf('node');
  const env: Record<string, string> = {};
  for (const w of step.slice(0, at)) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(w);
    if (!m?.[1] || m[2] === undefined) throw new Error(`cannot read "${w}" before node in package.json's start script`);
    env[m[1]] = m[2];
  }
  const rest = step.slice(at + 1);
  const scriptAt = rest.findIndex((w) => !w.startsWith('-'));
  const script = rest[scriptAt];
  if (scriptAt < 0 || script === undefined)
    throw new Error(`no script after node in package.json's start script: ${JSON.stringify(start)}`);
  return { env, nodeFlags: rest.slice(0, scriptAt), script, args: rest.slice(scriptAt + 1) };
}

/** `npm start`'s server command, from the package.json at `root`. */
export function npmStartCommand(root: string): StartCommand {
  const pkg = JSON.parse(fs.readFileSync(`${root}/package.json`, 'utf8')) as { scripts?: { start?: string } };
  const start = pkg.scripts?.start;
  if (!start) throw new Error('package.json has no start script');
  return parseStartScript(start);
}

const running = new Set<ChildProcess>();

/** Kills every child still running (by its own pid). Safe to call more than once. */
export function killAllChildren(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, signal);
      } catch {
        // Already gone.
      }
    }
  }
}

process.once('exit', () => killAllChildren('SIGKILL'));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Child {
  name: string;
  pid: number;
  /** The last lines it wrote, for error messages. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const proc = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  running.add(proc);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    // 'close', not 'exit': by then everything it wrote has been read (wrk's report is its last line).
    proc.once('close', (code) => {
      running.delete(proc);
      resolve(code);
    });
  });
  const pid = proc.pid;
  return {
    name,
    pid,
    output: () => tail,
    exited,
    async stop(graceMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (compressed if the server compressed it). */
  body: Buffer;
  ms: number;
}

/** One GET with exactly these headers (fetch would add Accept-Encoding and decompress). */
export function httpGet(url: string, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<HttpResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Polls `url` until it answers 200; fails if the child exits first or time runs out. */
export async function waitUntilReady(child: Child, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before it was ready:\n${child.output()}`);
    try {
      const res = await httpGet(url, {}, 2_000);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.name} was not ready within ${timeoutMs / 1000} s:\n${child.output()}`);
}

/** kB figures from /proc/<pid>/status (Linux); undefined elsewhere. */
export function readProcStatus(pid: number): { vmRssKb: number; vmHwmKb: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { vmRssKb: field('VmRSS'), vmHwmKb: field('VmHWM') };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined off
 * Linux. Fields 14 and 15 count clock ticks of USER_HZ, which Linux fixes at 100 for /proc.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields from the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Asks the kernel to start the process's high-water mark (VmHWM) again from its resident set now
 * (`echo 5 > /proc/<pid>/clear_refs`, Linux 4.0+: proc(5)). False if it could not.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface MemoryFigures {
  /** The largest VmRSS sampled. */
  peakRssMiB: number;
  /** The kernel's high-water mark at the end (since the start, or since `resetPeakRss`). */
  vmHwmMiB: number;
  samples: number;
  /** Whether VmHWM was reset when sampling began (else it covers the process's whole life). */
  hwmReset?: boolean;
}

/** Samples VmRSS every `everyMs`; `finish()` adds the kernel's own high-water mark (VmHWM). */
export function sampleMemory(pid: number, everyMs = 250, opts: { resetHwm?: boolean } = {}) {
  let peakRssKb = 0;
  let samples = 0;
  const hwmReset = opts.resetHwm ? resetPeakRss(pid) : undefined;
  const take = () => {
    const s = readProcStatus(pid);
    if (s && Number.isFinite(s.vmRssKb)) {
      peakRssKb = Math.max(peakRssKb, s.vmRssKb);
      samples++;
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    finish(): MemoryFigures {
      clearInterval(timer);
      take();
      const hwm = readProcStatus(pid)?.vmHwmKb ?? Number.NaN;
      return { peakRssMiB: peakRssKb / 1024, vmHwmMiB: hwm / 1024, samples, ...(hwmReset === undefined ? {} : { hwmReset }) };
    },
  };
}
