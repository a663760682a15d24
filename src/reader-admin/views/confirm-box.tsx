/** The tick that confirms a form which ends something or moves money, with its problem shown beside it. */
import { problemFor } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';

export function Confirm(p: { id: string; label: string; problems: readonly FieldProblem[] }) {
  const error = problemFor(p.problems, p.id);
  return (
    <p class={error ? 'field checkbox field-error' : 'field checkbox'}>
      {error ? (
        <span class="error-message" id={`${p.id}-error`}>
          {error}
        </span>
      ) : null}
      <input id={p.id} name="confirm" type="checkbox" value="yes" aria-describedby={error ? `${p.id}-error` : undefined} />
      <label for={p.id}>{p.label}</label>
    </p>
  );
}
