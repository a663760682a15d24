/**
 * The editions' print-ready PDFs in the admin: asking for one puts a job on the job runner (in the
 * transaction that records the request), the job runs the same PDF builder as
 * `masthead magazine pdf` and keeps the file in storage under the data directory, and later
 * requests for the same frozen edition and trim are answered from that file. The builder (and
 * WeasyPrint behind it) is loaded by the first job, never at a process's start.
 *
 * A build says it is alive while it runs (`build_seen_at`, every PDF_HEARTBEAT_MS), so a request
 * whose build died, or whose job was lost, is told apart from a slow one: the worker's sweep (a
 * recurring job, every PDF_SWEEP_EVERY_MS) asks again by itself for each stalled request, in the
 * audit trail, and gives one up as failed after PDF_AUTO_RETRIES builds that began and died.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { Type } from 'typebox';
import type { Db } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import { type JobHandler, jobHandler } from '../jobs/job-queue.js';
import type { Clock, JobQueue } from '../platform.js';
import type { MagazineEdition } from './magazine.js';
import {
  ADMIN_PDF_BLEED_MM,
  decidePdfRequest,
  decideStalled,
  type EditionPdf,
  GAVE_UP_ERROR,
  PDF_HEARTBEAT_MS,
  PDF_SWEEP_EVERY_MS,
  pdfAt,
  pdfStorageKey,
  stallCutoffs,
} from './magazine-pdf.js';
import {
  findPdf,
  giveUpStalledPdf,
  insertPendingPdf,
  listPdfs,
  listStalledPdfs,
  markPdfBuilding,
  markPdfFailed,
  markPdfReady,
  requeuePdf,
  retryStalledPdf,
} from './magazine-pdf-repository.js';
import type { MagazineService } from './magazine-service.js';
import type { EditionPdfDeps, Progress } from './pdf/edition-pdf.js';
import { TRIMS, type Trim } from './pdf/trims.js';

export const EDITION_PDF_JOB = 'magazine.edition-pdf';
/** The recurring sweep that asks again for stalled PDFs (one row, a fixed dedupe key). */
export const PDF_SWEEP_JOB = 'magazine.pdf-sweep';

/** What the sweep did to a stalled request, for the audit trail (the composition root records it). */
export interface AutomaticPdfAction {
  what: 'asked-again' | 'gave-up';
  edition: Pick<MagazineEdition, 'id' | 'number'>;
  trim: Trim;
  /** "No. 12, A4 PDF": the audit entry's target. */
  name: string;
}

/** Puts the sweep on the queue (a worker at its start: now; after each run: PDF_SWEEP_EVERY_MS later). */
export async function schedulePdfSweep(deps: { db: Db; jobs: JobQueue }, at: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: PDF_SWEEP_JOB, payload: {}, runAt: at, dedupeKey: PDF_SWEEP_JOB });
}

/**
 * While a build runs: writes at once, then every `everyMs`, that it is running. `stop` ends it
 * (the build's `finally`). A write that fails is logged: the next may succeed, and a build not
 * heard from for PDF_SILENT_AFTER_MS is only asked for again, never broken.
 */
