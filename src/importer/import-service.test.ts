import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { ImportDirectoryError, importDirectory } from './import-service.js';

const SECTIONS = `- slug: news
  name: News
  description: What happened today.
- slug: sport
  name: Sport
  description: Games.
`;

const AUTHORS = `- slug: mara-quint
  name: Mara Quint
  bio: Covers the harbour.
- slug: tobias-renn
  name: Tobias Renn
  bio: Politics.
`;

// Relates forward to a story later in the set, has a hero from the import folder and body
// pictures from the import folder and from beside the file.
const HARBOUR = `---
headline: "Harbour dredging delayed until spring"
dek: "The authority wants more silt tests first."
slug: harbour-dredging-delayed
section: news
authors: [mara-quint, tobias-renn]
tags: [harbour, port-authority]
dateline: PORT ELLERY
status: published
published_at: 2026-11-24T08:00:00Z
related: [ferry-timetable-cut]
image:
  file: pictures/harbour.jpg
  alt: "Cranes over the north channel."
  caption: "The north channel on Monday."
  credit: "Mara Quint / The Ellery Ledger"
---
The harbour authority voted on Tuesday to delay dredging the north channel.

![A dredger at its mooring](pictures/dredger.png "The dredger has been idle since May.")

Officials said silt samples needed more testing.

![A sample jar](sample.jpg)
`;

const FERRY = `---
headline: "Ferry timetable cut as crews run short"
dek: "Two sailings a day are gone until February."
slug: ferry-timetable-cut
section: news
authors: [mara-quint]
tags: [ferries]
status: published
access: free
published_at: 2026-11-24T07:30:00Z
updated_at: 2026-11-24T15:10:00Z
updates:
  - at: 2026-11-24T15:10:00Z
    note: "This story was updated with the operator's statement."
---
The ferry operator cut two sailings a day from Monday.

The operator said it was recruiting.
`;

const PREVIEW = `---
headline: "Mariners face Rovers in the cup"
dek: "A preview of Saturday's tie."
section: sport
authors: [tobias-renn]
status: scheduled
published_at: 2026-11-28T09:00:00Z
related: [harbour-dredging-delayed]
---
The Mariners travel to Tidewater on Saturday.
`;

async function picture(file: string, color: { r: number; g: number; b: number }, format: 'jpeg' | 'png') {
  const img = sharp({ create: { width: 1600, height: 900, channels: 3, background: color } });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await (format === 'png' ? img.png() : img.jpeg()).toBuffer());
}

