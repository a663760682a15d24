/**
 * /admin/magazine/editions/:number: one edition. A draft: its cover story, cover picture, cover
 * date and editor's note (one form), its stories in order with Up, Down and Drop (one form; every
 * button posts the version the page showed, so a change someone saved meanwhile is refused, not
 * overwritten), "Add a story" from a search of published stories, and the way to freeze it (a
 * confirmation page). Each story without a picture says beside it that it keeps the edition from
 * the printer. A frozen edition: the same, read-only, with its PDFs.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, PostForm, problemFor, SelectField, StoryOrderButtons } from '../../admin/index.js';
import type { ArticleSummary } from '../../articles/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatDateTime } from '../../views/format.js';
import { editionLabel, type MagazineEdition } from '../magazine.js';
import type { EditionPdf } from '../magazine-pdf.js';
import { MAX_NOTE_LENGTH } from '../magazine-schemas.js';
import { dayInWords, editionPath, PdfLinks } from './edition-parts.js';

/** A story as the edition's page lists it. */
export interface StoryLine {
  id: string;
  headline: string;
  section: string;
  /** Still published on the website (a frozen edition's stories are as printed). */
  published: boolean;
  hasPicture: boolean;
}

export interface CoverPicture {
  url: string;
  width: number;
  height: number;
  alt: string;
}

export interface EditionEditProps {
  staff: StaffMember;
  csrf: string;
  edition: MagazineEdition;
  stories: readonly StoryLine[];
  cover: CoverPicture | null;
  coverChoices: readonly { value: string; label: string }[];
  /** The form's values: the edition's, or what was posted when it came back with a problem. */
  values: { coverStory: string; coverImage: string; editorNote: string; coverDate: string };
  problems: readonly FieldProblem[];
  notice?: string | undefined;
  query: string;
  results: readonly ArticleSummary[] | undefined;
  /** What keeps a draft from the printer (none: it may be frozen). */
  freezeProblems: readonly FieldProblem[];
  pdfs: readonly EditionPdf[];
  /** Who saved it last, by name. */
  savedBy: string;
  timeZone: string;
}

function StoryRow({ story, index, count, editable }: { story: StoryLine; index: number; count: number; editable: boolean }) {
  return (
    <tr>
      <td>{index + 1}</td>
      <td>
        <span class="story-headline">{story.headline}</span> <span class="hint">{story.section}</span>
        {story.hasPicture ? null : (
          <strong class="blocker" id={`no-picture-${story.id}`}>
            No picture: this story keeps the edition from the printer. <a href={`/admin/stories/${story.id}`}>Give it one</a> or drop it.
          </strong>
        )}
        {story.published ? null : <strong class="blocker">No longer published on the website.</strong>}
      </td>
      {editable ? (
        <td>
          <StoryOrderButtons id={story.id} headline={story.headline} index={index} count={count} wrapperClass="actions" small />
        </td>
      ) : null}
    </tr>
  );
}

function Version({ edition }: { edition: MagazineEdition }) {
  return <input type="hidden" name="version" value={String(edition.version)} />;
}

