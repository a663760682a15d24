import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Fastify's own errors (the body parser's, the body limit) reach a client in our one shape with
 * our codes: `{statusCode, error: {code, message, fields}}`, never an `FST_*` code.
 */
describe('errors Fastify raises, in our shape', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    key = (await t.services.apiKeys.createKey({ name: 'editor', kind: 'admin', role: 'editor', createdBy: 'test' })).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, contentType: string, payload: string | Buffer, auth = true) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': contentType, ...(auth && { authorization: `Bearer ${key}` }) },
      payload,
    });

  function expectOurs(r: { statusCode: number; body: string; json(): unknown }, status: number, code: string) {
    expect(r.statusCode).toBe(status);
    expect(r.body).not.toContain('FST_');
    expect(r.json()).toEqual({ statusCode: status, error: { code, message: expect.any(String), fields: [] } });
  }

  it('answers a malformed JSON body to the Admin API with 400 INVALID_JSON', async () => {
    expectOurs(await post('/api/v1/admin/articles', 'application/json', '{"headline": '), 400, 'INVALID_JSON');
  });

  it('answers an empty body that says it is JSON with 400 INVALID_JSON', async () => {
    expectOurs(await post('/api/v1/admin/articles', 'application/json', ''), 400, 'INVALID_JSON');
  });

  it('answers a body of a type the Admin API does not read with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectOurs(await post('/api/v1/admin/articles', 'text/csv', 'headline,section\nA,news'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over the limit with 413 BODY_TOO_LARGE', async () => {
    const big = JSON.stringify({ headline: 'x', body: 'a'.repeat(1024 * 1024 + 1) });
    expectOurs(await post('/api/v1/admin/articles', 'application/json', big), 413, 'BODY_TOO_LARGE');
  });

  it('answers a webhook over its limit in the same shape, 413 BODY_TOO_LARGE', async () => {
    const big = Buffer.alloc(300 * 1024, 'a');
    expectOurs(await post('/webhooks/stripe', 'application/json', big, false), 413, 'BODY_TOO_LARGE');
  });

  it("answers a webhook the gateway refuses in the same shape, with the gateway's code", async () => {
    const r = await post('/webhooks/stripe', 'application/json', '{}', false);
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.json()).toEqual({ statusCode: r.statusCode, error: { code: expect.any(String), message: expect.any(String), fields: [] } });
    expect(r.json().error.code).not.toMatch(/^FST_/);
  });

  it('answers a bad body to the Admin API in the same shape as a failed validation', async () => {
    const r = await post('/api/v1/admin/articles', 'application/json', '{"headline": 5}');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ statusCode: 400, error: { code: 'VALIDATION_FAILED' } });
  });
});
