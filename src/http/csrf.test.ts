import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { CSRF_COOKIE, createCsrf } from './csrf.js';

const KEY_A = 'a'.repeat(40);
const KEY_B = 'b'.repeat(40);

async function makeApp(keys: string[]): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(formbody);
  // A session is "sess-1" when the request says so in a header, for the test only.
  const csrf = createCsrf({ keys, secure: true, sessionIdOf: async (r) => (r.headers['x-session'] as string | undefined) ?? undefined });
  app.setErrorHandler((err, _req, reply) =>
    reply.code(err instanceof AppError ? err.statusCode : 500).send({ code: (err as AppError).code }),
  );
  app.get('/form', async (request, reply) => ({ token: await csrf.token(request, reply) }));
  app.post('/act', { preValidation: csrf.guard }, async () => ({ ok: true }));
  return app;
}

const cookieOf = (setCookie: string | string[] | undefined) =>
  String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0] as string;

describe('CSRF tokens', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await makeApp([KEY_A]);
  });
  afterAll(async () => app.close());

  it('gives a visitor a cookie and a token that only works with it', async () => {
    const r = await app.inject('/form');
    const setCookie = r.headers['set-cookie'];
    expect(String(setCookie)).toMatch(new RegExp(`^${CSRF_COOKIE}=[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Lax; Secure$`));
    const { token } = r.json() as { token: string };
    const post = (cookie: string, body: string) =>
      app.inject({ method: 'POST', url: '/act', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
    expect((await post(cookieOf(setCookie), `_csrf=${token}`)).statusCode).toBe(200);
    expect((await post(cookieOf(setCookie), '')).statusCode).toBe(403);
    expect((await post(cookieOf(setCookie), `_csrf=${token}x`)).statusCode).toBe(403);
    expect((await post(`${CSRF_COOKIE}=someone-elses-visitor-id-0000`, `_csrf=${token}`)).statusCode).toBe(403);
    expect((await post('', `_csrf=${token}`)).statusCode).toBe(403);
    expect((await post(cookieOf(setCookie), `_csrf=${token}&_csrf=${token}`)).statusCode).toBe(403);
  });

  it('binds to the session when there is one, and survives key rotation', async () => {
    const r = await app.inject({ url: '/form', headers: { 'x-session': 'sess-1' } });
    expect(r.headers['set-cookie']).toBeUndefined();
    const { token } = r.json() as { token: string };
    const post = (session: string, a: FastifyInstance = app) =>
      a.inject({
        method: 'POST',
        url: '/act',
        headers: { 'x-session': session, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${token}`,
      });
    expect((await post('sess-1')).statusCode).toBe(200);
    expect((await post('sess-2')).statusCode).toBe(403);
    const rotated = await makeApp([KEY_B, KEY_A]);
    try {
      expect((await post('sess-1', rotated)).statusCode).toBe(200);
    } finally {
      await rotated.close();
    }
    const dropped = await makeApp([KEY_B]);
    try {
      expect((await post('sess-1', dropped)).statusCode).toBe(403);
    } finally {
      await dropped.close();
    }
  });

  it('lets safe methods through', async () => {
    expect((await app.inject('/form')).statusCode).toBe(200);
  });
});
