/** The owner's audit trail: newest first, a page at a time, times in the paper's time zone. Pure. */
import type { StaffMember } from '../../accounts/index.js';
import { formatDateTime } from '../../views/format.js';
import { AdminLayout } from '../admin-layout.js';
import { type AuditEvent, describeAction } from '../audit.js';

export interface AuditPageProps {
  me: StaffMember;
  csrf: string;
  events: readonly AuditEvent[];
  total: number;
  timeZone: string;
  /** The cursor of the next (older) page, if any. */
  next?: string | undefined;
  /** This page is not the newest. */
  paged: boolean;
}

export function AuditPage({ me, csrf, events, total, timeZone, next, paged }: AuditPageProps) {
  return (
    <AdminLayout title="Audit trail" staff={me} csrf={csrf} nav="audit">
      <h1>Audit trail</h1>
      <p class="lede">
        Every change made in the newsroom or through the Admin API, newest first ({total} in all). Times are {timeZone} time.
      </p>
      {events.length === 0 ? (
        <p>Nothing has been changed yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table stack">
            <caption class="visually-hidden">Audit trail entries</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Through</th>
                <th scope="col">What</th>
                <th scope="col">On</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{formatDateTime(e.at, timeZone)}</td>
                  <td data-label="Who">{e.actor.name}</td>
                  <td data-label="Through">{e.via === 'api' ? `API key ${e.apiKeyId?.slice(0, 8) ?? ''}` : 'Newsroom'}</td>
                  <td data-label="What">
                    {describeAction(e.route) ?? ''}
                    <code class="route">{e.route}</code>
                  </td>
                  <td data-label="On">{e.targetId ? <code>{e.targetId}</code> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Audit trail pages">
        {paged ? <a href="/admin/audit">Newest entries</a> : null}
        {next ? <a href={`/admin/audit?before=${encodeURIComponent(next)}`}>Older entries</a> : null}
      </nav>
    </AdminLayout>
  );
}
