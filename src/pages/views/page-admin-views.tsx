/** /admin/pages (the list) and /admin/pages/:slug (the form: Title, Body in Markdown, Save). */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, Field, PostForm, problemFor } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatDateTime } from '../../views/format.js';
import { MAX_BODY, MAX_TITLE, type StaticPage } from '../static-page.js';

export function PageListPage(p: { staff: StaffMember; csrf: string; pages: StaticPage[]; timeZone: string }) {
  return (
    <AdminLayout title="Pages" staff={p.staff} csrf={p.csrf} nav="pages">
      <h1>Pages</h1>
      <p class="lede">The paper’s standing pages, linked from the foot of every page of the site once they are written.</p>
      <div class="table-wrap">
        <table class="admin-table">
          <caption class="visually-hidden">Pages</caption>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Address</th>
              <th scope="col">Last saved</th>
            </tr>
          </thead>
          <tbody>
            {p.pages.map((page) => (
              <tr key={page.slug}>
                <td>
                  <a href={`/admin/pages/${page.slug}`}>{page.title}</a>
                </td>
                <td>
                  {page.updatedAt ? (
                    <a href={`/${page.slug}`} aria-label={`View ${page.title} on the site`}>
                      /{page.slug}
                    </a>
                  ) : (
                    `/${page.slug}`
                  )}
                </td>
                <td>{page.updatedAt ? formatDateTime(page.updatedAt, p.timeZone) : 'Not written yet (not on the site)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

export function PageEditPage(p: {
  staff: StaffMember;
  csrf: string;
  page: StaticPage;
  title: string;
  body: string;
  problems: readonly FieldProblem[];
  notice?: string | undefined;
  timeZone: string;
}) {
  const bodyError = problemFor(p.problems, 'body');
  return (
    <AdminLayout title={`Edit: ${p.page.title}`} staff={p.staff} csrf={p.csrf} nav="pages" notice={p.notice}>
      <p>
        <a href="/admin/pages">All pages</a>
      </p>
      <h1>{p.page.title}</h1>
      <p class="lede">
        {p.page.updatedAt ? (
          <>
            At <a href={`/${p.page.slug}`}>/{p.page.slug}</a> (view the page). Last saved {formatDateTime(p.page.updatedAt, p.timeZone)}.
          </>
        ) : (
          <>Not written yet: once saved, it is published at /{p.page.slug} and linked from the site’s footer.</>
        )}
      </p>
      <ErrorSummary problems={p.problems} />
      <PostForm action={`/admin/pages/${p.page.slug}`} csrf={p.csrf} label={`Edit ${p.page.title}`} class="page-form">
        <Field name="title" label="Title" value={p.title} required maxLength={MAX_TITLE} problems={p.problems} />
        <p class={bodyError ? 'field field-error' : 'field'}>
          <label for="body">Body</label>
          <span class="hint" id="body-hint">
            Markdown: a blank line between paragraphs, ## for a heading, **bold**, [a link](https://…), - for a list.
          </span>
          {bodyError ? (
            <span class="error-message" id="body-error">
              {bodyError}
            </span>
          ) : null}
          <textarea
            id="body"
            name="body"
            rows={20}
            maxLength={MAX_BODY}
            aria-invalid={bodyError ? 'true' : undefined}
            aria-describedby={bodyError ? 'body-hint body-error' : 'body-hint'}
            value={p.body}
          />
        </p>
        <p>
          <button type="submit" class="button">
            Save
          </button>
        </p>
      </PostForm>
    </AdminLayout>
  );
}
