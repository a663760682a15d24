import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { serverTimeouts } from './server-timeouts.js';

const LIMIT_MS = 1000;

/** Sends `head` and part of a body on a raw socket, then waits: what comes back, and when. */
function stall(port: number, head: string, partialBody: string): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head + partialBody));
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still held the stalled request after 10 s (got: ${answer})`));
    }, 10_000);
  });
}

describe('serverTimeouts', () => {
  it('checks for stalled requests often enough to keep the limit, and never waits on headers longer than the limit', () => {
    expect(serverTimeouts(60_000)).toEqual({
      requestTimeout: 60_000,
      connectionTimeout: 120_000,
      http: { requestTimeout: 60_000, headersTimeout: 60_000, connectionsCheckingInterval: 5_000 },
    });
    expect(serverTimeouts(1_000).http).toEqual({ requestTimeout: 1_000, headersTimeout: 1_000, connectionsCheckingInterval: 100 });
    expect(serverTimeouts(600_000).http.headersTimeout).toBe(60_000);
  });
});

describe.each(DIALECTS)('a stalled request body on %s', (dialect) => {
  let t: TestApp;
  let port = 0;
  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_REQUEST_TIMEOUT_MS: String(LIMIT_MS) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is answered 408 and closed within the limit, while other requests are still served', async () => {
    const body = 'email=reader%40example.com&password=correct-horse-battery';
    const head = [
      'POST /signin HTTP/1.1',
      'Host: paper.test',
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    const pending = stall(port, head, body.slice(0, 10));
    // Served meanwhile, on other sockets: one slow client holds only its own.
    const meanwhile = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(meanwhile.status).toBe(200);
    const { answer, closedAfterMs } = await pending;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // The limit plus one checking interval (a tenth of it) and some slack for a busy machine.
    expect(closedAfterMs).toBeLessThan(LIMIT_MS * 3);
    expect(closedAfterMs).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('answers 408 to a stalled multipart upload too', async () => {
    const boundary = 'stall-boundary';
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
    const head = [
      'POST /api/v1/admin/images HTTP/1.1',
      'Host: paper.test',
      `Authorization: Bearer ${(await t.services.apiKeys.createKey({ name: 'desk', kind: 'admin', role: 'editor', createdBy: 'test' })).secret}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      'Content-Length: 100000',
      '',
      '',
    ].join('\r\n');
    const { answer, closedAfterMs } = await stall(port, head, part);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(LIMIT_MS * 3);
  });
});
