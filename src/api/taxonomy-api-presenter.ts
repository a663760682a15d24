/**
 * JSON for sections, authors and tags, shared by the Content API lists and the Admin API's
 * create and update answers.
 */
import type { Static } from 'typebox';
import type { ImageRef } from '../articles/index.js';
import type { Author } from '../authors/index.js';
import type { Section } from '../sections/index.js';
import type { Tag } from '../tags/index.js';
import type { AuthorJson, SectionJson, TagJson } from './api-schemas.js';
import { type PresentContext, presentImage } from './article-api-presenter.js';

export function presentSection(s: Section, ctx: PresentContext): Static<typeof SectionJson> {
  return { id: s.id, slug: s.slug, name: s.name, description: s.description, position: s.position, url: `${ctx.publicUrl}/${s.slug}` };
}

export function presentAuthor(a: Author, photos: ReadonlyMap<string, ImageRef>, ctx: PresentContext): Static<typeof AuthorJson> {
  const photo = a.photoImageId ? photos.get(a.photoImageId) : undefined;
  return {
    id: a.id,
    slug: a.slug,
    name: a.name,
    bio: a.bio,
    url: `${ctx.publicUrl}/authors/${a.slug}`,
    photo: photo ? presentImage(photo, ctx) : null,
  };
}

export function presentTag(t: Tag, ctx: PresentContext): Static<typeof TagJson> {
  return { id: t.id, slug: t.slug, name: t.name, url: `${ctx.publicUrl}/tags/${t.slug}` };
}
