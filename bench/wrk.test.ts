import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuPlan, parseWrkReport, pinned, requireWrk, runWrk, wrkCycleScript, wrkSettleScript } from './wrk.js';

const REPORT = {
  requests: 1200,
  durationUs: 1_000_500,
  bytes: 120_000,
  non2xx: 0,
  timeouts: 0,
  connectErrors: 0,
  readErrors: 0,
  writeErrors: 0,
  p50Us: 810,
  p99Us: 2900,
  maxUs: 15000,
  cpuSeconds: 0.41,
};

describe('parseWrkReport', () => {
  it("takes the last JSON line after wrk's own summary", () => {
    const out = `Running 1s test @ http://127.0.0.1:1/\n  1 threads and 2 connections\nRequests/sec: 1199.40\n\n${JSON.stringify(REPORT)}\n`;
    expect(parseWrkReport(out)).toEqual(REPORT);
  });

  it('names what is missing or wrong', () => {
    expect(() => parseWrkReport('Running 1s test\nunable to connect to 127.0.0.1:1 Connection refused\n')).toThrow(
      /no report line[\s\S]*Connection refused/,
    );
    expect(() => parseWrkReport('{"requests":')).toThrow(/not JSON/);
    expect(() => parseWrkReport(JSON.stringify({ ...REPORT, requests: -1 }))).toThrow(/\/requests/);
    const { p99Us: _, ...noP99 } = REPORT;
    expect(() => parseWrkReport(JSON.stringify(noP99))).toThrow(/p99Us/);
  });
});

describe('cpuPlan', () => {
  it('gives the server the first CPU alone and wrk the rest, a thread each', () => {
    expect(cpuPlan([0, 1])).toEqual({ server: '0', client: '1', threads: 1 });
    expect(cpuPlan([2, 3, 5, 7])).toEqual({ server: '2', client: '3,5,7', threads: 3 });
  });

  it('pins nothing on one CPU or without taskset', () => {
    expect(cpuPlan([0])).toEqual({ server: null, client: null, threads: 1 });
    expect(cpuPlan(null)).toEqual({ server: null, client: null, threads: 1 });
  });

  it('puts a command under taskset only when it has CPUs to pin to', () => {
    expect(pinned('1,2', 'wrk', ['-c5', 'http://x/'])).toEqual({ command: 'taskset', args: ['-c', '1,2', 'wrk', '-c5', 'http://x/'] });
    expect(pinned(null, 'wrk', ['-c5'])).toEqual({ command: 'wrk', args: ['-c5'] });
  });
});

describe('runWrk against a loopback server', () => {
  let server: http.Server;
  let base = '';
  const seen = { cookie: new Set<string | undefined>(), requests: 0, log: [] as { url: string; xff?: string; cookie?: string }[] };

  beforeAll(async () => {
    requireWrk();
    server = http.createServer((req, res) => {
      seen.requests++;
      seen.cookie.add(req.headers.cookie);
      const xff = req.headers['x-forwarded-for'];
      seen.log.push({
        url: req.url ?? '',
        ...(typeof xff === 'string' ? { xff } : {}),
        ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
      });
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' }).end('x'.repeat(1000));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts the responses the server sent, with the headers it was given', async () => {
    const r = await runWrk({ url: `${base}/`, headers: { cookie: 'mh_meter=abc' }, connections: 4, duration: 1, timeoutSeconds: 5 });
    expect(r.requests).toBeGreaterThan(100);
    // wrk may leave a few requests unanswered when its time is up.
    expect(seen.requests).toBeGreaterThanOrEqual(r.requests);
    expect(seen.requests - r.requests).toBeLessThanOrEqual(4);
    expect([...seen.cookie]).toEqual(['mh_meter=abc']);
    expect(r.non2xx).toBe(0);
    expect(r.bytes / r.requests).toBeGreaterThan(1000);
    expect(r.durationUs).toBeGreaterThan(900_000);
    expect(r.p99Us).toBeGreaterThanOrEqual(r.p50Us);
  });

  it("holds back each connection's first request when asked to settle, and leaves the wait out of the time", async () => {
    const before = seen.requests;
    const settled = new Promise<number>((resolve) => {
      const started = Date.now();
      const check = setInterval(() => {
        if (seen.requests > before) {
          clearInterval(check);
          resolve(Date.now() - started);
        }
      }, 5);
    });
    const r = await runWrk({ url: `${base}/`, headers: {}, connections: 4, duration: 2, timeoutSeconds: 5, settleMs: 800 });
    // Nothing reached the server in the settling time; the run's time is the 2 s minus the wait.
    expect(await settled).toBeGreaterThanOrEqual(700);
    expect(r.durationUs).toBeLessThan(1_400_000);
    expect(r.durationUs).toBeGreaterThan(900_000);
    // Latency counts from the write: no request waited the 800 ms.
    expect(r.maxUs).toBeLessThan(500_000);
    expect(r.requests).toBeGreaterThan(100);
  });

  it('reports answers that are not 2xx', async () => {
    const r = await runWrk({ url: `${base}/missing`, headers: {}, connections: 2, duration: 1, timeoutSeconds: 5 });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.non2xx).toBe(r.requests);
  });

  it('sends a cycle of requests in turns, a new network per request where asked', async () => {
    seen.log = [];
    const r = await runWrk({
      url: `${base}/`,
      headers: {},
      cycle: [
        { path: '/a?q=x%20y', headers: { cookie: 'mh_meter="2.x"' } },
        { path: '/b', headers: {}, newNetwork: true },
      ],
      connections: 1,
      duration: 1,
      timeoutSeconds: 5,
    });
    expect(r.requests).toBeGreaterThan(100);
    const log = seen.log.slice(0, 100);
    // wrk may ask for a request before its first connection: the turns can start with either.
    const phase = log[0]?.url === '/b' ? 1 : 0;
    const a = log.filter((_, i) => i % 2 === phase);
    expect(a.every((e) => e.url === '/a?q=x%20y' && e.cookie === 'mh_meter="2.x"' && !e.xff)).toBe(true);
    const b = log.filter((_, i) => i % 2 !== phase);
    expect(b.every((e) => e.url === '/b' && !e.cookie && /^\d+\.\d+\.\d+\.1$/.test(e.xff ?? ''))).toBe(true);
    // Each its own /24.
    const networks = new Set(b.map((e) => e.xff?.split('.').slice(0, 3).join('.')));
    expect(networks.size).toBe(b.length);
  });
});

describe('wrkSettleScript', () => {
  it('delays as many first requests as the thread has connections, then none', () => {
    const lua = wrkSettleScript(250, 1000);
    expect(lua).toMatch(/local settling = 250\n/);
    expect(lua).toContain('return 1000');
    expect(() => wrkSettleScript(0, 1000)).toThrow(/bad arguments/);
    expect(() => wrkSettleScript(10, 0)).toThrow(/bad arguments/);
  });
});

describe('wrkCycleScript', () => {
  it('writes every byte of paths and headers as a Lua escape it cannot misread', () => {
    const lua = wrkCycleScript([{ path: '/é"\\1', headers: { a: 'b' } }], 1);
    expect(lua).toContain('path = "/\\195\\169\\034\\0921"');
    expect(() => wrkCycleScript([], 1)).toThrow(/no requests/);
  });
});
