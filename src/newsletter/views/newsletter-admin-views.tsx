/**
 * /admin/newsletter (the editions, and a form to assemble one for a date) and
 * /admin/newsletter/:date (an edition: subject and intro, its stories with Up, Down and Drop,
 * Add a story, preview, send a test, schedule or hold). Plain forms: every button posts the
 * form it is in; nothing needs JavaScript.
 */

import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, Field, PostForm, SelectField, StoryOrderButtons, Submit } from '../../admin/index.js';
import type { ArticleSummary } from '../../articles/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatDateTime } from '../../views/format.js';
import { decideEdit, type Edition, type EditionStatus, MAX_INTRO_LENGTH, MAX_SUBJECT_LENGTH } from '../edition.js';
import { dateLabel, viewInBrowserPath } from '../edition-presenter.js';
import type { EditionReport } from '../edition-report.js';
import type { EditionView } from '../newsletter-service.js';
import { EditionReportSection } from './edition-report-view.js';

const STATUS_WORDS: Record<EditionStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  held: 'Held',
};

function statusLine(e: Edition, timeZone: string): string {
  if (e.status === 'scheduled' && e.sendAt) return `Scheduled for ${formatDateTime(e.sendAt, timeZone)}`;
  if (e.status === 'sent' && e.sentAt) return `Sent ${formatDateTime(e.sentAt, timeZone)}`;
  return STATUS_WORDS[e.status];
}

