/**
 * A stored revision's input, read back for Restore: the content fields of the articles feature's
 * input, each checked (a snapshot is JSON from the database: unknown until read here). Dates
 * come back from their JSON strings. Pure.
 */
import type { ArticleInput } from '../articles/index.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
const date = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The content of a revision as an input over the story as it is now (`current`): headline, dek,
 * slug, section, authors, tags, dateline, access, related, hero, update notes and the body come
 * from the revision; the status and publication time stay as they are now (restoring words
 * never publishes or withdraws a story). Undefined when the snapshot is not one.
 */
export function restoredInput(snapshot: unknown, current: ArticleInput): ArticleInput | undefined {
  if (!isObject(snapshot)) return undefined;
  const headline = str(snapshot.headline);
  const section = str(snapshot.section);
  const authors = strs(snapshot.authors);
  if (headline === undefined || section === undefined || authors === undefined) return undefined;
  const hero =
    isObject(snapshot.hero) && typeof snapshot.hero.imageId === 'string' && typeof snapshot.hero.alt === 'string' ? snapshot.hero : null;
  const updates = Array.isArray(snapshot.updates)
    ? snapshot.updates.flatMap((u) => {
        if (!isObject(u) || typeof u.note !== 'string') return [];
        const notedAt = date(u.notedAt);
        return notedAt ? [{ ...u, notedAt, note: u.note }] : [];
      })
    : [];
  const access = str(snapshot.access);
  return {
    ...current,
    headline,
    dek: str(snapshot.dek) ?? '',
    slug: str(snapshot.slug),
    section,
    authors,
    tags: strs(snapshot.tags) ?? [],
    dateline: str(snapshot.dateline) ?? '',
    access: access === 'free' || access === 'subscribers' || access === 'metered' ? access : current.access,
    related: strs(snapshot.related) ?? [],
    hero: hero
      ? { ...hero, imageId: String(hero.imageId), alt: String(hero.alt), caption: str(hero.caption) ?? '', credit: str(hero.credit) ?? '' }
      : null,
    updates,
    // The body's source as it was saved: the editor's document when the revision has one.
    ...('bodyDoc' in snapshot && snapshot.bodyDoc !== undefined ? { bodyDoc: snapshot.bodyDoc } : {}),
    body: str(snapshot.body) ?? '',
  } as ArticleInput;
}
