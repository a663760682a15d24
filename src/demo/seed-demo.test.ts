import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticleFile } from '../importer/front-matter.js';
import { readSiteSettings } from '../settings/index.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { DEMO_DIR, readPictureSpecs, seedDemo, shiftDates } from './seed-demo.js';

const HOUR = 3_600_000;

describe('shifting the demo dates', () => {
  const fm = parseArticleFile(
    'x.md',
    '---\nheadline: H\ndek: D\nsection: news\nauthors: [a]\nstatus: scheduled\npublished_at: 2026-11-26T06:00:00Z\nupdated_at: 2026-11-26T07:00:00Z\nupdates:\n  - at: 2026-11-26T07:00:00Z\n    note: N\n---\nBody\n',
  ).frontMatter;

  it('moves every date by the same offset', () => {
    const now = new Date('2027-01-01T12:00:00Z');
    const offset = 90 * 24 * HOUR;
    const s = shiftDates(fm, offset, now);
    expect(s.published_at).toEqual(new Date('2027-02-24T06:00:00Z'));
    expect(s.updated_at).toEqual(new Date('2027-02-24T07:00:00Z'));
    expect(s.updates?.[0]?.at).toEqual(new Date('2027-02-24T07:00:00Z'));
  });

  it('keeps a scheduled story in the future', () => {
    const now = new Date('2027-03-01T12:00:00Z');
    const s = shiftDates(fm, 90 * 24 * HOUR, now);
    expect(s.published_at?.getTime()).toBeGreaterThanOrEqual(now.getTime() + 2 * HOUR);
  });
});

// Drawing and ingesting the demo's ~40 pictures takes far longer than 20 s on a small machine
// (measured here: about a minute), so this runs on SQLite only; the import itself is tested on
// both dialects in src/importer/import-service.test.ts.
describe('the demo paper on sqlite', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    t.clock.set(new Date('2027-03-01T12:00:00Z'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads the picture specs of every pictures-*.yaml', async () => {
    const specs = await readPictureSpecs(DEMO_DIR);
    expect(specs.length).toBeGreaterThanOrEqual(40);
    expect(new Set(specs.map((s) => s.file)).size).toBe(specs.length);
  });

  it('seeds an empty database with fresh-looking stories, pictures and the site name', async () => {
    const result = await seedDemo(t.services);
    if (!result.seeded) throw new Error(result.reason);
    expect(result.failed).toEqual([]);

    const published = await t.services.db
      .selectFrom('articles')
      .select(['section_id', 'hero_image_id', 'published_at'])
      .where('status', '=', 'published')
      .execute();
    expect(published.length).toBeGreaterThanOrEqual(40);
    expect(new Set(published.map((a) => a.section_id)).size).toBeGreaterThanOrEqual(5);
    expect(published.filter((a) => a.hero_image_id !== null).length).toBeGreaterThanOrEqual(40);

    const now = t.clock.now.getTime();
    const newest = Math.max(...published.map((a) => new Date(a.published_at as Date).getTime()));
    expect(newest).toBeLessThanOrEqual(now);
    expect(newest).toBeGreaterThan(now - 48 * HOUR);
    const updates = await t.services.db.selectFrom('article_updates').select('noted_at').execute();
    for (const u of updates) expect(new Date(u.noted_at).getTime()).toBeLessThanOrEqual(now);

    const scheduled = await t.services.db.selectFrom('articles').select('published_at').where('status', '=', 'scheduled').execute();
    for (const s of scheduled) expect(new Date(s.published_at as Date).getTime()).toBeGreaterThan(now);

    expect((await readSiteSettings(t.services.db)).name).toBe('The Ellery Ledger');
    const front = await t.app.inject('/');
    expect(front.statusCode).toBe(200);
    expect(front.body).toContain('The Ellery Ledger');
    expect(front.body).toContain('/media/');
    // The editors' layout: the storm leads the front page; the footer names the demo's pages.
    const lead = front.body.slice(front.body.indexOf('class="front-lead'), front.body.indexOf('</article>'));
    expect(lead).toContain('/storm-warning-gale-harbour-surge');
    for (const path of ['/about', '/contact', '/corrections-policy', '/privacy', '/terms']) {
      expect(front.body).toContain(`href="${path}"`);
      expect((await t.app.inject(path)).statusCode).toBe(200);
    }

    // The demo plans: All Access at $15 a month among them.
    const subscribe = await t.app.inject('/subscribe');
    expect(subscribe.statusCode).toBe(200);
    expect(subscribe.body).toContain('All Access');
    expect(subscribe.body).toContain('$15');
  }, 300_000);

  it('does nothing the second time unless forced', async () => {
    const result = await seedDemo(t.services);
    expect(result.seeded).toBe(false);
  });
});