export function EditionListPage(p: {
  staff: StaffMember;
  csrf: string;
  editions: EditionView[];
  today: string;
  problems: readonly FieldProblem[];
  timeZone: string;
}) {
  return (
    <AdminLayout title="Daily email" staff={p.staff} csrf={p.csrf} nav="newsletter">
      <h1>Daily email</h1>
      <p class="lede">
        Each morning’s edition is assembled from the front page by itself; open one to change its stories, subject and intro, preview it,
        send yourself a test, and schedule or hold it.
      </p>
      <ErrorSummary problems={p.problems} />
      <PostForm action="/admin/newsletter" csrf={p.csrf} label="Assemble an edition">
        <Field
          name="date"
          label="Date of the edition"
          hint="YYYY-MM-DD, in the paper’s time zone"
          value={p.today}
          required
          problems={p.problems}
        />
        <Submit>Assemble or open</Submit>
      </PostForm>
      <div class="table-wrap">
        <table class="admin-table stack">
          <caption class="visually-hidden">Editions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Subject</th>
              <th scope="col">Stories</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {p.editions.length === 0 ? (
              <tr>
                <td colSpan={4}>No edition yet.</td>
              </tr>
            ) : (
              p.editions.map(({ edition, stories }) => (
                <tr key={edition.id}>
                  <td>
                    <a href={`/admin/newsletter/${edition.date}`}>{dateLabel(edition.date)}</a>
                  </td>
                  <td>{edition.subject}</td>
                  <td>{stories.length}</td>
                  <td>{statusLine(edition, p.timeZone)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

function StoryRow({ story, index, count, editable }: { story: ArticleSummary; index: number; count: number; editable: boolean }) {
  const live = story.status === 'published';
  return (
    <tr>
      <td>{index + 1}</td>
      <td>
        {story.headline}
        {live ? null : <strong> (no longer published: left out of the email)</strong>}
        {story.access === 'subscribers' ? <span class="hint"> Subscribers only</span> : null}
      </td>
      <td>
        {editable ? (
          <StoryOrderButtons id={story.id} headline={story.headline} index={index} count={count} wrapperClass="row-actions" />
        ) : null}
      </td>
    </tr>
  );
}

export interface EditionPageProps {
  /** After sending: what happened to it (null before it has recipients). */
  report?: EditionReport | null;
  staff: StaffMember;
  csrf: string;
  view: EditionView;
  candidates: ArticleSummary[];
  subject: string;
  intro: string;
  problems: readonly FieldProblem[];
  notice?: string | undefined;
  now: Date;
  timeZone: string;
  minStories: number;
}

export function EditionEditPage(p: EditionPageProps) {
  const e = p.view.edition;
  const editable = decideEdit(e, p.now).allow;
  const action = `/admin/newsletter/${e.date}`;
  const live = p.view.stories.filter((s) => s.status === 'published').length;
  return (
    <AdminLayout title={`Daily email: ${dateLabel(e.date)}`} staff={p.staff} csrf={p.csrf} nav="newsletter" notice={p.notice}>
      <p>
        <a href="/admin/newsletter">All editions</a>
      </p>
      <h1>Daily email of {dateLabel(e.date)}</h1>
      <p class="lede">
        {statusLine(e, p.timeZone)}. {live} published {live === 1 ? 'story' : 'stories'} (at least {p.minStories} to go out).{' '}
        {editable ? null : 'It can no longer change.'}
      </p>
      <ErrorSummary problems={p.problems} />
      <p>
        Preview: <a href={`${action}/preview`}>the email</a> · <a href={`${action}/preview?format=text`}>its plain text</a>
        {e.status === 'sent' || e.status === 'sending' ? (
          <>
            {' '}
            · <a href={viewInBrowserPath(e.date)}>the page readers open from it</a>
          </>
        ) : null}
      </p>
      {p.report && p.report.recipients > 0 ? <EditionReportSection report={p.report} /> : null}

      <PostForm action={action} csrf={p.csrf} label="Subject, intro and stories">
        <h2>Subject and intro</h2>
        <Field name="subject" label="Subject" value={p.subject} required maxLength={MAX_SUBJECT_LENGTH} problems={p.problems} />
        <Field
          name="intro"
          label="Intro line"
          hint="One or two sentences above the stories; leave empty for none."
          value={p.intro}
          maxLength={MAX_INTRO_LENGTH}
          problems={p.problems}
        />
        {editable ? (
          <p>
            <button type="submit" class="button" name="action" value="save">
              Save subject and intro
            </button>
          </p>
        ) : null}
        <h2>Stories, in the email’s order</h2>
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Stories of this edition</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Story</th>
                <th scope="col">Move or drop</th>
              </tr>
            </thead>
            <tbody>
              {p.view.stories.map((s, i) => (
                <StoryRow key={s.id} story={s} index={i} count={p.view.stories.length} editable={editable} />
              ))}
            </tbody>
          </table>
        </div>
      </PostForm>

      {editable ? (
        <>
          <PostForm action={action} csrf={p.csrf} label="Add a story">
            <h2>Add a story</h2>
            {p.candidates.length > 0 ? (
              <>
                <SelectField
                  name="story"
                  label="Story from the front page"
                  options={p.candidates.map((c) => ({ value: c.id, label: c.headline }))}
                  problems={p.problems}
                />
                <p>
                  <button type="submit" class="button button-secondary" name="action" value="add">
                    Add at the end
                  </button>
                </p>
              </>
            ) : (
              <p>Every published story on the front page is in this edition.</p>
            )}
          </PostForm>
          <PostForm action={action} csrf={p.csrf} label="Schedule or hold">
            <h2>Schedule or hold</h2>
            <Field
              name="time"
              label="Send at"
              hint="HH:MM on the edition’s date, in the paper’s time zone; empty: the usual time, or at once when it has passed."
              problems={p.problems}
            />
            <p>
              <button type="submit" class="button" name="action" value="schedule">
                Schedule
              </button>{' '}
              <button type="submit" class="button button-secondary" name="action" value="hold">
                Hold
              </button>
            </p>
          </PostForm>
        </>
      ) : null}

      <PostForm action={action} csrf={p.csrf} label="Send a test">
        <h2>Send a test</h2>
        <Field
          name="to"
          label="Staff addresses"
          hint="Up to five, separated by commas; only addresses of active staff members."
          value={p.staff.email}
          problems={p.problems}
        />
        <p>
          <button type="submit" class="button button-secondary" name="action" value="test">
            Send a test
          </button>
        </p>
      </PostForm>
    </AdminLayout>
  );
}
