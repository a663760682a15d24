/**
 * The print-ready PDF as the admin asks for it, the pure part: which state a trim's file is in,
 * what a request for it does, where the file is kept and what it is called when downloaded. A
 * frozen edition's PDF is the same file every time (edition-pdf.ts), so once made it is served
 * again, never made twice; only a failed or stalled one is made again: a failed one when asked, a
 * stalled one when asked or by the worker's own sweep (`decideStalled`).
 */
import type { MagazineEdition } from './magazine.js';
import type { Trim } from './pdf/trims.js';

export const PDF_STATUSES = ['pending', 'ready', 'failed'] as const;
export type PdfStatus = (typeof PDF_STATUSES)[number];

export function isPdfStatus(v: string): v is PdfStatus {
  return (PDF_STATUSES as readonly string[]).includes(v);
}

/** One trim's PDF of a frozen edition, as stored. */
export interface StoredPdf {
  editionId: string;
  trim: Trim;
  status: PdfStatus;
  /** Where the made file is, under the data directory's storage (ready only). */
  storageKey: string | null;
  bytes: number | null;
  /** Why it failed, in words for the staff (failed only). */
  error: string | null;
  /** The engine's warnings (pictures below 200 ppi). */
  warnings: string[];
  requestedAt: Date;
  requestedBy: string;
  madeAt: Date | null;
  /** When the build under way last said it is running (every PDF_HEARTBEAT_MS); null: none has begun since the request. */
  buildSeenAt: Date | null;
  /** How many times the worker's sweep asked again by itself for a build that began and went silent. */
  autoRetries: number;
}

/** One trim's PDF of a frozen edition, as the staff see it at a moment. */
export interface EditionPdf extends StoredPdf {
  /** Pending for longer than PDF_STALLED_AFTER_MS: its job is taken to be lost, and it may be asked for again. */
  stalled: boolean;
}

/**
 * How long a request may stay pending before it can be called stalled. An edition takes seconds to
 * a few minutes (the 60-page bench edition: 188 s median on a loaded two-core machine,
 * bench/README.md), so a quarter of an hour is five times the slowest build measured. A job is
 * lost when its worker dies mid-build (graphile-worker keeps a dead worker's lock for four hours)
 * or when the runner gives it up after its retries: the row would wait for ever. Asking again
 * before this is refused as "still being made", so two members of staff do not start two builds of
 * one file.
 */
export const PDF_STALLED_AFTER_MS = 15 * 60_000;

/** A build under way writes that it is running this often (`build_seen_at`). */
export const PDF_HEARTBEAT_MS = 30_000;

/**
 * A build not heard from for this long has died (ten heartbeats missed): only then is a request
 * past PDF_STALLED_AFTER_MS stalled. A slow build that still beats is left alone, so neither the
 * sweep nor a person asking again starts a second build beside it.
 */
export const PDF_SILENT_AFTER_MS = 5 * 60_000;

/** How often a worker looks for stalled requests and asks again for them by itself. */
export const PDF_SWEEP_EVERY_MS = 5 * 60_000;

/**
 * How many times the sweep asks again by itself for a build that began and went silent before it
 * gives the request up as failed (a build that kills its worker, out of memory say, would
 * otherwise take a worker down every quarter of an hour for ever). A request whose build never
 * began (its job lost, or still waiting behind others) is put back without counting: that costs
 * no build, and the job's dedupe key keeps it to one job.
 */
export const PDF_AUTO_RETRIES = 3;

/** The instants a request and its build must both be older than for the request to be stalled at `now`. */
export function stallCutoffs(now: Date): { requestedBefore: Date; silentBefore: Date } {
  return { requestedBefore: new Date(now.getTime() - PDF_STALLED_AFTER_MS), silentBefore: new Date(now.getTime() - PDF_SILENT_AFTER_MS) };
}

/** Pending since PDF_STALLED_AFTER_MS or longer, and no build heard from for PDF_SILENT_AFTER_MS. */
export function isStalled(pdf: Pick<StoredPdf, 'status' | 'requestedAt' | 'buildSeenAt'>, now: Date): boolean {
  if (pdf.status !== 'pending') return false;
  const { requestedBefore, silentBefore } = stallCutoffs(now);
  return pdf.requestedAt <= requestedBefore && (pdf.buildSeenAt === null || pdf.buildSeenAt <= silentBefore);
}

/** The stored row at `now`, with whether it has stalled. */
export function pdfAt(pdf: StoredPdf, now: Date): EditionPdf {
  return { ...pdf, stalled: isStalled(pdf, now) };
}

/**
 * What the worker's sweep does with a stalled request: ask again (a new job), or, when builds that
 * began have gone silent PDF_AUTO_RETRIES times after it asked again, give it up as failed, with
 * why, for a person to ask again.
 */
export function decideStalled(pdf: Pick<StoredPdf, 'buildSeenAt' | 'autoRetries'>): 'retry' | 'give-up' {
  return pdf.buildSeenAt !== null && pdf.autoRetries >= PDF_AUTO_RETRIES ? 'give-up' : 'retry';
}

/** Why a request the sweep gave up failed, in words for the staff. */
export const GAVE_UP_ERROR =
  `Its build stopped without finishing ${PDF_AUTO_RETRIES + 1} times (the worker making it stopped mid-build each time, ` +
  'and it was asked for again by itself after each); the server’s log may say why. Try again asks anew.';

/** The bleed of a PDF made in the admin: the command's default. */
export const ADMIN_PDF_BLEED_MM = 3;

/** What asking for a trim's PDF does. */
export type PdfRequestDecision =
  | { kind: 'refuse'; reason: 'not-frozen' }
  /** Made already, or being made: nothing to do but show it. */
  | { kind: 'show' }
  /** Never asked for: a row and a job. */
  | { kind: 'make' }
  /** It failed last time: make it again. */
  | { kind: 'retry' }
  /** Pending so long that its job is lost (stalled): a new job. */
  | { kind: 'unstall' }
  /** Made, but its file has gone from storage: made again (the same bytes, for a frozen edition). */
  | { kind: 'remake' };

export function decidePdfRequest(
  edition: Pick<MagazineEdition, 'status'>,
  pdf: (Pick<EditionPdf, 'status'> & { stalled?: boolean }) | undefined,
  o: { fileGone?: boolean } = {},
): PdfRequestDecision {
  if (edition.status !== 'frozen') return { kind: 'refuse', reason: 'not-frozen' };
  if (!pdf) return { kind: 'make' };
  if (pdf.status === 'failed') return { kind: 'retry' };
  if (pdf.status === 'pending') return pdf.stalled ? { kind: 'unstall' } : { kind: 'show' };
  return o.fileGone ? { kind: 'remake' } : { kind: 'show' };
}

/** The file's key in storage: one per edition and trim, beside the media under the data directory. */
export function pdfStorageKey(edition: Pick<MagazineEdition, 'id'>, trim: Trim): string {
  return `magazine/${edition.id}/edition-${trim}.pdf`;
}

/** What the browser saves it as: `masthead-weekly-no-12-a4.pdf`. */
export function pdfFileName(siteName: string, edition: Pick<MagazineEdition, 'number'>, trim: Trim): string {
  // ASCII only (a header's filename="…" is no place for anything else): accents fall away, other scripts leave "magazine".
  const slug =
    siteName
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'magazine';
  return `${slug}-weekly-no-${edition.number}-${trim}.pdf`;
}

/** "1.4 MB", "830 KB". */
export function sizeInWords(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} KB`;
}
