/**
 * A stalled edition PDF recovers by itself, on both databases, with the test clock (no real
 * quarter of an hour): a build says it is running while it runs, and the worker's sweep asks again
 * for a request whose build has gone silent (its worker died holding the job) or whose job was
 * lost, once per stall (a second sweep finds nothing: no second job, no second build), in the
 * audit trail; it leaves a slow build that still says it is running alone, and gives up, failed
 * with why, after PDF_AUTO_RETRIES builds that began and died. The first case makes the real PDF
 * after the sweep's job runs.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { startJobRunner } from '../jobs/job-queue.js';
import { RECURRING_JOBS } from '../services.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { GAVE_UP_ERROR, PDF_AUTO_RETRIES, PDF_SILENT_AFTER_MS, PDF_STALLED_AFTER_MS, PDF_SWEEP_EVERY_MS } from './magazine-pdf.js';
import { EDITION_PDF_JOB, PDF_SWEEP_JOB, schedulePdfSweep, startBuildHeartbeat } from './magazine-pdf-service.js';
import { publishWeek } from './magazine-test-support.js';

const E1 = '/admin/magazine/editions/1';
const MIN = 60_000;

describe.each(DIALECTS)('stalled edition PDFs asked for again by the worker on %s', (dialect) => {
  let t: TestApp;
  let editionId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    await publishWeek(t);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    const one = await t.services.magazine.propose('2026-12-01', 'test');
    await t.services.magazine.freeze(one.edition.number, 'test');
    editionId = one.edition.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.services.db;
  const later = (ms: number) => t.clock.set(new Date(t.clock.now.getTime() + ms));
  const pdfRow = (trim: string) =>
    db()
      .selectFrom('magazine_pdfs')
      .selectAll()
      .where('edition_id', '=', editionId)
      .where('trim_size', '=', trim)
      .executeTakeFirstOrThrow();
  const pdfJobs = () => db().selectFrom('jobs').select(['payload', 'locked_by', 'attempts']).where('kind', '=', EDITION_PDF_JOB).execute();
  const automatic = async () =>
    (await t.services.audit.page()).events.filter((e) => e.via === 'job').map((e) => ({ route: e.route, target: e.targetName }));
  /** The worker that took the job died mid-build: it holds the job, and its build last said it was running at `seenAt`. */
  async function diedMidBuild(trim: string, seenAt: Date) {
    await db()
      .updateTable('jobs')
      .set({ locked_until: new Date(t.clock.now.getTime() + 4 * 3_600_000), locked_by: 'a-worker-that-died', attempts: 1 })
      .where('kind', '=', EDITION_PDF_JOB)
      .execute();
    await db()
      .updateTable('magazine_pdfs')
      .set({ build_seen_at: seenAt })
      .where('edition_id', '=', editionId)
      .where('trim_size', '=', trim)
      .execute();
  }
  async function runJobs() {
    const runner = startJobRunner({
      db: db(),
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

  it('asks again once for a build that died, leaves a live one alone, and the job makes the PDF', { timeout: 300_000 }, async () => {
    const editor = await signInStaff(t, 'editor');
    await t.services.magazinePdfs.request(1, 'a4', 'staff:ada');
    const asked = t.clock.now;
    await diedMidBuild('a4', new Date(asked.getTime() + MIN));

    // Past the quarter of an hour, but the build said it was running a minute ago: slow, not dead.
    later(PDF_STALLED_AFTER_MS + MIN);
    await db()
      .updateTable('magazine_pdfs')
      .set({ build_seen_at: new Date(t.clock.now.getTime() - MIN) })
      .execute();
    expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 0, gaveUp: 0 });
    expect((await editor.browser.get(`${E1}/pdf/a4`)).body).toContain('Being made…');
    expect(await pdfJobs()).toEqual([expect.objectContaining({ locked_by: 'a-worker-that-died' })]);

    // Silent for PDF_SILENT_AFTER_MS: stalled, on the page and for the sweep.
    later(PDF_SILENT_AFTER_MS);
    const stalled = await editor.browser.get(`${E1}/pdf/a4`);
    expect(stalled.body).toContain('Stalled');
    expect(stalled.body).toContain('A worker asks again by itself within 5 minutes');
    expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 1, gaveUp: 0 });
    // One job, claimable now (the dead worker's lease is gone with the replaced row); the request pending from now.
    expect(await pdfJobs()).toEqual([{ payload: expect.anything(), locked_by: null, attempts: 0 }]);
    const row = await pdfRow('a4');
    expect(row).toMatchObject({ status: 'pending', requested_by: 'staff:ada', build_seen_at: null, auto_retries: 1 });
    expect(new Date(row.requested_at).getTime()).toBe(t.clock.now.getTime());
    expect(await automatic()).toEqual([{ route: 'JOB magazine.pdf-sweep/ask-again', target: 'No. 1, A4 PDF' }]);
    // A second sweep at once (another worker's): nothing more.
    expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 0, gaveUp: 0 });
    expect(await pdfJobs()).toHaveLength(1);
    expect(await automatic()).toHaveLength(1);
    expect((await editor.browser.get(`${E1}/pdf/a4`)).body).toContain('Being made…');

    await runJobs();
    const made = await pdfRow('a4');
    expect(made.status).toBe('ready');
    // The build said it was running when it began.
    expect(made.build_seen_at).not.toBeNull();
    const file = await editor.browser.get(`${E1}/pdf/a4/file`);
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await pdfJobs()).toEqual([]);

    // The audit trail names who did it: the job runner, by itself.
    const owner = await signInStaff(t, 'owner');
    const trail = (await owner.browser.get('/admin/audit')).body;
    expect(trail).toContain('The job runner (by itself)');
    expect(trail).toContain('A worker’s job');
    expect(trail).toContain('Asked again by itself for a magazine edition’s stalled PDF');
    expect(trail).toContain('No. 1, A4 PDF');
  });

  it('puts back a lost job without counting it; gives up after builds that kept dying, for a person to ask again', async () => {
    const editor = await signInStaff(t, 'editor');
    await t.services.magazinePdfs.request(1, 'letter', 'staff:ada');
    // The job is lost before any build began.
    await db().deleteFrom('jobs').where('kind', '=', EDITION_PDF_JOB).execute();
    later(PDF_STALLED_AFTER_MS);
    expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 1, gaveUp: 0 });
    expect(await pdfJobs()).toHaveLength(1);
    expect((await pdfRow('letter')).auto_retries).toBe(0);

    // Each build begins and dies: asked again PDF_AUTO_RETRIES times, counted.
    for (let i = 1; i <= PDF_AUTO_RETRIES; i++) {
      await diedMidBuild('letter', t.clock.now);
      later(PDF_STALLED_AFTER_MS);
      expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 1, gaveUp: 0 });
      expect((await pdfRow('letter')).auto_retries).toBe(i);
      expect(await pdfJobs()).toHaveLength(1);
    }
    // The next one that dies is given up: failed, with why; no more jobs asked for.
    await diedMidBuild('letter', t.clock.now);
    later(PDF_STALLED_AFTER_MS);
    expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 0, gaveUp: 1 });
    const failed = await pdfRow('letter');
    expect(failed).toMatchObject({ status: 'failed', error: GAVE_UP_ERROR });
    expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 0, gaveUp: 0 });
    const page = await editor.browser.get(`${E1}/pdf/letter`);
    expect(page.body).toContain('The PDF could not be made');
    expect(page.body).toContain('Its build stopped without finishing 4 times');
    expect(page.body).toContain('Try the Letter PDF again');
    expect((await automatic()).filter((e) => e.target === 'No. 1, US Letter PDF').map((e) => e.route)).toEqual([
      'JOB magazine.pdf-sweep/give-up',
      ...Array(PDF_AUTO_RETRIES + 1).fill('JOB magazine.pdf-sweep/ask-again'),
    ]);

    // A person asks again: pending, and the sweep's count starts anew.
    await t.services.magazinePdfs.request(1, 'letter', 'staff:bo');
    expect(await pdfRow('letter')).toMatchObject({ status: 'pending', auto_retries: 0, requested_by: 'staff:bo', error: null });
    await db().deleteFrom('jobs').execute();
    await db().updateTable('magazine_pdfs').set({ status: 'failed' }).where('trim_size', '=', 'letter').execute();
  });

  it('runs as a recurring job of every worker: each run puts the next PDF_SWEEP_EVERY_MS later', async () => {
    expect(RECURRING_JOBS).toContain(schedulePdfSweep);
    await schedulePdfSweep(t.services, t.clock.now);
    await runJobs();
    const next = await db().selectFrom('jobs').select(['run_at', 'locked_by']).where('kind', '=', PDF_SWEEP_JOB).execute();
    expect(next).toHaveLength(1);
    expect(new Date(next[0]?.run_at ?? 0).getTime()).toBe(t.clock.now.getTime() + PDF_SWEEP_EVERY_MS);
    await db().deleteFrom('jobs').execute();
  });

  it('a build under way says it is running, every beat, until it stops; never on a request no longer pending', async () => {
    await db()
      .updateTable('magazine_pdfs')
      .set({ status: 'pending', build_seen_at: null })
      .where('edition_id', '=', editionId)
      .where('trim_size', '=', 'letter')
      .execute();
    const seen = async () => (await pdfRow('letter')).build_seen_at?.getTime() ?? null;
    const beat = await startBuildHeartbeat(
      { db: db(), clock: t.services.clock, log: pino({ level: 'silent' }) },
      { editionId, trim: 'letter' },
      10,
    );
    try {
      expect(await seen()).toBe(t.clock.now.getTime());
      later(3 * MIN);
      const want = t.clock.now.getTime();
      for (let i = 0; i < 500 && (await seen()) !== want; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await seen()).toBe(want);
    } finally {
      beat.stop();
    }
    const stoppedAt = await seen();
    later(3 * MIN);
    await new Promise((r) => setTimeout(r, 100));
    expect(await seen()).toBe(stoppedAt);
    // Once made (or failed), a late beat writes nothing.
    await db().updateTable('magazine_pdfs').set({ status: 'ready' }).where('trim_size', '=', 'letter').execute();
    const late = await startBuildHeartbeat(
      { db: db(), clock: t.services.clock, log: pino({ level: 'silent' }) },
      { editionId, trim: 'letter' },
      10,
    );
    late.stop();
    expect(await seen()).toBe(stoppedAt);
  });
});
