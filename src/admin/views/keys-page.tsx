/** A staff member's own API keys: the list, the form for a new one, and a new key's secret (shown once). Pure. */
import type { StaffMember } from '../../accounts/index.js';
import type { ApiKey } from '../../api-keys/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { ErrorSummary, Field, PostForm, Submit } from '../../views/form-parts.js';
import { formatDateTime } from '../../views/format.js';
import { AdminLayout, roleName } from '../admin-layout.js';

export interface KeysPageProps {
  me: StaffMember;
  csrf: string;
  keys: readonly ApiKey[];
  timeZone: string;
  notice?: string | undefined;
  problems?: readonly FieldProblem[] | undefined;
  name?: string | undefined;
  /** A key just made: its secret, shown on this page only. */
  created?: { key: ApiKey; secret: string } | undefined;
}

export function KeysPage({ me, csrf, keys, timeZone, notice, problems = [], name, created }: KeysPageProps) {
  const live = keys.filter((k) => !k.revokedAt);
  const revoked = keys.filter((k) => k.revokedAt);
  return (
    <AdminLayout title="API keys" staff={me} csrf={csrf} nav="keys" notice={notice} scripts={created ? ['copy-key'] : undefined}>
      <h1>Your API keys</h1>
      <p class="lede">
        A key lets a program use the Admin API as you: it has your role ({roleName(me.role)}), and what it saves is recorded under your
        name. Keep it secret; revoke it when it is no longer needed.
      </p>
      {created ? (
        <div class="panel" role="region" aria-labelledby="new-key-title">
          <h2 id="new-key-title">Your new key “{created.key.name}”</h2>
          <p class="warning">Copy it now: it is shown only once. Send it as "Authorization: Bearer &lt;key&gt;".</p>
          <code class="secret" data-copy-source>
            {created.secret}
          </code>
        </div>
      ) : null}
      <ErrorSummary problems={problems} />
      {live.length === 0 ? (
        <p>You have no live keys.</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table stack">
            <caption class="visually-hidden">Your live API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Made</th>
                <th scope="col">Last used</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {live.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td data-label="Role">{k.role ? roleName(k.role) : '—'}</td>
                  <td data-label="Made">{formatDateTime(k.createdAt, timeZone)}</td>
                  <td data-label="Last used">{k.lastUsedAt ? formatDateTime(k.lastUsedAt, timeZone) : 'Never'}</td>
                  <td>
                    <PostForm action={`/admin/keys/${k.id}/revoke`} csrf={csrf} label={`Revoke ${k.name}`}>
                      <button type="submit" class="button button-danger button-small">
                        Revoke
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Make a key</h2>
      <div class="panel">
        <PostForm action="/admin/keys" csrf={csrf} label="Make a key">
          <Field
            name="name"
            label="Key name"
            value={name}
            required
            maxLength={100}
            autocomplete="off"
            hint="What the key is for, e.g. “Election results feed”."
            problems={problems}
          />
          <Submit>Make the key</Submit>
        </PostForm>
      </div>
      {revoked.length > 0 ? (
        <>
          <h2>Revoked keys</h2>
          <ul>
            {revoked.map((k) => (
              <li key={k.id}>
                {k.name}, revoked {k.revokedAt ? formatDateTime(k.revokedAt, timeZone) : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </AdminLayout>
  );
}
