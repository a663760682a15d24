/** `/healthz`: the process is up. `/readyz`: it can reach its database and will take traffic. */

import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../services.js';

export function registerHealthRoutes(app: FastifyInstance, s: Services): void {
  let shuttingDown = false;
  app.addHook('onClose', async () => {
    shuttingDown = true;
  });
  app.get('/healthz', async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    if (shuttingDown) return reply.code(503).send({ status: 'shutting-down' });
    try {
      await sql`select 1`.execute(s.db);
      return reply.send({ status: 'ready', database: s.dialect });
    } catch (err) {
      s.log.warn({ err }, 'readiness check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', database: s.dialect });
    }
  });
}
