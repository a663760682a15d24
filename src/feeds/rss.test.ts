import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { FeedChannel, FeedEntry } from './feed-presenter.js';
import { buildRss } from './rss.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['item', 'category', 'dc:creator'].includes(name),
});

const CHANNEL: FeedChannel = {
  title: 'The Ellery Courier',
  description: 'News & views',
  language: 'en-GB',
  siteUrl: 'https://paper.test/',
  selfUrl: 'https://paper.test/feed.xml',
  updatedAt: new Date('2026-11-25T10:00:00Z'),
  publisher: 'The Ellery Courier',
};

const NASTY = `Fish & chips <b>"best"</b> it's\u0007 ]]> done`;

const ENTRIES: FeedEntry[] = [
  {
    id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    url: 'https://paper.test/news/2026/11/24/harbour-dredging-delayed',
    title: 'Harbour dredging delayed',
    summary: 'The vote pushes the work into spring.',
    contentHtml: '<p>The harbour authority voted &amp; said <a href="https://paper.test/x">more</a>.</p>',
    publishedAt: new Date('2026-11-24T08:00:00Z'),
    updatedAt: new Date('2026-11-25T10:00:00Z'),
    authors: [
      { name: 'Mara Quint', url: 'https://paper.test/authors/mara-quint' },
      { name: 'Tobias Renn', url: 'https://paper.test/authors/tobias-renn' },
    ],
    categories: [
      { scheme: 'https://paper.test/', term: 'news', label: 'News' },
      { scheme: 'https://paper.test/tags/', term: 'harbour', label: 'Harbour' },
    ],
    image: {
      url: 'https://paper.test/media/img-1/1280.jpg',
      type: 'image/jpeg',
      length: 120000,
      width: 1280,
      height: 853,
      alt: 'The channel',
      credit: 'Photo: J. Doe',
    },
  },
  {
    id: 'not-a-uuid',
    url: 'https://paper.test/sport/2026/11/25/fish',
    title: NASTY,
    summary: NASTY,
    contentHtml: `<p>${NASTY}</p>`,
    publishedAt: new Date('2026-11-25T07:00:00Z'),
    updatedAt: new Date('2026-11-25T07:00:00Z'),
    authors: [],
    categories: [],
    image: null,
  },
];

describe('buildRss', () => {
  const xml = buildRss(CHANNEL, ENTRIES);
  const doc = parser.parse(xml);
  const channel = doc.rss.channel;

  it('is well-formed RSS 2.0 with the modules it uses declared', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss ')).toBe(true);
    expect(doc.rss['@_version']).toBe('2.0');
    expect(doc.rss['@_xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
    expect(doc.rss['@_xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    expect(doc.rss['@_xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(doc.rss['@_xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
  });

  it('describes the channel', () => {
    expect(channel.title).toBe('The Ellery Courier');
    expect(channel.link).toBe('https://paper.test/');
    expect(channel.description).toBe('News & views');
    expect(channel.language).toBe('en-GB');
    expect(channel.lastBuildDate).toBe('Wed, 25 Nov 2026 10:00:00 +0000');
    expect(channel['atom:link']).toMatchObject({
      '@_href': 'https://paper.test/feed.xml',
      '@_rel': 'self',
      '@_type': 'application/rss+xml',
    });
  });

  it('writes each item with guid, dates, people, categories, text and picture', () => {
    expect(channel.item).toHaveLength(2);
    const item = channel.item[0];
    expect(item.title).toBe('Harbour dredging delayed');
    expect(item.link).toBe('https://paper.test/news/2026/11/24/harbour-dredging-delayed');
    expect(item.guid).toEqual({ '#text': '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', '@_isPermaLink': 'false' });
    expect(item.pubDate).toBe('Tue, 24 Nov 2026 08:00:00 +0000');
    expect(item['dc:creator']).toEqual(['Mara Quint', 'Tobias Renn']);
    expect(item.category).toEqual([
      { '#text': 'News', '@_domain': 'https://paper.test/' },
      { '#text': 'Harbour', '@_domain': 'https://paper.test/tags/' },
    ]);
    expect(item.description).toBe('The vote pushes the work into spring.');
    expect(item['content:encoded']).toBe(ENTRIES[0]?.contentHtml);
    expect(item.enclosure).toEqual({ '@_url': 'https://paper.test/media/img-1/1280.jpg', '@_length': '120000', '@_type': 'image/jpeg' });
    expect(item['media:content']).toMatchObject({
      '@_url': 'https://paper.test/media/img-1/1280.jpg',
      '@_medium': 'image',
      '@_width': '1280',
      '@_height': '853',
      'media:credit': 'Photo: J. Doe',
    });
  });

  it('escapes markup and quotes, and strips characters XML 1.0 forbids', () => {
    const item = channel.item[1];
    const clean = `Fish & chips <b>"best"</b> it's ]]> done`;
    expect(item.title).toBe(clean);
    expect(item.description).toBe(clean);
    expect(item['content:encoded']).toBe(`<p>${clean}</p>`);
    expect(item.enclosure).toBeUndefined();
    expect(xml).toContain('<title>Fish &amp; chips &lt;b&gt;&quot;best&quot;&lt;/b&gt; it&apos;s ]]&gt; done</title>');
    expect(xml).not.toContain('\u0007');
  });

  it('is valid with no items', () => {
    const empty = buildRss(CHANNEL, []);
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(parser.parse(empty).rss.channel.item).toBeUndefined();
  });
});
