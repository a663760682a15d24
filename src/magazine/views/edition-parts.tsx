/** Pieces the magazine's staff pages share: addresses, dates in words, and the PDF links of an edition. */
import { CSRF_FIELD } from '../../http/csrf.js';
import { type MagazineEdition, parseDay } from '../magazine.js';
import { type EditionPdf, PDF_SILENT_AFTER_MS, PDF_STALLED_AFTER_MS, PDF_SWEEP_EVERY_MS, sizeInWords } from '../magazine-pdf.js';
import { TRIMS, type Trim } from '../pdf/trims.js';

export const editionPath = (number: number) => `/admin/magazine/editions/${number}`;
export const pdfPath = (number: number, trim: Trim) => `${editionPath(number)}/pdf/${trim}`;
export const pdfFilePath = (number: number, trim: Trim) => `${pdfPath(number, trim)}/file`;
export const pdfAgainPath = (number: number, trim: Trim) => `${pdfPath(number, trim)}/again`;

/** The minutes of PDF_STALLED_AFTER_MS, as the pages say them. */
export const stalledMinutes = () => Math.round(PDF_STALLED_AFTER_MS / 60_000);
/** The minutes of PDF_SILENT_AFTER_MS: a build not heard from for this long has died. */
export const silentMinutes = () => Math.round(PDF_SILENT_AFTER_MS / 60_000);
/** The minutes of PDF_SWEEP_EVERY_MS: how soon a worker asks again by itself. */
export const sweepMinutes = () => Math.round(PDF_SWEEP_EVERY_MS / 60_000);

/** "Monday 30 November 2026" for a YYYY-MM-DD date (a calendar date: no time zone applies). */
export function dayInWords(day: string): string {
  const d = parseDay(day);
  if (d === null) return day;
  return new Date(d * 86_400_000).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The trims in the order the pages offer them. */
export const TRIM_ORDER: readonly Trim[] = ['a4', 'letter'];

/** "A4" / "Letter", as the buttons say it. */
export const trimWord = (trim: Trim) => (trim === 'a4' ? 'A4' : 'Letter');

/**
 * A frozen edition's PDF in each trim: the download when it is made, the page that waits for it
 * while it is being made, "ask again" when it failed or stalled (with the page that says why),
 * else the button that asks for it.
 */
export function PdfLinks({
  edition,
  pdfs,
  csrf,
  only,
}: {
  edition: MagazineEdition;
  pdfs: readonly EditionPdf[];
  csrf: string;
  /** One trim only (its own page). */
  only?: Trim | undefined;
}) {
  return (
    <ul class="pdf-links">
      {TRIM_ORDER.filter((t) => only === undefined || t === only).map((trim) => {
        const pdf = pdfs.find((x) => x.trim === trim);
        const word = trimWord(trim);
        if (pdf?.status === 'ready')
          return (
            <li key={trim}>
              <a href={pdfFilePath(edition.number, trim)} download>
                Download PDF ({word}){pdf.bytes ? `, ${sizeInWords(pdf.bytes)}` : ''}
              </a>
            </li>
          );
        if (pdf && (pdf.status === 'failed' || pdf.stalled))
          return (
            <li key={trim}>
              <AskAgainForm edition={edition} trim={trim} csrf={csrf} failed={pdf.status === 'failed'} />{' '}
              <a href={pdfPath(edition.number, trim)}>{pdf.status === 'failed' ? 'Why it failed' : 'Why it stalled'}</a>
            </li>
          );
        if (pdf?.status === 'pending')
          return (
            <li key={trim}>
              <a href={pdfPath(edition.number, trim)}>PDF ({word}): being made…</a>
            </li>
          );
        return (
          <li key={trim}>
            <form method="post" action={`${editionPath(edition.number)}/pdf`} aria-label={`The ${TRIMS[trim].label} PDF`} class="inline">
              <input type="hidden" name={CSRF_FIELD} value={csrf} />
              <input type="hidden" name="trim" value={trim} />
              <button type="submit" class="button button-secondary button-small">
                Download PDF ({word})
              </button>
            </form>
          </li>
        );
      })}
    </ul>
  );
}

/** The button that puts a failed or stalled PDF back on the job runner. */
export function AskAgainForm({ edition, trim, csrf, failed }: { edition: MagazineEdition; trim: Trim; csrf: string; failed: boolean }) {
  const word = trimWord(trim);
  return (
    <form
      method="post"
      action={pdfAgainPath(edition.number, trim)}
      aria-label={`Ask again for the ${TRIMS[trim].label} PDF`}
      class="inline"
    >
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <button type="submit" class="button button-secondary button-small">
        {failed ? `Try the ${word} PDF again` : `Ask again for the ${word} PDF`}
      </button>
    </form>
  );
}
