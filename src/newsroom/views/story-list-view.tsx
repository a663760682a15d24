/**
 * The stories list, the staff's landing page: counts by status, the filter form (a GET form:
 * bookmarkable, works without JavaScript), one page of stories with their status and times in
 * the paper's time zone, the bulk actions (editors and owners) and paging.
 */
import type { ArticleSummary } from '../../articles/index.js';
import { formatDateTime } from '../../views/format.js';
import { DESK_CSS_URL, StatusBadge } from './desk-parts.js';

export interface StoryListFilterValues {
  q: string;
  status: string;
  section: string;
  author: string;
  from: string;
  to: string;
}

export interface StoryListProps {
  rows: { story: ArticleSummary; mayEdit: boolean }[];
  total: number;
  counts: Record<string, number>;
  filter: StoryListFilterValues;
  sections: { slug: string; name: string }[];
  authors: { slug: string; name: string }[];
  page: number;
  perPage: number;
  timeZone: string;
  csrf: string;
  /** Editors and owners: the bulk actions and their checkboxes. */
  bulk: boolean;
  /** Problems with the filter, by field (a bad date). */
  problems: { field: string; message: string }[];
}

const STATUS_LABELS: Record<string, string> = { draft: 'Drafts', scheduled: 'Scheduled', published: 'Live', unpublished: 'Unpublished' };

