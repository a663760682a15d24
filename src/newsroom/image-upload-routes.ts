/**
 * `POST /admin/images`: a picture for a story (the hero picture, or a figure in the editor),
 * multipart/form-data with a part named `file` and the form's `_csrf`. The media service checks,
 * resizes and stores it, as the Admin API's image upload does. The answer is JSON
 * `{ id, url, width, height }` (the editor island, contract C); a plain form that names a
 * `return` page (the story form without JavaScript) is sent back there with `?hero=<id>`.
 * Multipart parsing is registered in this route's own scope only.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { StaffRole } from '../accounts/index.js';
import { mediaUrl, pickVariant } from '../articles/index.js';
import { AppError, invalid } from '../http/app-error.js';
import { csrfFailed } from '../http/csrf.js';
import { multipartProblem } from '../http/multipart-problem.js';
import { DEFAULT_IMAGE_LIMITS } from '../media/index.js';
import { STORY_ROLES } from './desk-rules.js';
import type { NewsroomRouteDeps } from './newsroom-route-deps.js';

/** Where a plain upload form may send the browser back to: a story's page. */
const RETURN = /^\/admin\/stories\/(new|[0-9a-f-]{36})$/;

export async function registerImageUploadRoutes(scope: FastifyInstance, deps: Pick<NewsroomRouteDeps, 'media' | 'csrf'>): Promise<void> {
  await scope.register(async (inner) => {
    await inner.register(multipart, {
      limits: { fileSize: DEFAULT_IMAGE_LIMITS.maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 5, headerPairs: 50 },
      throwFileSizeLimit: true,
    });
    inner.post('/admin/images', { config: { adminRoles: STORY_ROLES as readonly StaffRole[] } }, async (request, reply) => {
      if (!request.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the picture as multipart/form-data with one part named "file".');
      const limits = { fileBytes: DEFAULT_IMAGE_LIMITS.maxBytes, fileField: 'file' };
      const fields: Record<string, string> = {};
      let data: Buffer | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              part.file.resume();
              throw invalid([{ field: 'file', message: `is required: the upload came as "${part.fieldname}"` }]);
            }
            data = await part.toBuffer();
          } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        }
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw multipartProblem(err, limits);
      }
      // The token came inside the multipart body: check it as the form guard would.
      (request as { body: unknown }).body = { _csrf: fields._csrf };
      if (!(await deps.csrf.verify(request))) throw csrfFailed();
      if (!data || data.length === 0) throw invalid([{ field: 'file', message: 'is required: choose a picture to upload' }]);
      const image = await deps.media.ingestImage(data);
      const back = fields.return;
      if (back !== undefined && RETURN.test(back) && !(request.headers.accept ?? '').includes('application/json')) {
        return reply
          .code(303)
          .header('cache-control', 'no-store')
          .redirect(`${back}?hero=${encodeURIComponent(image.id)}#heroAlt`, 303);
      }
      const v = pickVariant(image, 1280);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ id: image.id, url: mediaUrl(v ? v.key : image.originalKey), width: image.width, height: image.height });
    });
  });
}
