/**
 * /admin/magazine (the editions, and the form that proposes a week's) and /admin/magazine/archive
 * (the printed editions: their PDFs in both trims and the mailing lists). Plain forms: nothing
 * needs JavaScript.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, PostForm, problemFor } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatDateTime } from '../../views/format.js';
import { editionLabel, type MagazineEdition } from '../magazine.js';
import type { EditionPdf } from '../magazine-pdf.js';
import { dayInWords, editionPath, PdfLinks } from './edition-parts.js';

export function EditionListPage(p: {
  staff: StaffMember;
  csrf: string;
  editions: readonly MagazineEdition[];
  weekOf: string;
  problems: readonly FieldProblem[];
  notice?: string | undefined;
  timeZone: string;
}) {
  const error = problemFor(p.problems, 'week_of');
  return (
    <AdminLayout title="Weekly magazine" staff={p.staff} csrf={p.csrf} nav="magazine" notice={p.notice}>
      <h1>Weekly magazine</h1>
      <p class="lede">
        Each edition covers a week, Monday to Sunday. It is proposed from the week’s most-read and front-page stories; open it to choose and
        order its stories, its cover and the editor’s note, then freeze it for the printer and download its PDF.{' '}
        <a href="/admin/magazine/archive">The archive of printed editions</a> has every frozen edition’s PDFs (and, for the owner and the
        business office, its mailing lists).
      </p>
      <ErrorSummary problems={p.problems} />
      <PostForm action="/admin/magazine" csrf={p.csrf} label="Propose an edition">
        <h2>Propose the next edition</h2>
        <p class={error ? 'field field-error' : 'field'}>
          <label for="week_of">A day of the week it covers</label>
          <span class="hint" id="week_of-hint">
            Any day from Monday to Sunday, in the paper’s time zone (YYYY-MM-DD). Empty: this week. A week that has an edition opens it.
          </span>
          {error ? (
            <span class="error-message" id="week_of-error">
              {error}
            </span>
          ) : null}
          <input
            id="week_of"
            name="week_of"
            type="date"
            value={p.weekOf}
            aria-describedby={error ? 'week_of-hint week_of-error' : 'week_of-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
        </p>
        <p>
          <button type="submit" class="button">
            Propose or open
          </button>
        </p>
      </PostForm>
      <div class="table-wrap">
        <table class="admin-table stack">
          <caption class="visually-hidden">Editions, the newest first</caption>
          <thead>
            <tr>
              <th scope="col">Edition</th>
              <th scope="col">Week of</th>
              <th scope="col">Cover date</th>
              <th scope="col">Stories</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {p.editions.length === 0 ? (
              <tr>
                <td colSpan={5}>No edition yet: propose this week’s above.</td>
              </tr>
            ) : (
              p.editions.map((e) => (
                <tr key={e.id}>
                  <td>
                    <a href={editionPath(e.number)}>
                      No. {e.number} ({editionLabel(e)})
                    </a>
                  </td>
                  <td>{dayInWords(e.weekOf)}</td>
                  <td>{dayInWords(e.coverDate)}</td>
                  <td>{e.storyIds.length}</td>
                  <td>{e.status === 'frozen' && e.frozenAt ? `Frozen ${formatDateTime(e.frozenAt, p.timeZone)}` : 'Draft'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

export function ArchivePage(p: {
  staff: StaffMember;
  csrf: string;
  editions: readonly MagazineEdition[];
  pdfs: readonly EditionPdf[];
  /** Whether this member may download the mailing lists (readers' postal addresses). */
  mailingLists: boolean;
  timeZone: string;
}) {
  return (
    <AdminLayout title="Magazine archive" staff={p.staff} csrf={p.csrf} nav={p.staff.role === 'business' ? 'magazine-archive' : 'magazine'}>
      <h1>Printed editions</h1>
      <p class="lede">
        Every edition sent to the printer, the newest first: its print-ready PDF in A4 and US Letter
        {p.mailingLists ? ', and the mailing list for the mail house with the readers whose address is incomplete' : ''}. A PDF is made the
        first time it is asked for (it takes a little while) and kept: later downloads are the same file.
      </p>
      <div class="table-wrap">
        <table class="admin-table stack">
          <caption class="visually-hidden">Printed editions, the newest first</caption>
          <thead>
            <tr>
              <th scope="col">Edition</th>
              <th scope="col">Cover date</th>
              <th scope="col">Frozen</th>
              <th scope="col">PDF</th>
              {p.mailingLists ? <th scope="col">Mailing list</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.editions.length === 0 ? (
              <tr>
                <td colSpan={p.mailingLists ? 5 : 4}>No edition has gone to the printer yet.</td>
              </tr>
            ) : (
              p.editions.map((e) => (
                <tr key={e.id}>
                  <td>
                    {p.staff.role === 'business' ? (
                      <>
                        No. {e.number} ({editionLabel(e)})
                      </>
                    ) : (
                      <a href={editionPath(e.number)}>
                        No. {e.number} ({editionLabel(e)})
                      </a>
                    )}
                  </td>
                  <td>{dayInWords(e.coverDate)}</td>
                  <td>{e.frozenAt ? `Frozen ${formatDateTime(e.frozenAt, p.timeZone)}` : ''}</td>
                  <td>
                    <PdfLinks edition={e} pdfs={p.pdfs.filter((x) => x.editionId === e.id)} csrf={p.csrf} />
                  </td>
                  {p.mailingLists ? (
                    <td>
                      <a href={`${editionPath(e.number)}/mailing-list.csv`}>Mailing list (CSV)</a>
                      <br />
                      <a href={`${editionPath(e.number)}/mailing-list-incomplete.csv`}>Incomplete addresses (CSV)</a>
                    </td>
                  ) : null}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}
