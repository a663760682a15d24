import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { AppError } from '../http/app-error.js';
import { startJobRunner } from '../jobs/job-queue.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { type ArticleInput, inputFromArticle, PUBLISH_JOB } from './article-service.js';
import { listRevisions } from './article-write-repository.js';

const base: ArticleInput = {
  headline: 'Ferry timetable cut',
  dek: 'Crews are short.',
  section: 'news',
  authors: ['mara-quint'],
  tags: ['ferries', 'harbour'],
  status: 'published',
  publishedAt: new Date('2026-11-20T10:00:00Z'),
  body: SAMPLE_BODY,
};

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe.each(DIALECTS)('article service on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates an article with derived slug, word count, tags and a first revision', async () => {
    const a = await t.services.articles.create(base, 'editor@paper');
    expect(a.slug).toBe('ferry-timetable-cut');
    expect(a.wordCount).toBeGreaterThan(40);
    expect(a.tags.map((x) => x.slug).sort()).toEqual(['ferries', 'harbour']);
    expect(a.version).toBe(1);
    const revs = await listRevisions(t.services.db, a.id);
    expect(revs).toHaveLength(1);
    expect(revs[0]?.saved_by).toBe('editor@paper');
  });

  it('names every invalid field and writes nothing', async () => {
    const err = await rejection(
      t.services.articles.create(
        {
          ...base,
          headline: '  ',
          slug: 'Bad Slug',
          section: 'nope',
          authors: ['ghost'],
          related: ['missing-story'],
          status: 'scheduled',
          publishedAt: null,
        },
        'x',
      ),
    );
    expect(err.statusCode).toBe(400);
    const fields = err.fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['headline', 'slug', 'section', 'authors', 'related', 'publishedAt']));
    const count = await t.services.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses a slug another article has, or had', async () => {
    const err = await rejection(t.services.articles.create({ ...base, headline: 'Other', slug: 'ferry-timetable-cut' }, 'x'));
    expect(err.fields[0]?.field).toBe('slug');
  });

  it('rejects a stale version with 412 and keeps every saved version', async () => {
    const a = await t.services.articles.get('ferry-timetable-cut');
    if (!a) throw new Error('missing');
    const v2 = await t.services.articles.update(a.id, { ...inputFromArticle(a), dek: 'Second thoughts.' }, 'writer', a.version);
    expect(v2.version).toBe(2);
    const stale = await rejection(t.services.articles.update(a.id, { ...inputFromArticle(a), dek: 'Lost update' }, 'other', a.version));
    expect(stale.statusCode).toBe(412);
    expect((await listRevisions(t.services.db, a.id)).map((r) => r.version)).toEqual([2, 1]);
  });

  it('publishes a scheduled story at its time, through the job runner, with no restart', async () => {
    const at = new Date(t.clock.now.getTime() + 60 * 60 * 1000);
    const s = await t.services.articles.create(
      { ...base, headline: 'Budget vote tonight', status: 'scheduled', publishedAt: at },
      'editor',
    );
    expect(s.status).toBe('scheduled');
    const runner = startJobRunner({
      db: t.services.db,
      dialect: t.services.dialect,
      clock: t.services.clock,
      log: pino({ level: 'silent' }),
      pollMs: 60_000,
      handlers: { [PUBLISH_JOB]: async (p) => void (await t.services.articles.publishIfDue(String(p.articleId))) },
    });
    try {
      await runner.runDue();
      expect((await t.services.articles.get(s.id))?.status).toBe('scheduled');
      expect((await t.app.inject('/')).body).not.toContain('Budget vote tonight');
      t.clock.advance(61 * 60 * 1000);
      await runner.runDue();
      expect((await t.services.articles.get(s.id))?.status).toBe('published');
      expect((await t.app.inject('/')).body).toContain('Budget vote tonight');
      const jobs = await t.services.db.selectFrom('jobs').selectAll().execute();
      expect(jobs).toHaveLength(0);
    } finally {
      await runner.stop();
    }
  });

  it('rescheduling replaces the pending job instead of adding one', async () => {
    const at = new Date(t.clock.now.getTime() + 3 * 60 * 60 * 1000);
    const s = await t.services.articles.create({ ...base, headline: 'Later story', status: 'scheduled', publishedAt: at }, 'editor');
    await t.services.articles.schedule(s.id, new Date(at.getTime() + 60_000), 'editor');
    const jobs = await t.services.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', `publish:${s.id}`).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.run_at.toISOString()).toBe(new Date(at.getTime() + 60_000).toISOString());
  });

  it('deletes an article and its satellites', async () => {
    const a = await t.services.articles.create({ ...base, headline: 'To delete' }, 'editor');
    await t.services.articles.remove(a.id);
    expect(await t.services.articles.get(a.id)).toBeUndefined();
    const tags = await t.services.db.selectFrom('article_tags').selectAll().where('article_id', '=', a.id).execute();
    expect(tags).toHaveLength(0);
    await expect(t.services.articles.remove(a.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
