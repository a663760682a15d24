import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../src/cache/page-cache.js';
import { type CeilingEncoding, ceilingBodies, createCeilingApp, pickEncoding } from './ceiling.js';
import { httpGet } from './processes.js';

const ALL = { identity: true, br: true, gzip: true };

describe('pickEncoding', () => {
  it("chooses what the app's page cache chooses", () => {
    for (const header of [
      undefined,
      '',
      'gzip, deflate, br, zstd',
      'gzip',
      'x-gzip',
      'br;q=0, gzip',
      'gzip;q=0',
      '*',
      'deflate',
      'BR',
      'identity',
    ]) {
      expect(pickEncoding(header, ALL), String(header)).toBe(negotiateEncoding(header));
    }
  });

  it('falls back to what it holds', () => {
    expect(pickEncoding('gzip, br', { identity: true, gzip: true })).toBe('gzip');
    expect(pickEncoding('br', { identity: true, gzip: true })).toBe('identity');
  });
});

const html = Buffer.from(`<!doctype html><p>${'The same bytes. '.repeat(500)}</p>`);
const answer = (enc: CeilingEncoding, body: Buffer, status = 200) => ({
  status,
  contentEncoding: enc === 'identity' ? undefined : enc,
  contentType: 'text/html; charset=utf-8',
  body,
});
const answers = {
  identity: answer('identity', html),
  br: answer('br', zlib.brotliCompressSync(html)),
  gzip: answer('gzip', zlib.gzipSync(html)),
};

describe('ceilingBodies', () => {
  it('keeps each body the app sent under its encoding', () => {
    const held = ceilingBodies(answers);
    expect(held.contentType).toBe('text/html; charset=utf-8');
    expect(held.bodies.identity?.equals(html)).toBe(true);
    expect(held.bodies.br?.equals(answers.br.body)).toBe(true);
    expect(held.bodies.gzip?.equals(answers.gzip.body)).toBe(true);
  });

  it('refuses an error page or a body in another encoding than asked for', () => {
    expect(() => ceilingBodies({ ...answers, br: answer('br', html, 503) })).toThrow(/br body: the app answered 503/);
    expect(() => ceilingBodies({ ...answers, br: { ...answers.br, contentEncoding: 'gzip' } })).toThrow(/br body: the app sent it as gzip/);
    expect(() => ceilingBodies({ ...answers, gzip: { ...answers.gzip, contentEncoding: undefined } })).toThrow(/sent it as identity/);
  });
});

describe('the ceiling app over HTTP', () => {
  const app = createCeilingApp(ceilingBodies(answers));
  let base = '';
  beforeAll(async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('sends the exact bytes the app sent for each Accept-Encoding, with Content-Encoding and Vary', async () => {
    for (const [header, enc] of [
      [undefined, 'identity'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await httpGet(`${base}/`, header ? { 'accept-encoding': header } : {});
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(enc === 'identity' ? undefined : enc);
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body.equals(answers[enc].body)).toBe(true);
    }
  });
});
