/** /admin/fronts: every front (the front page, then each section front) and how it is laid out. */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout } from '../../admin/index.js';
import { formatDateTime } from '../../views/format.js';
import type { FrontRef } from '../front-service.js';

export interface FrontListRow {
  front: FrontRef;
  placed: number;
  newStories: 'top' | 'none';
  laidOutAt: Date | null;
}

export function FrontListPage(p: { staff: StaffMember; csrf: string; rows: FrontListRow[]; timeZone: string }) {
  return (
    <AdminLayout title="Fronts" staff={p.staff} csrf={p.csrf} nav="fronts">
      <h1>Fronts</h1>
      <p class="lede">Choose the stories that lead the front page and each section front. Stories nobody placed follow, newest first.</p>
      <div class="table-wrap">
        <table class="admin-table">
          <caption class="visually-hidden">Fronts</caption>
          <thead>
            <tr>
              <th scope="col">Front</th>
              <th scope="col">Placed stories</th>
              <th scope="col">New stories</th>
              <th scope="col">Last laid out</th>
              <th scope="col">On the site</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.front.key}>
                <td>
                  <a href={`/admin/fronts/${r.front.slug}`}>{r.front.name}</a>
                </td>
                <td>{r.placed}</td>
                <td>{r.newStories === 'top' ? 'On top' : 'Not on the front'}</td>
                <td>{r.laidOutAt ? formatDateTime(r.laidOutAt, p.timeZone) : 'Never: newest first'}</td>
                <td>
                  <a href={r.front.path} aria-label={`View ${r.front.name}`}>
                    View
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}
