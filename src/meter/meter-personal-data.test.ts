/**
 * The meter's share of personal data, through HTTP on both databases: "download my data" holds
 * the reading history kept for the meter, named by headline and URL; closing the account deletes
 * the reader's meter rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import type { MeterExport } from './meter-personal-data.js';
import { publishStories, signedInReader, type TestStory } from './meter-test-support.js';

describe.each(DIALECTS)('the meter’s personal data on %s', (dialect) => {
  let t: TestApp;
  let stories: TestStory[];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(new Date('2026-12-06T10:00:00Z'));
    await seedBasics(t.services);
    stories = await publishStories(t, 4);
  });
  afterAll(async () => {
    await t.close();
  });

  it('exports the reading history kept for the meter, and deletes it when the account closes', async () => {
    const b = new TestBrowser(t.app);
    await b.get((stories[0] as TestStory).path);
    t.clock.advance(60_000);
    await b.get((stories[1] as TestStory).path);
    const { b: reader, id } = await signedInReader(t, b);
    t.clock.advance(60_000);
    await reader.get((stories[2] as TestStory).path);
    const other = await signedInReader(t);
    await other.b.get((stories[3] as TestStory).path);

    const r = await reader.get('/account/data');
    expect(r.statusCode).toBe(200);
    const meter = r.json().meter as MeterExport;
    expect(meter.periods).toHaveLength(1);
    const [period] = meter.periods as [MeterExport['periods'][number]];
    expect(period).toMatchObject({ period: '2026-12', endsAt: '2027-01-01T00:00:00.000Z', articlesCounted: 3 });
    const articles = period.articles as { headline: string; url: string; countedAt: string }[];
    expect(articles.map((a) => a.url).sort()).toEqual(
      stories
        .slice(0, 3)
        .map((s) => `https://paper.test${s.path}`)
        .sort(),
    );
    expect(articles.every((a) => /^Story number \d+ \(metered\)$/.test(a.headline))).toBe(true);
    // The two read before signing in keep their own times.
    expect(articles.map((a) => a.countedAt).sort()).toEqual([
      '2026-12-06T10:00:00.000Z',
      '2026-12-06T10:01:00.000Z',
      '2026-12-06T10:02:00.000Z',
    ]);
    expect(r.body).not.toContain((stories[3] as TestStory).path);

    const found = await t.services.accounts.findReaderById(id);
    if (!found) throw new Error('no reader');
    await t.services.accounts.closeAccount(found);
    const db = t.services.db;
    expect(await db.selectFrom('meter_usage').selectAll().where('reader_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('meter_reads').selectAll().where('reader_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('meter_reads').selectAll().where('reader_id', '=', other.id).execute()).toHaveLength(1);
  });
});
