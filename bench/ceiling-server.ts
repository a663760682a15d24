/**
 * The ceiling server (bench/ceiling.ts): serves, on `/`, the files `identity`, `br` and `gzip`
 * of `--dir` (the article page's bodies as the app sent them) and `--type` as Content-Type.
 *
 *   node --import tsx bench/ceiling-server.ts --port 4000 --dir DIR --type 'text/html; charset=utf-8'
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CEILING_ENCODINGS, type CeilingEncoding, createCeilingApp } from './ceiling.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, dir: { type: 'string' }, type: { type: 'string', default: 'text/html; charset=utf-8' } },
  strict: true,
});
if (!values.dir) throw new Error('--dir is required');
const dir = values.dir;
const bodies: Partial<Record<CeilingEncoding, Buffer>> = {};
for (const enc of CEILING_ENCODINGS) {
  const file = path.join(dir, enc);
  if (fs.existsSync(file)) bodies[enc] = fs.readFileSync(file);
}
const app = createCeilingApp({ contentType: values.type, bodies });
await app.listen({ host: '127.0.0.1', port: Number(values.port ?? 0) });

const close = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
