/**
 * Static pages: the paper's About, Contact, Corrections policy, Privacy and Terms. A fixed set of
 * addresses (readers and the footer rely on them), each with an editable title and Markdown body.
 * Domain types and pure functions only.
 */
import type { FieldProblem } from '../http/app-error.js';

export const STATIC_PAGES = [
  { slug: 'about', title: 'About us' },
  { slug: 'contact', title: 'Contact' },
  { slug: 'corrections-policy', title: 'Corrections policy' },
  { slug: 'privacy', title: 'Privacy' },
  { slug: 'terms', title: 'Terms of use' },
] as const;

export type StaticPageSlug = (typeof STATIC_PAGES)[number]['slug'];

export const isStaticPageSlug = (s: string): s is StaticPageSlug => STATIC_PAGES.some((p) => p.slug === s);

export const MAX_TITLE = 120;
export const MAX_BODY = 100_000;

export interface StaticPage {
  slug: StaticPageSlug;
  title: string;
  bodyMarkdown: string;
  /** Null: never written (the page is not shown to readers yet). */
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The page as it stands before anyone has written it: its usual title, no body. */
export function unwritten(slug: StaticPageSlug): StaticPage {
  const title = STATIC_PAGES.find((p) => p.slug === slug)?.title ?? slug;
  return { slug, title, bodyMarkdown: '', updatedAt: null, updatedBy: null };
}

/** What an editor typed, trimmed, or the problems with it, each naming its field. */
export function checkPageInput(input: { title: string; body: string }): { title: string; body: string } | FieldProblem[] {
  const title = input.title.trim().replace(/\s+/g, ' ');
  const body = input.body.replace(/\r\n/g, '\n').trim();
  const problems: FieldProblem[] = [];
  if (title === '') problems.push({ field: 'title', message: 'must not be empty' });
  if (title.length > MAX_TITLE) problems.push({ field: 'title', message: `must be at most ${MAX_TITLE} characters` });
  if (body === '') problems.push({ field: 'body', message: 'must not be empty' });
  if (body.length > MAX_BODY) problems.push({ field: 'body', message: 'must be at most 100,000 characters' });
  return problems.length > 0 ? problems : { title, body };
}
