/**
 * /admin/readers: the search and the "Show" filter (a plain GET form), the page of readers
 * newest first with a link to the next page, and the two CSV downloads of what the filter
 * shows (a POST form: the export is recorded in the audit trail).
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import type { Plan } from '../../subscriptions/index.js';
import { formatDate } from '../../views/format.js';
import { READER_SHOWS, type ReaderShow, SHOW_LABELS, showValue } from '../reader-list.js';
import type { ReaderListRow } from '../reader-office-repository.js';

export interface ReaderListView {
  /** The search as typed. */
  search: string;
  show: ReaderShow;
  rows: readonly ReaderListRow[];
  next?: string | undefined;
  /** Whether this page is not the first. */
  paged: boolean;
}

export function readersHref(search: string, show: ReaderShow, after?: string): string {
  const q = new URLSearchParams();
  if (search) q.set('q', search);
  const s = showValue(show);
  if (s) q.set('show', s);
  if (after) q.set('after', after);
  const text = q.toString();
  return text ? `/admin/readers?${text}` : '/admin/readers';
}

function notes(r: ReaderListRow): string {
  const n: string[] = [];
  if (r.closedAt) n.push('Closed');
  else n.push(r.emailVerifiedAt ? 'Confirmed' : 'Address not confirmed');
  if (r.importedAt) n.push('Imported');
  return n.join('; ');
}

export function ReaderListPage(p: {
  staff: StaffMember;
  csrf: string;
  plans: readonly Plan[];
  view: ReaderListView;
  problems: readonly FieldProblem[];
  timeZone: string;
}) {
  const v = p.view;
  const current = showValue(v.show);
  const filtered = v.search !== '' || current !== '';
  return (
    <AdminLayout title="Readers" staff={p.staff} csrf={p.csrf} nav="readers">
      <h1>Readers</h1>
      <p class="lede">Everyone with an account, newest first. Open a reader to see what they may read and why, and to act for them.</p>
      <ErrorSummary problems={p.problems} />
      <form method="get" action="/admin/readers" class="filters" aria-label="Find readers">
        <div class="field">
          <label for="q">Email or name</label>
          <span class="hint" id="q-hint">
            The start of an address or of a name
          </span>
          <input id="q" name="q" type="search" value={v.search} maxLength={200} aria-describedby="q-hint" />
        </div>
        <div class="field">
          <label for="show">Show</label>
          <select id="show" name="show">
            {READER_SHOWS.map((k) => (
              <option key={k} value={k === 'all' ? '' : k} selected={current === (k === 'all' ? '' : k)}>
                {SHOW_LABELS[k]}
              </option>
            ))}
            {p.plans.map((plan) => (
              <option key={plan.id} value={`plan:${plan.id}`} selected={current === `plan:${plan.id}`}>
                {`Subscribers: ${plan.name} (${plan.interval === 'year' ? 'yearly' : 'monthly'})`}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="button">
            Find readers
          </button>
          {filtered ? <a href="/admin/readers">Clear</a> : null}
        </div>
      </form>
      <form method="post" action="/admin/readers/export" class="filters" aria-label="Download as CSV">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="q" value={v.search} />
        <input type="hidden" name="show" value={current} />
        <div class="actions">
          <button type="submit" class="button button-secondary" name="kind" value="readers">
            Download these readers (CSV)
          </button>
          <button type="submit" class="button button-secondary" name="kind" value="subscribers">
            Download their subscriptions (CSV)
          </button>
        </div>
      </form>
      {v.rows.length === 0 ? (
        <p>{filtered ? 'No reader matches.' : 'No readers yet.'}</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table stack">
            <caption class="visually-hidden">Readers</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Joined</th>
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {v.rows.map((r) => (
                <tr key={r.id}>
                  <td data-label="Email">
                    <a href={`/admin/readers/${r.id}`}>{r.email}</a>
                  </td>
                  <td data-label="Name">{r.name}</td>
                  <td data-label="Joined">{formatDate(r.createdAt, p.timeZone)}</td>
                  <td data-label="Account">{notes(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Reader pages">
        {v.paged ? <a href={readersHref(v.search, v.show)}>Newest readers</a> : null}
        {v.next ? <a href={readersHref(v.search, v.show, v.next)}>Older readers</a> : null}
      </nav>
    </AdminLayout>
  );
}
