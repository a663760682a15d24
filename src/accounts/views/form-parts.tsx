/**
 * Pieces of every account form: the error summary (linked to the fields, as in the GOV.UK
 * Design System's pattern), labelled fields with their error, and the hidden CSRF field.
 */
import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../http/app-error.js';
import { CSRF_FIELD } from '../../http/csrf.js';

export function ErrorSummary({ problems }: { problems: readonly FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.field}>{p.field === 'form' ? p.message : <a href={`#${p.field}`}>{p.message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

export function problemFor(problems: readonly FieldProblem[], field: string): string | undefined {
  return problems.find((p) => p.field === field)?.message;
}

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string | undefined;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  maxLength?: number;
  problems: readonly FieldProblem[];
}

export function Field({ name, label, type = 'text', value, autocomplete, hint, required, maxLength, problems }: FieldProps) {
  const error = problemFor(problems, name);
  const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  const aria = { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': described || undefined };
  return (
    <p class={error ? 'field field-error' : 'field'}>
      <label for={name}>{label}</label>
      {hint ? (
        <span class="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="error-message" id={`${name}-error`}>
          {error}
        </span>
      ) : null}
      {type === 'password' ? (
        <input id={name} name={name} type="password" autocomplete={autocomplete} required={required} maxLength={maxLength} {...aria} />
      ) : type === 'email' ? (
        <input
          id={name}
          name={name}
          type="email"
          value={value}
          autocomplete={autocomplete}
          required={required}
          maxLength={maxLength}
          {...aria}
        />
      ) : (
        <input
          id={name}
          name={name}
          type="text"
          value={value}
          autocomplete={autocomplete}
          required={required}
          maxLength={maxLength}
          {...aria}
        />
      )}
    </p>
  );
}

export function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <p class="field checkbox">
      <input id={name} name={name} type="checkbox" value="yes" checked={checked} />
      <label for={name}>{label}</label>
    </p>
  );
}

/** A POST form with its CSRF token. */
export function PostForm({ action, csrf, label, children }: { action: string; csrf: string; label?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={action} aria-label={label} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      {children}
    </form>
  );
}

export function Submit({ children }: { children: ComponentChildren }) {
  return (
    <p>
      <button type="submit" class="button">
        {children}
      </button>
    </p>
  );
}

/** The reader's email address field, as the sign-up and reset forms have it. */
export function EmailField({ value, problems }: { value: string; problems: readonly FieldProblem[] }) {
  return (
    <Field
      name="email"
      label="Email address"
      type="email"
      value={value}
      autocomplete="email"
      required
      maxLength={254}
      problems={problems}
    />
  );
}

/** Where to bring the reader back afterwards, carried by every form of the sign-in pages. */
export function ReturnField({ returnTo }: { returnTo: string }) {
  return returnTo === '/account' ? null : <input type="hidden" name="return" value={returnTo} />;
}
