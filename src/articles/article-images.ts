/**
 * Responsive picture markup for stored images: WebP and the original format at several widths,
 * with the intrinsic width and height so nothing shifts while pictures load.
 */
import type { ImageRef, ImageVariant } from './article.js';

export function mediaUrl(key: string): string {
  return `/media/${key.replace(/^images\//, '')}`;
}

function srcset(variants: ImageVariant[]): string {
  return variants
    .slice()
    .sort((a, b) => a.width - b.width)
    .map((v) => `${mediaUrl(v.key)} ${v.width}w`)
    .join(', ');
}

/** The variant closest to `width` in the original's format (for og:image, feeds, fallbacks). */
export function pickVariant(image: ImageRef, width: number, format?: ImageVariant['format']): ImageVariant | undefined {
  const wanted = format ?? originalFormat(image);
  const pool = image.variants.filter((v) => v.format === wanted);
  return pool.slice().sort((a, b) => Math.abs(a.width - width) - Math.abs(b.width - width))[0];
}

export function originalFormat(image: ImageRef): ImageVariant['format'] {
  if (image.contentType === 'image/png') return 'png';
  if (image.contentType === 'image/webp') return 'webp';
  return 'jpeg';
}

/**
 * The classes that put a picture's focal point where a crop keeps it (`object-position` through
 * the `--fx`/`--fy` custom properties in site.css, in tenths: reader pages allow no inline
 * style). Only a picture drawn with `object-fit: cover` in a box of another shape is cropped.
 */
export function focalClasses(focal: { x: number; y: number }): string {
  const tenth = (v: number) => Math.min(10, Math.max(0, Math.round((Number.isFinite(v) ? v : 0.5) * 10)));
  return `fx-${tenth(focal.x)} fy-${tenth(focal.y)}`;
}

export function pictureHtml(
  image: ImageRef,
  alt: string,
  sizes: string,
  loading: 'lazy' | 'eager',
  focal?: { x: number; y: number } | undefined,
): string {
  const webp = image.variants.filter((v) => v.format === 'webp');
  const fmt = originalFormat(image);
  const orig = image.variants.filter((v) => v.format === fmt);
  const fallback = pickVariant(image, 960) ?? orig[0];
  const src = fallback ? mediaUrl(fallback.key) : mediaUrl(image.originalKey);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const webpSource = webp.length > 0 && fmt !== 'webp' ? `<source type="image/webp" srcset="${srcset(webp)}" sizes="${esc(sizes)}">` : '';
  const origSet = orig.length > 0 ? ` srcset="${srcset(orig)}" sizes="${esc(sizes)}"` : '';
  const cls = focal ? ` class="${focalClasses(focal)}"` : '';
  return `<picture>${webpSource}<img${cls} src="${src}"${origSet} width="${image.width}" height="${image.height}" alt="${esc(alt)}" loading="${loading}" decoding="async"></picture>`;
}
