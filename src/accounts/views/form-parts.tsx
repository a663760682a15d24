/**
 * The account forms' own pieces (the reader's email field, the return address); the rest are
 * everyone's form parts (src/views/form-parts.tsx).
 */
import type { FieldProblem } from '../../http/app-error.js';
import { Field } from '../../views/form-parts.js';

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
