/**
 * The postal address asked inside checkout for a plan with the printed magazine: read from the
 * form, checked, and named field by field when something is missing or too long. Pure. The
 * fields and limits are the account page's (src/accounts/account-forms.ts, `ProfileBody`), so an
 * address saved here reads the same there.
 */
import { COUNTRY_UNKNOWN, countryCodeOf } from '../accounts/index.js';
import type { FieldProblem } from '../http/app-error.js';

export interface CheckoutAddress {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postcode: string;
  country: string;
}

export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postcode', 'country'] as const;

const LIMITS: Record<keyof CheckoutAddress, number> = { line1: 200, line2: 200, city: 100, region: 100, postcode: 20, country: 100 };
const REQUIRED: Record<keyof CheckoutAddress, string | null> = {
  line1: 'Enter the street and number.',
  line2: null,
  city: 'Enter the town or city.',
  region: null,
  postcode: 'Enter the postcode.',
  country: 'Enter the country.',
};

export const ADDRESS_LABELS: Record<keyof CheckoutAddress, string> = {
  line1: 'Street and number',
  line2: 'More of the address (optional)',
  city: 'Town or city',
  region: 'County, state or region (optional)',
  postcode: 'Postcode',
  country: 'Country',
};

/** The address fields of a form body (anything: it is checked here), trimmed. */
export function addressFromForm(body: unknown): CheckoutAddress {
  const get = (k: string) => {
    const v: unknown = body !== null && typeof body === 'object' && k in body ? Reflect.get(body, k) : undefined;
    return typeof v === 'string' ? v.trim() : '';
  };
  return {
    line1: get('line1'),
    line2: get('line2'),
    city: get('city'),
    region: get('region'),
    postcode: get('postcode'),
    country: get('country'),
  };
}

/** Every problem with an address, one per field, in people's words; empty when it will do. */
export function addressProblems(a: CheckoutAddress): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ADDRESS_FIELDS) {
    const value = a[field];
    const required = REQUIRED[field];
    if (required && value === '') problems.push({ field, message: required });
    else if (value.length > LIMITS[field]) problems.push({ field, message: `Use at most ${LIMITS[field]} characters.` });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character in an address is never meant.
    else if (/[\u0000-\u001f\u007f]/.test(value)) problems.push({ field, message: 'Use letters, digits and punctuation only.' });
    else if (field === 'country' && countryCodeOf(value) === null) problems.push({ field, message: COUNTRY_UNKNOWN });
  }
  return problems;
}
