import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuthor } from '../authors/index.js';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { insertSection } from '../sections/index.js';
import { insertTag } from '../tags/index.js';
import { bodyText, renderBody } from './article-body.js';
import { findArticleRowBySlug, listArticles, loadArticle, searchArticleIds } from './article-repository.js';
import { insertArticleRows, type NewArticleRows } from './article-write-repository.js';
import { markdownToDoc } from './body-markdown.js';

const AT = new Date('2026-11-20T10:00:00Z');

function articleRow(n: number, body: string, extra: Partial<NewArticleRows['article']> = {}): NewArticleRows['article'] {
  const blocks = renderBody(body);
  const text = bodyText(blocks);
  return {
    id: `a-${String(n).padStart(5, '0')}`,
    slug: `story-${n}`,
    section_id: 's-news',
    headline: `Story ${n}`,
    dek: '',
    body_markdown: body,
    body_blocks: JSON.stringify(blocks),
    body_doc: JSON.stringify(markdownToDoc(body)),
    body_text: text,
    word_count: text.split(' ').length,
    status: 'published',
    access: 'metered',
    dateline: '',
    hero_image_id: null,
    hero_alt: '',
    hero_caption: '',
    hero_credit: '',
    published_at: new Date(AT.getTime() + n * 60_000),
    revised_at: null,
    version: 1,
    created_at: AT,
    updated_at: AT,
    ...extra,
  };
}

describe.each(DIALECTS)('insertArticleRows on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    await insertSection(h.db, { id: 's-news', slug: 'news', name: 'News', description: '', position: 0 }, AT);
    await insertAuthor(h.db, { id: 'au-1', slug: 'ada-quill', name: 'Ada Quill', bio: '', photoImageId: null }, AT);
    await insertAuthor(h.db, { id: 'au-2', slug: 'ben-ink', name: 'Ben Ink', bio: '', photoImageId: null }, AT);
    await insertTag(h.db, { id: 't-1', slug: 'harbour', name: 'harbour' }, AT);
    await insertTag(h.db, { id: 't-2', slug: 'ferries', name: 'ferries' }, AT);
  });
  afterAll(async () => {
    await h.close();
  });

  it('inserts articles with their picture, byline, tags, related stories and updates', async () => {
    const rows: NewArticleRows[] = [
      { article: articleRow(1, 'The first ferry left at dawn.'), authorIds: ['au-1'] },
      {
        article: articleRow(2, 'The quaymaster counted every gull on the pier.', {
          hero_image_id: 'img-1',
          hero_alt: 'A pier',
          revised_at: AT,
        }),
        authorIds: ['au-2', 'au-1'],
        tagIds: ['t-1', 't-2'],
        relatedIds: ['a-00001'],
        updates: [{ id: 'u-1', notedAt: AT, note: 'Corrected the count.' }],
        heroImage: {
          id: 'img-1',
          sha256: 'f'.repeat(64),
          original_key: 'images/img-1/original.jpg',
          content_type: 'image/jpeg',
          width: 1200,
          height: 800,
          bytes: 1000,
          variants: JSON.stringify([{ width: 640, height: 427, format: 'jpeg', key: 'images/img-1/640.jpg', bytes: 100 }]),
          created_at: AT,
        },
      },
    ];
    await h.db.transaction().execute((tx) => insertArticleRows(tx, rows));

    const row = await findArticleRowBySlug(h.db, 'story-2');
    expect(row).toBeDefined();
    if (!row) throw new Error('story-2 was not written');
    const a = await loadArticle(h.db, row);
    expect(a.authors.map((x) => x.name)).toEqual(['Ben Ink', 'Ada Quill']);
    expect(a.tags.map((t) => t.slug)).toEqual(['ferries', 'harbour']);
    expect(a.related.map((r) => r.slug)).toEqual(['story-1']);
    expect(a.updates.map((u) => u.note)).toEqual(['Corrected the count.']);
    expect(a.hero?.image.variants[0]?.key).toBe('images/img-1/640.jpg');
    expect(a.blocks[0]?.html).toContain('quaymaster');

    // The search index is kept in step (SQLite triggers, PostgreSQL's generated column).
    const found = await searchArticleIds(h.db, h.dialect, 'quaymaster', 10, 0, 'full');
    expect(found.ids).toEqual(['a-00002']);
  });

  it('splits a large batch into statements within the bound-parameter limit', async () => {
    const rows: NewArticleRows[] = Array.from({ length: 1_600 }, (_, i) => ({
      article: articleRow(100 + i, `Bulk story number ${i}.`),
      authorIds: ['au-1'],
      tagIds: ['t-1'],
    }));
    await h.db.transaction().execute((tx) => insertArticleRows(tx, rows));
    const list = await listArticles(h.db, { limit: 1, offset: 0 });
    expect(list.total).toBe(1_602);
    expect(list.items[0]?.slug).toBe('story-1699');
  });
});
