import { describe, expect, it } from 'vitest';
import type { Article, Block } from '../articles/article.js';
import { DEFAULT_METER_POLICY } from '../meter/index.js';
import { ANONYMOUS, createContentReader, type Viewer } from '../reading/index.js';
import { presentArticle } from './article-presenter.js';

const WALLED = 'The walled sentence is zebra-quartz-lantern.';

const BLOCKS: Block[] = [
  { type: 'paragraph', html: '<p>Lead paragraph, which anyone may read.</p>', text: 'Lead paragraph, which anyone may read.' },
  { type: 'paragraph', html: '<p>Second paragraph, still in the lead-in.</p>', text: 'Second paragraph, still in the lead-in.' },
  ...Array.from({ length: 6 }, (_, i) => ({
    type: 'paragraph' as const,
    html: `<p>Paragraph ${i + 3} behind the wall. ${'The council met again. '.repeat(8)}</p>`,
    text: `Paragraph ${i + 3} behind the wall. ${'The council met again. '.repeat(8)}`,
  })),
  { type: 'paragraph', html: `<p>${WALLED}</p>`, text: WALLED },
];

function article(over: Partial<Article> = {}): Article {
  return {
    id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    slug: 'harbour-dredging-delayed',
    headline: 'Harbour dredging delayed',
    dek: 'The vote pushes the work into spring.',
    status: 'published',
    access: 'metered',
    section: { id: 's1', slug: 'news', name: 'News' },
    authors: [{ id: 'a1', slug: 'mara-quint', name: 'Mara Quint' }],
    hero: null,
    publishedAt: new Date('2026-11-24T09:00:00Z'),
    revisedAt: null,
    updatedAt: new Date('2026-11-24T09:00:00Z'),
    wordCount: 200,
    version: 1,
    dateline: 'PORT ELLERY',
    bodyMarkdown: BLOCKS.map((b) => b.text).join('\n\n'),
    bodyDoc: { type: 'doc', content: BLOCKS.map((b) => ({ type: 'paragraph', content: [{ type: 'text', text: b.text }] })) },
    blocks: BLOCKS,
    paywallBreak: null,
    tags: [],
    updates: [],
    related: [],
    createdAt: new Date('2026-11-20T00:00:00Z'),
    ...over,
  };
}

const reader = createContentReader({ policy: () => DEFAULT_METER_POLICY });
const present = (a: Article, viewer: Viewer) => presentArticle(a, reader.apply(a, reader.decide(a, viewer)));

describe('presentArticle', () => {
  it('hands a walled reader only the lead-in blocks: no walled block, no body text anywhere in the view-model', () => {
    for (const access of ['metered', 'subscribers'] as const) {
      const a = article({ access });
      const reading = reader.apply(a, reader.decide(a, ANONYMOUS));
      expect(reading.access.allow).toBe(false);
      const model = presentArticle(a, reading);
      expect(model.full).toBe(false);
      expect(model.blocks).toEqual(reading.leadIn);
      expect(model.rest).toEqual([]);
      expect(model.blocks.length).toBeLessThan(BLOCKS.length);
      expect(model.story).not.toHaveProperty('blocks');
      expect(model.story).not.toHaveProperty('bodyMarkdown');
      expect(model.story).not.toHaveProperty('bodyDoc');
      const json = JSON.stringify(model);
      expect(json).not.toContain('zebra-quartz-lantern');
      expect(json).not.toContain('Paragraph 8 behind the wall');
    }
  });

  it('hands a reader who may read everything the whole body, lead-in and rest', () => {
    const a = article();
    const model = present(a, { kind: 'registered', readerId: 'r1', entitled: true });
    expect(model.full).toBe(true);
    expect(model.blocks).toEqual(BLOCKS);
    expect([...model.leadIn, ...model.rest]).toEqual(BLOCKS);
    expect(JSON.stringify(model)).toContain('zebra-quartz-lantern');
    expect(model.story).not.toHaveProperty('bodyMarkdown');
    expect(model.story).not.toHaveProperty('bodyDoc');
  });

  it('gives a free story to anyone whole, not marked as paywalled', () => {
    const model = present(article({ access: 'free' }), ANONYMOUS);
    expect(model.full).toBe(true);
    expect(model.paywalled).toBe(false);
    expect(model.blocks).toEqual(BLOCKS);
  });
});