export function EditionEditPage(p: EditionEditProps) {
  const e = p.edition;
  const draft = e.status === 'draft';
  const action = editionPath(e.number);
  const noteError = problemFor(p.problems, 'editor_note');
  const dateError = problemFor(p.problems, 'cover_date');
  return (
    <AdminLayout title={`Magazine No. ${e.number}`} staff={p.staff} csrf={p.csrf} nav="magazine" notice={p.notice}>
      <p>
        <a href="/admin/magazine">All editions</a>
      </p>
      <h1>
        Edition No. {e.number}: {editionLabel(e)}
      </h1>
      <p class="lede">
        The week of {dayInWords(e.weekOf)}, cover date {dayInWords(e.coverDate)}.{' '}
        {draft
          ? `A draft, version ${e.version}, last saved by ${p.savedBy} at ${formatDateTime(e.updatedAt, p.timeZone)}.`
          : `Frozen ${e.frozenAt ? formatDateTime(e.frozenAt, p.timeZone) : ''}: it went to the printer and no longer changes.`}
      </p>
      <ErrorSummary problems={p.problems} />

      {draft ? null : (
        <section class="panel" aria-labelledby="pdf-h">
          <h2 id="pdf-h">Print-ready PDF</h2>
          <p class="hint">Made once on the server (it takes a little while), then kept: every later download is the same file.</p>
          <PdfLinks edition={e} pdfs={p.pdfs} csrf={p.csrf} />
          <p>
            <a href={`/magazine/${e.number}`}>The edition’s page on the website</a>
          </p>
        </section>
      )}

      <h2>Cover and editor’s note</h2>
      {p.cover ? (
        <figure class="cover-preview">
          <img src={p.cover.url} width={p.cover.width} height={p.cover.height} alt={p.cover.alt || 'The cover picture'} />
          <figcaption class="hint">The cover picture</figcaption>
        </figure>
      ) : (
        <p class="hint">No cover picture yet: it is the cover story’s picture unless you choose another.</p>
      )}
      {draft ? (
        <PostForm action={action} csrf={p.csrf} label="Cover and editor’s note">
          <Version edition={e} />
          {p.coverChoices.length > 0 ? (
            <>
              <SelectField
                name="cover_story"
                label="Cover story"
                hint="Its headline is the cover line."
                value={p.values.coverStory}
                options={p.stories.map((s) => ({ value: s.id, label: s.headline }))}
                problems={p.problems}
              />
              <SelectField
                name="cover_image"
                label="Cover picture"
                value={p.values.coverImage}
                options={p.coverChoices}
                problems={p.problems}
              />
            </>
          ) : null}
          <p class={dateError ? 'field field-error' : 'field'}>
            <label for="cover_date">Cover date</label>
            <span class="hint" id="cover_date-hint">
              The date printed on the cover (YYYY-MM-DD); the Monday after the week by default.
            </span>
            {dateError ? (
              <span class="error-message" id="cover_date-error">
                {dateError}
              </span>
            ) : null}
            <input
              id="cover_date"
              name="cover_date"
              type="date"
              value={p.values.coverDate}
              aria-describedby={dateError ? 'cover_date-hint cover_date-error' : 'cover_date-hint'}
              aria-invalid={dateError ? 'true' : undefined}
            />
          </p>
          <p class={noteError ? 'field field-error' : 'field'}>
            <label for="editor_note">Editor’s note</label>
            <span class="hint" id="editor_note-hint">
              Printed beside the contents and shown on the edition’s page; up to {MAX_NOTE_LENGTH} characters. An empty line starts a new
              paragraph.
            </span>
            {noteError ? (
              <span class="error-message" id="editor_note-error">
                {noteError}
              </span>
            ) : null}
            <textarea
              id="editor_note"
              name="editor_note"
              rows={8}
              aria-describedby={noteError ? 'editor_note-hint editor_note-error' : 'editor_note-hint'}
              aria-invalid={noteError ? 'true' : undefined}
            >
              {p.values.editorNote}
            </textarea>
          </p>
          <p>
            <button type="submit" class="button" name="action" value="save">
              Save cover and note
            </button>
          </p>
        </PostForm>
      ) : (
        <dl class="facts">
          <dt>Cover story</dt>
          <dd>{p.stories.find((s) => s.id === e.coverArticleId)?.headline ?? p.stories[0]?.headline ?? 'None'}</dd>
          <dt>Editor’s note</dt>
          <dd class="note">{e.editorNote || 'None'}</dd>
        </dl>
      )}

      <h2>Stories, in the magazine’s order</h2>
      {p.stories.length === 0 ? <p>No stories yet: add them below.</p> : null}
      <PostForm action={action} csrf={p.csrf} label="The edition’s stories">
        <Version edition={e} />
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Stories of this edition, in order</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Story</th>
                {draft ? <th scope="col">Move or drop</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.stories.map((s, i) => (
                <StoryRow key={s.id} story={s} index={i} count={p.stories.length} editable={draft} />
              ))}
            </tbody>
          </table>
        </div>
      </PostForm>

      {draft ? (
        <>
          <section aria-labelledby="add-h">
            <h2 id="add-h">Add a story</h2>
            <form method="get" action={action} role="search" aria-label="Find a story to add">
              <p class="field">
                <label for="q">Search published stories</label>
                <span class="hint" id="q-hint">
                  Words of the headline, dek or text.
                </span>
                <input id="q" name="q" type="search" value={p.query} maxLength={200} aria-describedby="q-hint" />
              </p>
              <p>
                <button type="submit" class="button button-secondary">
                  Search
                </button>
              </p>
            </form>
            {p.results ? (
              p.results.length === 0 ? (
                <p>No published story that is not in the edition matches “{p.query}”.</p>
              ) : (
                <PostForm action={action} csrf={p.csrf} label="Stories found">
                  <Version edition={e} />
                  <ul class="found">
                    {p.results.map((s) => (
                      <li key={s.id}>
                        <button
                          type="submit"
                          class="button button-secondary button-small"
                          name="action"
                          value={`add:${s.id}`}
                          aria-label={`Add “${s.headline}” at the end`}
                        >
                          Add
                        </button>{' '}
                        {s.headline} <span class="hint">{s.section.name}</span>
                        {s.hero ? null : <strong class="blocker">No picture</strong>}
                      </li>
                    ))}
                  </ul>
                </PostForm>
              )
            ) : null}
          </section>
          <section class="panel" aria-labelledby="freeze-h">
            <h2 id="freeze-h">Send to the printer</h2>
            {p.freezeProblems.length > 0 ? (
              <div class="warning">
                <p>It cannot be frozen yet:</p>
                <ul>
                  {p.freezeProblems.map((f) => (
                    <li key={f.field}>{f.message}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p>
                Freezing keeps the edition as it is now: later corrections on the website do not change it.{' '}
                <a class="button" href={`${action}/freeze`}>
                  Freeze for the printer…
                </a>
              </p>
            )}
          </section>
        </>
      ) : null}
    </AdminLayout>
  );
}

/** The confirmation before freezing: what goes to the printer, and the one button that sends it. */
export function FreezeConfirmPage(p: {
  staff: StaffMember;
  csrf: string;
  edition: MagazineEdition;
  stories: readonly StoryLine[];
  problems: readonly FieldProblem[];
}) {
  const e = p.edition;
  const action = editionPath(e.number);
  return (
    <AdminLayout title={`Freeze magazine No. ${e.number}?`} staff={p.staff} csrf={p.csrf} nav="magazine">
      <h1>Freeze edition No. {e.number} for the printer?</h1>
      <ErrorSummary problems={p.problems} />
      <p>
        {editionLabel(e)}, cover date {dayInWords(e.coverDate)}, {p.stories.length} {p.stories.length === 1 ? 'story' : 'stories'}:
      </p>
      <ol>
        {p.stories.map((s) => (
          <li key={s.id}>{s.headline}</li>
        ))}
      </ol>
      <p class="warning">
        Once frozen, the edition no longer changes: its stories are kept as they are now, and later corrections on the website are not
        printed. It cannot be undone.
      </p>
      <PostForm action={`${action}/freeze`} csrf={p.csrf} label="Freeze the edition">
        <Version edition={e} />
        <p class="actions">
          <button type="submit" class="button">
            Freeze edition No. {e.number}
          </button>
          <a href={action}>No, back to the edition</a>
        </p>
      </PostForm>
    </AdminLayout>
  );
}
