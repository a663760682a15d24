/** The owner's Staff page: everyone with their role and state, the actions on each, and the invitation form. Pure. */
import { STAFF_ROLES, type StaffMember, type StaffRole } from '../../accounts/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { ErrorSummary, Field, PostForm, SelectField, Submit } from '../../views/form-parts.js';
import { formatDate } from '../../views/format.js';
import { AdminLayout, roleName } from '../admin-layout.js';

export const STAFF_NOTICES = {
  invited: 'Invitation sent. The link in it works for 72 hours.',
  resent: 'A new invitation is on its way; earlier links no longer work.',
  role: 'Role changed. Their API keys now carry the new role.',
  disabled: 'Account disabled: they are signed out everywhere and their API keys are revoked.',
  enabled: 'Account enabled. They can sign in again (their old API keys stay revoked).',
} as const;
export type StaffNotice = keyof typeof STAFF_NOTICES;

export interface StaffPageProps {
  me: StaffMember;
  csrf: string;
  staff: readonly StaffMember[];
  timeZone: string;
  notice?: StaffNotice | undefined;
  problems?: readonly FieldProblem[] | undefined;
  /** The invitation form's values, when it comes back with problems. */
  invite?: { name: string; email: string; role: string } | undefined;
}

const ROLE_OPTIONS = STAFF_ROLES.map((r) => ({ value: r, label: roleName(r) }));

const ROLE_HELP: Record<StaffRole, string> = {
  owner: 'everything, including staff and the audit trail',
  editor: 'writes, edits and publishes every story; lays out fronts and pages',
  writer: 'writes stories and edits their own drafts',
  business: 'plans, offers, the meter and reader data',
};

function stateOf(s: StaffMember): { label: string; ok: boolean } {
  if (s.disabledAt) return { label: 'Disabled', ok: false };
  if (!s.hasPassword) return { label: 'Invited', ok: true };
  return { label: 'Active', ok: true };
}

export function StaffPage({ me, csrf, staff, timeZone, notice, problems = [], invite }: StaffPageProps) {
  return (
    <AdminLayout title="Staff" staff={me} csrf={csrf} nav="staff" notice={notice ? STAFF_NOTICES[notice] : undefined}>
      <h1>Staff</h1>
      <ErrorSummary problems={problems} />
      <div class="table-wrap">
        <table class="admin-table stack">
          <caption class="visually-hidden">Staff accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Since</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => {
              const state = stateOf(s);
              return (
                <tr key={s.id}>
                  <th scope="row">
                    {s.name}
                    {s.id === me.id ? ' (you)' : ''}
                  </th>
                  <td data-label="Email">{s.email}</td>
                  <td data-label="Role">{roleName(s.role)}</td>
                  <td data-label="State">
                    <span class={state.ok ? 'status status-ok' : 'status status-off'}>{state.label}</span>
                  </td>
                  <td data-label="Since">{formatDate(s.createdAt, timeZone)}</td>
                  <td>
                    <div class="actions">
                      {s.disabledAt ? null : (
                        <PostForm action={`/admin/staff/${s.id}/role`} csrf={csrf} label={`Change the role of ${s.name}`} class="actions">
                          <label class="visually-hidden" for={`role-${s.id}`}>
                            Role of {s.name}
                          </label>
                          <select id={`role-${s.id}`} name="role">
                            {ROLE_OPTIONS.map((o) => (
                              <option key={o.value} value={o.value} selected={o.value === s.role}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                          <button type="submit" class="button button-secondary button-small">
                            Change role
                          </button>
                        </PostForm>
                      )}
                      {!s.disabledAt && !s.hasPassword ? (
                        <PostForm action={`/admin/staff/${s.id}/invite`} csrf={csrf} label={`New invitation for ${s.name}`}>
                          <button type="submit" class="button button-secondary button-small">
                            Send a new invitation
                          </button>
                        </PostForm>
                      ) : null}
                      {s.id === me.id ? null : s.disabledAt ? (
                        <PostForm action={`/admin/staff/${s.id}/enable`} csrf={csrf} label={`Enable ${s.name}`}>
                          <button type="submit" class="button button-secondary button-small">
                            Enable
                          </button>
                        </PostForm>
                      ) : (
                        <PostForm action={`/admin/staff/${s.id}/disable`} csrf={csrf} label={`Disable ${s.name}`}>
                          <button type="submit" class="button button-danger button-small">
                            Disable
                          </button>
                        </PostForm>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2 id="invite">Invite a member of staff</h2>
      <div class="panel">
        <p class="lede">They get an email with a link to choose a password, then sign in at /admin.</p>
        <PostForm action="/admin/staff" csrf={csrf} label="Invite a member of staff">
          <Field name="name" label="Name" value={invite?.name} required maxLength={100} autocomplete="off" problems={problems} />
          <Field
            name="email"
            label="Email address"
            type="email"
            value={invite?.email}
            required
            maxLength={254}
            autocomplete="off"
            problems={problems}
          />
          <SelectField
            name="role"
            label="Role"
            value={invite?.role ?? 'writer'}
            options={ROLE_OPTIONS}
            hint="What they may do: see the list below."
            problems={problems}
          />
          <Submit>Send invitation</Submit>
        </PostForm>
        <dl class="role-help">
          {STAFF_ROLES.map((r) => (
            <div key={r}>
              <dt>{roleName(r)}</dt>
              <dd>{ROLE_HELP[r]}</dd>
            </div>
          ))}
        </dl>
      </div>
    </AdminLayout>
  );
}
