import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { AppError } from '../http/app-error.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { diffBodies, diffWords } from './article-revisions.js';
import { type ArticleInput, inputFromArticle } from './article-service.js';
import type { BodyDoc } from './body-doc.js';
import { markdownToDoc } from './body-markdown.js';

describe('diffWords', () => {
  it('keeps the words that stay and marks those added and removed, spaces included', () => {
    expect(diffWords('The ferry left at dawn.', 'The ferry left at noon today.')).toEqual([
      { op: 'same', text: 'The ferry left at ' },
      { op: 'removed', text: 'dawn.' },
      { op: 'added', text: 'noon today.' },
    ]);
    expect(diffWords('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
    expect(diffWords('', 'new words')).toEqual([{ op: 'added', text: 'new words' }]);
  });
});

describe('diffBodies', () => {
  const doc = (md: string): BodyDoc => markdownToDoc(md);

  it('finds blocks kept, changed word by word, added and removed, in the newer order', () => {
    const from = doc('First paragraph stays.\n\n## Old heading\n\nSecond paragraph about the ferry.\n\nA paragraph that goes.');
    const to = doc('First paragraph stays.\n\n## Old heading\n\nSecond paragraph about the late ferry.\n\n::: paywall\n\n- a new list');
    expect(diffBodies(from, to)).toEqual([
      { kind: 'same', type: 'paragraph', text: 'First paragraph stays.' },
      { kind: 'same', type: 'heading', text: 'Old heading' },
      {
        kind: 'changed',
        type: 'paragraph',
        words: [
          { op: 'same', text: 'Second paragraph about the ' },
          { op: 'added', text: 'late ' },
          { op: 'same', text: 'ferry.' },
        ],
      },
      { kind: 'removed', type: 'paragraph', text: 'A paragraph that goes.' },
      { kind: 'added', type: 'paywallBreak', text: 'Paywall break' },
      { kind: 'added', type: 'bulletList', text: 'a new list' },
    ]);
  });

  it('sees a picture change even when nothing a reader reads changed', () => {
    const a = {
      type: 'doc' as const,
      content: [{ type: 'figure' as const, attrs: { imageId: 'one', alt: 'Cranes', caption: '', credit: '' } }],
    };
    const b = {
      type: 'doc' as const,
      content: [{ type: 'figure' as const, attrs: { imageId: 'two', alt: 'Cranes', caption: '', credit: '' } }],
    };
    const [change] = diffBodies(a, b);
    expect(change?.kind).toBe('changed');
  });
});

describe.each(DIALECTS)('revisions through the article service on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t.close();
  });

  const base: ArticleInput = {
    headline: 'Ferry crossings cut',
    section: 'news',
    authors: ['mara-quint'],
    status: 'published',
    publishedAt: new Date('2026-11-20T08:00:00Z'),
    body: 'The ferry company cut two crossings.\n\nCrews are short.',
  };

  it('reads a revision back, diffs two, and restores one as a new version', async () => {
    const v1 = await t.services.articles.create(base, 'ada');
    const v2 = await t.services.articles.update(
      v1.id,
      {
        ...base,
        headline: 'Ferry crossings cut until February',
        tags: ['ferries'],
        updates: [{ notedAt: new Date('2026-11-21T09:00:00Z'), note: 'Corrects the month.', correction: true }],
        body: 'The ferry company cut two crossings a day.\n\nCrews are short.\n\n::: paywall\n\nMore below.',
      },
      'ben',
      v1.version,
    );
    expect(v2.version).toBe(2);

    const r1 = await t.services.articles.revision(v1.id, 1);
    expect(r1?.savedBy).toBe('ada');
    expect(r1?.input.headline).toBe('Ferry crossings cut');
    expect(r1?.input.publishedAt).toEqual(new Date('2026-11-20T08:00:00Z'));
    expect(r1?.input.bodyDoc.content.map((n) => n.type)).toEqual(['paragraph', 'paragraph']);
    expect(await t.services.articles.revision(v1.id, 9)).toBeUndefined();

    const diff = await t.services.articles.diff(v1.id, 1, 2);
    expect(diff.from).toBe(1);
    expect(diff.to).toBe(2);
    // Saved without a slug, the new headline gave the story a new address: the diff says so.
    expect(diff.fields.map((f) => f.field)).toEqual(['headline', 'slug', 'tags', 'updates']);
    expect(diff.fields[0]).toEqual({ field: 'headline', from: 'Ferry crossings cut', to: 'Ferry crossings cut until February' });
    expect(diff.fields[1]).toEqual({ field: 'slug', from: 'ferry-crossings-cut', to: 'ferry-crossings-cut-until-february' });
    expect(diff.fields[3]?.to).toBe('2026-11-21T09:00:00.000Z Correction: Corrects the month.');
    expect(diff.bodyChanged).toBe(true);
    expect(diff.body.map((b) => b.kind)).toEqual(['changed', 'same', 'added', 'added']);
    expect((await t.services.articles.diff(v1.id, 2, 2)).bodyChanged).toBe(false);
    await expect(t.services.articles.diff(v1.id, 1, 7)).rejects.toMatchObject({ statusCode: 404 });

    // Restore version 1: its content comes back as version 3; the status, publication time and
    // the correction published since stay.
    const v3 = await t.services.articles.restore(v1.id, 1, 'cleo', 2);
    expect(v3.version).toBe(3);
    expect(v3.headline).toBe('Ferry crossings cut');
    expect(v3.tags).toEqual([]);
    expect(v3.paywallBreak).toBeNull();
    expect(v3.blocks.map((b) => b.text)).toEqual(['The ferry company cut two crossings.', 'Crews are short.']);
    expect(v3.status).toBe('published');
    expect(v3.updates.map((u) => [u.note, u.correction])).toEqual([['Corrects the month.', true]]);
    expect((await t.services.articles.revision(v1.id, 3))?.savedBy).toBe('cleo');
    const back = await t.services.articles.diff(v1.id, 1, 3);
    expect(back.bodyChanged).toBe(false);
    // The restore kept the story's address (and its correction).
    expect(back.fields.map((f) => f.field)).toEqual(['slug', 'updates']);
    expect(v3.slug).toBe('ferry-crossings-cut-until-february');
  });

  it('keeps the story at its address when an older version is restored', async () => {
    const v1 = await t.services.articles.create({ ...base, headline: 'Harbour wall repaired' }, 'ada');
    expect(v1.slug).toBe('harbour-wall-repaired');
    const v2 = await t.services.articles.update(v1.id, { ...inputFromArticle(v1), slug: 'harbour-wall-works' }, 'ben', v1.version);
    const v3 = await t.services.articles.restore(v1.id, 1, 'cleo', v2.version);
    // Version 1 was saved without a slug (its headline gave one): the restore keeps today's.
    expect(v3.slug).toBe('harbour-wall-works');
    expect((await t.services.articles.diff(v1.id, 2, 3)).fields.map((f) => f.field)).toEqual([]);
  });

  it('refuses a restore from a stale version with the usual conflict, and an unknown version with a 404', async () => {
    const a = await t.services.articles.create({ ...base, headline: 'Stale restore' }, 'ada');
    await t.services.articles.update(a.id, { ...base, headline: 'Stale restore, edited' }, 'ben', 1);
    const stale = await t.services.articles.restore(a.id, 1, 'cleo', 1).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect(stale).toMatchObject({ code: 'ARTICLE_VERSION_CONFLICT', statusCode: 412 });
    expect((await t.services.articles.get(a.id))?.version).toBe(2);
    await expect(t.services.articles.restore(a.id, 5, 'cleo', 2)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('reads a snapshot saved before the body document, and restores it', async () => {
    const a = await t.services.articles.create({ ...base, headline: 'Old snapshot' }, 'ada');
    // A revision as the previous code wrote it: the input with Markdown only, dates as text.
    const old = { ...base, headline: 'Old snapshot, first words', updates: [{ notedAt: '2026-11-19T10:00:00.000Z', note: 'Old note.' }] };
    await t.services.db
      .updateTable('article_revisions')
      .set({ snapshot: JSON.stringify(old) })
      .where('article_id', '=', a.id)
      .where('version', '=', 1)
      .execute();
    const r = await t.services.articles.revision(a.id, 1);
    expect(r?.input.headline).toBe('Old snapshot, first words');
    expect(r?.input.updates?.[0]).toEqual({ notedAt: new Date('2026-11-19T10:00:00.000Z'), note: 'Old note.', correction: false });
    expect(r?.input.bodyDoc.content).toHaveLength(2);
    const restored = await t.services.articles.restore(a.id, 1, 'cleo', 1);
    expect(restored.headline).toBe('Old snapshot, first words');
  });
});
