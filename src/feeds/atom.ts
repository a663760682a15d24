/**
 * Atom 1.0 (RFC 4287) from typed entries. Pure: no database, no HTTP. The same entries as the
 * RSS feed; dates in RFC 3339, the body in `<content type="html">`, the hero picture as an
 * enclosure link and Media RSS's `media:content`.
 */
import type { FeedChannel, FeedEntry, FeedImage } from './feed-presenter.js';
import { mediaContent } from './media-rss.js';
import { el, emptyEl, parentEl, rfc3339, XML_DECLARATION } from './xml.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An entry's `atom:id` must be an IRI that never changes (RFC 4287 §4.2.6), so not the URL,
 * which changes with a renamed slug: the article id as a `urn:uuid:` (RFC 9562), or, for an id
 * that is not a UUID, a `tag:` URI (RFC 4151) under the paper's host.
 */
export function atomEntryId(articleId: string, siteUrl: string): string {
  if (UUID.test(articleId)) return `urn:uuid:${articleId.toLowerCase()}`;
  return `tag:${new URL(siteUrl).hostname},2026:article:${encodeURIComponent(articleId)}`;
}

export function buildAtom(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const head = [
    el('id', channel.siteUrl),
    el('title', channel.title, { type: 'text' }),
    el('subtitle', channel.description, { type: 'text' }),
    emptyEl('link', { rel: 'alternate', type: 'text/html', href: channel.siteUrl }),
    emptyEl('link', { rel: 'self', type: 'application/atom+xml', href: channel.selfUrl }),
    el('updated', rfc3339(channel.updatedAt)),
    // RFC 4287 §4.1.1: every entry needs an author, from itself or from the feed.
    parentEl('author', [el('name', channel.publisher)]),
    el('generator', 'Masthead'),
  ];
  const body = [...head, ...entries.map((e) => atomEntry(e, channel.siteUrl))].map((x) => `\n${x}`).concat('\n');
  const feed = parentEl('feed', body, {
    xmlns: 'http://www.w3.org/2005/Atom',
    'xmlns:media': 'http://search.yahoo.com/mrss/',
    'xml:lang': channel.language,
  });
  return `${XML_DECLARATION}\n${feed}\n`;
}

function atomEntry(e: FeedEntry, siteUrl: string): string {
  return parentEl('entry', [
    el('id', atomEntryId(e.id, siteUrl)),
    el('title', e.title, { type: 'text' }),
    emptyEl('link', { rel: 'alternate', type: 'text/html', href: e.url }),
    el('published', rfc3339(e.publishedAt)),
    el('updated', rfc3339(e.updatedAt)),
    ...e.authors.map((a) => parentEl('author', [el('name', a.name), el('uri', a.url)])),
    ...e.categories.map((c) => emptyEl('category', { term: c.term, label: c.label, scheme: c.scheme })),
    el('summary', e.summary, { type: 'text' }),
    el('content', e.contentHtml, { type: 'html' }),
    ...(e.image ? atomImage(e.image) : []),
  ]);
}

function atomImage(img: FeedImage): string[] {
  return [
    emptyEl('link', { rel: 'enclosure', type: img.type, href: img.url, length: img.length > 0 ? img.length : undefined }),
    mediaContent(img),
  ];
}