describe.each(DIALECTS)('article import on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const count = async (table: 'articles' | 'article_revisions' | 'images' | 'sections' | 'authors') =>
    Number(
      (
        await t.services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-import-'));
    write('sections.yaml', SECTIONS);
    write('authors.yaml', AUTHORS);
    write('articles/a-harbour.md', HARBOUR);
    write('articles/b-ferry.md', FERRY);
    write('articles/sport/c-preview.md', PREVIEW);
    await picture(path.join(dir, 'pictures/harbour.jpg'), { r: 20, g: 60, b: 110 }, 'jpeg');
    await picture(path.join(dir, 'pictures/dredger.png'), { r: 200, g: 120, b: 40 }, 'png');
    await picture(path.join(dir, 'articles/sample.jpg'), { r: 90, g: 160, b: 90 }, 'jpeg');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates sections, authors and articles, with pictures and forward related links', async () => {
    const progress: [number, number, string][] = [];
    const summary = await importDirectory(t.services, dir, { onProgress: (d, n, f) => progress.push([d, n, f]) });
    expect(summary).toEqual({ created: 3, updated: 0, unchanged: 0, failed: [] });
    expect(progress.map((p) => p[2])).toEqual(['articles/a-harbour.md', 'articles/b-ferry.md', 'articles/sport/c-preview.md']);
    expect(progress.at(-1)?.slice(0, 2)).toEqual([3, 3]);

    const sections = await t.services.db.selectFrom('sections').select(['slug', 'position']).orderBy('position').execute();
    expect(sections).toEqual([
      { slug: 'news', position: 0 },
      { slug: 'sport', position: 1 },
    ]);
    expect(await count('authors')).toBe(2);
    expect(await count('images')).toBe(3);

    const harbour = await t.services.articles.get('harbour-dredging-delayed');
    expect(harbour?.status).toBe('published');
    expect(harbour?.authors.map((a) => a.slug)).toEqual(['mara-quint', 'tobias-renn']);
    expect(harbour?.related.map((r) => r.slug)).toEqual(['ferry-timetable-cut']);
    expect(harbour?.hero?.alt).toBe('Cranes over the north channel.');
    expect(harbour?.hero?.image.width).toBe(1600);
    expect(harbour?.bodyMarkdown).not.toContain('pictures/dredger.png');
    expect(harbour?.bodyMarkdown).toMatch(
      /!\[A dredger at its mooring\]\(\/media\/[0-9a-f-]{36}\/[^ )]+ "The dredger has been idle since May\."\)/,
    );
    const figures = harbour?.blocks.filter((b) => b.type === 'figure') ?? [];
    expect(figures).toHaveLength(2);
    expect(figures[0]?.html).toContain('<picture>');
    expect(figures[0]?.html).toContain('<figcaption>The dredger has been idle since May.</figcaption>');

    const ferry = await t.services.articles.get('ferry-timetable-cut');
    expect(ferry?.access).toBe('free');
    expect(ferry?.revisedAt).toEqual(new Date('2026-11-24T15:10:00Z'));
    expect(ferry?.updates.map((u) => u.note)).toEqual(["This story was updated with the operator's statement."]);

    const preview = await t.services.articles.get('mariners-face-rovers-in-the-cup');
    expect(preview?.status).toBe('scheduled');
    expect(preview?.related.map((r) => r.slug)).toEqual(['harbour-dredging-delayed']);
    const job = await t.services.db.selectFrom('jobs').selectAll().executeTakeFirst();
    expect(job).toBeDefined();

    const page = await t.app.inject('/news/2026/11/24/harbour-dredging-delayed');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The dredger has been idle since May.');
  });

  it('changes nothing when run again', async () => {
    const before = { articles: await count('articles'), revisions: await count('article_revisions'), images: await count('images') };
    const summary = await importDirectory(t.services, dir);
    expect(summary).toEqual({ created: 0, updated: 0, unchanged: 3, failed: [] });
    expect({ articles: await count('articles'), revisions: await count('article_revisions'), images: await count('images') }).toEqual(
      before,
    );
    expect(await count('sections')).toBe(2);
    expect(await count('authors')).toBe(2);
  });

  it('updates an edited file in place: one more version and revision', async () => {
    const before = await t.services.articles.get('ferry-timetable-cut');
    const revisions = await count('article_revisions');
    write(
      'articles/b-ferry.md',
      FERRY.replace('The operator said it was recruiting.', 'The operator said it was recruiting six deckhands.'),
    );
    const summary = await importDirectory(t.services, dir);
    expect(summary).toEqual({ created: 0, updated: 1, unchanged: 2, failed: [] });
    const after = await t.services.articles.get('ferry-timetable-cut');
    expect(after?.id).toBe(before?.id);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.bodyMarkdown).toContain('six deckhands');
    expect(await count('article_revisions')).toBe(revisions + 1);
    expect(await count('articles')).toBe(3);
  });

  it('matches an article by a slug it used to have', async () => {
    const a = await t.services.articles.get('ferry-timetable-cut');
    if (!a) throw new Error('missing');
    const { inputFromArticle } = await import('../articles/article-service.js');
    await t.services.articles.update(a.id, { ...inputFromArticle(a), slug: 'ferry-sailings-cut' }, 'desk', a.version);
    const summary = await importDirectory(t.services, dir);
    expect(summary).toEqual({ created: 0, updated: 1, unchanged: 2, failed: [] });
    expect((await t.services.articles.get('ferry-timetable-cut'))?.id).toBe(a.id);
    expect(await count('articles')).toBe(3);
  });

  it('reports broken files and imports the rest', async () => {
    write('articles/d-bad-yaml.md', '---\nheadline: "unclosed\nsection: news\n---\nBody.\n');
    write(
      'articles/e-unknown-author.md',
      FERRY.replace('slug: ferry-timetable-cut', 'slug: ghost-story').replace('[mara-quint]', '[nobody-here]'),
    );
    write(
      'articles/f-missing-picture.md',
      HARBOUR.replace('slug: harbour-dredging-delayed', 'slug: lost-picture').replace('pictures/harbour.jpg', 'pictures/nope.jpg'),
    );
    write(
      'articles/g-unknown-key.md',
      FERRY.replace('slug: ferry-timetable-cut', 'slug: keyed').replace('access: free', 'access: free\nkicker: Exclusive'),
    );
    write('articles/h-new.md', FERRY.replace('slug: ferry-timetable-cut', 'slug: new-story'));
    write('sections.yaml', `${SECTIONS}- slug: api\n  name: API\n`);
    const revisions = await count('article_revisions');

    const summary = await importDirectory(t.services, dir);
    expect(summary.created).toBe(1);
    expect(summary.unchanged).toBe(3);
    const reasons = Object.fromEntries(summary.failed.map((f) => [f.file, f.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'articles/d-bad-yaml.md',
      'articles/e-unknown-author.md',
      'articles/f-missing-picture.md',
      'articles/g-unknown-key.md',
      'sections.yaml',
    ]);
    expect(reasons['articles/d-bad-yaml.md']).toMatch(/^invalid YAML/);
    expect(reasons['articles/e-unknown-author.md']).toBe('authors: no author "nobody-here"');
    expect(reasons['articles/f-missing-picture.md']).toMatch(/^image\.file: picture "pictures\/nope\.jpg" not found/);
    expect(reasons['articles/g-unknown-key.md']).toBe('kicker: unknown key "kicker"');
    expect(reasons['sections.yaml']).toMatch(/"api" is reserved/);

    expect(await count('articles')).toBe(4);
    expect(await count('article_revisions')).toBe(revisions + 1);
    for (const slug of ['ghost-story', 'lost-picture', 'keyed']) expect(await t.services.articles.get(slug)).toBeUndefined();
    expect(await t.services.db.selectFrom('sections').select('id').where('slug', '=', 'api').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a folder that is not there', async () => {
    await expect(importDirectory(t.services, path.join(dir, 'nope'))).rejects.toBeInstanceOf(ImportDirectoryError);
  });
});
