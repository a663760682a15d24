/**
 * The story editing page: one form (headline, dek, body, hero picture, section, tags, authors,
 * access, related stories, slug, dateline) with Save, Publish, Schedule and Unpublish; beside it
 * the status, previews (search result, social card, the page itself), a signed preview link, an
 * update note in two clicks, the latest revisions and the slug's redirect history. Without
 * JavaScript the body is a Markdown textarea; with it the editor island takes over (contract C)
 * and the desk island autosaves drafts and lets the focal point be picked on the picture.
 */
import type { FieldProblem } from '../../http/app-error.js';
import { formatDateTime } from '../../views/format.js';
import { readingMinutes } from '../desk-rules.js';
import type { NamedRevision } from '../newsroom-service.js';
import { clipText } from '../preview-text.js';
import { FIELD_LABELS, type StoryFormValues } from '../story-form.js';
import { DESK_CSS_URL, FieldError, invalidAttrs, ProblemSummary, StatusBadge } from './desk-parts.js';

export interface StoryEditProps {
  /** Absent for a new story. */
  story?:
    | {
        id: string;
        status: string;
        version: number;
        publishedAt: Date | null;
        updatedAt: Date;
        /** The reader's address of the story (its path), once it has one. */
        path: string;
      }
    | undefined;
  values: StoryFormValues;
  /** The editor island's document (contract C), as JSON. */
  bodyDocJson: string;
  /** Image id → address for the pictures already in the body (the editor shows them from it). */
  bodyImagesJson: string;
  problems: readonly FieldProblem[];
  sections: { slug: string; name: string }[];
  authors: { slug: string; name: string }[];
  timeZone: string;
  csrf: string;
  mayPublish: boolean;
  /** False: the form is shown read only (a writer on a story that is no longer their draft). */
  mayEdit: boolean;
  hero: { url: string; width: number; height: number } | null;
  oldSlugs: { slug: string; changedAt: Date }[];
  revisions: NamedRevision[];
  wordCount: number;
  site: { name: string; publicUrl: string };
  /** A preview link made just now, to copy. */
  previewLink?: { url: string; expiresAt: Date } | undefined;
  hasPreviewLinks: boolean;
  /** The update-note form's own problems and text. */
  update?: { note: string; correction: boolean; problems: readonly FieldProblem[] } | undefined;
}

function TextField(p: {
  name: keyof StoryFormValues;
  label: string;
  value: string;
  problems: readonly FieldProblem[];
  hint?: string;
  required?: boolean;
  disabled: boolean;
  maxLength?: number;
  /** A percentage 0–100 (the focal point). */
  percent?: boolean;
}) {
  const hintId = p.hint ? `${p.name}-hint` : undefined;
  return (
    <div class="field">
      <label for={p.name}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      {p.percent ? (
        <input
          id={p.name}
          name={p.name}
          type="number"
          min={0}
          max={100}
          step="any"
          value={p.value}
          disabled={p.disabled}
          {...invalidAttrs(p.problems, p.name, hintId)}
        />
      ) : (
        <input
          id={p.name}
          name={p.name}
          type="text"
          value={p.value}
          required={p.required}
          disabled={p.disabled}
          maxLength={p.maxLength}
          {...invalidAttrs(p.problems, p.name, hintId)}
        />
      )}
      <FieldError problems={p.problems} field={p.name} />
    </div>
  );
}

/**
 * The search result as the server draws it; the desk island redraws it (and the social card) as
 * the editor types: `data-preview-*` name what it fills, `data-path-prefix` is the address up to
 * the slug (a new story's section part follows the Section field), `data-fallback` the
 * description when the dek is empty (the body's first paragraph, as the server took it).
 */
