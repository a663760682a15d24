import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error.js';
import { inspectImage, processImage, sniffImageFormat, variantWidths } from './image-processing.js';

const ID = '0193a5b2-7c1d-7e2f-8a3b-4c5d6e7f8091';
const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#336699' } });

/** Left half red, right half blue: shows which way an image was turned. */
function halves(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < width / 2) px[i] = 255;
      else px[i + 2] = 255;
    }
  }
  return px;
}

/** A real small JPEG whose header claims other dimensions: cheap stand-in for a huge image. */
function withClaimedSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; i++) {
    if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
  }
  throw new Error('no SOF marker');
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('image processing', () => {
  it('picks widths no wider than the original, and always one', () => {
    expect(variantWidths(2000)).toEqual([320, 640, 960, 1280, 1600]);
    expect(variantWidths(1000)).toEqual([320, 640, 960]);
    expect(variantWidths(320)).toEqual([320]);
    expect(variantWidths(200)).toEqual([200]);
  });

  it('makes WebP and JPEG derivatives at every width, with the right dimensions', async () => {
    const original = await solid(2000, 1125).jpeg().toBuffer();
    const p = await processImage(ID, original);
    expect(p).toMatchObject({
      format: 'jpeg',
      contentType: 'image/jpeg',
      originalKey: `images/${ID}/original.jpg`,
      width: 2000,
      height: 1125,
    });
    const summary = p.variants.map((v) => `${v.variant.key} ${v.variant.width}x${v.variant.height}`).sort();
    const expected = [320, 640, 960, 1280, 1600].flatMap((w) => {
      const h = Math.round((w * 1125) / 2000);
      return [`images/${ID}/${w}.jpg ${w}x${h}`, `images/${ID}/${w}.webp ${w}x${h}`];
    });
    expect(summary).toEqual(expected.sort());
    for (const { variant, data } of p.variants) {
      const meta = await sharp(data).metadata();
      expect(meta.format).toBe(variant.format);
      expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
      expect(variant.bytes).toBe(data.length);
    }
  });

  it('keeps PNG as PNG and WebP as WebP only, with one variant for a small image', async () => {
    const png = await processImage(ID, await solid(200, 100).png().toBuffer());
    expect(png.variants.map((v) => `${v.variant.key} ${v.variant.width}x${v.variant.height}`).sort()).toEqual([
      `images/${ID}/200.png 200x100`,
      `images/${ID}/200.webp 200x100`,
    ]);
    const webp = await processImage(ID, await solid(700, 350).webp().toBuffer());
    expect(webp.contentType).toBe('image/webp');
    expect(webp.originalKey).toBe(`images/${ID}/original.webp`);
    expect(webp.variants.map((v) => v.variant.key)).toEqual([`images/${ID}/320.webp`, `images/${ID}/640.webp`]);
  });

  it('applies the EXIF orientation and strips metadata', async () => {
    // Stored 64×32, tagged "rotate 90° clockwise to display": shown 32×64, red on top.
    const original = await sharp(halves(64, 32), { raw: { width: 64, height: 32, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Copyright: 'Staff photographer' } })
      .toBuffer();
    expect((await sharp(original).metadata()).orientation).toBe(6);
    const p = await processImage(ID, original);
    expect([p.width, p.height]).toEqual([32, 64]);
    for (const { variant, data } of p.variants) {
      expect([variant.width, variant.height]).toEqual([32, 64]);
      const meta = await sharp(data).metadata();
      expect(meta.orientation).toBeUndefined();
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      const { data: px, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
      const at = (x: number, y: number) => [...px.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
      const [topR, , topB] = at(16, 4);
      const [bottomR, , bottomB] = at(16, 60);
      expect(topR).toBeGreaterThan(200);
      expect(topB).toBeLessThan(60);
      expect(bottomB).toBeGreaterThan(200);
      expect(bottomR).toBeLessThan(60);
    }
  });

  it('rejects what is not a JPEG, PNG or WebP with 415 naming it', async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    const e1 = await rejection(processImage(ID, svg));
    expect(e1).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_IMAGE_TYPE' });
    expect(e1.message).toContain('SVG');
    const gif = await solid(10, 10).gif().toBuffer();
    const e2 = await rejection(processImage(ID, gif));
    expect(e2).toMatchObject({ statusCode: 415 });
    expect(e2.message).toContain('GIF');
    const e3 = await rejection(processImage(ID, Buffer.from('plain text, not a picture')));
    expect(e3).toMatchObject({ statusCode: 415 });
    expect(e3.message).toContain('JPEG, PNG or WebP');
    expect(sniffImageFormat(svg)).toBeUndefined();
  });

  it('rejects empty and corrupt files with 400', async () => {
    expect(await rejection(processImage(ID, Buffer.alloc(0)))).toMatchObject({ statusCode: 400, code: 'IMAGE_UNREADABLE' });
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    expect(await rejection(processImage(ID, junk))).toMatchObject({ statusCode: 400, code: 'IMAGE_UNREADABLE' });
    const jpeg = await solid(400, 300).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect(await rejection(processImage(ID, truncated))).toMatchObject({ statusCode: 400 });
  });

  it('rejects more than 20 MB and more than 40 megapixels with 413', async () => {
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(20 * 1024 * 1024)]);
    const e1 = await rejection(processImage(ID, huge));
    expect(e1).toMatchObject({ statusCode: 413, code: 'IMAGE_TOO_LARGE' });
    expect(e1.message).toContain('20 MB');
    const claimsHuge = withClaimedSize(await solid(16, 16).jpeg().toBuffer(), 8000, 5001);
    const e2 = await rejection(inspectImage(claimsHuge));
    expect(e2).toMatchObject({ statusCode: 413, code: 'IMAGE_DIMENSIONS_TOO_LARGE' });
    expect(e2.message).toContain('8000×5001');
    expect(e2.message).toContain('40 megapixels');
    // Just under the limit passes the header check.
    expect(await inspectImage(withClaimedSize(await solid(16, 16).jpeg().toBuffer(), 8000, 5000))).toMatchObject({ width: 8000 });
  });
});
