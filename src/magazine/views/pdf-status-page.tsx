/**
 * /admin/magazine/editions/:number/pdf/:trim: one trim's PDF of a frozen edition. While it is being
 * made the page says so with a "Check again" link, and offers to keep checking by itself (`?watch=1`:
 * a meta refresh every few seconds, no JavaScript). The refresh is the staff member's choice, never
 * the default: a page that reloads under a screen reader's cursor is what WCAG 2.2.1 (Timing
 * Adjustable) asks to be turned on or off by the user, and axe's `meta-refresh` rule flags it. Once
 * made: the download; when it failed: why, and the button to try again; when it has waited past
 * the limit with no build heard from (stalled: its job was lost, or its build died), that, that a
 * worker asks again by itself, and the button to ask again now.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout } from '../../admin/index.js';
import { formatDateTime } from '../../views/format.js';
import { editionLabel, type MagazineEdition } from '../magazine.js';
import { type EditionPdf, PDF_AUTO_RETRIES, sizeInWords } from '../magazine-pdf.js';
import { TRIMS, type Trim } from '../pdf/trims.js';
import {
  AskAgainForm,
  editionPath,
  PdfLinks,
  pdfFilePath,
  pdfPath,
  silentMinutes,
  stalledMinutes,
  sweepMinutes,
  trimWord,
} from './edition-parts.js';

export const PDF_REFRESH_SECONDS = 3;

export function PdfStatusPage(p: {
  staff: StaffMember;
  csrf: string;
  edition: MagazineEdition;
  trim: Trim;
  pdf: EditionPdf | undefined;
  timeZone: string;
  /** The staff member asked the page to keep checking by itself (a meta refresh). */
  watching: boolean;
  /** Where "back" goes: the edition (editors) or the archive (the business office). */
  backTo: { href: string; label: string };
}) {
  const e = p.edition;
  const word = trimWord(p.trim);
  const pending = p.pdf?.status === 'pending' && !p.pdf.stalled;
  return (
    <AdminLayout
      title={`PDF (${word}) of magazine No. ${e.number}`}
      staff={p.staff}
      csrf={p.csrf}
      nav={p.staff.role === 'business' ? 'magazine-archive' : 'magazine'}
      refreshSeconds={pending && p.watching ? PDF_REFRESH_SECONDS : undefined}
    >
      <p>
        <a href={p.backTo.href}>{p.backTo.label}</a>
      </p>
      <h1>
        PDF of edition No. {e.number}, {TRIMS[p.trim].label}
      </h1>
      <p class="lede">
        {editionLabel(e)}, for the printer: {TRIMS[p.trim].label} trim with 3 mm bleed and crop marks.
      </p>
      {p.pdf === undefined ? (
        <>
          <p>It has not been asked for yet.</p>
          <PdfLinks edition={e} pdfs={[]} csrf={p.csrf} only={p.trim} />
        </>
      ) : p.pdf.status === 'pending' && p.pdf.stalled ? (
        <>
          <div class="warning" role="alert" aria-labelledby="stalled-h">
            <h2 id="stalled-h">Stalled</h2>
            <p>
              Asked for on {formatDateTime(p.pdf.requestedAt, p.timeZone)} and still not made, and no build of it has said it is running for{' '}
              {silentMinutes()} minutes. An edition takes from a few seconds to a few minutes, so after {stalledMinutes()} minutes the job
              making it is taken to be lost (a worker stopped, or it was given up after its retries).
            </p>
            <p>
              A worker asks again by itself within {sweepMinutes()} minutes (the audit trail shows it); if the builds it asks for stop
              without finishing {PDF_AUTO_RETRIES} times, it gives up and says so here. Asking again now starts it at once, and a frozen
              edition’s PDF comes out the same file, byte for byte.
            </p>
          </div>
          <div class="actions">
            <AskAgainForm edition={e} trim={p.trim} csrf={p.csrf} failed={false} />
          </div>
        </>
      ) : p.pdf.status === 'pending' ? (
        <div role="status">
          <p>
            <strong>Being made…</strong> Asked for on {formatDateTime(p.pdf.requestedAt, p.timeZone)}. An edition takes from a few seconds
            to a minute.
            {p.watching ? ` This page checks again every ${PDF_REFRESH_SECONDS} seconds by itself.` : ''}
          </p>
          <p class="actions">
            <a class="button" href={`${pdfPath(e.number, p.trim)}${p.watching ? '?watch=1' : ''}`}>
              Check again now
            </a>
            {p.watching ? (
              <a href={pdfPath(e.number, p.trim)}>Stop checking by itself</a>
            ) : (
              <a href={`${pdfPath(e.number, p.trim)}?watch=1`}>Keep checking by itself every {PDF_REFRESH_SECONDS} seconds</a>
            )}
          </p>
        </div>
      ) : p.pdf.status === 'ready' ? (
        <>
          <p>
            <a class="button" href={pdfFilePath(e.number, p.trim)} download>
              Download PDF ({word}){p.pdf.bytes ? `, ${sizeInWords(p.pdf.bytes)}` : ''}
            </a>
          </p>
          <p class="hint">Made {p.pdf.madeAt ? formatDateTime(p.pdf.madeAt, p.timeZone) : ''}. Every download is this same file.</p>
          {p.pdf.warnings.length > 0 ? (
            <div class="warning">
              <p>The printer should know:</p>
              <ul>
                {p.pdf.warnings.map((w) => (
                  <li key={w}>{w}.</li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : (
        <>
          <div class="error-summary" role="alert" aria-labelledby="failed-h">
            <h2 id="failed-h">The PDF could not be made</h2>
            <p>{p.pdf.error ?? 'No reason was recorded.'}</p>
          </div>
          <PdfLinks edition={e} pdfs={[p.pdf]} csrf={p.csrf} only={p.trim} />
        </>
      )}
      {e.status === 'frozen' ? null : (
        <p>
          <a href={editionPath(e.number)}>This edition is a draft: freeze it first.</a>
        </p>
      )}
    </AdminLayout>
  );
}
