/**
 * Pieces of every form, the readers' (src/accounts) and the staff's (src/admin): the error
 * summary (linked to the fields, as in the GOV.UK Design System's pattern), fields with a
 * visible label, their hint and their error, a select, a checkbox, and the POST form with its
 * CSRF token. Here, in the platform's views, so that both may import them without a cycle.
 */
import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../http/app-error.js';
import { CSRF_FIELD } from '../http/csrf.js';

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

interface FieldBase {
  name: string;
  label: string;
  /** The element id, when a page has two fields of one name (two forms); the name by default. */
  id?: string | undefined;
  hint?: string | undefined;
  problems?: readonly FieldProblem[] | undefined;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': described || undefined };
}

function FieldShell(p: FieldBase & { id: string; error: string | undefined; children: ComponentChildren }) {
  return (
    <p class={p.error ? 'field field-error' : 'field'}>
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      ) : null}
      {p.error ? (
        <span class="error-message" id={`${p.id}-error`}>
          {p.error}
        </span>
      ) : null}
      {p.children}
    </p>
  );
}

export interface FieldProps extends FieldBase {
  type?: 'text' | 'email' | 'password';
  value?: string | undefined;
  autocomplete?: string | undefined;
  required?: boolean | undefined;
  maxLength?: number | undefined;
}

export function Field(p: FieldProps) {
  const id = p.id ?? p.name;
  const error = problemFor(p.problems ?? [], p.name);
  const aria = describedBy(id, p.hint, error);
  return (
    <FieldShell {...p} id={id} error={error}>
      {p.type === 'password' ? (
        <input
          id={id}
          name={p.name}
          type="password"
          autocomplete={p.autocomplete}
          required={p.required}
          maxLength={p.maxLength}
          {...aria}
        />
      ) : p.type === 'email' ? (
        <input
          id={id}
          name={p.name}
          type="email"
          value={p.value}
          autocomplete={p.autocomplete}
          required={p.required}
          maxLength={p.maxLength}
          {...aria}
        />
      ) : (
        <input
          id={id}
          name={p.name}
          type="text"
          value={p.value}
          autocomplete={p.autocomplete}
          required={p.required}
          maxLength={p.maxLength}
          {...aria}
        />
      )}
    </FieldShell>
  );
}

export interface SelectProps extends FieldBase {
  options: readonly { value: string; label: string }[];
  value?: string | undefined;
}

export function SelectField(p: SelectProps) {
  const id = p.id ?? p.name;
  const error = problemFor(p.problems ?? [], p.name);
  return (
    <FieldShell {...p} id={id} error={error}>
      <select id={id} name={p.name} {...describedBy(id, p.hint, error)}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
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

/** A POST form with its CSRF token. `label` names the form for assistive technology. */
export function PostForm(p: {
  action: string;
  csrf: string;
  label?: string | undefined;
  class?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={p.action} aria-label={p.label} class={p.class} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={p.csrf} />
      {p.children}
    </form>
  );
}

export function Submit({ children, kind }: { children: ComponentChildren; kind?: 'secondary' | 'danger' | undefined }) {
  return (
    <p>
      <button type="submit" class={kind ? `button button-${kind}` : 'button'}>
        {children}
      </button>
    </p>
  );
}

/** A password sign-in's fields and button, the same for readers (/signin) and staff (/admin/sign-in). */
export function PasswordSignInFields({ email, problems }: { email: string; problems: readonly FieldProblem[] }) {
  return (
    <>
      <Field
        name="email"
        label="Email address"
        type="email"
        value={email}
        autocomplete="username"
        required
        maxLength={254}
        problems={problems}
      />
      <Field name="password" label="Password" type="password" autocomplete="current-password" required problems={problems} />
      <Submit>Sign in</Submit>
    </>
  );
}
