/**
 * The daily email's editions through the Admin API and the public page, on both databases:
 * assembly (from the home front, once per date, however often and concurrently asked), the
 * editor's changes, scheduling and holding, preview, test sends, bad input, and "view in browser".
 */
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStaff } from '../admin/admin-test-support.js';
import type { Article } from '../articles/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { startJobRunner } from '../jobs/job-queue.js';
import { readOutbox } from '../mail/eml-reader.js';
import { linksIn } from '../mail/index.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { ASSEMBLE_EDITION_JOB, newsletterJobHandlers, scheduleEditionAssembly } from './index.js';

const A = '/api/v1/admin/editions';

describe.each(DIALECTS)('newsletter editions on %s', (dialect) => {
  let t: TestApp;
  let editorKey = '';
  let writerKey = '';
  const stories: Record<string, Article> = {};

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: Record<string, unknown>, key = editorKey) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(body !== undefined && { payload: body }) });
  const headlines = (json: { stories: { headline: string }[] }) => json.stories.map((s) => s.headline);

  async function publish(name: string, at: Date, over: Record<string, unknown> = {}) {
    const a = await t.services.articles.create(
      {
        headline: name,
        dek: `${name}: why it matters.`,
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: at,
        body: SAMPLE_BODY,
        ...over,
      },
      'test',
    );
    stories[name] = a;
    return a;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'Europe/London' });
    await seedBasics(t.services);
    editorKey = (await t.services.apiKeys.createKey({ name: 'ed', kind: 'admin', role: 'editor', createdBy: 'test' })).secret;
    writerKey = (await t.services.apiKeys.createKey({ name: 'wr', kind: 'admin', role: 'writer', createdBy: 'test' })).secret;
    // The morning of 7 December (London is on UTC in winter): three stories of the last day, four older.
    t.clock.set(new Date('2026-12-07T05:00:00Z'));
    for (let i = 1; i <= 4; i++) await publish(`Old ${i}`, new Date(Date.UTC(2026, 11, 1, i)));
    await publish('Fresh walled', new Date('2026-12-06T20:00:00Z'), { access: 'subscribers' });
    await publish('Fresh A', new Date('2026-12-06T22:00:00Z'));
    await publish('Fresh B', new Date('2026-12-07T04:00:00Z'));
    await t.services.articles.create(
      { headline: 'Draft', dek: 'd', section: 'news', authors: ['mara-quint'], status: 'draft', body: SAMPLE_BODY },
      'test',
    );
    t.clock.set(new Date('2026-12-07T06:00:00Z'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('assembles once per date: the last 24 hours in front order, filled to five from the front, scheduled for 07:00', async () => {
    const [first, second] = await Promise.all([api('POST', A, { date: '2026-12-07' }), api('POST', A, { date: '2026-12-07' })]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 201]);
    const again = await api('POST', A, { date: '2026-12-07' });
    expect(again.statusCode).toBe(200);
    const e = again.json();
    expect(e.id).toBe(first.json().id);
    expect(e.id).toBe(second.json().id);
    expect(headlines(e)).toEqual(['Fresh B', 'Fresh A', 'Fresh walled', 'Old 4', 'Old 3']);
    expect(e).toMatchObject({
      status: 'scheduled',
      send_at: '2026-12-07T07:00:00.000Z',
      subject: 'Fresh B',
      updated_by: expect.stringMatching(/^api-key:/),
    });
    expect(e.stories[2]).toMatchObject({
      access: 'subscribers',
      url: expect.stringMatching(/^https:\/\/paper\.test\/news\/2026\/12\/06\//),
    });
    const rows = await t.services.db.selectFrom('newsletter_editions').select('id').where('edition_date', '=', '2026-12-07').execute();
    expect(rows).toHaveLength(1);
  });

  it('answers bad input with a clear 4xx naming it', async () => {
    const notADate = await api('GET', `${A}/2026-02-30`);
    expect(notADate.statusCode).toBe(400);
    expect(notADate.json().error.message).toContain('"2026-02-30" is not a date');
    expect((await api('GET', `${A}/today`)).statusCode).toBe(400);
    expect((await api('POST', A, { date: '7 December' })).statusCode).toBe(400);
    const missing = await api('GET', `${A}/2026-11-30`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('No edition for 2026-11-30');
    const draft = (await t.services.db.selectFrom('articles').select('id').where('headline', '=', 'Draft').executeTakeFirstOrThrow()).id;
    const unpublished = await api('POST', `${A}/2026-12-07/stories`, { article_id: draft });
    expect(unpublished.statusCode).toBe(400);
    expect(unpublished.json().error.fields).toEqual([{ field: 'body.article_id', message: `"Draft" (${draft}) is not a published story` }]);
    const nobody = await api('POST', `${A}/2026-12-07/stories`, { article_id: 'no-such-story' });
    expect(nobody.json().error.fields).toEqual([{ field: 'body.article_id', message: 'no story "no-such-story"' }]);
    expect((await api('PATCH', `${A}/2026-12-07`, { colour: 'red' })).statusCode).toBe(400);
    expect((await api('PATCH', `${A}/2026-12-07`, {})).statusCode).toBe(400);
    expect((await api('POST', `${A}/2026-12-07/schedule`, { send_at: 'tomorrow' })).statusCode).toBe(400);
    const pastSend = await api('POST', `${A}/2026-12-07/schedule`, { send_at: '2026-12-07T05:00:00Z' });
    expect(pastSend.json().error.fields).toEqual([{ field: 'body.send_at', message: 'is in the past' }]);
    expect((await api('GET', A, undefined, writerKey)).statusCode).toBe(403);
  });

  it('lets an editor reorder, add, drop, write the subject and intro; a stale version is refused', async () => {
    const e = (await api('GET', `${A}/2026-12-07`)).json();
    const ids: string[] = e.stories.map((s: { id: string }) => s.id);
    const reordered = await api('PATCH', `${A}/2026-12-07`, {
      subject: 'The morning: ferries, schools and the budget',
      intro: 'Good morning. Here is what happened overnight.',
      stories: [ids[1], ids[0], ...ids.slice(2)],
      version: e.version,
    });
    expect(reordered.statusCode).toBe(200);
    expect(headlines(reordered.json()).slice(0, 2)).toEqual(['Fresh A', 'Fresh B']);
    expect(reordered.json()).toMatchObject({ intro: 'Good morning. Here is what happened overnight.', version: e.version + 1 });
    const stale = await api('PATCH', `${A}/2026-12-07`, { intro: 'Lost update', version: e.version });
    expect(stale.statusCode).toBe(409);

    const added = await api('POST', `${A}/2026-12-07/stories`, { article_id: stories['Old 1']?.id, position: 0 });
    expect(headlines(added.json())[0]).toBe('Old 1');
    const dropped = await api('DELETE', `${A}/2026-12-07/stories/${stories['Old 1']?.id}`);
    expect(headlines(dropped.json())).not.toContain('Old 1');
    // A scheduled edition keeps its minimum: dropping to four is refused.
    const thin = await api('DELETE', `${A}/2026-12-07/stories/${stories['Old 3']?.id}`);
    expect(thin.statusCode).toBe(409);
    expect(thin.json().error.message).toContain('at least 5 published stories');
  });

  it('previews the email (HTML and text) and sends a test to staff addresses only, at most ten an hour', async () => {
    const html = await api('GET', `${A}/2026-12-07/preview`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('The morning: ferries, schools and the budget');
    expect(html.body).not.toContain('<script');
    const text = await api('GET', `${A}/2026-12-07/preview?format=text`);
    expect(text.headers['content-type']).toContain('text/plain');
    expect(linksIn(text.body)).toContain('https://paper.test/account');

    const stranger = await api('POST', `${A}/2026-12-07/test`, { to: ['reader@example.com'] });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.fields).toEqual([
      { field: 'body.to', message: 'reader@example.com is not the address of an active staff member' },
    ]);
    const staff = await makeStaff(t, 'editor', 'Ruth Alder');
    const sent = await api('POST', `${A}/2026-12-07/test`, { to: [staff.email.toUpperCase()] });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ sent: [staff.email] });
    const mail = readOutbox(path.join(t.config.dataDir, 'outbox')).filter((m) => m.to === staff.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('[Test] The morning: ferries, schools and the budget');
    expect(mail[0]?.text).toContain('Fresh A');
    for (let i = 2; i <= 10; i++) expect((await api('POST', `${A}/2026-12-07/test`, { to: [staff.email] })).statusCode).toBe(200);
    const limited = await api('POST', `${A}/2026-12-07/test`, { to: [staff.email] });
    expect(limited.statusCode).toBe(429);
  });

  it('holds and schedules again; a thin edition cannot be scheduled', async () => {
    const held = await api('POST', `${A}/2026-12-07/hold`);
    expect(held.json()).toMatchObject({ status: 'held', send_at: null });
    const again = await api('POST', `${A}/2026-12-07/schedule`, {});
    expect(again.json()).toMatchObject({ status: 'scheduled', send_at: '2026-12-07T07:00:00.000Z' });

    const other = await api('POST', A, { date: '2026-12-05' });
    expect(other.statusCode).toBe(201);
    const ids: string[] = other.json().stories.map((s: { id: string }) => s.id);
    await api('POST', `${A}/2026-12-05/hold`);
    expect((await api('PATCH', `${A}/2026-12-05`, { stories: ids.slice(0, 2) })).statusCode).toBe(200);
    const refused = await api('POST', `${A}/2026-12-05/schedule`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('needs at least 5 published stories');
    const list = (await api('GET', `${A}?status=held`)).json();
    expect(list.editions.map((x: { date: string }) => x.date)).toEqual(['2026-12-05']);
  });

  it('shows "view in browser" only once the edition is due, cacheable, without script; then it can no longer change', async () => {
    expect((await t.app.inject('/newsletter/2026-12-07')).statusCode).toBe(404);
    expect((await t.app.inject('/newsletter/2026-12-05')).statusCode).toBe(404);
    expect((await t.app.inject('/newsletter/2026-02-30')).statusCode).toBe(404);
    expect((await t.app.inject('/newsletter/nonsense')).statusCode).toBe(400);
    t.clock.set(new Date('2026-12-07T07:00:00Z'));
    const page = await t.app.inject('/newsletter/2026-12-07');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('public');
    expect(page.body).toContain('The morning: ferries, schools and the budget');
    expect(page.body).toContain('Fresh walled');
    expect(page.body).not.toContain('<script');
    // Links lead to the stories themselves, where their own meter or wall applies.
    expect(page.body).toContain(`href="/news/2026/12/06/${stories['Fresh walled']?.slug}"`);
    const late = await api('PATCH', `${A}/2026-12-07`, { intro: 'Too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('send time has come');

    // The sender's side: due, claimed once, sent.
    const due = await t.services.newsletter.due();
    expect(due.map((d) => d.date)).toContain('2026-12-07');
    const id = due.find((d) => d.date === '2026-12-07')?.id ?? '';
    expect(await Promise.all([t.services.newsletter.beginSending(id), t.services.newsletter.beginSending(id)])).toEqual(
      expect.arrayContaining([true, false]),
    );
    expect(await t.services.newsletter.markSent(id)).toBe(true);
    expect((await api('GET', `${A}/2026-12-07`)).json()).toMatchObject({ status: 'sent', sent_at: '2026-12-07T07:00:00.000Z' });
    expect((await t.app.inject('/newsletter/2026-12-07')).statusCode).toBe(200);
  });

  it('assembles the morning’s edition on the job runner at 06:00 local time, then queues the next day', async () => {
    t.clock.set(new Date('2026-12-08T05:59:00Z'));
    await scheduleEditionAssembly(t.services, t.clock.now);
    const runner = startJobRunner({
      db: t.services.db,
      dialect: t.services.dialect,
      clock: t.services.clock,
      log: pino({ level: 'silent' }),
      pollMs: 60_000,
      handlers: newsletterJobHandlers(t.services),
    });
    try {
      await runner.runDue();
      expect((await api('GET', `${A}/2026-12-08`)).statusCode).toBe(404);
      t.clock.set(new Date('2026-12-08T06:00:00Z'));
      await runner.runDue();
    } finally {
      await runner.stop();
    }
    const e = (await api('GET', `${A}/2026-12-08`)).json();
    expect(e).toMatchObject({ status: 'scheduled', updated_by: 'system', send_at: '2026-12-08T07:00:00.000Z' });
    expect(e.stories).toHaveLength(5);
    const jobs = await t.services.db.selectFrom('jobs').selectAll().where('kind', '=', ASSEMBLE_EDITION_JOB).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.run_at.toISOString()).toBe('2026-12-09T06:00:00.000Z');
  });
});
