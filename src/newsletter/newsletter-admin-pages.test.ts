/** /admin/newsletter over HTTP on both databases: assemble, reorder, drop, add, schedule, hold, test, and bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('the daily email in the admin on %s', (dialect) => {
  let t: TestApp;
  const page = '/admin/newsletter/2026-12-07';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T04:00:00Z'));
    for (let i = 1; i <= 7; i++)
      await t.services.articles.create(
        {
          headline: `Story ${i}`,
          dek: 'Dek.',
          section: 'news',
          authors: ['mara-quint'],
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 11, 6, 10 + i)),
          body: SAMPLE_BODY,
        },
        'test',
      );
  });
  afterAll(async () => {
    await t.close();
  });

  const order = async () => (await t.services.newsletter.get('2026-12-07')).stories.map((s) => s.headline);

  it('assembles from the list page, then edits the edition with plain forms', async () => {
    const editor = await signInStaff(t, 'editor');
    const b = editor.browser;
    const bad = await b.submit('/admin/newsletter', '/admin/newsletter', { date: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a date');
    const made = await b.submit('/admin/newsletter', '/admin/newsletter', { date: '2026-12-07' });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe(page);
    expect(await order()).toEqual(['Story 7', 'Story 6', 'Story 5', 'Story 4', 'Story 3', 'Story 2', 'Story 1']);
    const view = await t.services.newsletter.get('2026-12-07');
    const id = (h: string) => view.stories.find((s) => s.headline === h)?.id ?? '';

    expect((await b.submit(page, page, { action: `up:${id('Story 6')}` })).headers.location).toBe(`${page}?done=moved`);
    expect((await order()).slice(0, 2)).toEqual(['Story 6', 'Story 7']);
    await b.submit(page, page, { action: `drop:${id('Story 1')}` });
    expect(await order()).not.toContain('Story 1');
    const add = await b.submit(page, page, { action: 'add', story: id('Story 1') });
    expect(add.headers.location).toBe(`${page}?done=added`);
    expect((await order()).at(-1)).toBe('Story 1');
    await b.submit(page, page, { action: 'save', subject: 'Seven stories', intro: 'Morning.' });
    expect((await t.services.newsletter.get('2026-12-07')).edition).toMatchObject({ subject: 'Seven stories', intro: 'Morning.' });
    const emptySubject = await b.submit(page, page, { action: 'save', subject: ' ', intro: '' });
    expect(emptySubject.statusCode).toBe(400);
    expect(emptySubject.body).toContain('must not be empty');

    const badTime = await b.submit(page, page, { action: 'schedule', time: '7am' });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.body).toContain('write the time as HH:MM');
    await b.submit(page, page, { action: 'schedule', time: '06:30' });
    expect((await t.services.newsletter.get('2026-12-07')).edition).toMatchObject({
      status: 'scheduled',
      sendAt: new Date('2026-12-07T06:30:00Z'),
    });
    await b.submit(page, page, { action: 'hold' });
    expect((await t.services.newsletter.get('2026-12-07')).edition.status).toBe('held');

    const stranger = await b.submit(page, page, { action: 'test', to: 'someone@example.com' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.body).toContain('someone@example.com is not the address of an active staff member');
    expect((await b.submit(page, page, { action: 'test', to: editor.staff.email })).headers.location).toBe(`${page}?done=tested`);

    const preview = await b.get(`${page}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Seven stories');
    expect(preview.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await b.get(`${page}/preview?format=text`)).headers['content-type']).toContain('text/plain');
    expect((await b.get('/admin/newsletter/2026-11-01')).statusCode).toBe(404);
    expect((await b.get('/admin/newsletter/nonsense')).statusCode).toBe(400);
  });

  it('is for editors and owners only', async () => {
    const writer = await signInStaff(t, 'writer');
    expect((await writer.browser.get('/admin/newsletter')).statusCode).toBe(403);
  });
});
