/**
 * The editions' print-ready PDFs in the admin: asking for one puts a job on the job runner (in the
 * transaction that records the request), the job runs the same PDF builder as
 * `masthead magazine pdf` and keeps the file in storage under the data directory, and later
 * requests for the same frozen edition and trim are answered from that file. The builder (and
 * WeasyPrint behind it) is loaded by the first job, never at a process's start.
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
import { ADMIN_PDF_BLEED_MM, decidePdfRequest, type EditionPdf, PDF_STALLED_AFTER_MS, pdfAt, pdfStorageKey } from './magazine-pdf.js';
import { findPdf, insertPendingPdf, listPdfs, markPdfFailed, markPdfReady, requeuePdf } from './magazine-pdf-repository.js';
import type { MagazineService } from './magazine-service.js';
import type { EditionPdfDeps, Progress } from './pdf/edition-pdf.js';
import type { Trim } from './pdf/trims.js';

export const EDITION_PDF_JOB = 'magazine.edition-pdf';

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
}

const SILENT: Progress = { start() {}, step() {}, stop() {} };

function notFrozen(number: number): AppError {
  return new AppError('CONFLICT', 409, `Edition No. ${number} is still a draft: freeze it before its PDF is made.`, [
    { field: 'form', message: `Edition No. ${number} is still a draft: freeze it before its PDF is made.` },
  ]);
}

export function createMagazinePdfService(deps: MagazinePdfDeps) {
  const { db, clock, log, storage } = deps;

  async function enqueueIn(tx: Db, edition: MagazineEdition, trim: Trim): Promise<void> {
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
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }

  return {
    /**
     * Asks for a frozen edition's PDF in a trim: a job when it was never made, failed, has
     * stalled (pending past PDF_STALLED_AFTER_MS: its job was lost) or its file has gone; nothing
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
                ? await requeuePdf(tx, { ...at, from: 'pending', requestedBefore: new Date(now.getTime() - PDF_STALLED_AFTER_MS) })
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

    jobHandlers(): Record<string, JobHandler> {
      return { [EDITION_PDF_JOB]: jobHandler(PdfPayload, ({ number, trim }) => make(number, trim)) };
    },
  };
}

export type MagazinePdfService = ReturnType<typeof createMagazinePdfService>;
