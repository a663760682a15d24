/**
 * Admin API image upload: `POST /api/v1/admin/images`, multipart/form-data with one part named
 * `file`. The media service checks, resizes and stores it; the answer names the image for an
 * article's `hero.image_id` or an author's `photo_image_id`. Multipart parsing is registered in
 * this route's own scope only: no other route of the app accepts multipart bodies.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { AppError, invalid } from '../http/app-error.js';
import { multipartProblem } from '../http/multipart-problem.js';
import { DEFAULT_IMAGE_LIMITS, type MediaService } from '../media/index.js';
import { adminRoute, BEARER_SECURITY } from './api-auth.js';
import { errors, ImageJson } from './api-schemas.js';
import { presentImage } from './article-api-presenter.js';

/** What image upload uses: the media feature's ingest, and the public URL its answer names images by. */
export interface AdminImageRouteDeps {
  config: { publicUrl: string; timezone: string };
  media: Pick<MediaService, 'ingestImage'>;
}

export async function registerAdminImageRoutes(scope: FastifyInstance, s: AdminImageRouteDeps): Promise<void> {
  const ctx = { publicUrl: s.config.publicUrl, timeZone: s.config.timezone };
  await scope.register(multipart, {
    // One file and a few small fields at most; the size limit is the media service's own.
    limits: { fileSize: DEFAULT_IMAGE_LIMITS.maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 50 },
    throwFileSizeLimit: true,
  });

  scope.post(
    '/api/v1/admin/images',
    {
      config: adminRoute('images.upload'),
      schema: {
        tags: ['admin'],
        security: BEARER_SECURITY,
        summary: 'Upload an image (multipart/form-data, one part named "file"; JPEG, PNG or WebP)',
        response: { 201: ImageJson, ...errors(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the image as multipart/form-data with one part named "file".');
      }
      // A malformed, truncated or oversized body is the client's to fix: a 4xx naming it, never a 500.
      const limits = { fileBytes: DEFAULT_IMAGE_LIMITS.maxBytes, fileField: 'file' };
      const part = await request.file().catch((err: unknown) => {
        throw multipartProblem(err, limits);
      });
      if (!part) throw invalid([{ field: 'file', message: 'is required: send one part named "file"' }]);
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw invalid([{ field: 'file', message: `is required: the upload came as "${part.fieldname}"` }]);
      }
      const data = await part.toBuffer().catch((err: unknown) => {
        throw multipartProblem(err, limits);
      });
      const image = await s.media.ingestImage(data);
      return reply.code(201).header('cache-control', 'no-store').send(presentImage(image, ctx));
    },
  );
}
