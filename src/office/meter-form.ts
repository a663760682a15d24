/**
 * The meter and paywall form of the business office, as typed: every field a string, read from a
 * body that may not have passed its schema, and turned into the meter's policy and paywall copy
 * (or the problems, each naming its field). The limits are the meter's own schemas'
 * (MeterPolicySchema, PaywallCopySchema), read from them, so the screen and the Admin API refuse
 * the same values. Pure.
 */
import { Value } from 'typebox/value';
import type { FieldProblem } from '../http/app-error.js';
import { type MeterPolicy, MeterPolicySchema, type PaywallCopy, PaywallCopySchema } from '../meter/index.js';

/** The policy's whole-number fields, in the form's order. */
export const POLICY_NUMBERS = [
  'anonymousFree',
  'registeredExtra',
  'leadInBlocks',
  'leadInChars',
  'leadInShare',
  'networkFreshMeters',
  'networkCountedReads',
  'giftLinksPerMonth',
  'giftLinkDays',
  'giftLinkReaders',
  'giftLinkReadsPerReader',
] as const;
export type PolicyNumber = (typeof POLICY_NUMBERS)[number];

/** The copy's text fields (the offer's plan apart). */
export const COPY_TEXTS = [
  'heading',
  'pitch',
  'letterTitle',
  'letter',
  'openingSubscribers',
  'openingFreeUsed',
  'openingRegistration',
  'signature',
  'registerPitch',
] as const;
export type CopyText = (typeof COPY_TEXTS)[number];

export type MeterForm = Record<PolicyNumber | CopyText | 'periodKind' | 'periodDays' | 'offerPlanSlug' | 'story', string>;

const FIELDS: readonly (keyof MeterForm)[] = [...POLICY_NUMBERS, ...COPY_TEXTS, 'periodKind', 'periodDays', 'offerPlanSlug', 'story'];

/** The longest a field may be typed before the form is refused whole (the copy's longest is 12,000). */
export const MAX_FIELD = 20_000;

/** The form showing what is saved now. */
export function meterFormOf(policy: MeterPolicy, copy: PaywallCopy, story = ''): MeterForm {
  const numbers = Object.fromEntries(POLICY_NUMBERS.map((k) => [k, String(policy[k])])) as Record<PolicyNumber, string>;
  const texts = Object.fromEntries(COPY_TEXTS.map((k) => [k, copy[k]])) as Record<CopyText, string>;
  return {
    ...numbers,
    ...texts,
    periodKind: policy.period.kind,
    periodDays: policy.period.kind === 'rolling' ? String(policy.period.days) : '30',
    offerPlanSlug: copy.offerPlanSlug ?? '',
    story,
  };
}

/** The form as typed; a field missing or not text is empty; line ends made \n. */
export function meterFormFrom(raw: unknown): MeterForm {
  const get = (name: string) => {
    const v = raw !== null && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
    return typeof v === 'string' ? v.slice(0, MAX_FIELD).replace(/\r\n?/g, '\n') : '';
  };
  return Object.fromEntries(FIELDS.map((k) => [k, get(k)])) as MeterForm;
}

const limit = (schema: unknown, name: string, key: string): number | undefined => {
  const prop = schema !== null && typeof schema === 'object' ? Reflect.get(Reflect.get(schema, 'properties') ?? {}, name) : undefined;
  const v = prop !== null && typeof prop === 'object' ? Reflect.get(prop, key) : undefined;
  return typeof v === 'number' ? v : undefined;
};

function wholeNumber(value: string, field: string, min: number, max: number, problems: FieldProblem[]): number {
  const s = value.trim();
  const n = /^\d{1,9}$/.test(s) ? Number(s) : Number.NaN;
  if (!(n >= min && n <= max)) {
    problems.push({ field, message: `Enter a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.` });
  }
  return n;
}

/** The policy and the copy the form says, or every problem with it (field names are the form's). */
export function parseMeterForm(
  f: MeterForm,
  planSlugs: readonly string[],
): { ok: true; policy: MeterPolicy; copy: PaywallCopy } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const numbers = {} as Record<PolicyNumber, number>;
  for (const k of POLICY_NUMBERS) {
    numbers[k] = wholeNumber(f[k], k, limit(MeterPolicySchema, k, 'minimum') ?? 0, limit(MeterPolicySchema, k, 'maximum') ?? 0, problems);
  }
  let period: MeterPolicy['period'] = { kind: 'month' };
  if (f.periodKind === 'rolling') period = { kind: 'rolling', days: wholeNumber(f.periodDays, 'periodDays', 1, 366, problems) };
  else if (f.periodKind !== 'month') problems.push({ field: 'periodKind', message: 'Choose a calendar month or a number of days.' });

  const texts = {} as Record<CopyText, string>;
  for (const k of COPY_TEXTS) {
    const value = f[k].trim();
    const min = limit(PaywallCopySchema, k, 'minLength') ?? 0;
    const max = limit(PaywallCopySchema, k, 'maxLength') ?? MAX_FIELD;
    if (value.length < min) problems.push({ field: k, message: 'Enter some words here: readers see this.' });
    else if (value.length > max)
      problems.push({ field: k, message: `Use at most ${max.toLocaleString('en-US')} characters (now ${value.length}).` });
    texts[k] = value;
  }
  const slug = f.offerPlanSlug.trim();
  if (slug !== '' && !planSlugs.includes(slug)) problems.push({ field: 'offerPlanSlug', message: 'Choose one of the plans on sale.' });
  if (problems.length > 0) return { ok: false, problems };

  const policy = { ...numbers, period };
  const copy = { ...texts, offerPlanSlug: slug === '' ? null : slug };
  // The meter's own schemas have the last word (a limit this form does not know of).
  if (!Value.Check(MeterPolicySchema, policy))
    return { ok: false, problems: [{ field: 'form', message: 'The meter policy is not valid.' }] };
  if (!Value.Check(PaywallCopySchema, copy)) return { ok: false, problems: [{ field: 'form', message: 'The paywall copy is not valid.' }] };
  return { ok: true, policy, copy };
}
