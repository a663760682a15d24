/**
 * The print-ready PDF as the admin asks for it, the pure part: which state a trim's file is in,
 * what a request for it does, where the file is kept and what it is called when downloaded. A
 * frozen edition's PDF is the same file every time (edition-pdf.ts), so once made it is served
 * again, never made twice; only a failed one is made again, and only when asked.
 */
import type { MagazineEdition } from './magazine.js';
import type { Trim } from './pdf/trims.js';

export const PDF_STATUSES = ['pending', 'ready', 'failed'] as const;
export type PdfStatus = (typeof PDF_STATUSES)[number];

export function isPdfStatus(v: string): v is PdfStatus {
  return (PDF_STATUSES as readonly string[]).includes(v);
}

/** One trim's PDF of a frozen edition. */
export interface EditionPdf {
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
}

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
  | { kind: 'retry' };

export function decidePdfRequest(
  edition: Pick<MagazineEdition, 'status'>,
  pdf: Pick<EditionPdf, 'status'> | undefined,
): PdfRequestDecision {
  if (edition.status !== 'frozen') return { kind: 'refuse', reason: 'not-frozen' };
  if (!pdf) return { kind: 'make' };
  return pdf.status === 'failed' ? { kind: 'retry' } : { kind: 'show' };
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
