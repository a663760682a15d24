/**
 * `GET /media/:id/:file`: the derivatives of a stored image (metadata stripped). Files at a key never
 * change (a new upload gets a new id), so browsers and CDNs may keep them for a year.
 */
import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../http/app-error.js';
import type { Storage } from './storage.js';

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

const MediaParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
  // Derivatives only: the original upload keeps its camera metadata (GPS included), so it is
  // stored for reprocessing but never served.
  file: Type.String({ pattern: '^[1-9][0-9]{0,4}\\.(?:jpg|png|webp)$' }),
});

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** What the routes need: where the files are. */
export interface MediaRouteDeps {
  storage: Storage;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

export function registerMediaRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/media/:id/:file',
    // A path that cannot name a media file is simply not found (a 404, not a 400): this also
    // answers traversal attempts such as `/media/..%2f..%2fetc/passwd` before storage sees them.
    { schema: { params: MediaParams }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) throw notFound('image');
      const { id, file } = request.params;
      const data = await deps.storage.get(`images/${id}/${file}`);
      if (!data) throw notFound('image');
      const ext = file.slice(file.lastIndexOf('.') + 1);
      const etag = `"${createHash('sha256').update(data).digest('base64url').slice(0, 27)}"`;
      reply.header('cache-control', IMMUTABLE).header('etag', etag);
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type(CONTENT_TYPES[ext] ?? 'application/octet-stream').send(data);
    },
  );
}
