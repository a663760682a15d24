/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) from typed entries. Pure: no database,
 * no HTTP. Full text goes in `content:encoded` (RSS content module), people in `dc:creator`
 * (RSS's own `<author>` wants an email address), the hero picture in `<enclosure>` and Media
 * RSS's `media:content`.
 */
import type { FeedChannel, FeedEntry, FeedImage } from './feed-presenter.js';
import { mediaContent } from './media-rss.js';
import { el, emptyEl, parentEl, rfc822, XML_DECLARATION } from './xml.js';

const NAMESPACES = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
};

/** Minutes a reader may keep the feed: matches the responses' `max-age`. */
const TTL_MINUTES = 5;

export function buildRss(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const head = [
    el('title', channel.title),
    el('link', channel.siteUrl),
    el('description', channel.description),
    el('language', channel.language),
    el('lastBuildDate', rfc822(channel.updatedAt)),
    el('generator', 'Masthead'),
    el('ttl', String(TTL_MINUTES)),
    // RSS Best Practices: a feed names its own URL.
    emptyEl('atom:link', { href: channel.selfUrl, rel: 'self', type: 'application/rss+xml' }),
  ];
  const channelXml = parentEl('channel', [...head, ...entries.map(rssItem)].map((x) => `\n${x}`).concat('\n'));
  return `${XML_DECLARATION}\n${parentEl('rss', [channelXml], { version: '2.0', ...NAMESPACES })}\n`;
}

function rssItem(e: FeedEntry): string {
  return parentEl('item', [
    el('title', e.title),
    el('link', e.url),
    el('guid', e.id, { isPermaLink: 'false' }),
    el('pubDate', rfc822(e.publishedAt)),
    ...e.authors.map((a) => el('dc:creator', a.name)),
    ...e.categories.map((c) => el('category', c.label, { domain: c.scheme })),
    el('description', e.summary),
    el('content:encoded', e.contentHtml),
    ...(e.image ? rssImage(e.image) : []),
  ]);
}

function rssImage(img: FeedImage): string[] {
  return [emptyEl('enclosure', { url: img.url, length: img.length, type: img.type }), mediaContent(img)];
}
