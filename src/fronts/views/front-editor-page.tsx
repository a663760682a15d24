/**
 * /admin/fronts/:front: the placed stories in order, each with its tier, its pin and buttons to
 * move it up or down or take it off; adding a story (search by headline); the rule for new
 * stories. One form holds every row, so Move up, Move down, Remove and Save all post the rows as
 * they stand (a changed tier is kept when a row moves). Works without JavaScript; the
 * front-order island adds drag-and-drop and keyboard reordering on top (data-front-order).
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, PostForm, problemFor } from '../../admin/index.js';
import type { ArticleSummary } from '../../articles/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatDateTime } from '../../views/format.js';
import { TIERS, type Tier } from '../front.js';
import type { EditorView } from '../front-service.js';
import { toLocalInput } from '../pin-time.js';

const TIER_NAMES: Record<Tier, string> = { lead: 'Lead', secondary: 'Secondary', list: 'List' };

/** A row as the form last had it (after a refused post, what the editor typed). */
export interface EditorRow {
  story: ArticleSummary;
  tier: string;
  /** The pin field's text. */
  pin: string;
}

export interface FrontEditorProps {
  staff: StaffMember;
  csrf: string;
  view: EditorView;
  rows: EditorRow[];
  timeZone: string;
  problems: readonly FieldProblem[];
  notice?: string | undefined;
  query: string;
  results?: ArticleSummary[] | undefined;
}

export function editorRows(view: EditorView, timeZone: string): EditorRow[] {
  return view.rows.map((r) => ({
    story: r.story,
    tier: r.entry.tier,
    pin: r.entry.pinnedUntil ? toLocalInput(r.entry.pinnedUntil, timeZone) : '',
  }));
}

function StoryCell({ story, timeZone }: { story: ArticleSummary; timeZone: string }) {
  return (
    <>
      <strong class="front-row-headline">{story.headline}</strong>
      <br />
      <span class="hint">
        {story.section.name}
        {story.publishedAt ? ` · ${formatDateTime(story.publishedAt, timeZone)}` : ''}
      </span>
    </>
  );
}

