/** `/healthz`: the process is up. `/readyz`: it can reach its database and will take traffic. */

import type { FastifyInstance } from 'fastify';

/** What the health routes need: a way to ask the database, its name for the answer, a log for failures. */
export interface HealthRouteDeps {
  /** Resolves when the database answers a trivial query; rejects when it cannot be reached. */
  pingDatabase(): Promise<void>;
  /** The database's dialect, named in the answer. */
  dialect: string;
  log: { warn(obj: object, msg: string): void };
}

export function registerHealthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  let shuttingDown = false;
  app.addHook('onClose', async () => {
    shuttingDown = true;
  });
  app.get('/healthz', async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    if (shuttingDown) return reply.code(503).send({ status: 'shutting-down' });
    try {
      await deps.pingDatabase();
      return reply.send({ status: 'ready', database: deps.dialect });
    } catch (err) {
      deps.log.warn({ err }, 'readiness check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', database: deps.dialect });
    }
  });
}
