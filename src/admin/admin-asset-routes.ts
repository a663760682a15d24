/** GET /admin/assets/<name>-<hash>.(js|css): the admin's static files (admin-assets.ts), open to anyone. */
import type { FastifyInstance } from 'fastify';
import { sendPage } from '../http/send-page.js';
import { findAdminAsset, islandBundler } from './admin-assets.js';

const FILE = /^[a-z0-9][a-z0-9-]{0,60}-[0-9a-f]{12}\.(js|css)$/;

export function registerAdminAssetRoutes(app: FastifyInstance): void {
  app.get<{ Params: { file: string } }>('/admin/assets/:file', async (request, reply) => {
    const { file } = request.params;
    if (!FILE.test(file)) return reply.callNotFound();
    // A page of a process that restarted may ask for an island before any page was rendered here.
    if (file.endsWith('.js')) await islandBundler.prepare();
    const asset = findAdminAsset(file);
    if (!asset) return reply.callNotFound();
    return sendPage(request, reply, {
      status: 200,
      contentType: asset.contentType,
      cacheControl: 'public, max-age=31536000, immutable',
      etag: asset.etag,
      body: asset.body,
      gzip: asset.gzip,
      br: asset.br,
      size: 0,
    });
  });
}
