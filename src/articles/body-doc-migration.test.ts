/**
 * The body-document migration on both dialects: articles saved by the previous schema (Markdown
 * and blocks only) get their document, made in batches, equal to what the app's Markdown reader
 * makes of the same body today; their Markdown and blocks stay as they were; the app reads them;
 * and down removes the columns again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Kysely, type Migration, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { insertAuthor } from '../authors/index.js';
import type { ArticleTable, Db } from '../db/database.js';
import { DIALECTS, openEmptyTestDatabase } from '../db/test-databases.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { insertSection } from '../sections/index.js';
import { bodyText, renderBody } from './article-body.js';
import { findArticleRowById, loadArticle } from './article-repository.js';
import { canonicalDoc } from './body-doc.js';
import { markdownToDoc } from './body-markdown.js';

const BEFORE = '2026_12_07_0410_paywall_letter_opening';
const THIS = '2026_12_07_1020_body_documents';
// The app reads articles with the hero focal point too (1022), so the check runs at that schema.
const READABLE = '2026_12_07_1022_hero_focal_point';
const upToThis: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= READABLE));
const AT = new Date('2026-11-20T10:00:00Z');

/** The articles table as the previous schema had it. */
interface OldDb {
  articles: Omit<ArticleTable, 'body_doc' | 'paywall_break' | 'hero_focal_x' | 'hero_focal_y'>;
}

const demoDir = path.join(PACKAGE_ROOT, 'demo', 'articles');
const DEMO = readdirSync(demoDir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.md'))
  .map((f) => readFileSync(path.join(demoDir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
const EXTRA = [
  '',
  'A picture:\n\n![A dredger](/media/0193a7b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b/960.jpg "Idle since May.")',
  '| a | b |\n| - | - |\n| 1 | 2 |\n\n```\ncode\n```\n\n1. one\n2. two\n\n> quote',
];

describe.each(DIALECTS)('the body-document migration on %s', (dialect) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('gives every existing article its document, in batches, and leaves Markdown and blocks alone; down drops it', {
    timeout: 180_000,
  }, async () => {
    const h = await openEmptyTestDatabase(dialect);
    close = h.close;
    const db: Db = h.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upToThis } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    await insertSection(db, { id: 's-news', slug: 'news', name: 'News', description: '', position: 0 }, AT);
    await insertAuthor(db, { id: 'au-1', slug: 'ada-quill', name: 'Ada Quill', bio: '', photoImageId: null }, AT);
    const bodies = [...DEMO, ...EXTRA];
    // More rows than one batch (200), so the loop goes round more than once.
    const count = 450;
    const old = db as unknown as Kysely<OldDb>;
    for (let i = 0; i < count; i += 50) {
      await old
        .insertInto('articles')
        .values(
          Array.from({ length: Math.min(50, count - i) }, (_, k) => {
            const n = i + k;
            const body = bodies[n % bodies.length] ?? '';
            const blocks = renderBody(body);
            return {
              id: `a-${String(n).padStart(4, '0')}`,
              slug: `story-${n}`,
              section_id: 's-news',
              headline: `Story ${n}`,
              dek: '',
              body_markdown: body,
              body_blocks: JSON.stringify(blocks),
              body_text: bodyText(blocks),
              word_count: 1,
              status: 'published',
              access: 'metered',
              dateline: '',
              hero_image_id: null,
              hero_alt: '',
              hero_caption: '',
              hero_credit: '',
              published_at: AT,
              revised_at: null,
              version: 1,
              created_at: AT,
              updated_at: AT,
              created_by: null,
            };
          }),
        )
        .execute();
    }

    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    expect((await migrator.migrateTo(READABLE)).error).toBeUndefined();
    for (const n of [0, 1, 7, bodies.length - 2, bodies.length - 1, 199, 200, 201, 449]) {
      const body = bodies[n % bodies.length] ?? '';
      const row = await findArticleRowById(db, `a-${String(n).padStart(4, '0')}`);
      if (!row) throw new Error(`row ${n} missing`);
      expect(row.body_markdown).toBe(body);
      expect(row.paywall_break).toBeNull();
      const article = await loadArticle(db, row);
      // What the app's reader makes of the body today, in canonical form.
      expect(canonicalDoc(article.bodyDoc)).toEqual(canonicalDoc(markdownToDoc(body)));
      expect(article.blocks).toEqual(renderBody(body));
    }
    const left = await db.selectFrom('articles').select('id').where('body_doc', 'is', null).execute();
    expect(left).toEqual([]);

    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const columns = (await db.introspection.getTables()).find((t) => t.name === 'articles')?.columns.map((c) => c.name) ?? [];
    expect(columns).not.toContain('body_doc');
    expect(columns).not.toContain('paywall_break');
    expect(columns).toContain('body_markdown');
  });
});
