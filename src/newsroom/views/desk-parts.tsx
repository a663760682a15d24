/** Small pieces the desk's pages share: the stylesheet's address, the status badge, a field's problem. */
import type { FieldProblem } from '../../http/app-error.js';
import { DESK_CSS_HASH } from '../desk-css.js';

/** The desk's own stylesheet (beside the admin stylesheet): hashed, so cached for good. */
export const DESK_CSS_URL = `/admin/stories/desk-${DESK_CSS_HASH}.css`;

const STATUS_TEXT: Record<string, string> = { draft: 'Draft', scheduled: 'Scheduled', published: 'Live', unpublished: 'Unpublished' };

/** The status in words (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{STATUS_TEXT[status] ?? status}</span>;
}

export function problemOf(problems: readonly FieldProblem[], field: string): FieldProblem | undefined {
  return problems.find((p) => p.field === field);
}

/** A field's problem, next to it; its id is what the field's aria-describedby names. */
export function FieldError({ problems, field }: { problems: readonly FieldProblem[]; field: string }) {
  const p = problemOf(problems, field);
  return p ? (
    <p class="error-message" id={`${field}-error`}>
      {p.message}
    </p>
  ) : null;
}

/** The attributes a field with a problem carries. */
export function invalidAttrs(problems: readonly FieldProblem[], field: string, hint?: string) {
  const bad = problemOf(problems, field) !== undefined;
  const describedBy = [bad ? `${field}-error` : '', hint ?? ''].filter(Boolean).join(' ');
  return { 'aria-invalid': bad ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/** The list of problems at the top of a form, each linking to its field. */
export function ProblemSummary({ problems, labels }: { problems: readonly FieldProblem[]; labels: Record<string, string> }) {
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} id="problems">
      <h2>This story was not saved</h2>
      <ul>
        {problems.map((p) => (
          <li key={`${p.field}:${p.message}`}>
            {labels[p.field] ? <a href={`#${p.field}`}>{labels[p.field]}</a> : null}
            {labels[p.field] ? ': ' : ''}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
