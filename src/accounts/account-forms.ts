/**
 * The schemas of every account form, and the friendly message for each field. Routes validate
 * with `attachValidation`, so a bad form comes back re-rendered with its errors (400) instead
 * of as a bare error page.
 */
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { FieldProblem } from '../http/app-error.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, TOKEN_PATTERN } from './credentials.js';
import { EMAIL_PATTERN } from './reader.js';

const CsrfField = Type.Optional(Type.String({ maxLength: 200 }));
const Email = Type.String({ minLength: 3, maxLength: 254, pattern: EMAIL_PATTERN });
const NewPassword = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });
const AnyPassword = Type.String({ maxLength: MAX_PASSWORD_LENGTH });
/** Unsafe values fall back to /account (safeReturnPath); only absurd lengths are refused. */
const ReturnTo = Type.Optional(Type.String({ maxLength: 2000 }));
const Token = Type.String({ pattern: TOKEN_PATTERN });
const Line = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Checkbox = Type.Optional(Type.Literal('yes'));

export const SignUpBody = Type.Object({
  email: Email,
  // Empty: no password, sign in by emailed links.
  password: Type.Optional(Type.String({ maxLength: MAX_PASSWORD_LENGTH, pattern: `^(?:|[\\s\\S]{${MIN_PASSWORD_LENGTH},})$` })),
  return: ReturnTo,
  _csrf: CsrfField,
});
export const SignInBody = Type.Object({
  email: Email,
  password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  return: ReturnTo,
  _csrf: CsrfField,
});
export const EmailOnlyBody = Type.Object({ email: Email, return: ReturnTo, _csrf: CsrfField });
export const TokenBody = Type.Object({ token: Token, return: ReturnTo, _csrf: CsrfField });
/** A confirmation link's form: the sign-up's password, typed to keep it on another device (optional). */
export const VerifyBody = Type.Object({ token: Token, password: Type.Optional(AnyPassword), return: ReturnTo, _csrf: CsrfField });
export const ResetConfirmBody = Type.Object({ token: Token, password: NewPassword, return: ReturnTo, _csrf: CsrfField });
export const ProfileBody = Type.Object({
  name: Line(200),
  line1: Line(200),
  line2: Line(200),
  city: Line(100),
  region: Line(100),
  postcode: Line(20),
  country: Line(100),
  _csrf: CsrfField,
});
export const PreferencesBody = Type.Object({ dailyEmail: Checkbox, offers: Checkbox, _csrf: CsrfField });
export const ChangeEmailBody = Type.Object({ email: Email, currentPassword: Type.Optional(AnyPassword), _csrf: CsrfField });
export const ChangePasswordBody = Type.Object({ currentPassword: Type.Optional(AnyPassword), newPassword: NewPassword, _csrf: CsrfField });
export const CloseBody = Type.Object({ confirm: Type.Literal('yes'), password: Type.Optional(AnyPassword), _csrf: CsrfField });
export const CloseLinkBody = Type.Object({ token: Token, confirm: Type.Literal('yes'), _csrf: CsrfField });
export const CsrfOnlyBody = Type.Object({ _csrf: CsrfField });

export const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })), return: ReturnTo });
export const ReturnQuery = Type.Object({ return: ReturnTo });
export const DONE_NOTICES = [
  'profile',
  'preferences',
  'email-sent',
  'email-ask-sent',
  'close-sent',
  'confirmation-sent',
  'password',
  'signed-out-everywhere',
] as const;
export const AccountQuery = Type.Object({ done: Type.Optional(Type.Union(DONE_NOTICES.map((d) => Type.Literal(d)))) });

export type SignUpBody = Static<typeof SignUpBody>;
export type SignInBody = Static<typeof SignInBody>;
export type EmailOnlyBody = Static<typeof EmailOnlyBody>;
export type TokenBody = Static<typeof TokenBody>;
export type VerifyBody = Static<typeof VerifyBody>;
export type ResetConfirmBody = Static<typeof ResetConfirmBody>;
export type ProfileBody = Static<typeof ProfileBody>;
export type PreferencesBody = Static<typeof PreferencesBody>;
export type ChangeEmailBody = Static<typeof ChangeEmailBody>;
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;
export type CloseBody = Static<typeof CloseBody>;
export type CloseLinkBody = Static<typeof CloseLinkBody>;
export type CsrfOnlyBody = Static<typeof CsrfOnlyBody>;
export type TokenQuery = Static<typeof TokenQuery>;
export type ReturnQuery = Static<typeof ReturnQuery>;
export type AccountQuery = Static<typeof AccountQuery>;

/** What people read next to a field that failed; any field not listed gets a general line. */
export const FIELD_MESSAGES: Record<string, string> = {
  email: 'Enter an email address, like name@example.com.',
  password: `Use a password of at least ${MIN_PASSWORD_LENGTH} characters, or leave it empty.`,
  newPassword: `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
  currentPassword: 'Enter your current password.',
  token: 'This link is not complete. Copy the whole address from the email.',
  confirm: 'Tick the box to confirm.',
  name: 'Use at most 200 characters.',
  line1: 'Use at most 200 characters.',
  line2: 'Use at most 200 characters.',
  city: 'Use at most 100 characters.',
  region: 'Use at most 100 characters.',
  postcode: 'Use at most 20 characters.',
  country: 'Use at most 100 characters.',
  dailyEmail: 'Tick the box or leave it empty.',
  offers: 'Tick the box or leave it empty.',
};

/** The part of one of Ajv's errors (Fastify's `validationError.validation`) that names the field. */
const ValidationIssue = Type.Object({
  instancePath: Type.Optional(Type.String()),
  params: Type.Optional(Type.Object({ missingProperty: Type.Optional(Type.Unknown()) })),
});

/** Turns Fastify's attached validation error into one problem per field, in people's words. */
export function formProblems(request: FastifyRequest, overrides: Record<string, string> = {}): FieldProblem[] {
  const validation: unknown = request.validationError?.validation;
  const issues: Static<typeof ValidationIssue>[] = [];
  if (Array.isArray(validation)) for (const v of validation) if (Value.Check(ValidationIssue, v)) issues.push(v);
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const missing = typeof issue.params?.missingProperty === 'string' ? issue.params.missingProperty : undefined;
    const field = missing ?? (issue.instancePath ?? '').split('/')[1] ?? '';
    const key = field === '' ? 'form' : field;
    if (!seen.has(key)) seen.set(key, overrides[key] ?? FIELD_MESSAGES[key] ?? 'Check this form and try again.');
  }
  if (seen.size === 0) seen.set('form', 'Check this form and try again.');
  return [...seen].map(([field, message]) => ({ field, message }));
}

/** A string field of a body that may be anything (it failed validation): for echoing back. */
export function stringField(body: unknown, name: string, max = 254): string {
  if (body === null || typeof body !== 'object' || !(name in body)) return '';
  const v: unknown = Reflect.get(body, name);
  return typeof v === 'string' ? v.slice(0, max) : '';
}
