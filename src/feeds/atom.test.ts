import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { atomEntryId, buildAtom } from './atom.js';
import type { FeedChannel, FeedEntry } from './feed-presenter.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['entry', 'category', 'author', 'link'].includes(name),
});

const CHANNEL: FeedChannel = {
  title: 'The Ellery Courier',
  description: 'News & views',
  language: 'en',
  siteUrl: 'https://paper.test/',
  selfUrl: 'https://paper.test/atom.xml',
  updatedAt: new Date('2026-11-25T10:00:00.250Z'),
  publisher: 'The Ellery Courier',
};

const NASTY = `Fish & chips <b>"best"</b> it's\u0001\uFFFE done`;

const ENTRIES: FeedEntry[] = [
  {
    id: '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B',
    url: 'https://paper.test/news/2026/11/24/harbour-dredging-delayed',
    title: NASTY,
    summary: 'The vote pushes the work into spring.',
    contentHtml: '<p>The harbour authority voted &amp; said <a href="https://paper.test/x">more</a>.</p>',
    publishedAt: new Date('2026-11-24T08:00:00Z'),
    updatedAt: new Date('2026-11-25T10:00:00Z'),
    authors: [{ name: 'Mara Quint', url: 'https://paper.test/authors/mara-quint' }],
    categories: [
      { scheme: 'https://paper.test/', term: 'news', label: 'News' },
      { scheme: 'https://paper.test/tags/', term: 'harbour', label: 'Harbour' },
    ],
    image: {
      url: 'https://paper.test/media/i/1280.jpg',
      type: 'image/jpeg',
      length: 99,
      width: 1280,
      height: 853,
      alt: 'Channel',
      credit: '',
    },
  },
];

describe('buildAtom', () => {
  const xml = buildAtom(CHANNEL, ENTRIES);
  const feed = parser.parse(xml).feed;

  it('is well-formed Atom with the feed-level elements RFC 4287 requires', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed['@_xml:lang']).toBe('en');
    expect(feed.id).toBe('https://paper.test/');
    expect(feed.title['#text']).toBe('The Ellery Courier');
    expect(feed.subtitle['#text']).toBe('News & views');
    expect(feed.updated).toBe('2026-11-25T10:00:00Z');
    expect(feed.author).toEqual([{ name: 'The Ellery Courier' }]);
    expect(feed.link).toEqual([
      { '@_rel': 'alternate', '@_type': 'text/html', '@_href': 'https://paper.test/' },
      { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': 'https://paper.test/atom.xml' },
    ]);
  });

  it('writes each entry with a stable id, RFC 3339 dates, people, categories and html content', () => {
    expect(feed.entry).toHaveLength(1);
    const e = feed.entry[0];
    expect(e.id).toBe('urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(e.title['#text']).toBe(`Fish & chips <b>"best"</b> it's done`);
    expect(e.published).toBe('2026-11-24T08:00:00Z');
    expect(e.updated).toBe('2026-11-25T10:00:00Z');
    expect(e.author).toEqual([{ name: 'Mara Quint', uri: 'https://paper.test/authors/mara-quint' }]);
    expect(e.category).toEqual([
      { '@_term': 'news', '@_label': 'News', '@_scheme': 'https://paper.test/' },
      { '@_term': 'harbour', '@_label': 'Harbour', '@_scheme': 'https://paper.test/tags/' },
    ]);
    expect(e.summary).toEqual({ '#text': 'The vote pushes the work into spring.', '@_type': 'text' });
    expect(e.content).toEqual({ '#text': ENTRIES[0]?.contentHtml, '@_type': 'html' });
    expect(e.link).toEqual([
      { '@_rel': 'alternate', '@_type': 'text/html', '@_href': 'https://paper.test/news/2026/11/24/harbour-dredging-delayed' },
      { '@_rel': 'enclosure', '@_type': 'image/jpeg', '@_href': 'https://paper.test/media/i/1280.jpg', '@_length': '99' },
    ]);
    expect(e['media:content']['@_url']).toBe('https://paper.test/media/i/1280.jpg');
    expect(xml.includes('\u0001') || xml.includes('\uFFFE')).toBe(false);
  });

  it('is valid with no entries', () => {
    expect(XMLValidator.validate(buildAtom(CHANNEL, []))).toBe(true);
  });
});

describe('atomEntryId', () => {
  it('is a urn:uuid for a UUID and a tag: URI otherwise', () => {
    expect(atomEntryId('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'https://paper.test/')).toBe(
      'urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    );
    expect(atomEntryId('legacy/42', 'https://paper.test/')).toBe('tag:paper.test,2026:article:legacy%2F42');
  });
});
