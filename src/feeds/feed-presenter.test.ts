import { describe, expect, it } from 'vitest';
import type { Article, Block, ImageRef } from '../articles/article.js';
import { DEFAULT_METER_POLICY } from '../meter/index.js';
import { ANONYMOUS, type ArticleReading, createContentReader } from '../reading/index.js';
import { absolutizeUrls, feedImage, presentFeedEntry } from './feed-presenter.js';

const CTX = { publicUrl: 'https://paper.test', timeZone: 'Europe/London' };

const IMAGE: ImageRef = {
  id: 'img-1',
  width: 3000,
  height: 2000,
  contentType: 'image/jpeg',
  originalKey: 'images/img-1/original.jpg',
  variants: [
    { width: 640, height: 427, format: 'jpeg', key: 'images/img-1/640.jpg', bytes: 40_000 },
    { width: 1280, height: 853, format: 'jpeg', key: 'images/img-1/1280.jpg', bytes: 120_000 },
    { width: 1280, height: 853, format: 'webp', key: 'images/img-1/1280.webp', bytes: 80_000 },
  ],
};

const BLOCKS: Block[] = [
  { type: 'paragraph', html: '<p>First <a href="/news/2026/11/01/earlier">paragraph</a>.</p>', text: 'First paragraph.' },
  { type: 'paragraph', html: '<p>Second paragraph.</p>', text: 'Second paragraph.' },
  {
    type: 'figure',
    html: '<figure><picture><source type="image/webp" srcset="/media/a/640.webp 640w, /media/a/1280.webp 1280w"><img src="/media/a/640.jpg" alt=""></picture></figure>',
    text: '',
  },
  { type: 'paragraph', html: '<p>Third, behind any wall.</p>', text: 'Third, behind any wall.' },
];

function article(over: Partial<Article> = {}): Article {
  return {
    id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    slug: 'harbour-dredging-delayed',
    headline: 'Harbour dredging delayed',
    dek: 'The vote pushes the work into spring & beyond.',
    status: 'published',
    access: 'metered',
    section: { id: 's1', slug: 'news', name: 'News' },
    authors: [
      { id: 'a1', slug: 'mara-quint', name: 'Mara Quint' },
      { id: 'a2', slug: 'tobias-renn', name: 'Tobias Renn' },
    ],
    hero: { image: IMAGE, alt: 'The north channel at low tide', caption: 'Low tide', credit: 'Photo: J. Doe', focalX: 0.5, focalY: 0.5 },
    // 23:30 UTC on the 24th is the 24th in London (GMT in November).
    publishedAt: new Date('2026-11-24T23:30:00Z'),
    revisedAt: new Date('2026-11-25T10:00:00Z'),
    updatedAt: new Date('2026-11-25T10:00:00Z'),
    wordCount: 12,
    version: 3,
    dateline: 'PORT ELLERY',
    bodyDoc: { type: 'doc', content: [] },
    bodyMarkdown: '',
    paywallBreak: null,
    blocks: BLOCKS,
    tags: [{ id: 't1', slug: 'harbour', name: 'Harbour' }],
    updates: [],
    related: [],
    createdAt: new Date('2026-11-20T00:00:00Z'),
    ...over,
  };
}

const reader = createContentReader({ policy: () => DEFAULT_METER_POLICY });

