/**
 * The conflict page: someone saved the story after this form was opened. Nothing was
 * overwritten. Their saved version and this copy are shown side by side, field by field where
 * they differ; "Keep my copy" saves this copy over theirs (a new revision: theirs stays in the
 * history), "Take theirs" opens their version.
 */
import { formatDateTime } from '../../views/format.js';
import { FIELD_LABELS, type StoryFormValues, type StoryIntent } from '../story-form.js';
import { DESK_CSS_URL } from './desk-parts.js';

export interface ConflictProps {
  id: string;
  csrf: string;
  timeZone: string;
  intent: StoryIntent;
  mine: StoryFormValues;
  theirs: StoryFormValues;
  theirVersion: number;
  savedBy: string;
  savedAt: Date;
  changed: (keyof StoryFormValues)[];
}

const show = (v: string | string[]) => (Array.isArray(v) ? v.join(', ') : v) || '(empty)';

export function ConflictView(p: ConflictProps) {
  return (
    <>
      <link rel="stylesheet" href={DESK_CSS_URL} />
      <h1>Someone else saved this story</h1>
      <p role="alert">
        {p.savedBy} saved version {p.theirVersion} at {formatDateTime(p.savedAt, p.timeZone)}, after you opened it. Nothing has been
        overwritten: choose which copy to keep.
      </p>
      {p.changed.length === 0 ? <p>Your copy and theirs are the same in every field.</p> : null}
      <div class="conflict">
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">Your copy (not saved)</h2>
          <dl>
            {p.changed.map((k) => (
              <div key={k}>
                <dt>{FIELD_LABELS[k]}</dt>
                <dd>{show(p.mine[k])}</dd>
              </div>
            ))}
          </dl>
          <form method="post" action={`/admin/stories/${p.id}`}>
            <input type="hidden" name="_csrf" value={p.csrf} />
            <input type="hidden" name="version" value={String(p.theirVersion)} />
            <input type="hidden" name="intent" value={p.intent} />
            {(Object.keys(p.mine) as (keyof StoryFormValues)[]).map((k) => {
              const v = p.mine[k];
              return Array.isArray(v) ? (
                v.map((x) => <input key={`${k}:${x}`} type="hidden" name={k} value={x} />)
              ) : v === '' ? null : (
                <input key={k} type="hidden" name={k} value={v} />
              );
            })}
            <button type="submit" class="button">
              Keep my copy
            </button>
          </form>
        </section>
        <section aria-labelledby="theirs-h">
          <h2 id="theirs-h">Their saved version {p.theirVersion}</h2>
          <dl>
            {p.changed.map((k) => (
              <div key={k}>
                <dt>{FIELD_LABELS[k]}</dt>
                <dd>{show(p.theirs[k])}</dd>
              </div>
            ))}
          </dl>
          <p>
            <a class="button" href={`/admin/stories/${p.id}`}>
              Take theirs
            </a>
          </p>
        </section>
      </div>
    </>
  );
}