function SearchPreview({
  site,
  path,
  headline,
  description,
  fallback,
}: {
  site: StoryEditProps['site'];
  path: { prefix: string; slug: string; isNew: boolean };
  headline: string;
  description: string;
  fallback: string;
}) {
  return (
    <div class="serp">
      <p class="serp-url">
        {site.publicUrl.replace(/^https?:\/\//, '')}
        <span data-preview-path data-path-prefix={path.prefix} data-path-new={path.isNew ? '' : undefined}>
          {path.prefix}
          {path.slug}
        </span>
      </p>
      <p class="serp-title" data-preview-title>
        {headline || 'Headline'}
      </p>
      <p class="serp-desc" data-preview-desc data-max="160" data-fallback={fallback}>
        {clipText(description, 160)}
      </p>
    </div>
  );
}

export function StoryEditView(p: StoryEditProps) {
  const v = p.values;
  const s = p.story;
  const disabled = !p.mayEdit;
  const action = s ? `/admin/stories/${s.id}` : '/admin/stories';
  const autosave = p.mayEdit && (!s || s.status === 'draft');
  const fallback =
    v.body
      .replace(/[#>*_`[\]-]/g, '')
      .trim()
      .split(/\n\s*\n/)[0] ?? '';
  const description = v.dek.trim() || fallback;
  const path = s
    ? { prefix: s.path.slice(0, s.path.lastIndexOf('/') + 1), slug: s.path.slice(s.path.lastIndexOf('/') + 1), isNew: false }
    : { prefix: `/${v.section || 'section'}/…/`, slug: v.slug || 'slug', isNew: true };
  const minutes = readingMinutes(p.wordCount);
  return (
    <>
      <link rel="stylesheet" href={DESK_CSS_URL} />
      <p>
        <a href="/admin/stories">All stories</a>
      </p>
      <h1>{s ? `Edit: ${v.headline || 'Untitled story'}` : 'New story'}</h1>
      {p.mayEdit ? null : (
        <p class="notice" role="note">
          You can read this story but not change it: a writer changes only their own drafts.
        </p>
      )}
      <ProblemSummary problems={p.problems} labels={FIELD_LABELS} />
      <div class="story-layout">
        <form
          method="post"
          action={action}
          noValidate
          class="story-form"
          id="story-form"
          data-story-form
          data-autosave-url={autosave ? (s ? `/admin/stories/${s.id}/autosave` : '/admin/stories/autosave') : undefined}
        >
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="hidden" name="version" value={s ? String(s.version) : ''} data-version />
          <TextField
            name="headline"
            label="Headline"
            value={v.headline}
            problems={p.problems}
            required
            disabled={disabled}
            maxLength={200}
          />
          <div class="field">
            <label for="dek">Dek</label>
            <p class="hint" id="dek-hint">
              The line under the headline; also the search and social description.
            </p>
            <textarea id="dek" name="dek" rows={2} maxLength={600} disabled={disabled} {...invalidAttrs(p.problems, 'dek', 'dek-hint')}>
              {v.dek}
            </textarea>
            <FieldError problems={p.problems} field="dek" />
          </div>
          <div class="field" data-body-editor data-upload-url="/admin/images" data-image-url-template="/media/{key}">
            <label for="body">Body</label>
            <p class="hint" id="body-hint" data-markdown-only>
              Markdown: blank line between paragraphs, ## for a heading, &gt; for a quote, - for a list.
            </p>
            <textarea id="body" name="body" rows={24} disabled={disabled} {...invalidAttrs(p.problems, 'body', 'body-hint')}>
              {v.body}
            </textarea>
            <script type="application/json" data-body-doc dangerouslySetInnerHTML={{ __html: p.bodyDocJson.replace(/</g, '\\u003c') }} />
            <script
              type="application/json"
              data-body-images
              dangerouslySetInnerHTML={{ __html: p.bodyImagesJson.replace(/</g, '\\u003c') }}
            />
            <FieldError problems={p.problems} field="body" />
            <FieldError problems={p.problems} field="bodyDoc" />
            <p class="hint">
              <span data-word-count>{p.wordCount}</span> words ·{' '}
              <span data-reading-time>
                about {minutes} {minutes === 1 ? 'minute' : 'minutes'}
              </span>{' '}
              to read
            </p>
          </div>

          <fieldset>
            <legend>Hero picture</legend>
            {p.hero ? (
              <div class="hero-pick" data-focus-picker>
                <img src={p.hero.url} width={p.hero.width} height={p.hero.height} alt={v.heroAlt || 'The hero picture (no alt text yet)'} />
              </div>
            ) : (
              <p class="hint">No picture yet.</p>
            )}
            <input type="hidden" name="heroImageId" id="heroImageId" value={v.heroImageId} data-hero-id />
            <FieldError problems={p.problems} field="heroImageId" />
            <div class="field">
              <label for="hero-file">Upload a picture (JPEG, PNG or WebP)</label>
              <p class="hint" id="hero-file-hint">
                Without JavaScript, save your changes first: uploading reloads this page.
              </p>
              <input
                id="hero-file"
                type="file"
                name="file"
                accept="image/jpeg,image/png,image/webp"
                form="hero-upload"
                aria-describedby="hero-file-hint"
                disabled={disabled}
              />
              <button class="button button-secondary" type="submit" form="hero-upload" disabled={disabled}>
                Upload picture
              </button>
            </div>
            <TextField
              name="heroAlt"
              label="Alt text"
              value={v.heroAlt}
              problems={p.problems}
              hint="Required with a picture: what it shows, for readers who cannot see it."
              disabled={disabled}
              maxLength={400}
            />
            <TextField name="heroCaption" label="Caption" value={v.heroCaption} problems={p.problems} disabled={disabled} maxLength={600} />
            <TextField name="heroCredit" label="Credit" value={v.heroCredit} problems={p.problems} disabled={disabled} maxLength={200} />
            <div class="focus-pair">
              <TextField
                name="heroFocusX"
                label="Focal point across (%)"
                value={v.heroFocusX}
                problems={p.problems}
                disabled={disabled}
                percent
              />
              <TextField
                name="heroFocusY"
                label="Focal point down (%)"
                value={v.heroFocusY}
                problems={p.problems}
                disabled={disabled}
                percent
              />
            </div>
            {v.heroImageId ? (
              <label>
                <input type="checkbox" name="heroRemove" value="yes" disabled={disabled} /> Remove the picture
              </label>
            ) : null}
          </fieldset>

          <div class="field">
            <label for="section">Section</label>
            <select id="section" name="section" required disabled={disabled} {...invalidAttrs(p.problems, 'section')}>
              <option value="">Choose a section</option>
              {p.sections.map((x) => (
                <option key={x.slug} value={x.slug} selected={v.section === x.slug}>
                  {x.name}
                </option>
              ))}
            </select>
            <FieldError problems={p.problems} field="section" />
          </div>
          <fieldset id="authors" {...invalidAttrs(p.problems, 'authors')}>
            <legend>Authors</legend>
            <div class="checks">
              {p.authors.map((a) => (
                <label key={a.slug}>
                  <input type="checkbox" name="authors" value={a.slug} checked={v.authors.includes(a.slug)} disabled={disabled} />
                  {a.name}
                </label>
              ))}
            </div>
            <FieldError problems={p.problems} field="authors" />
          </fieldset>
          <TextField
            name="tags"
            label="Tags"
            value={v.tags}
            problems={p.problems}
            hint="Tag slugs, separated by commas (e.g. harbour, ferries)."
            disabled={disabled}
          />
          <div class="field">
            <label for="access">Access</label>
            <select id="access" name="access" disabled={disabled} {...invalidAttrs(p.problems, 'access')}>
              <option value="metered" selected={v.access === 'metered'}>
                Metered: counts against the free allowance
              </option>
              <option value="free" selected={v.access === 'free'}>
                Free to everyone
              </option>
              <option value="subscribers" selected={v.access === 'subscribers'}>
                Subscribers only
              </option>
            </select>
            <FieldError problems={p.problems} field="access" />
          </div>
          <TextField
            name="related"
            label="Related stories"
            value={v.related}
            problems={p.problems}
            hint="Slugs of other stories, separated by commas."
            disabled={disabled}
          />
          <TextField
            name="dateline"
            label="Dateline"
            value={v.dateline}
            problems={p.problems}
            hint="Where the story was reported, e.g. PORT ELLEN."
            disabled={disabled}
            maxLength={100}
          />
          <TextField
            name="slug"
            label="Slug"
            value={v.slug}
            problems={p.problems}
            hint="The last part of the address. Leave empty to make one from the headline; a changed slug redirects from the old one."
            disabled={disabled}
            maxLength={80}
          />
          {p.oldSlugs.length > 0 ? (
            <div class="field">
              <p>Earlier slugs (each redirects here):</p>
              <ul>
                {p.oldSlugs.map((o) => (
                  <li key={o.slug}>
                    <code>{o.slug}</code>, until {formatDateTime(o.changedAt, p.timeZone)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {p.mayPublish && p.mayEdit && s?.status !== 'published' ? (
            <div class="field">
              <label for="publishAt">Publish at ({p.timeZone})</label>
              <p class="hint" id="publishAt-hint">
                For Schedule: the date and time the story goes live.
              </p>
              <input
                id="publishAt"
                name="publishAt"
                type="datetime-local"
                value={v.publishAt}
                {...invalidAttrs(p.problems, 'publishAt', 'publishAt-hint')}
              />
              <FieldError problems={p.problems} field="publishAt" />
            </div>
          ) : null}

          {p.mayEdit ? (
            <div class="story-actions">
              <button class="button" type="submit" name="intent" value="save">
                {s && s.status !== 'draft' ? 'Save changes' : 'Save draft'}
              </button>
              {p.mayPublish && s?.status !== 'published' ? (
                <button class="button button-secondary" type="submit" name="intent" value="publish">
                  Publish
                </button>
              ) : null}
              {p.mayPublish && s?.status !== 'published' ? (
                <button class="button button-secondary" type="submit" name="intent" value="schedule">
                  Schedule
                </button>
              ) : null}
              {p.mayPublish && s?.status === 'published' ? (
                <button class="button button-secondary" type="submit" name="intent" value="unpublish">
                  Unpublish
                </button>
              ) : null}
              <p class="save-state" role="status" data-save-state>
                {s ? `Version ${s.version}, saved ${formatDateTime(s.updatedAt, p.timeZone)}` : 'Not saved yet'}
              </p>
            </div>
          ) : null}
        </form>

        <aside class="story-side" aria-label="About this story">
          <section>
            <h2>Status</h2>
            {s ? (
              <>
                <p>
                  <StatusBadge status={s.status} />{' '}
                  {s.status === 'scheduled' && s.publishedAt ? `publishes ${formatDateTime(s.publishedAt, p.timeZone)}` : null}
                  {s.status === 'published' && s.publishedAt ? `since ${formatDateTime(s.publishedAt, p.timeZone)}` : null}
                </p>
                <p>
                  <a href={`/admin/stories/${s.id}/preview`}>Preview</a> ·{' '}
                  <a href={`/admin/stories/${s.id}/preview?as=walled`}>Preview as a walled reader</a>
                  {s.status === 'published' ? (
                    <>
                      {' '}
                      · <a href={s.path}>Open on the site</a>
                    </>
                  ) : null}
                </p>
              </>
            ) : (
              <p>Not saved yet.</p>
            )}
          </section>
          {s ? <PreviewLinkBox id={s.id} csrf={p.csrf} link={p.previewLink} has={p.hasPreviewLinks} timeZone={p.timeZone} /> : null}
          {s && p.mayEdit ? <UpdateNoteForm id={s.id} version={s.version} csrf={p.csrf} update={p.update} /> : null}
          <section>
            <h2>In search results</h2>
            <SearchPreview site={p.site} path={path} headline={v.headline} description={description} fallback={fallback} />
          </section>
          <section>
            <h2>As a social card</h2>
            <div class="social-card">
              {p.hero ? <img src={p.hero.url} alt="" width={p.hero.width} height={p.hero.height} /> : null}
              <div class="sc-body">
                <p class="sc-site">{p.site.name}</p>
                <p class="sc-title" data-preview-title>
                  {v.headline || 'Headline'}
                </p>
                <p class="sc-desc" data-preview-desc data-max="200" data-fallback={fallback}>
                  {clipText(description, 200)}
                </p>
              </div>
            </div>
          </section>
          {s ? (
            <section>
              <h2>Revisions</h2>
              <ol reversed>
                {p.revisions.slice(0, 5).map((r) => (
                  <li key={r.version} value={r.version}>
                    Version {r.version}: {r.who}, {formatDateTime(r.savedAt, p.timeZone)}
                  </li>
                ))}
              </ol>
              <p>
                <a href={`/admin/stories/${s.id}/revisions`}>All revisions, differences and restore</a>
              </p>
            </section>
          ) : null}
        </aside>
      </div>
      {/* The picture's own form: its file field and button sit in the hero fieldset (form="hero-upload"). */}
      <form id="hero-upload" method="post" action="/admin/images" enctype="multipart/form-data" data-hero-upload>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="return" value={s ? `/admin/stories/${s.id}` : '/admin/stories/new'} />
      </form>
    </>
  );
}

function PreviewLinkBox(p: { id: string; csrf: string; link: StoryEditProps['previewLink']; has: boolean; timeZone: string }) {
  return (
    <section>
      <h2>Preview link</h2>
      <p class="hint">For someone without an account: it shows the story as readers will, until it expires or you revoke it.</p>
      {p.link ? (
        <div class="link-box">
          <label for="preview-link">Preview link (expires {formatDateTime(p.link.expiresAt, p.timeZone)})</label>
          <input id="preview-link" type="text" readOnly value={p.link.url} data-copy-source />
          <button class="button button-small" type="button" data-copy-button hidden>
            Copy link
          </button>
        </div>
      ) : null}
      <form method="post" action={`/admin/stories/${p.id}/preview-link`}>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <div class="field">
          <label for="preview-days">Valid for</label>
          <select id="preview-days" name="days">
            <option value="1">1 day</option>
            <option value="7" selected>
              7 days
            </option>
            <option value="30">30 days</option>
          </select>
        </div>
        <label>
          <input type="checkbox" name="pin" value="yes" /> Only this version (the link stops at the next save)
        </label>
        <p>
          <button type="submit" class="button button-secondary">
            Make a preview link
          </button>
        </p>
      </form>
      {p.has ? (
        <form method="post" action={`/admin/stories/${p.id}/preview-link/revoke`}>
          <input type="hidden" name="_csrf" value={p.csrf} />
          <button type="submit" class="button button-secondary">
            Revoke all preview links
          </button>
        </form>
      ) : null}
    </section>
  );
}

function UpdateNoteForm(p: { id: string; version: number; csrf: string; update: StoryEditProps['update'] }) {
  const problems = p.update?.problems ?? [];
  return (
    <section>
      <h2>Add an update</h2>
      <form method="post" action={`/admin/stories/${p.id}/updates`} class="update-form">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="version" value={String(p.version)} />
        <div class="field">
          <label for="note">Update note</label>
          <textarea id="note" name="note" rows={3} maxLength={2000} required {...invalidAttrs(problems, 'note')}>
            {p.update?.note ?? ''}
          </textarea>
          <FieldError problems={problems} field="note" />
        </div>
        <label>
          <input type="checkbox" name="correction" value="yes" checked={p.update?.correction ?? false} /> This is a correction
        </label>
        <p>
          <button type="submit" class="button button-secondary">
            Add update
          </button>
        </p>
      </form>
    </section>
  );
}
