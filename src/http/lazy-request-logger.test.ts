import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from './lazy-request-logger.js';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino({ level }, stream) as unknown as FastifyBaseLogger };
}

/** An app whose request loggers are lazy, with the children pino is asked to make counted. */
async function appWith(logger: FastifyBaseLogger) {
  let children = 0;
  const counting = (parent: FastifyBaseLogger) =>
    new Proxy(parent, {
      get(target, prop, receiver) {
        if (prop !== 'child') return Reflect.get(target, prop, receiver);
        return (...args: Parameters<FastifyBaseLogger['child']>) => {
          children += 1;
          return target.child(...args);
        };
      },
    });
  const app = Fastify({
    loggerInstance: logger,
    childLoggerFactory: (parent, bindings, options) => lazyChildLogger(counting(parent), bindings, options),
    disableRequestLogging: true,
  });
  app.get('/quiet', async () => 'ok');
  app.get('/loud', async (request) => {
    request.log.warn({ detail: 42 }, 'something to say');
    request.log.info('and more');
    return 'ok';
  });
  app.get('/level', async (request) => request.log.level);
  app.get('/grandchild', async (request) => {
    request.log.child({ part: 'inner' }).error('deep');
    return 'ok';
  });
  await app.ready();
  // The instance is a thenable: awaited, it would lose anything added to it.
  return { app, children: () => children };
}

describe('the lazy request logger', () => {
  it('makes no child for a request that writes nothing', async () => {
    const log = capture();
    const { app, children } = await appWith(log.logger);
    for (let i = 0; i < 5; i++) expect((await app.inject({ url: '/quiet' })).statusCode).toBe(200);
    expect(children()).toBe(0);
    expect(log.lines).toEqual([]);
    await app.close();
  });

  it('writes what pino’s child would: the request id bound, one child per request', async () => {
    const log = capture();
    const { app, children } = await appWith(log.logger);
    await app.inject({ url: '/loud' });
    await app.inject({ url: '/loud' });
    expect(children()).toBe(2);
    const said = log.lines.filter((l) => l.msg === 'something to say' || l.msg === 'and more');
    expect(said).toHaveLength(4);
    expect(said[0]).toMatchObject({ level: 40, detail: 42, msg: 'something to say' });
    expect(said[1]).toMatchObject({ level: 30, msg: 'and more' });
    // Each request's lines carry its own id, as Fastify's default child logger binds it.
    expect(typeof said[0]?.reqId).toBe('string');
    expect(said[1]?.reqId).toBe(said[0]?.reqId);
    expect(said[2]?.reqId).not.toBe(said[0]?.reqId);
    await app.close();
  });

  it('keeps the level of its parent, and hands children on', async () => {
    const log = capture('warn');
    const { app } = await appWith(log.logger);
    expect((await app.inject({ url: '/level' })).body).toBe('warn');
    await app.inject({ url: '/loud' });
    // At warn the info line is dropped, as pino's own child would drop it.
    expect(log.lines.map((l) => l.msg)).toEqual(['something to say']);
    await app.inject({ url: '/grandchild' });
    expect(log.lines.at(-1)).toMatchObject({ level: 50, part: 'inner', msg: 'deep' });
    expect(typeof log.lines.at(-1)?.reqId).toBe('string');
    await app.close();
  });
});
