/**
 * The admin's "Download PDF" on both databases: the first request puts one job on the runner and a
 * page that waits for it (a meta refresh, no JavaScript); the job runs the real PDF builder and
 * keeps the file in storage; later requests for the same frozen edition and trim put no job and
 * serve the same stored bytes. A draft's PDF is refused, and a file not made is a 404. A request
 * whose job was lost (its worker died) shows as stalled after PDF_STALLED_AFTER_MS and is asked
 * for again; the frozen edition's PDF made anew is the same file, byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { startJobRunner } from '../jobs/job-queue.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { PDF_STALLED_AFTER_MS } from './magazine-pdf.js';
import { EDITION_PDF_JOB } from './magazine-pdf-service.js';
import { publishWeek } from './magazine-test-support.js';

const E1 = '/admin/magazine/editions/1';

describe.each(DIALECTS)('an edition’s PDF made on the job runner on %s', (dialect) => {
  let t: TestApp;
  let editor: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    await publishWeek(t);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    const one = await t.services.magazine.propose('2026-12-01', 'test');
    await t.services.magazine.freeze(one.edition.number, 'test');
    editor = await signInStaff(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  const jobs = () => t.services.db.selectFrom('jobs').select(['kind', 'payload']).where('kind', '=', EDITION_PDF_JOB).execute();
  const ask = async (who: SignedInStaff, trim: string) =>
    who.browser.post(`${E1}/pdf`, { _csrf: await who.csrf('/admin/magazine/archive'), trim });
  async function runJobs() {
    const runner = startJobRunner({
      db: t.services.db,
      dialect: t.services.dialect,
      clock: t.services.clock,
      log: pino({ level: 'silent' }),
      pollMs: 60_000,
      handlers: t.services.magazinePdfs.jobHandlers(),
    });
    try {
      await runner.runDue();
    } finally {
      await runner.stop();
    }
  }

  it('makes the PDF once and serves the stored file to every later request', { timeout: 300_000 }, async () => {
    expect((await editor.browser.get(`${E1}/pdf/a4/file`)).statusCode).toBe(404);
    const first = await ask(editor, 'a4');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${E1}/pdf/a4`);
    expect(await jobs()).toHaveLength(1);
    // Asked again while it is being made: still one job.
    await ask(editor, 'a4');
    expect(await jobs()).toHaveLength(1);
    const waiting = await editor.browser.get(`${E1}/pdf/a4`);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.body).toContain('Being made…');
    expect(waiting.body).toContain(`href="${E1}/pdf/a4"`);
    // It reloads by itself only when asked to (WCAG 2.2.1).
    expect(waiting.body).not.toContain('http-equiv="refresh"');
    expect(waiting.body).toContain(`href="${E1}/pdf/a4?watch=1"`);
    const watching = await editor.browser.get(`${E1}/pdf/a4?watch=1`);
    expect(watching.body).toContain('<meta http-equiv="refresh" content="3"/>');
    expect(watching.body).toContain('Stop checking by itself');

    await runJobs();
    expect(await jobs()).toEqual([]);
    const row = await t.services.db.selectFrom('magazine_pdfs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ trim_size: 'a4', status: 'ready', error: null });
    const stored = path.join(t.config.dataDir, 'uploads', ...(row.storage_key ?? '').split('/'));
    expect(fs.existsSync(stored)).toBe(true);
    const ready = await editor.browser.get(`${E1}/pdf/a4?watch=1`);
    expect(ready.body).not.toContain('http-equiv="refresh"');
    expect(ready.body).toContain(`href="${E1}/pdf/a4/file"`);
    const file = await editor.browser.get(`${E1}/pdf/a4/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="masthead-weekly-no-1-a4.pdf"');
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.rawPayload.length).toBe(Number(row.bytes));

    // A second request, from the business office this time: no job, the same file.
    const business = await signInStaff(t, 'business');
    const second = await ask(business, 'a4');
    expect(second.headers.location).toBe(`${E1}/pdf/a4`);
    expect(await jobs()).toEqual([]);
    const again = await business.browser.get(`${E1}/pdf/a4/file`);
    expect(Buffer.compare(again.rawPayload, file.rawPayload)).toBe(0);
    const rowAfter = await t.services.db.selectFrom('magazine_pdfs').selectAll().executeTakeFirstOrThrow();
    expect(rowAfter.made_at).toEqual(row.made_at);
    // The archive offers the download; Letter was never asked for.
    const archive = await business.browser.get('/admin/magazine/archive');
    expect(archive.body).toContain(`href="${E1}/pdf/a4/file"`);
    expect(archive.body).toContain('Download PDF (Letter)');
    expect((await business.browser.get(`${E1}/pdf/letter/file`)).statusCode).toBe(404);
    expect((await business.browser.get(`${E1}/pdf/tabloid`)).statusCode).toBe(400);
  });

  it('keeps why a PDF failed, and makes it again only when asked', { timeout: 300_000 }, async () => {
    // The cover story's picture file is gone from storage: the builder refuses, naming it.
    const content = await t.services.magazine.content(1);
    const key = content.content.cover?.originalKey ?? '';
    const saved = await t.services.storage.get(key);
    await t.services.storage.delete(key);
    try {
      await ask(editor, 'letter');
      await runJobs();
      const failed = await editor.browser.get(`${E1}/pdf/letter`);
      expect(failed.body).toContain('The PDF could not be made');
      expect(failed.body).toContain('is missing from storage');
      expect(failed.body).toContain('Try the Letter PDF again');
      expect(await jobs()).toEqual([]);
    } finally {
      if (saved) await t.services.storage.put(key, saved, 'image/png');
    }
    await ask(editor, 'letter');
    expect(await jobs()).toHaveLength(1);
    await runJobs();
    const file = await editor.browser.get(`${E1}/pdf/letter/file`);
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('asks again for a PDF whose job was lost, and makes the same file, byte for byte', { timeout: 300_000 }, async () => {
    const first = await editor.browser.get(`${E1}/pdf/a4/file`);
    expect(first.statusCode).toBe(200);
    const made = await t.services.db.selectFrom('magazine_pdfs').selectAll().where('trim_size', '=', 'a4').executeTakeFirstOrThrow();
    // Its file has gone from storage: the next request makes it again...
    await t.services.storage.delete(made.storage_key ?? '');
    expect((await ask(editor, 'a4')).statusCode).toBe(303);
    expect(await jobs()).toHaveLength(1);
    // ...and the worker that took the job dies holding it (graphile-worker keeps such a lock for
    // four hours; the in-process runner until its lease ends): nothing makes the file.
    await t.services.db
      .updateTable('jobs')
      .set({ locked_until: new Date(t.clock.now.getTime() + 4 * 3_600_000), locked_by: 'a-worker-that-died', attempts: 1 })
      .where('kind', '=', EDITION_PDF_JOB)
      .execute();
    await runJobs();
    const again = async (who: SignedInStaff, csrf?: string) =>
      who.browser.post(`${E1}/pdf/a4/again`, { _csrf: csrf ?? (await who.csrf(`${E1}/pdf/a4`)) });
    const requeues = () =>
      t.services.db
        .selectFrom('audit_events')
        .select(['route', 'target_id', 'status'])
        .where('route', '=', 'POST /admin/magazine/editions/:number/pdf/:trim/again')
        .execute();

    // Still within the limit: being made, no "ask again"; pressing it anyway changes nothing.
    t.clock.set(new Date(t.clock.now.getTime() + PDF_STALLED_AFTER_MS - 60_000));
    const waiting = await editor.browser.get(`${E1}/pdf/a4`);
    expect(waiting.body).toContain('Being made…');
    expect(waiting.body).not.toContain(`action="${E1}/pdf/a4/again"`);
    const early = await again(editor);
    expect(early.statusCode).toBe(303);
    expect(early.headers.location).toBe(`${E1}/pdf/a4`);
    expect(await t.services.db.selectFrom('jobs').select('locked_by').where('kind', '=', EDITION_PDF_JOB).execute()).toEqual([
      { locked_by: 'a-worker-that-died' },
    ]);
    expect(await requeues()).toEqual([]);

    // Past the limit: the status page, the edition and the archive say stalled and offer to ask again.
    t.clock.set(new Date(t.clock.now.getTime() + 2 * 60_000));
    const stalled = await editor.browser.get(`${E1}/pdf/a4?watch=1`);
    expect(stalled.body).toContain('Stalled');
    expect(stalled.body).toContain(`action="${E1}/pdf/a4/again"`);
    expect(stalled.body).toContain('Ask again for the A4 PDF');
    // A stalled page does not reload itself: nothing will change until someone asks.
    expect(stalled.body).not.toContain('http-equiv="refresh"');
    expect((await editor.browser.get(E1)).body).toContain('Ask again for the A4 PDF');
    const business = await signInStaff(t, 'business');
    expect((await business.browser.get('/admin/magazine/archive')).body).toContain(`action="${E1}/pdf/a4/again"`);
    // Without the form's token: refused, nothing changed.
    expect((await business.browser.post(`${E1}/pdf/a4/again`, { _csrf: 'forged' })).statusCode).toBe(403);
    expect(
      (await business.browser.post(`${E1}/pdf/tabloid/again`, { _csrf: await business.csrf('/admin/magazine/archive') })).statusCode,
    ).toBe(400);

    // The business office asks again: one job, claimable now, the request pending from now; audited once.
    const asked = await again(business);
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`${E1}/pdf/a4`);
    const job = await t.services.db.selectFrom('jobs').selectAll().where('kind', '=', EDITION_PDF_JOB).execute();
    expect(job).toHaveLength(1);
    expect(job[0]).toMatchObject({ locked_by: null, attempts: 0 });
    const row = await t.services.db.selectFrom('magazine_pdfs').selectAll().where('trim_size', '=', 'a4').executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(new Date(row.requested_at).getTime()).toBe(t.clock.now.getTime());
    // A second press straight after (a colleague at the same moment): nothing more.
    await again(editor);
    expect(await jobs()).toHaveLength(1);
    expect(await requeues()).toEqual([{ route: 'POST /admin/magazine/editions/:number/pdf/:trim/again', target_id: '1', status: 303 }]);
    expect((await business.browser.get(`${E1}/pdf/a4`)).body).toContain('Being made…');

    await runJobs();
    const remade = await editor.browser.get(`${E1}/pdf/a4/file`);
    expect(remade.statusCode).toBe(200);
    expect(Buffer.compare(remade.rawPayload, first.rawPayload)).toBe(0);
  });
});
