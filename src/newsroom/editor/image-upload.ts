/**
 * Picture upload per contract C: the file is POSTed as the multipart field `file`, with the form's
 * `_csrf` token, to the page's upload address, which answers `{ id, url, width, height }`.
 */
export interface UploadedImage {
  id: string;
  url: string;
  width: number;
  height: number;
}

function isUploadedImage(value: unknown): value is UploadedImage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' && v.id !== '' && typeof v.url === 'string' && typeof v.width === 'number' && typeof v.height === 'number'
  );
}

/** The message of the app's JSON error shape, `{ statusCode, error: { code, message, fields } }` (src/http/error-schema.ts). */
function errorMessage(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const error = (answer as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && message !== '' ? message : null;
}

/** Uploads one picture; throws an Error whose message can be shown to the person uploading. */
export async function uploadImage(uploadUrl: string, file: File, csrf: string): Promise<UploadedImage> {
  const body = new FormData();
  // The token first: a streaming multipart reader sees it before the file.
  body.append('_csrf', csrf);
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(uploadUrl, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new Error('The picture could not be sent: check the connection and try again.');
  }
  let answer: unknown = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!response.ok) {
    throw new Error(errorMessage(answer) ?? `The upload failed (${response.status}).`);
  }
  if (!isUploadedImage(answer)) throw new Error('The upload answered without a picture.');
  return answer;
}
