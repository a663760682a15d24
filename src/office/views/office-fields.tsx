/**
 * Form pieces the business office's screens use beyond the shared ones (src/views/form-parts.tsx):
 * a labelled text area with its hint and error, and a pair of buttons where one posts elsewhere
 * (`formaction`), such as "Preview" beside "Save". Pure.
 */
import type { ComponentChildren } from 'preact';
import { problemFor } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';

export function TextArea(p: {
  name: string;
  label: string;
  hint?: string | undefined;
  value: string;
  rows?: number | undefined;
  problems: readonly FieldProblem[];
}) {
  const error = problemFor(p.problems, p.name);
  const described = [p.hint ? `${p.name}-hint` : '', error ? `${p.name}-error` : ''].filter(Boolean).join(' ');
  return (
    <p class={error ? 'field field-error' : 'field'}>
      <label for={p.name}>{p.label}</label>
      {p.hint ? (
        <span class="hint" id={`${p.name}-hint`}>
          {p.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error-message" id={`${p.name}-error`}>
          {error}
        </span>
      ) : null}
      <textarea
        id={p.name}
        name={p.name}
        rows={p.rows ?? 4}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        value={p.value}
      />
    </p>
  );
}

/** Buttons side by side; a button with `formaction` posts the same form to another address. */
export function Buttons(p: { children: ComponentChildren }) {
  return <p class="actions">{p.children}</p>;
}

export function Button(p: { children: ComponentChildren; formaction?: string | undefined; kind?: 'secondary' | 'danger' | undefined }) {
  return (
    <button type="submit" class={p.kind ? `button button-${p.kind}` : 'button'} formaction={p.formaction}>
      {p.children}
    </button>
  );
}
