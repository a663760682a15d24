/**
 * Slugs: the one-segment names in our URLs (`/news/2026/11/25/harbour-budget`, `/tag/harbour`).
 * Sections, tags, authors and articles all name themselves this way, so it lives below them.
 */
import { Type } from 'typebox';

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** A URL slug: lowercase ASCII letters, digits and single hyphens, at most 80 characters. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const SLUG_RE = new RegExp(SLUG_PATTERN);
export function isSlug(s: string): boolean {
  return s.length > 0 && s.length <= 80 && SLUG_RE.test(s);
}

/** A slug in a request (a query string, a path, a body), as a schema. */
export const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: 80, description: 'lowercase letters, digits and single hyphens' });
