/**
 * /admin/organisations (the group licences, with seats used, term and whether each is in force)
 * and the form that makes or changes one (name, ranges, domains, seats, last day, contact,
 * active), with the members who hold a seat. Plain forms; no script.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, Checkbox, ErrorSummary, Field, PostForm, problemFor, Submit } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatDate } from '../../views/format.js';
import { licenceInForce, type OrganisationSummary } from '../group-licence.js';

/** What the form shows: the fields as typed (lists one item a line). */
export interface OrganisationForm {
  name: string;
  ipRanges: string;
  emailDomains: string;
  seatLimit: string;
  validUntil: string;
  contactName: string;
  contactEmail: string;
  active: boolean;
}

export function formOf(o: OrganisationSummary): OrganisationForm {
  return {
    name: o.name,
    ipRanges: o.ipRanges.join('\n'),
    emailDomains: o.emailDomains.join('\n'),
    seatLimit: o.seatLimit === null ? '' : String(o.seatLimit),
    validUntil: o.validUntil ?? '',
    contactName: o.contactName,
    contactEmail: o.contactEmail,
    active: o.active,
  };
}

export const EMPTY_FORM: OrganisationForm = {
  name: '',
  ipRanges: '',
  emailDomains: '',
  seatLimit: '',
  validUntil: '',
  contactName: '',
  contactEmail: '',
  active: true,
};

function status(o: OrganisationSummary, now: Date, timeZone: string): string {
  if (licenceInForce(o, now, timeZone)) return 'In force';
  return o.active ? 'Ended (term over)' : 'Deactivated';
}

export function OrganisationListPage(p: {
  staff: StaffMember;
  csrf: string;
  organisations: OrganisationSummary[];
  now: Date;
  timeZone: string;
}) {
  return (
    <AdminLayout title="Group licences" staff={p.staff} csrf={p.csrf} nav="organisations">
      <h1>Group licences</h1>
      <p class="lede">
        Libraries, schools and companies whose people read the paper: everyone on their networks, and readers with a verified address at
        their email domains while seats last.
      </p>
      <p>
        <a class="button" href="/admin/organisations/new">
          New group licence
        </a>
      </p>
      {p.organisations.length === 0 ? (
        <p>No group licences yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Group licences</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Networks and domains</th>
                <th scope="col">Seats used</th>
                <th scope="col">Last day</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {p.organisations.map((o) => (
                <tr key={o.id}>
                  <td>
                    <a href={`/admin/organisations/${o.id}`}>{o.name}</a>
                  </td>
                  <td>{[...o.ipRanges, ...o.emailDomains].join(', ')}</td>
                  <td>{o.seatLimit === null ? `${o.seatsUsed} (no limit)` : `${o.seatsUsed} of ${o.seatLimit}`}</td>
                  <td>{o.validUntil ?? 'No end'}</td>
                  <td>{status(o, p.now, p.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

function ListField(p: { name: keyof OrganisationForm; label: string; hint: string; value: string; problems: readonly FieldProblem[] }) {
  const error = problemFor(p.problems, p.name);
  return (
    <p class={error ? 'field field-error' : 'field'}>
      <label for={p.name}>{p.label}</label>
      <span class="hint" id={`${p.name}-hint`}>
        {p.hint}
      </span>
      {error ? (
        <span class="error-message" id={`${p.name}-error`}>
          {error}
        </span>
      ) : null}
      <textarea
        id={p.name}
        name={p.name}
        rows={4}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${p.name}-hint ${p.name}-error` : `${p.name}-hint`}
        value={p.value}
      />
    </p>
  );
}

export interface Member {
  readerId: string;
  email: string;
  joinedAt: Date;
}

export function OrganisationEditPage(p: {
  staff: StaffMember;
  csrf: string;
  /** Undefined: a new licence. */
  organisation?: OrganisationSummary | undefined;
  form: OrganisationForm;
  problems: readonly FieldProblem[];
  members: readonly Member[];
  membersShown: number;
  notice?: string | undefined;
  now: Date;
  timeZone: string;
}) {
  const o = p.organisation;
  const title = o ? o.name : 'New group licence';
  return (
    <AdminLayout title={title} staff={p.staff} csrf={p.csrf} nav="organisations" notice={p.notice}>
      <p>
        <a href="/admin/organisations">All group licences</a>
      </p>
      <h1>{title}</h1>
      {o ? (
        <p class="lede">
          {status(o, p.now, p.timeZone)}.{' '}
          {o.seatLimit === null ? `${o.seatsUsed} seats used (no limit).` : `${o.seatsUsed} of ${o.seatLimit} seats used.`}
        </p>
      ) : null}
      <ErrorSummary problems={p.problems} />
      <PostForm action={o ? `/admin/organisations/${o.id}` : '/admin/organisations'} csrf={p.csrf} label={o ? `Edit ${o.name}` : title}>
        <Field name="name" label="Name" value={p.form.name} required maxLength={200} problems={p.problems} />
        <ListField
          name="ipRanges"
          label="Address ranges"
          hint="One a line, such as 192.0.2.0/24 or 2001:db8::/32. Everyone on these networks reads, signed in or not, and takes no seat."
          value={p.form.ipRanges}
          problems={p.problems}
        />
        <ListField
          name="emailDomains"
          label="Email domains"
          hint="One a line, such as library.example.org. A reader with a verified address there takes a seat while one is free."
          value={p.form.emailDomains}
          problems={p.problems}
        />
        <Field
          name="seatLimit"
          label="Seats"
          hint="How many readers may hold a seat by email domain; at least 1."
          value={p.form.seatLimit}
          required
          maxLength={9}
          problems={p.problems}
        />
        <Field
          name="validUntil"
          label="Last day"
          hint={`YYYY-MM-DD, in the paper’s time zone (${p.timeZone}); empty for no end. The licence grants nothing after this day.`}
          value={p.form.validUntil}
          maxLength={10}
          problems={p.problems}
        />
        <Field name="contactName" label="Contact name" value={p.form.contactName} maxLength={200} problems={p.problems} />
        <Field name="contactEmail" label="Contact email" type="email" value={p.form.contactEmail} maxLength={254} problems={p.problems} />
        <Checkbox name="active" label="Active (untick to end the licence now)" checked={p.form.active} />
        <Submit>{o ? 'Save' : 'Create group licence'}</Submit>
      </PostForm>
      {o ? (
        <section aria-labelledby="members-title">
          <h2 id="members-title">Members</h2>
          {p.members.length === 0 ? (
            <p>Nobody holds a seat yet. Readers on the licence’s networks read without one.</p>
          ) : (
            <div class="table-wrap">
              <table class="admin-table">
                <caption class="visually-hidden">Members holding a seat</caption>
                <thead>
                  <tr>
                    <th scope="col">Reader</th>
                    <th scope="col">Joined</th>
                  </tr>
                </thead>
                <tbody>
                  {p.members.map((m) => (
                    <tr key={m.readerId}>
                      <td>{m.email}</td>
                      <td>{formatDate(m.joinedAt, p.timeZone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {o.seatsUsed > p.members.length ? (
                <p>
                  The first {p.membersShown} of {o.seatsUsed} members.
                </p>
              ) : null}
            </div>
          )}
        </section>
      ) : null}
    </AdminLayout>
  );
}
