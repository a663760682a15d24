/** Test support: a week of published stories, with pictures (all but one), for the magazine's tests. */
import sharp from 'sharp';
import { SAMPLE_BODY, type TestApp } from '../test-support/test-app.js';

export const WEEK_HEADS: readonly [string, string][] = [
  ['Harbour authority delays the north channel dredging', 'Silt samples need more testing; the ferry timetable is not affected.'],
  ['Council agrees a budget with a smaller rise in rates', 'A late deal keeps the libraries open on Sundays.'],
  ['Schools close early as the storm moves in', 'Buses stop at two; the coast road is shut until morning.'],
  ['The night shift at the fish market', 'From midnight to dawn with the people who feed the town.'],
  ['United lose the derby in the last minute', 'A deflected shot ends a run of six games without defeat.'],
];

/**
 * Publishes WEEK_HEADS in the week of Monday 2026-11-30 (UTC paper), one a day, each with a
 * picture of `width`×`height` pixels but the fourth (index 3), which has none. Returns their ids.
 */
export async function publishWeek(t: Pick<TestApp, 'services'>, opts: { width?: number; height?: number } = {}): Promise<string[]> {
  const ids: string[] = [];
  const colours = ['#2a6f97', '#8a5a44', '#3d7a4f', '#6b4c9a', '#9a3b3b'];
  for (const [i, [headline, dek]] of WEEK_HEADS.entries()) {
    const png = await sharp({
      create: { width: opts.width ?? 2400, height: opts.height ?? 1600, channels: 3, background: colours[i] ?? '#444' },
    })
      .png()
      .toBuffer();
    const image = await t.services.media.ingestImage(png);
    const a = await t.services.articles.create(
      {
        headline,
        dek,
        section: i === 4 ? 'sport' : 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: new Date(Date.UTC(2026, 10, 30 + i, 9)),
        body: SAMPLE_BODY,
        ...(i === 3
          ? {}
          : {
              hero: {
                imageId: image.id,
                alt: `A picture for “${headline}”`,
                caption: `What the scene looked like on day ${i + 1}.`,
                credit: 'Staff photographer',
              },
            }),
      },
      'test',
    );
    ids.push(a.id);
  }
  return ids;
}
