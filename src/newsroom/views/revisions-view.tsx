/**
 * A story's revisions: every saved version with who saved it (by name) and when, two of them
 * chosen to compare (a GET form: works without JavaScript), and Restore on each earlier one.
 */
import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../../views/format.js';
import type { NamedRevision } from '../newsroom-service.js';
import { DESK_CSS_URL } from './desk-parts.js';

export interface RevisionsProps {
  id: string;
  headline: string;
  currentVersion: number;
  revisions: NamedRevision[];
  timeZone: string;
  csrf: string;
  mayRestore: boolean;
  from: number;
  to: number;
  children?: ComponentChildren;
}

export function RevisionsView(p: RevisionsProps) {
  return (
    <>
      <link rel="stylesheet" href={DESK_CSS_URL} />
      <p>
        <a href={`/admin/stories/${p.id}`}>Back to the story</a>
      </p>
      <h1>Revisions: {p.headline}</h1>
      <form method="get" action={`/admin/stories/${p.id}/revisions`} class="desk-filters" aria-label="Compare two versions">
        <div class="field">
          <label for="from">Compare version</label>
          <select id="from" name="from">
            {p.revisions.map((r) => (
              <option key={r.version} value={String(r.version)} selected={r.version === p.from}>
                Version {r.version}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="to">with version</label>
          <select id="to" name="to">
            {p.revisions.map((r) => (
              <option key={r.version} value={String(r.version)} selected={r.version === p.to}>
                Version {r.version}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="button">
            Compare
          </button>
        </div>
      </form>
      {p.children}
      <h2>Every saved version</h2>
      <div class="table-wrap">
        <table class="admin-table revisions">
          <caption class="visually-hidden">Saved versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved by</th>
              <th scope="col">When</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.revisions.map((r) => (
              <tr key={r.version}>
                <td>
                  {r.version}
                  {r.version === p.currentVersion ? ' (current)' : ''}
                </td>
                <td>{r.who}</td>
                <td>{formatDateTime(r.savedAt, p.timeZone)}</td>
                <td>
                  {r.version > 1 ? (
                    <a href={`/admin/stories/${p.id}/revisions?from=${r.version - 1}&to=${r.version}`}>Changes in version {r.version}</a>
                  ) : (
                    'First version'
                  )}
                  {p.mayRestore && r.version !== p.currentVersion ? (
                    <form method="post" action={`/admin/stories/${p.id}/revisions/${r.version}/restore`}>
                      <input type="hidden" name="_csrf" value={p.csrf} />
                      <input type="hidden" name="version" value={String(p.currentVersion)} />{' '}
                      <button type="submit" class="button button-secondary button-small">
                        Restore version {r.version}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
