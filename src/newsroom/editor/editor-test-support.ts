/**
 * Test support for the editor island: its esbuild bundle (built as the admin asset pipeline
 * builds islands: bundled, minified, an ES module for browsers) and a small page server on
 * 127.0.0.1 that serves the bundle, a story form per contract C, and the contract's upload
 * endpoint (`file` + `_csrf` → `{ id, url, width, height }`), under the admin pages' CSP.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import sharp from 'sharp';

export const ISLAND_ENTRY = fileURLToPath(new URL('./editor-island.ts', import.meta.url));

/** The admin pages' CSP as contract A describes it: scripts and styles from our own origin only. */
export const ADMIN_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface IslandBundle {
  code: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Built with the admin shell's island options (src/admin/admin-assets.ts `islandBuildOptions`, branch wt-shell). */
export async function buildIsland(): Promise<IslandBundle> {
  const result = await build({
    entryPoints: [ISLAND_ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild wrote no bundle');
  return { code: file.text, minifiedBytes: file.contents.byteLength, gzipBytes: gzipSync(file.contents, { level: 9 }).byteLength };
}

export const CSRF = 'test-csrf-token';

export interface Upload {
  id: string;
  csrf: string;
  filename: string;
  contentType: string;
  bytes: number;
}

export interface StoryOptions {
  /** The textarea's Markdown. */
  markdown?: string;
  /** The optional `data-body-images` map. */
  images?: Record<string, string>;
  /** The textarea is disabled (a story this person may not change). */
  disabled?: boolean;
  /** A problem the server found with the body, shown by the field. */
  problem?: string;
}

export interface FixtureServer {
  base: string;
  uploads: Upload[];
  /** Serves `/story?doc=<name>` with this document (`null`: none) in the page. */
  setDoc(name: string, doc: unknown, options?: StoryOptions): void;
  close(): Promise<void>;
}

function page(doc: unknown, options: StoryOptions): string {
  // `<` escaped so no text in the document can close the script element.
  const json = JSON.stringify(doc).replaceAll('<', '\\u003c');
  const markdown = (options.markdown ?? '').replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const described = options.problem ? 'body-hint body-error' : 'body-hint';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edit story — Masthead</title>
<link rel="stylesheet" href="/fixture.css">
<script type="module" src="/editor.js"></script>
</head>
<body>
<main>
<h1>Edit story</h1>
<form method="post" action="/save">
<input type="hidden" name="_csrf" value="${CSRF}">
<p><label for="headline">Headline</label><br><input id="headline" name="headline" value="Harbour reopens"></p>
<div data-body-editor data-upload-url="/upload" data-image-url-template="/media/{key}/640.png">
<label for="body">Body</label>
<p id="body-hint" data-markdown-only>Markdown: a blank line between paragraphs, ## for a heading.</p>
<textarea id="body" name="body" rows="12" required aria-describedby="${described}"${options.problem ? ' aria-invalid="true"' : ''}${options.disabled ? ' disabled' : ''}>${markdown}</textarea>
<script type="application/json" data-body-doc>${json}</script>
<script type="application/json" data-body-images>${JSON.stringify(options.images ?? {})}</script>
${options.problem ? `<p id="body-error">${options.problem}</p>` : ''}
</div>
<p>Words: <span data-word-count>0</span></p>
<button type="submit">Save draft</button>
</form>
</main>
</body>
</html>`;
}

const FIXTURE_CSS = `body { font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 48rem; padding: 1rem; color: #1a1a1a; }
label { font-weight: 600; } input, textarea { font: inherit; max-width: 100%; }`;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The parts of a multipart/form-data body, by field name (enough for this contract's two fields). */
function multipartParts(body: Buffer, contentType: string): Map<string, { filename?: string; type?: string; data: Buffer }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const parts = new Map<string, { filename?: string; type?: string; data: Buffer }>();
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return parts;
  const delimiter = Buffer.from(`--${marker}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/.exec(head)?.[1];
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const type = /content-type:\s*(\S+)/i.exec(head)?.[1];
    if (name !== undefined)
      parts.set(name, { data: part.subarray(split + 4), ...(filename ? { filename } : {}), ...(type ? { type } : {}) });
    start = next;
  }
  return parts;
}

export async function startFixtureServer(bundle: IslandBundle): Promise<FixtureServer> {
  const docs = new Map<string, { doc: unknown; options: StoryOptions }>([['new', { doc: null, options: {} }]]);
  const uploads: Upload[] = [];
  const picture = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#4a6fa5' } })
    .png()
    .toBuffer();
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    response.setHeader('content-security-policy', ADMIN_CSP);
    response.setHeader('x-content-type-options', 'nosniff');
    if (request.method === 'GET' && url.pathname === '/story') {
      const name = url.searchParams.get('doc') ?? 'new';
      const story = docs.get(name);
      if (!story) return response.writeHead(404).end('no such doc');
      return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(story.doc, story.options));
    }
    if (request.method === 'GET' && url.pathname === '/editor.js') {
      return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle.code);
    }
    if (request.method === 'GET' && url.pathname === '/fixture.css') {
      return response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(FIXTURE_CSS);
    }
    if (request.method === 'GET' && /^\/media\/[^/]+\/(?:640|320)\.png$/.test(url.pathname)) {
      return response.writeHead(200, { 'content-type': 'image/png' }).end(picture);
    }
    /** The app's JSON error shape (src/http/error-schema.ts). */
    const refuse = (status: number, code: string, message: string) =>
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ statusCode: status, error: { code, message, fields: [] } }));
    if (request.method === 'POST' && url.pathname === '/upload') {
      const parts = multipartParts(await readBody(request), request.headers['content-type'] ?? '');
      const file = parts.get('file');
      const csrf = parts.get('_csrf')?.data.toString('utf8') ?? '';
      if (csrf !== CSRF) return refuse(403, 'CSRF_INVALID', 'The form expired: reload the page.');
      if (!file?.filename) return refuse(400, 'VALIDATION', 'file is required.');
      if (file.filename === 'refused.png') return refuse(413, 'IMAGE_TOO_LARGE', 'That picture is larger than 20 MB.');
      const id = randomUUID();
      uploads.push({ id, csrf, filename: file.filename, contentType: file.type ?? '', bytes: file.data.byteLength });
      return response
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id, url: `/media/${id}/640.png`, width: 640, height: 400 }));
    }
    if (url.pathname === '/favicon.ico') return response.writeHead(204).end();
    response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    uploads,
    setDoc: (name, doc, options = {}) => {
      docs.set(name, { doc, options });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
