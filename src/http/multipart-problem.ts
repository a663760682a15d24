/**
 * What went wrong with a multipart body, for the client: @fastify/multipart and busboy fail on a
 * malformed or truncated body with plain `Error`s (no status: they would be a 500) or with
 * Fastify-coded ones (`FST_*`, which we never pass on: house style, "one error vocabulary").
 * Call it only around reading the body (`request.file()`, `part.toBuffer()`): every failure
 * there comes from what the client sent, or failed to send, so each is a 4xx naming the problem.
 */
import { AppError } from './app-error.js';

export interface MultipartLimits {
  /** The largest file part, in bytes. */
  fileBytes: number;
  /** The part's name the route expects, e.g. "file". */
  fileField: string;
}

export function multipartProblem(err: unknown, limits: MultipartLimits): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const one = `one part named "${limits.fileField}"`;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('FILE_TOO_LARGE', 413, `The file is larger than the limit of ${megabytes(limits.fileBytes)}.`);
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError('MULTIPART_TOO_MANY_PARTS', 413, `The upload has too many parts: send ${one}.`);
  }
  if (/boundary (not found|required)/i.test(message)) {
    return new AppError(
      'MULTIPART_NO_BOUNDARY',
      400,
      'The Content-Type names no boundary: send "multipart/form-data; boundary=…" with the boundary your body uses.',
    );
  }
  if (code === 'FST_MP_PREMATURE_CLOSE' || /unexpected end|terminated early/i.test(message)) {
    return new AppError(
      'MULTIPART_TRUNCATED',
      400,
      `The multipart body ended before its closing boundary, or its boundary is not the one in the Content-Type: send ${one}, whole.`,
    );
  }
  if (code === 'FST_PROTO_VIOLATION') return new AppError('MULTIPART_BAD_FIELD', 400, 'A part has a name that is not allowed.');
  return new AppError('MULTIPART_UNREADABLE', 400, `The multipart body could not be read: send ${one}.`);
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
