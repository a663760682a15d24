import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageRef, mediaUrl } from '../articles/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('media routes on %s', (dialect) => {
  let t: TestApp;
  let image: ImageRef;
  let original: Buffer;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    original = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    image = await t.services.media.ingestImage(original);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves each variant with its type and year-long caching', async () => {
    for (const v of image.variants) {
      const r = await t.app.inject(mediaUrl(v.key));
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe(v.format === 'webp' ? 'image/webp' : 'image/png');
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(r.rawPayload.length).toBe(v.bytes);
      const meta = await sharp(r.rawPayload).metadata();
      expect([meta.width, meta.height]).toEqual([v.width, v.height]);
    }
    // The upload as it arrived (with its camera metadata, GPS included) is kept, never served.
    expect(original.length).toBeGreaterThan(0);
    const r = await t.app.inject(mediaUrl(image.originalKey));
    expect(r.statusCode).toBe(404);
  });

  it('answers 304 when the ETag matches', async () => {
    const url = `/media/${image.id}/320.webp`;
    const first = await t.app.inject(url);
    const etag = first.headers.etag as string;
    const again = await t.app.inject({ url, headers: { 'if-none-match': `"nope", W/${etag}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const other = await t.app.inject({ url, headers: { 'if-none-match': '"something-else"' } });
    expect(other.statusCode).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const r = await t.app.inject({ method: 'HEAD', url: `/media/${image.id}/320.png` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.body).toBe('');
  });

  it.each([
    '/media/0193a5b2-7c1d-7e2f-8a3b-4c5d6e7f8091/320.webp',
    '/media/{id}/999.webp',
    '/media/{id}/original.webp',
    '/media/{id}/320.gif',
    '/media/{id}/.320.webp',
    '/media/{id}/320.webp.tmp',
    '/media/not-a-uuid/320.webp',
    '/media/..%2f..%2fetc/passwd',
    '/media/{id}/..%2f..%2f..%2fetc%2fpasswd',
    '/media/..%2f..%2f..%2f..%2f/original.jpg',
    '/media/../../etc/passwd',
    '/media/{id}',
  ])('answers 404 for %s', async (pattern) => {
    const r = await t.app.inject(pattern.replace('{id}', image.id));
    expect(r.statusCode).toBe(404);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).not.toContain('root:');
  });
});
