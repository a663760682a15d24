import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { AppError } from '../http/app-error.js';
import { multipartProblem } from '../http/multipart-problem.js';
import { DEFAULT_IMAGE_LIMITS } from '../media/index.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const B = 'masthead-upload-boundary';
const TYPE = `multipart/form-data; boundary=${B}`;
const part = (name: string, body: string | Buffer, filename = 'harbour.jpg') =>
  Buffer.concat([
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    Buffer.from(body),
    Buffer.from('\r\n'),
  ]);
const end = Buffer.from(`--${B}--\r\n`);
const field = (name: string, value: string) => Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);

// Malformed, truncated and oversized multipart bodies on the Admin API's image upload (the one
// multipart route): each a 4xx naming the problem, never a 500.
describe.each(DIALECTS)('image upload with a bad multipart body on %s', (dialect) => {
  let t: TestApp;
  let key = '';
  beforeAll(async () => {
    t = await createTestApp(dialect);
    key = (await t.services.apiKeys.createKey({ name: 'desk', kind: 'admin', role: 'editor', createdBy: 'test' })).secret;
  });
  afterAll(async () => {
    await t.close();
  });
  const upload = (payload: Buffer | string, contentType: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/images',
      payload,
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    });

  type Case = [name: string, body: () => Buffer | string, contentType: string, status: number, code: string];
  const cases: Case[] = [
    [
      'no boundary in the Content-Type',
      () => Buffer.concat([part('file', 'abc'), end]),
      'multipart/form-data',
      400,
      'MULTIPART_NO_BOUNDARY',
    ],
    [
      'a boundary that is not the body’s',
      () => Buffer.concat([part('file', 'abc'), end]),
      'multipart/form-data; boundary=other',
      400,
      'MULTIPART_TRUNCATED',
    ],
    ['a part cut inside its headers', () => part('file', 'abc').subarray(0, 60), TYPE, 400, 'MULTIPART_TRUNCATED'],
    ['a file part cut before its closing boundary', () => part('file', 'abcdef').subarray(0, -2), TYPE, 400, 'MULTIPART_TRUNCATED'],
    ['text that is not multipart at all', () => 'hello world', TYPE, 400, 'MULTIPART_TRUNCATED'],
    ['no parts', () => end, TYPE, 400, 'VALIDATION_FAILED'],
    ['an empty body', () => '', TYPE, 400, 'VALIDATION_FAILED'],
    ['only a text field, no file', () => Buffer.concat([field('title', 'Harbour'), end]), TYPE, 400, 'VALIDATION_FAILED'],
    ['the file under another name', () => Buffer.concat([part('picture', 'abc'), end]), TYPE, 400, 'VALIDATION_FAILED'],
    [
      'a file over the size limit',
      () => Buffer.concat([part('file', Buffer.alloc(DEFAULT_IMAGE_LIMITS.maxBytes + 1024, 7)), end]),
      TYPE,
      413,
      'FILE_TOO_LARGE',
    ],
  ];
  it.each(cases)('%s', async (_name, body, contentType, status, code) => {
    const r = await upload(body(), contentType);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toContain('application/json');
    const error = r.json().error;
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/something went wrong/i);
    if (code === 'FILE_TOO_LARGE') expect(error.message).toContain('20 MB');
    if (code === 'VALIDATION_FAILED') expect(error.fields.map((f: { field: string }) => f.field)).toEqual(['file']);
  });

  it('still takes a good upload afterwards', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const r = await upload(Buffer.concat([part('file', png, 'a.png'), end]), TYPE);
    expect(r.statusCode, r.body).toBe(201);
  });
});

describe('multipartProblem', () => {
  const limits = { fileBytes: 20 * 1024 * 1024, fileField: 'file' };
  it.each([
    [{ code: 'FST_REQ_FILE_TOO_LARGE', message: 'request file too large' }, 413, 'FILE_TOO_LARGE'],
    [{ code: 'FST_FILES_LIMIT', message: 'reach files limit' }, 413, 'MULTIPART_TOO_MANY_PARTS'],
    [{ code: 'FST_PARTS_LIMIT', message: 'reach parts limit' }, 413, 'MULTIPART_TOO_MANY_PARTS'],
    [{ code: 'FST_PROTO_VIOLATION', message: 'prototype property is not allowed' }, 400, 'MULTIPART_BAD_FIELD'],
    [{ code: 'FST_MP_PREMATURE_CLOSE', message: 'closed early' }, 400, 'MULTIPART_TRUNCATED'],
    [new Error('Multipart: Boundary not found'), 400, 'MULTIPART_NO_BOUNDARY'],
    [new Error('Unexpected end of multipart data'), 400, 'MULTIPART_TRUNCATED'],
    [new Error('Part terminated early due to unexpected end of multipart data'), 400, 'MULTIPART_TRUNCATED'],
    [new Error('something else'), 400, 'MULTIPART_UNREADABLE'],
  ])('%o → %i %s', (err, status, code) => {
    const e = multipartProblem(err, limits);
    expect(e).toBeInstanceOf(AppError);
    expect(e.statusCode).toBe(status);
    expect(e.code).toBe(code);
    expect(e.code).not.toMatch(/^FST_/);
  });
});
