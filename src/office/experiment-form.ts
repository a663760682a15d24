/**
 * The form of a new experiment, as typed: a name, the share of readers in arm B, and arm B's
 * change, which is the meter form's own fields (src/office/meter-form.ts): the two allowances for
 * an allowance experiment, the paywall's words and offer (and the tagline over the wall) for a
 * copy experiment. Parsed through the meter form's parser with the saved values filling the
 * fields the experiment does not touch, so arm B is refused for exactly what /admin/meter refuses.
 * Pure.
 */
import { DEFAULT_SHARE_B, type ExperimentKind, type Variant } from '../experiments/index.js';
import type { FieldProblem } from '../http/app-error.js';
import type { MeterPolicy, PaywallCopy } from '../meter/index.js';
import { COPY_TEXTS, MAX_FIELD, type MeterForm, meterFormOf, parseMeterForm } from './meter-form.js';

export type ExperimentForm = MeterForm & { name: string; shareB: string; kind: ExperimentKind; tagline: string };

/** A new experiment's form: arm B starts as what is in force, to be changed. */
export function experimentFormOf(
  kind: ExperimentKind,
  policy: MeterPolicy,
  copy: PaywallCopy,
  tagline: string,
  story = '',
): ExperimentForm {
  return { ...meterFormOf(policy, copy, story), name: '', shareB: String(DEFAULT_SHARE_B), kind, tagline };
}

/** The form as typed over what is saved (fields not sent keep the saved values); line ends made \n. */
export function experimentFormFrom(raw: unknown, saved: ExperimentForm): ExperimentForm {
  const get = (name: string): string | undefined => {
    const v = raw !== null && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
    return typeof v === 'string' ? v.slice(0, MAX_FIELD).replace(/\r\n?/g, '\n') : undefined;
  };
  const kindSent = get('kind');
  const kind: ExperimentKind = kindSent === 'copy' ? 'copy' : 'allowance';
  const out: Record<string, string> = { ...saved, kind };
  const editable = [
    'name',
    'shareB',
    'story',
    ...(kind === 'allowance' ? ['anonymousFree', 'registeredExtra'] : [...COPY_TEXTS, 'offerPlanSlug', 'tagline']),
  ];
  for (const k of editable) out[k] = get(k) ?? '';
  return out as ExperimentForm;
}

/** The experiment the form says (name, share, arm B), or every problem, each at its field. */
export function parseExperimentForm(
  f: ExperimentForm,
  planSlugs: readonly string[],
): { ok: true; name: string; shareB: number; variant: Variant } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = f.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'Give the experiment a name, e.g. “Four free articles”.' });
  else if (name.length > 120) problems.push({ field: 'name', message: `Use at most 120 characters (now ${name.length}).` });
  const share = /^\d{1,2}$/.test(f.shareB.trim()) ? Number(f.shareB.trim()) : Number.NaN;
  if (!(share >= 1 && share <= 99)) problems.push({ field: 'shareB', message: 'Enter a whole number from 1 to 99.' });
  const tagline = f.tagline.trim();
  if (f.kind === 'copy' && tagline === '') problems.push({ field: 'tagline', message: 'Enter some words here: readers see this.' });
  else if (f.kind === 'copy' && tagline.length > 200)
    problems.push({ field: 'tagline', message: `Use at most 200 characters (now ${tagline.length}).` });
  const meter = parseMeterForm(f, planSlugs);
  if (!meter.ok) problems.push(...meter.problems);
  if (problems.length > 0 || !meter.ok) return { ok: false, problems };
  const variant: Variant =
    f.kind === 'allowance'
      ? { kind: 'allowance', allowance: { anonymousFree: meter.policy.anonymousFree, registeredExtra: meter.policy.registeredExtra } }
      : { kind: 'copy', copy: { copy: meter.copy, tagline } };
  return { ok: true, name, shareB: share, variant };
}
