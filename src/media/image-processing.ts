/**
 * Turns uploaded image bytes into what the site serves: checks that they are a JPEG, PNG or WebP
 * of sane size, applies the EXIF orientation, and makes resized derivatives in WebP and in the
 * original format, with all metadata (EXIF, GPS, XMP, ICC) stripped. No storage, no database.
 */
import type { Metadata, Sharp } from 'sharp';
import type { ImageVariant } from '../articles/index.js';
import { AppError } from '../http/app-error.js';

export type ImageFormat = ImageVariant['format'];

export const IMAGE_FORMATS: Record<ImageFormat, { contentType: string; extension: string }> = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
};

/** Derivative widths for `srcset`; an image narrower than the first gets one at its own width. */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1600] as const;

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000 };

export interface ImageFile {
  variant: ImageVariant;
  data: Buffer;
}

export interface ProcessedImage {
  format: ImageFormat;
  contentType: string;
  /** `images/<id>/original.<ext>`: where the uploaded bytes, unchanged, are kept. */
  originalKey: string;
  /** Of the original after EXIF orientation. */
  width: number;
  height: number;
  variants: ImageFile[];
}

export function imageKey(id: string, name: string, format: ImageFormat): string {
  return `images/${id}/${name}.${IMAGE_FORMATS[format].extension}`;
}

/** Widths to make for an oriented original of `width` pixels: never wider than the original, never none. */
export function variantWidths(width: number): number[] {
  const widths = VARIANT_WIDTHS.filter((w) => w <= width);
  return widths.length > 0 ? widths : [width];
}

const unsupported = (what: string) =>
  new AppError('UNSUPPORTED_IMAGE_TYPE', 415, `${what} is not accepted: upload a JPEG, PNG or WebP image.`);
const unreadable = (why: string) => new AppError('IMAGE_UNREADABLE', 400, `The image could not be read: ${why}.`);

const startsWith = (data: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
const ascii = (data: Buffer, start: number, end: number) => data.subarray(start, end).toString('latin1');

/**
 * The format by its magic bytes. Sniffing first keeps every other libvips loader (SVG, PDF,
 * TIFF, HEIF, GIF…) away from untrusted input: sharp only ever sees one of our three formats.
 */
export function sniffImageFormat(data: Buffer): ImageFormat | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** A name for a format we refuse, so the message says what was sent. */
function describeUnsupported(data: Buffer): string {
  const head = ascii(data, 0, 1024);
  if (/<svg[\s>]/i.test(head)) return 'An SVG image';
  if (head.startsWith('GIF8')) return 'A GIF image';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'A TIFF image';
  if (ascii(data, 4, 8) === 'ftyp') return 'A HEIC or AVIF image';
  if (head.startsWith('%PDF')) return 'A PDF';
  if (head.startsWith('BM')) return 'A BMP image';
  return 'This file';
}

export interface InspectedImage {
  format: ImageFormat;
  /** After EXIF orientation. */
  width: number;
  height: number;
}

/** Checks size, format and dimensions from the header alone, without decoding pixels. */
// sharp (libvips) is loaded on the first image, not at start: most processes never touch one.
let sharpModule: Promise<typeof import('sharp')> | undefined;
async function loadSharp() {
  sharpModule ??= import('sharp');
  return (await sharpModule).default;
}

export async function inspectImage(data: Buffer, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<InspectedImage> {
  if (data.length === 0) throw unreadable('the file is empty');
  if (data.length > limits.maxBytes) {
    const mb = Math.round(limits.maxBytes / (1024 * 1024));
    throw new AppError('IMAGE_TOO_LARGE', 413, `The image is ${(data.length / (1024 * 1024)).toFixed(1)} MB, over the ${mb} MB limit.`);
  }
  const format = sniffImageFormat(data);
  if (!format) throw unsupported(describeUnsupported(data));
  let meta: Metadata;
  try {
    const sharp = await loadSharp();
    meta = await sharp(data).metadata();
  } catch {
    throw unreadable(`it is not a valid ${format.toUpperCase()} file`);
  }
  if (meta.format !== format) throw unsupported(`A file that looks like ${format.toUpperCase()} but decodes as ${meta.format}`);
  const { width, height } = meta.autoOrient;
  if (!(width > 0 && height > 0)) throw unreadable('it has no width or height');
  if (width * height > limits.maxPixels) {
    throw new AppError(
      'IMAGE_DIMENSIONS_TOO_LARGE',
      413,
      `The image is ${width}×${height} (${((width * height) / 1e6).toFixed(1)} megapixels); the limit is ${limits.maxPixels / 1e6} megapixels.`,
    );
  }
  return { format, width, height };
}

function encode(pipeline: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case 'jpeg':
      // libjpeg-turbo rather than mozjpeg: a few per cent larger, several times faster to encode.
      return pipeline.jpeg({ quality: 80, progressive: true });
    case 'png':
      return pipeline.png({ compressionLevel: 9, adaptiveFiltering: true });
    case 'webp':
      return pipeline.webp({ quality: 75 });
  }
}

/**
 * Validates `data` and makes its derivatives, keyed under `images/<id>/`. Rejects with an
 * `AppError`: 400 unreadable, 413 too many bytes or pixels, 415 not a JPEG, PNG or WebP.
 */
export async function processImage(id: string, data: Buffer, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ProcessedImage> {
  const { format, width, height } = await inspectImage(data, limits);
  // failOn 'error' rather than the stricter default 'warning': cameras and editors routinely
  // write JPEGs that raise libjpeg warnings (extraneous bytes before a marker) yet decode fine.
  const sharp = await loadSharp();
  const base = sharp(data, { autoOrient: true, limitInputPixels: limits.maxPixels, failOn: 'error' });
  const formats: ImageFormat[] = format === 'webp' ? ['webp'] : ['webp', format];
  const variants: ImageFile[] = [];
  try {
    // One width at a time (its formats side by side) bounds the memory a large original needs.
    for (const target of variantWidths(width)) {
      const made = await Promise.all(
        formats.map(async (f) => {
          // Without withMetadata(), sharp strips EXIF/XMP/ICC and converts to sRGB.
          const out = await encode(base.clone().resize({ width: target, withoutEnlargement: true }), f).toBuffer({
            resolveWithObject: true,
          });
          const variant: ImageVariant = {
            width: out.info.width,
            height: out.info.height,
            format: f,
            key: imageKey(id, String(out.info.width), f),
            bytes: out.data.length,
          };
          return { variant, data: out.data };
        }),
      );
      variants.push(...made);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(`decoding failed (${err instanceof Error ? err.message : 'unknown error'})`);
  }
  return { format, contentType: IMAGE_FORMATS[format].contentType, originalKey: imageKey(id, 'original', format), width, height, variants };
}
