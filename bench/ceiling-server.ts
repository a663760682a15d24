/**
 * The ceiling: a bare Fastify server with one route answering a fixed string, as fast as this
 * machine serves that many bytes. The bench gives it the article page's own HTML, so it sends the
 * same bytes as the article page does without Accept-Encoding (it never compresses).
 *
 *   node --import tsx bench/ceiling-server.ts --port 4000 --body page.html
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({
  options: { port: { type: 'string' }, body: { type: 'string' }, bytes: { type: 'string', default: '45000' } },
  strict: true,
});

const body = values.body ? fs.readFileSync(values.body, 'utf8') : 'x'.repeat(Number(values.bytes));
const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body));

await app.listen({ host: '127.0.0.1', port: Number(values.port ?? 0) });

const close = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
