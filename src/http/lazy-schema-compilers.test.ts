import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRouteSchemas } from '../app.js';
import { createTestApp } from '../test-support/test-app.js';
import { lazyCompilers } from './lazy-schema-compilers.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function appWith(compilers = lazyCompilers()) {
  const app = Fastify({
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: true } },
    schemaController: { compilersFactory: compilers.compilersFactory },
  });
  apps.push(app);
  return { app, compilers };
}

describe('lazy schema compilers', () => {
  it('compile a route schema on its first request, not at ready(), and validate as Ajv does', async () => {
    const compiled: string[] = [];
    const { app, compilers } = appWith();
    app.get(
      '/n',
      {
        schema: {
          querystring: { type: 'object', properties: { page: { type: 'integer', minimum: 1 } } },
          response: { 200: { type: 'object', properties: { page: { type: 'integer' } } } },
        },
      },
      async (request) => {
        compiled.push(typeof (request.query as { page?: unknown }).page);
        return { page: (request.query as { page?: number }).page, secret: 'not in the schema' };
      },
    );
    await app.ready();
    expect(compilers.compiled()).toBe(0);
    const ok = await app.inject('/n?page=3');
    // This route's validator and serializer; the HEAD route Fastify adds beside it is still not compiled.
    expect(compilers.compiled()).toBe(2);
    expect(ok.statusCode).toBe(200);
    // Coerced to a number by Ajv, and the response serialized by its schema (unknown fields dropped).
    expect(compiled).toEqual(['number']);
    expect(ok.json()).toEqual({ page: 3 });
    const bad = await app.inject('/n?page=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('querystring/page must be >= 1');
    expect(compilers.compileAll()).toBe(4);
    expect(compilers.compiled()).toBe(4);
  });

  it('match header names whatever their case, as Fastify does for its own compiler', async () => {
    const { app } = appWith();
    app.get(
      '/h',
      {
        schema: {
          headers: { type: 'object', properties: { 'If-Match': { type: 'string', pattern: '^"\\d+"$' } }, required: ['If-Match'] },
        },
      },
      async () => 'ok',
    );
    expect((await app.inject({ url: '/h', headers: { 'if-match': '"3"' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/h', headers: { 'If-Match': 'x' } })).statusCode).toBe(400);
    expect((await app.inject({ url: '/h' })).statusCode).toBe(400);
  });

  it('leave a schema that does not compile to its first request, and compileAll finds it', async () => {
    const { app, compilers } = appWith();
    app.get('/broken', { schema: { querystring: { type: 'object', properties: { a: { type: 'no-such-type' } } } } }, async () => 'ok');
    await app.ready();
    expect((await app.inject('/broken')).statusCode).toBe(500);
    expect(() => compilers.compileAll()).toThrow(/no-such-type|type must be|schema is invalid/);
  });

  it('every route schema of the whole app compiles (checked against the meta-schema)', async () => {
    const t = await createTestApp('sqlite');
    try {
      expect(compileRouteSchemas(t.app)).toBeGreaterThan(20);
    } finally {
      await t.close();
    }
  });
});
