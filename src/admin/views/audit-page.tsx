/** The owner's audit trail: filtered, newest first, a page at a time, times in the paper's time zone. Pure. */
import type { StaffMember } from '../../accounts/index.js';
import { formatDateTime } from '../../views/format.js';
import { AdminLayout } from '../admin-layout.js';
import {
  AUDIT_TARGET_KINDS,
  type AuditEvent,
  type AuditTargetKind,
  DESCRIBED_ROUTES,
  describeAction,
  TARGET_KIND_LABELS,
} from '../audit.js';

/** The filters as the page's query string holds them ('' for "any"). */
export interface AuditQueryValues {
  person: string;
  action: string;
  kind: string;
  from: string;
  to: string;
}

export interface AuditPageProps {
  me: StaffMember;
  csrf: string;
  events: readonly AuditEvent[];
  /** How many entries match (counted to 10,000 at most: more shows as "10,000+"). */
  total: number;
  timeZone: string;
  /** The cursor of the next (older) page, if any. */
  next?: string | undefined;
  /** This page is not the newest. */
  paged: boolean;
  query: AuditQueryValues;
  /** The people in the trail, for the Person filter. */
  people: readonly { id: string; name: string }[];
}

/** The page's address with these filters (empty ones left out) and, for an older page, its cursor. */
export function auditHref(q: AuditQueryValues, before?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  if (before) params.set('before', before);
  const s = params.toString();
  return s ? `/admin/audit?${s}` : '/admin/audit';
}

function PageLink({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} hx-get={href} hx-select="#audit-list" hx-target="#audit-list" hx-swap="outerHTML" hx-push-url="true">
      {children}
    </a>
  );
}

/** One target's kind, as the "On" column names it. */
const TARGET_KIND_NAMES: Record<AuditTargetKind, string> = {
  story: 'Story',
  front: 'Front',
  page: 'Page',
  staff: 'Staff member',
  key: 'API key',
  picture: 'Picture',
  section: 'Section',
  author: 'Author',
  tag: 'Tag',
  plan: 'Plan',
  offer: 'Offer',
  organisation: 'Group licence',
  reader: 'Reader',
  meter: 'Meter',
  experiment: 'Experiment',
  gift: 'Gift',
  edition: 'Magazine edition',
};

function Target({ e }: { e: AuditEvent }) {
  if (!e.targetId) return <>—</>;
  const kind = e.targetKind ? TARGET_KIND_NAMES[e.targetKind] : '';
  return (
    <>
      {e.targetName ? <span class="target-name">{e.targetName}</span> : null}
      <span class="target-id">
        {kind ? `${kind} ` : ''}
        <code>{e.targetId}</code>
      </span>
    </>
  );
}

export function AuditPage({ me, csrf, events, total, timeZone, next, paged, query, people }: AuditPageProps) {
  const filtered = Object.values(query).some((v) => v !== '');
  const count = total > 10_000 ? '10,000+' : total.toLocaleString('en-GB');
  const actions = query.action && !DESCRIBED_ROUTES.includes(query.action) ? [...DESCRIBED_ROUTES, query.action] : DESCRIBED_ROUTES;
  return (
    <AdminLayout title="Audit trail" staff={me} csrf={csrf} nav="audit">
      <h1>Audit trail</h1>
      <p class="lede">
        Every change made in the newsroom or through the Admin API, and what a worker’s job changed by itself, newest first. Times are{' '}
        {timeZone} time.
      </p>
      <form method="get" action="/admin/audit" class="filters" aria-label="Filter the audit trail">
        <div class="field">
          <label for="person">Person</label>
          <select id="person" name="person">
            <option value="">Anyone</option>
            {people.map((p) => (
              <option key={p.id} value={p.id} selected={query.person === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="action">Action</label>
          <select id="action" name="action">
            <option value="">Any action</option>
            {actions.map((r) => (
              <option key={r} value={r} selected={query.action === r}>
                {describeAction(r) ?? r}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="kind">Kind of target</label>
          <select id="kind" name="kind">
            <option value="">Anything</option>
            {AUDIT_TARGET_KINDS.map((k) => (
              <option key={k} value={k} selected={query.kind === k}>
                {TARGET_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="from">From date</label>
          <input id="from" name="from" type="date" value={query.from} />
        </div>
        <div class="field">
          <label for="to">To date</label>
          <input id="to" name="to" type="date" value={query.to} />
        </div>
        <div class="actions">
          <button type="submit" class="button">
            Filter
          </button>
          {filtered ? <a href="/admin/audit">Clear filters</a> : null}
        </div>
      </form>
      {/* Paging swaps this region in place (htmx, pushing the address); without JavaScript the links load the page. */}
      <div id="audit-list">
        <p aria-live="polite">
          {filtered ? `${count} matching ${total === 1 ? 'entry' : 'entries'}.` : `${count} ${total === 1 ? 'entry' : 'entries'} in all.`}
        </p>
        {events.length === 0 ? (
          <p>{filtered ? 'Nothing matches these filters.' : 'Nothing has been changed yet.'}</p>
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
                    <td data-label="Through">
                      {e.via === 'api' ? `API key ${e.apiKeyId?.slice(0, 8) ?? ''}` : e.via === 'job' ? 'A worker’s job' : 'Newsroom'}
                    </td>
                    <td data-label="What">
                      {describeAction(e.route) ?? ''}
                      <code class="route">{e.route}</code>
                    </td>
                    <td data-label="On">
                      <Target e={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label="Audit trail pages">
          {paged ? <PageLink href={auditHref(query)}>Newest entries</PageLink> : null}
          {next ? <PageLink href={auditHref(query, next)}>Older entries</PageLink> : null}
        </nav>
      </div>
    </AdminLayout>
  );
}