describe('presentFeedEntry', () => {
  it('carries the whole allowed body when the reading is full', () => {
    const a = article({ access: 'free' });
    const e = presentFeedEntry(a, reader.read(a, ANONYMOUS), CTX);
    expect(e.id).toBe(a.id);
    expect(e.url).toBe('https://paper.test/news/2026/11/24/harbour-dredging-delayed');
    expect(e.title).toBe('Harbour dredging delayed');
    expect(e.summary).toBe('The vote pushes the work into spring & beyond.');
    expect(e.contentHtml).toContain('Third, behind any wall.');
    expect(e.contentHtml).not.toContain('Read the full story');
    expect(e.publishedAt.toISOString()).toBe('2026-11-24T23:30:00.000Z');
    expect(e.updatedAt.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(e.authors).toEqual([
      { name: 'Mara Quint', url: 'https://paper.test/authors/mara-quint' },
      { name: 'Tobias Renn', url: 'https://paper.test/authors/tobias-renn' },
    ]);
    expect(e.categories).toEqual([
      { scheme: 'https://paper.test/', term: 'news', label: 'News' },
      { scheme: 'https://paper.test/tags/', term: 'harbour', label: 'Harbour' },
    ]);
  });

  it('carries only the dek, the lead-in and a link when the reading is not full', () => {
    const a = article();
    const walled: ArticleReading = {
      ...reader.read(a, ANONYMOUS),
      blocks: BLOCKS.slice(0, 2),
      leadIn: BLOCKS.slice(0, 2),
      description: 'Walled.',
    };
    expect(walled.full).toBe(false);
    const e = presentFeedEntry(a, walled, CTX);
    expect(e.contentHtml).toContain('<p>The vote pushes the work into spring &amp; beyond.</p>');
    expect(e.contentHtml).toContain('Second paragraph.');
    expect(e.contentHtml).not.toContain('Third, behind any wall.');
    expect(e.contentHtml).toContain('<a href="https://paper.test/news/2026/11/24/harbour-dredging-delayed">Read the full story</a>');
    expect(e.summary).toBe('Walled.');
  });

  it('takes the text from the reading, never from the article', () => {
    const a = article();
    const reading: ArticleReading = {
      ...reader.read(article({ access: 'free' }), ANONYMOUS),
      blocks: [{ type: 'paragraph', html: '<p>Only this.</p>', text: 'Only this.' }],
      full: true,
      leadIn: [],
      description: 'd',
    };
    expect(presentFeedEntry(a, reading, CTX).contentHtml).toBe('<p>Only this.</p>');
  });

  it('uses the publication time when a revision time is missing or earlier', () => {
    const a = article({ revisedAt: null });
    expect(presentFeedEntry(a, reader.read(a, ANONYMOUS), CTX).updatedAt).toEqual(a.publishedAt);
  });

  it('has no image without a hero', () => {
    const a = article({ hero: null });
    expect(presentFeedEntry(a, reader.read(a, ANONYMOUS), CTX).image).toBeNull();
  });
});

describe('feedImage', () => {
  it('picks the variant in the original format nearest 1200 px, with its size and type', () => {
    expect(feedImage(IMAGE, 'alt', 'credit', 'https://paper.test')).toEqual({
      url: 'https://paper.test/media/img-1/1280.jpg',
      type: 'image/jpeg',
      length: 120_000,
      width: 1280,
      height: 853,
      alt: 'alt',
      credit: 'credit',
    });
  });

  it('falls back to the original when there are no variants', () => {
    const img = feedImage({ ...IMAGE, variants: [] }, '', '', 'https://paper.test');
    expect(img.url).toBe('https://paper.test/media/img-1/original.jpg');
    expect(img.type).toBe('image/jpeg');
    expect(img.length).toBe(0);
  });
});

describe('absolutizeUrls', () => {
  it('makes root-relative href, src and srcset URLs absolute and leaves others alone', () => {
    const html = absolutizeUrls(
      '<a href="/x">x</a><a href="https://other.test/y">y</a><a href="//cdn.test/z">z</a><img src="/m/a.jpg" srcset="/m/a.jpg 640w, /m/b.jpg 1280w">',
      'https://paper.test',
    );
    expect(html).toBe(
      '<a href="https://paper.test/x">x</a><a href="https://other.test/y">y</a><a href="//cdn.test/z">z</a><img src="https://paper.test/m/a.jpg" srcset="https://paper.test/m/a.jpg 640w, https://paper.test/m/b.jpg 1280w">',
    );
  });
});