function query(f: StoryListFilterValues, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/admin/stories?${s}` : '/admin/stories';
}

/** When a story went or goes live, or when it was last saved. */
export function storyTime(s: ArticleSummary, timeZone: string): string {
  if (s.status === 'scheduled' && s.publishedAt) return `Publishes ${formatDateTime(s.publishedAt, timeZone)}`;
  if (s.status === 'published' && s.publishedAt) return `Live since ${formatDateTime(s.publishedAt, timeZone)}`;
  return `Saved ${formatDateTime(s.updatedAt, timeZone)}`;
}

function ProblemOf({ problems, field }: { problems: StoryListProps['problems']; field: string }) {
  const p = problems.find((x) => x.field === field);
  return p ? (
    <p class="error-message" id={`${field}-error`}>
      {p.message}
    </p>
  ) : null;
}

export function StoryListView(p: StoryListProps) {
  const pages = Math.max(1, Math.ceil(p.total / p.perPage));
  const f = p.filter;
  const invalid = (field: string) => p.problems.some((x) => x.field === field);
  return (
    <>
      <link rel="stylesheet" href={DESK_CSS_URL} />
      <div class="desk-head">
        <h1>Stories</h1>
        <a class="button" href="/admin/stories/new">
          New story
        </a>
      </div>
      <nav aria-label="Stories by status">
        <ul class="desk-counts">
          <li>
            <a href="/admin/stories" aria-current={f.status === '' ? 'page' : undefined}>
              All <span class="count">{Object.values(p.counts).reduce((a, b) => a + b, 0)}</span>
            </a>
          </li>
          {(['draft', 'scheduled', 'published', 'unpublished'] as const).map((s) => (
            <li key={s}>
              <a href={`/admin/stories?status=${s}`} aria-current={f.status === s ? 'page' : undefined}>
                {STATUS_LABELS[s]} <span class="count">{p.counts[s] ?? 0}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <form method="get" action="/admin/stories" class="desk-filters" aria-label="Find stories">
        <div class="field">
          <label for="q">Search headlines and deks</label>
          <input id="q" name="q" type="search" value={f.q} maxLength={200} />
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any status</option>
            {(['draft', 'scheduled', 'published', 'unpublished'] as const).map((s) => (
              <option key={s} value={s} selected={f.status === s}>
                {s === 'published' ? 'Live' : s[0]?.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="section">Section</label>
          <select id="section" name="section">
            <option value="">Any section</option>
            {p.sections.map((s) => (
              <option key={s.slug} value={s.slug} selected={f.section === s.slug}>
                {s.name}
              </option>
            ))}
          </select>
          <ProblemOf problems={p.problems} field="section" />
        </div>
        <div class="field">
          <label for="author">Author</label>
          <select id="author" name="author">
            <option value="">Any author</option>
            {p.authors.map((a) => (
              <option key={a.slug} value={a.slug} selected={f.author === a.slug}>
                {a.name}
              </option>
            ))}
          </select>
          <ProblemOf problems={p.problems} field="author" />
        </div>
        <div class="field">
          <label for="from">From date</label>
          <input
            id="from"
            name="from"
            type="date"
            value={f.from}
            aria-invalid={invalid('from') ? 'true' : undefined}
            aria-describedby={invalid('from') ? 'from-error' : undefined}
          />
          <ProblemOf problems={p.problems} field="from" />
        </div>
        <div class="field">
          <label for="to">To date</label>
          <input
            id="to"
            name="to"
            type="date"
            value={f.to}
            aria-invalid={invalid('to') ? 'true' : undefined}
            aria-describedby={invalid('to') ? 'to-error' : undefined}
          />
          <ProblemOf problems={p.problems} field="to" />
        </div>
        <div class="actions">
          <button type="submit" class="button">
            Filter
          </button>
          <a href="/admin/stories">Clear filters</a>
        </div>
      </form>

      <p class="desk-summary" aria-live="polite">
        {p.total === 0 ? 'No stories match.' : `${p.total} ${p.total === 1 ? 'story' : 'stories'}, page ${p.page} of ${pages}.`} Times are
        in {p.timeZone}.
      </p>

      <form method="post" action="/admin/stories/bulk" aria-label="Stories">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <div class="table-wrap">
          <table class="admin-table desk-table">
            <caption class="visually-hidden">Stories, last saved first</caption>
            <thead>
              <tr>
                {p.bulk ? <th scope="col">Select</th> : null}
                <th scope="col">Headline</th>
                <th scope="col">Status</th>
                <th scope="col">Section</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ story: s, mayEdit }) => (
                <tr key={s.id}>
                  {p.bulk ? (
                    <td>
                      <input type="checkbox" name="ids" value={s.id} id={`pick-${s.id}`} aria-labelledby={`headline-${s.id}`} />
                    </td>
                  ) : null}
                  <td>
                    <a id={`headline-${s.id}`} href={`/admin/stories/${s.id}`}>
                      {s.headline}
                    </a>
                    {mayEdit ? null : <span class="note"> (read only)</span>}
                  </td>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td>{s.section.name}</td>
                  <td>{s.authors.map((a) => a.name).join(', ')}</td>
                  <td>{storyTime(s, p.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {p.bulk && p.rows.length > 0 ? (
          <div class="desk-bulk">
            <label for="bulk-action">With the selected stories</label>
            <select id="bulk-action" name="action">
              <option value="publish">Publish</option>
              <option value="unpublish">Unpublish</option>
              <option value="delete">Delete</option>
            </select>
            <button type="submit" class="button button-secondary">
              Apply
            </button>
          </div>
        ) : null}
      </form>

      {pages > 1 ? (
        <nav aria-label="Pages" class="desk-pages pager">
          {p.page > 1 ? <a href={query(f, p.page - 1)}>Previous page</a> : null}
          <span>
            Page {p.page} of {pages}
          </span>
          {p.page < pages ? <a href={query(f, p.page + 1)}>Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}

/** The question before a bulk delete: the stories named, one button. */
export function BulkDeleteConfirm(p: { stories: { id: string; headline: string }[]; csrf: string }) {
  return (
    <>
      <link rel="stylesheet" href={DESK_CSS_URL} />
      <h1>Delete {p.stories.length === 1 ? 'this story' : `these ${p.stories.length} stories`}?</h1>
      <p>Deleting removes a story, its revisions and its address for good. Unpublishing keeps it.</p>
      <ul>
        {p.stories.map((s) => (
          <li key={s.id}>{s.headline}</li>
        ))}
      </ul>
      <form method="post" action="/admin/stories/bulk">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="action" value="delete" />
        <input type="hidden" name="confirm" value="yes" />
        {p.stories.map((s) => (
          <input key={s.id} type="hidden" name="ids" value={s.id} />
        ))}
        <button type="submit" class="button button-danger">
          Delete {p.stories.length === 1 ? 'story' : `${p.stories.length} stories`}
        </button>{' '}
        <a href="/admin/stories">Cancel</a>
      </form>
    </>
  );
}