export function FrontEditorPage(p: FrontEditorProps) {
  const { front } = p.view;
  const base = `/admin/fronts/${front.slug}`;
  const formProblem = p.problems.find((x) => x.field === 'form' || x.field === 'action' || x.field === 'article');
  return (
    <AdminLayout title={`${front.name}: layout`} staff={p.staff} csrf={p.csrf} nav="fronts" scripts={['front-order']} notice={p.notice}>
      <p>
        <a href="/admin/fronts">All fronts</a>
      </p>
      <h1>{front.name}</h1>
      <p class="lede">
        Placed stories lead <a href={front.path}>{front.name === 'Front page' ? 'the front page' : `the ${front.name} front`}</a> in this
        order; the newest of the others follow below them. One story leads; secondaries are shown smaller; list stories as headlines.
      </p>
      <ErrorSummary problems={p.problems} />

      <h2 id="placed-title">Placed stories</h2>
      {p.rows.length === 0 ? (
        <p>No stories are placed: the front shows the newest stories, the newest as lead. Add a story below to lay it out.</p>
      ) : (
        <PostForm action={base} csrf={p.csrf} label="Placed stories" class="front-layout">
          {formProblem ? (
            <p class="error-message" id="form">
              {formProblem.message}
            </p>
          ) : null}
          <p class="hint" id="front-order-help">
            Pins keep a story in its place until the time given ({p.timeZone}); then it falls back among the newest stories.
          </p>
          <div class="table-wrap">
            <table class="admin-table" aria-labelledby="placed-title" data-front-order>
              <thead>
                <tr>
                  <th scope="col">Place</th>
                  <th scope="col">Story</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Pin until</th>
                  <th scope="col">Order</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((row, i) => {
                  const n = i + 1;
                  const tierError = problemFor(p.problems, `tier-${n}`);
                  const pinError = problemFor(p.problems, `pin-${n}`);
                  return (
                    <tr key={row.story.id} data-article-id={row.story.id}>
                      <td>
                        <span data-place>{n}</span>
                      </td>
                      <td>
                        <input type="hidden" name="article" value={row.story.id} />
                        <StoryCell story={row.story} timeZone={p.timeZone} />
                      </td>
                      <td class={tierError ? 'field field-error' : 'field'}>
                        <label for={`tier-${n}`}>Tier</label>
                        {tierError ? (
                          <span class="error-message" id={`tier-${n}-error`}>
                            {tierError}
                          </span>
                        ) : null}
                        <select
                          id={`tier-${n}`}
                          name="tier"
                          aria-invalid={tierError ? 'true' : undefined}
                          aria-describedby={tierError ? `tier-${n}-error` : undefined}
                        >
                          {TIERS.map((t) => (
                            <option key={t} value={t} selected={row.tier === t}>
                              {TIER_NAMES[t]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td class={pinError ? 'field field-error' : 'field'}>
                        <label for={`pin-${n}`}>Pin until</label>
                        {pinError ? (
                          <span class="error-message" id={`pin-${n}-error`}>
                            {pinError}
                          </span>
                        ) : null}
                        <input
                          id={`pin-${n}`}
                          name="pin"
                          type="datetime-local"
                          value={row.pin}
                          aria-invalid={pinError ? 'true' : undefined}
                          aria-describedby={pinError ? `pin-${n}-error front-order-help` : 'front-order-help'}
                        />
                      </td>
                      <td>
                        <div class="actions">
                          <button
                            type="submit"
                            name="action"
                            value={`up:${row.story.id}`}
                            aria-label={`Move up: ${row.story.headline}`}
                            class="button button-small button-secondary"
                          >
                            Move up
                          </button>
                          <button
                            type="submit"
                            name="action"
                            value={`down:${row.story.id}`}
                            aria-label={`Move down: ${row.story.headline}`}
                            class="button button-small button-secondary"
                          >
                            Move down
                          </button>
                          <button
                            type="submit"
                            name="action"
                            value={`remove:${row.story.id}`}
                            aria-label={`Remove: ${row.story.headline}`}
                            class="button button-small button-danger"
                          >
                            Remove
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>
            <button type="submit" name="action" value="save" class="button">
              Save layout
            </button>
          </p>
        </PostForm>
      )}

      <h2>Add a story</h2>
      <form method="get" action={base} role="search" aria-label="Find a story to add">
        <p class={problemFor(p.problems, 'articleId') ? 'field field-error' : 'field'}>
          <label for="q">Headline</label>
          {problemFor(p.problems, 'articleId') ? (
            <span class="error-message" id="articleId">
              {problemFor(p.problems, 'articleId')}
            </span>
          ) : null}
          <input id="q" name="q" type="search" value={p.query} maxLength={200} />
        </p>
        <p>
          <button type="submit" class="button button-secondary">
            Find stories
          </button>
        </p>
      </form>
      {p.results ? (
        p.results.length === 0 ? (
          <p role="status">No published stories of this front match “{p.query}”.</p>
        ) : (
          <div class="table-wrap">
            <table class="admin-table">
              <caption class="visually-hidden">Stories matching “{p.query}”</caption>
              <thead>
                <tr>
                  <th scope="col">Story</th>
                  <th scope="col">Add</th>
                </tr>
              </thead>
              <tbody>
                {p.results.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <StoryCell story={s} timeZone={p.timeZone} />
                    </td>
                    <td>
                      {p.rows.some((r) => r.story.id === s.id) ? (
                        'Placed'
                      ) : (
                        <PostForm action={`${base}/add`} csrf={p.csrf}>
                          <input type="hidden" name="articleId" value={s.id} />
                          <button type="submit" class="button button-small" aria-label={`Add to the front: ${s.headline}`}>
                            Add to the front
                          </button>
                        </PostForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}

      <h2>New stories</h2>
      <PostForm action={`${base}/rule`} csrf={p.csrf} label="New stories">
        <fieldset>
          <legend>When a story of this front is published</legend>
          <p>
            <input type="radio" id="rule-top" name="newStories" value="top" checked={p.view.newStories === 'top'} />{' '}
            <label for="rule-top">Put it on top of the front (the newest leads)</label>
          </p>
          <p>
            <input type="radio" id="rule-none" name="newStories" value="none" checked={p.view.newStories === 'none'} />{' '}
            <label for="rule-none">Not on the front: it follows the placed stories, newest first</label>
          </p>
        </fieldset>
        <p>
          <button type="submit" class="button button-secondary">
            Save rule
          </button>
        </p>
      </PostForm>
    </AdminLayout>
  );
}
