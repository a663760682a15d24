import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiValidatorCompiler } from '../api/api-validation.js';
import { readerValidatorCompiler } from './typebox-validation.js';

const Query = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  q: Type.Optional(Type.String({ maxLength: 20 })),
});
const Params = Type.Object({ yyyy: Type.String({ pattern: '^\\d{4}$' }) });

function appWith(validatorCompiler: typeof readerValidatorCompiler): FastifyInstance {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  app.get('/y/:yyyy', { schema: { params: Params, querystring: Query }, validatorCompiler }, async (request) => ({
    page: request.query.page ?? null,
    pageType: typeof request.query.page,
    q: request.query.q ?? null,
    yyyy: request.params.yyyy,
    query: request.query,
  }));
  return app;
}

describe("the reader routes' TypeBox validator", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = appWith(readerValidatorCompiler);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('converts a whole number from the query string exactly, and keeps parameters the schema does not name', async () => {
    const r = await app.inject('/y/2026?page=3&utm_source=news');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ page: 3, pageType: 'number', q: null, yyyy: '2026', query: { page: 3, utm_source: 'news' } });
    expect((await app.inject('/y/2026')).json()).toMatchObject({ page: null, pageType: 'undefined' });
  });

  it.each([
    ['/y/2026?page=abc', 'querystring/page must be integer'],
    ['/y/2026?page=2.5', 'querystring/page must be integer'],
    ['/y/2026?page=0x2', 'querystring/page must be integer'],
    ['/y/2026?page=%202', 'querystring/page must be integer'],
    ['/y/2026?page=', 'querystring/page must be integer'],
    ['/y/2026?page=1&page=2', 'querystring/page must be integer'],
    ['/y/2026?page=0', 'querystring/page must be >= 1'],
    ['/y/2026?page=501', 'querystring/page must be <= 500'],
    [`/y/2026?q=${'x'.repeat(21)}`, 'querystring/q must not have more than 20 characters'],
    ['/y/20x6', 'params/yyyy must match pattern'],
  ])('%s is a 400 naming the field', async (url, message) => {
    const r = await app.inject(url);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'FST_ERR_VALIDATION' });
    expect(r.json().message).toContain(message);
  });

  it('leaves a NUL character to the route (a search may be given one), where the API refuses it', async () => {
    expect((await app.inject('/y/2026?q=a%00b')).json()).toMatchObject({ q: 'a\u0000b' });
    const api = appWith(apiValidatorCompiler);
    try {
      const r = await api.inject('/y/2026?q=a%00b');
      expect(r.statusCode).toBe(400);
      expect(r.json().message).toContain('must not contain the NUL character');
    } finally {
      await api.close();
    }
  });
});
