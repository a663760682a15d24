/**
 * What leaves the server of an edition: the email's content (headline, dek, byline, picture and
 * the public link of each live story; never a body, so nothing walled can leak into an inbox),
 * and the Admin API's JSON.
 */
import { type ArticleSummary, articlePath, type ImageVariant, mediaUrl } from '../articles/index.js';
import { joinNames } from '../views/format.js';
import type { Edition } from './edition.js';
import type { EditionEmailContent, EmailImage, EmailStory } from './edition-email-types.js';

/** The email's column is 552 pixels wide; a rendition twice that keeps pictures sharp on dense screens. */
export const EMAIL_IMAGE_WIDTH = 552;
const RENDITION_WIDTH = 2 * EMAIL_IMAGE_WIDTH;

/** The smallest rendition at least `width` wide in a format, else the widest there is in it. */
function renditionOf(variants: readonly ImageVariant[], format: ImageVariant['format'], width: number): ImageVariant | undefined {
  const pool = variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
  return pool.find((v) => v.width >= width) ?? pool[pool.length - 1];
}

/** A picture for the email: a JPEG or PNG rendition when there is one (not every mail program shows WebP). */
export function emailImage(story: ArticleSummary, publicUrl: string): EmailImage | null {
  const hero = story.hero;
  if (!hero) return null;
  const image = hero.image;
  const variant =
    renditionOf(image.variants, 'jpeg', RENDITION_WIDTH) ??
    renditionOf(image.variants, 'png', RENDITION_WIDTH) ??
    renditionOf(image.variants, 'webp', RENDITION_WIDTH);
  const src = `${publicUrl}${mediaUrl(variant?.key ?? image.originalKey)}`;
  const w = variant?.width ?? image.width;
  const h = variant?.height ?? image.height;
  const width = Math.min(EMAIL_IMAGE_WIDTH, w);
  return { src, width, height: Math.round((width * h) / Math.max(1, w)), alt: hero.alt };
}

export function emailStory(story: ArticleSummary, publicUrl: string, timeZone: string): EmailStory {
  const names = story.authors.map((a) => a.name);
  return {
    headline: story.headline,
    dek: story.dek,
    url: `${publicUrl}${articlePath(story, timeZone)}`,
    byline: names.length > 0 ? `By ${joinNames(names)}` : '',
    section: story.section.name,
    image: emailImage(story, publicUrl),
  };
}

/** "Monday 7 December 2026" for a YYYY-MM-DD date (the calendar date itself, whatever the zone). */
export function dateLabel(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(',', '');
}

export const viewInBrowserPath = (date: string) => `/newsletter/${date}`;

/** The email of an edition: `live` are its stories readers may open now, in the edition's order. */
export function editionEmailContent(
  edition: Edition,
  live: readonly ArticleSummary[],
  p: { siteName: string; publicUrl: string; timeZone: string },
): EditionEmailContent {
  return {
    siteName: p.siteName,
    homeUrl: `${p.publicUrl}/`,
    subject: edition.subject,
    dateLabel: dateLabel(edition.date),
    intro: edition.intro,
    stories: live.map((s) => emailStory(s, p.publicUrl, p.timeZone)),
    viewInBrowserUrl: `${p.publicUrl}${viewInBrowserPath(edition.date)}`,
  };
}

/** The Admin API's view of an edition and its stories (any status: an editor sees what dropped out). */
export function presentEdition(edition: Edition, stories: readonly ArticleSummary[], publicUrl: string, timeZone: string) {
  const byId = new Map(stories.map((s) => [s.id, s]));
  return {
    id: edition.id,
    date: edition.date,
    subject: edition.subject,
    intro: edition.intro,
    status: edition.status,
    send_at: edition.sendAt?.toISOString() ?? null,
    sent_at: edition.sentAt?.toISOString() ?? null,
    version: edition.version,
    created_at: edition.createdAt.toISOString(),
    updated_at: edition.updatedAt.toISOString(),
    updated_by: edition.updatedBy,
    view_in_browser_url: `${publicUrl}${viewInBrowserPath(edition.date)}`,
    stories: edition.storyIds.flatMap((id) => {
      const s = byId.get(id);
      if (!s) return [];
      return [
        {
          id: s.id,
          headline: s.headline,
          dek: s.dek,
          status: s.status,
          access: s.access,
          section: s.section.slug,
          published_at: s.publishedAt?.toISOString() ?? null,
          url: `${publicUrl}${articlePath(s, timeZone)}`,
        },
      ];
    }),
  };
}

export type EditionJson = ReturnType<typeof presentEdition>;