export async function startBuildHeartbeat(
  deps: { db: Db; clock: Clock; log: Pick<Logger, 'warn'> },
  key: { editionId: string; trim: Trim },
  everyMs = PDF_HEARTBEAT_MS,
): Promise<{ stop(): void }> {
  const beat = () => markPdfBuilding(deps.db, { ...key, at: deps.clock() });
  await beat();
  const timer = setInterval(() => {
    beat().catch((err: unknown) => deps.log.warn({ err, ...key }, 'the PDF build could not say it is running'));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

const PdfPayload = Type.Object({
  number: Type.Integer({ minimum: 1 }),
  trim: Type.Union([Type.Literal('a4'), Type.Literal('letter')]),
});

export interface MagazinePdfDeps {
  db: Db;
  jobs: JobQueue;
  clock: Clock;
  log: Logger;
  storage: {
    put(key: string, data: Buffer, contentType: string): Promise<void>;
    get(key: string): Promise<Buffer | undefined>;
    exists(key: string): Promise<boolean>;
  };
  magazine: Pick<MagazineService, 'get'>;
  /** What the builder needs of the running paper (the command gives it the same). */
  pdf: EditionPdfDeps;
  /** Records what the sweep did, in its transaction (the audit trail; absent: not recorded). */
  recordAutomatic?: ((tx: Db, action: AutomaticPdfAction) => Promise<void>) | undefined;
}

const SILENT: Progress = { start() {}, step() {}, stop() {} };

function notFrozen(number: number): AppError {
  return new AppError('CONFLICT', 409, `Edition No. ${number} is still a draft: freeze it before its PDF is made.`, [
    { field: 'form', message: `Edition No. ${number} is still a draft: freeze it before its PDF is made.` },
  ]);
}

export function createMagazinePdfService(deps: MagazinePdfDeps) {
  const { db, clock, log, storage } = deps;

  async function enqueueIn(tx: Db, edition: Pick<MagazineEdition, 'id' | 'number'>, trim: Trim): Promise<void> {
    await deps.jobs.enqueue(tx, {
      kind: EDITION_PDF_JOB,
      payload: { number: edition.number, trim },
      runAt: clock(),
      dedupeKey: `${EDITION_PDF_JOB}:${edition.id}:${trim}`,
    });
  }

  /** The job: makes the file once, for a request still pending; anything else has nothing to do. */
  async function make(number: number, trim: Trim): Promise<void> {
    const edition = await deps.magazine.get(number).catch(() => undefined);
    if (!edition) return;
    const pdf = await findPdf(db, edition.id, trim);
    if (pdf?.status !== 'pending') return;
    const heartbeat = await startBuildHeartbeat({ db, clock, log }, { editionId: edition.id, trim });
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-edition-pdf-'));
    try {
      const { makeEditionPdf } = await import('./pdf/edition-pdf.js');
      const out = path.join(scratch, 'edition.pdf');
      const made = await makeEditionPdf(deps.pdf, { edition: number, trim, bleedMm: ADMIN_PDF_BLEED_MM, out }, SILENT);
      const key = pdfStorageKey(edition, trim);
      await storage.put(key, fs.readFileSync(out), 'application/pdf');
      await markPdfReady(db, { editionId: edition.id, trim, storageKey: key, bytes: made.bytes, warnings: made.warnings, at: clock() });
    } catch (err) {
      // Kept with the request for the staff to read, and not retried by the runner: a picture
      // missing from storage or an engine that fails fails again; "Try again" asks anew.
      log.error({ err, edition: number, trim }, 'the edition’s PDF could not be made');
      const error =
        err instanceof AppError
          ? [err.message, ...err.fields.map((f) => f.message)].join(' ')
          : 'The PDF engine failed; the server’s log has the details.';
      await markPdfFailed(db, { editionId: edition.id, trim, error, at: clock() });
    } finally {
      heartbeat.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }

  /**
   * The sweep: every stalled request (pending past PDF_STALLED_AFTER_MS, no build heard from for
   * PDF_SILENT_AFTER_MS) is asked for again (a job, as a person's "Ask again" puts) or, after
   * PDF_AUTO_RETRIES builds that began and died, given up as failed; each in one transaction with
   * its audit entry. A build still running is never stalled, and the conditional update lets one
   * sweep only act on a request, so no second build starts beside a live one.
   */
  async function sweep(): Promise<{ askedAgain: number; gaveUp: number }> {
    const now = clock();
    const cut = stallCutoffs(now);
    const out = { askedAgain: 0, gaveUp: 0 };
    for (const { number, pdf } of await listStalledPdfs(db, cut)) {
      const edition = { id: pdf.editionId, number };
      const key = { editionId: pdf.editionId, trim: pdf.trim, at: now, ...cut };
      const what = decideStalled(pdf) === 'give-up' ? 'gave-up' : 'asked-again';
      const done = await db.transaction().execute(async (tx) => {
        if (what === 'gave-up') {
          if (!(await giveUpStalledPdf(tx, { ...key, error: GAVE_UP_ERROR }))) return false;
        } else {
          if (!(await retryStalledPdf(tx, key))) return false;
          await enqueueIn(tx, edition, pdf.trim);
        }
        const name = `No. ${number}, ${TRIMS[pdf.trim].label} PDF`;
        await deps.recordAutomatic?.(tx, { what, edition, trim: pdf.trim, name });
        return true;
      });
      if (!done) continue;
      if (what === 'gave-up') out.gaveUp++;
      else out.askedAgain++;
      log.warn(
        { edition: number, trim: pdf.trim, requestedAt: pdf.requestedAt, buildSeenAt: pdf.buildSeenAt, autoRetries: pdf.autoRetries, what },
        what === 'gave-up' ? 'a stalled edition PDF was given up' : 'a stalled edition PDF was asked for again',
      );
    }
    return out;
  }

  return {
    /**
     * Asks for a frozen edition's PDF in a trim: a job when it was never made, failed, has
     * stalled (`isStalled`: its job was lost, or its build died) or its file has gone; nothing
     * when it is made or still being made. `asked` says whether this call put a job on the
     * runner. 409 for a draft. A frozen edition's PDF made again is the same file, byte for byte.
     */
    async request(number: number, trim: Trim, by: string): Promise<{ edition: MagazineEdition; pdf: EditionPdf; asked: boolean }> {
      const edition = await deps.magazine.get(number);
      const now = clock();
      const stored = await findPdf(db, edition.id, trim);
      const fileGone = stored?.status === 'ready' && !(stored.storageKey && (await storage.exists(stored.storageKey)));
      const decision = decidePdfRequest(edition, stored && pdfAt(stored, now), { fileGone });
      if (decision.kind === 'refuse') throw notFrozen(number);
      let asked = false;
      if (decision.kind !== 'show') {
        asked = await db.transaction().execute(async (tx) => {
          const at = { editionId: edition.id, trim, at: now, by };
          const done =
            decision.kind === 'make'
              ? await insertPendingPdf(tx, at)
              : decision.kind === 'unstall'
                ? await requeuePdf(tx, { ...at, from: 'pending', ...stallCutoffs(now) })
                : await requeuePdf(tx, { ...at, from: decision.kind === 'retry' ? 'failed' : 'ready' });
          // The job's dedupe key puts a lost job back on the runner: the in-process queue resets
          // its attempts and lease; graphile-worker replaces a job given up, and starts a new one
          // beside one still locked by a dead worker (its `add_job`, job_key_mode 'replace').
          if (done) await enqueueIn(tx, edition, trim);
          return done;
        });
      }
      const pdf = await findPdf(db, edition.id, trim);
      if (!pdf) throw new Error(`the PDF request of edition ${number} vanished`);
      return { edition, pdf: pdfAt(pdf, clock()), asked };
    },

    /** An edition's PDF in a trim, as it stands (undefined: never asked for). */
    async status(number: number, trim: Trim): Promise<{ edition: MagazineEdition; pdf: EditionPdf | undefined }> {
      const edition = await deps.magazine.get(number);
      const pdf = await findPdf(db, edition.id, trim);
      return { edition, pdf: pdf && pdfAt(pdf, clock()) };
    },

    /** The made file: 404 while it is not made (or its file has gone). */
    async file(number: number, trim: Trim): Promise<{ edition: MagazineEdition; bytes: Buffer }> {
      const edition = await deps.magazine.get(number);
      const pdf = await findPdf(db, edition.id, trim);
      const bytes = pdf?.status === 'ready' && pdf.storageKey ? await storage.get(pdf.storageKey) : undefined;
      if (!bytes)
        throw new AppError('NOT_FOUND', 404, `The ${trim === 'a4' ? 'A4' : 'Letter'} PDF of edition No. ${number} is not made yet.`);
      return { edition, bytes };
    },

    /** Every PDF of these editions (the archive). */
    async listFor(editionIds: readonly string[]): Promise<EditionPdf[]> {
      const now = clock();
      return (await listPdfs(db, editionIds)).map((p) => pdfAt(p, now));
    },

    /** Runs a made request's job now (the job handler's body; tests and the command line). */
    make,

    /** Asks again for the stalled requests, or gives them up (the sweep job's body). */
    sweep,

    jobHandlers(): Record<string, JobHandler> {
      return {
        [EDITION_PDF_JOB]: jobHandler(PdfPayload, ({ number, trim }) => make(number, trim)),
        // Its payload is empty: nothing to read.
        [PDF_SWEEP_JOB]: async () => {
          await sweep();
          await schedulePdfSweep(deps, new Date(clock().getTime() + PDF_SWEEP_EVERY_MS));
        },
      };
    },
  };
}

export type MagazinePdfService = ReturnType<typeof createMagazinePdfService>;
