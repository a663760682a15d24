/**
 * The offer forms of the business office, as typed, and what they say: a new offer's terms
 * (code, percent or amount off, for how many months, on which plan) and its availability (on
 * or off, last day), the last day a date in the paper's time zone (the offer ends at the next
 * midnight there). The offer service checks the rest and names its fields (`expiresAt` is the
 * form's `lastDay`). Pure.
 */
import type { FieldProblem } from '../http/app-error.js';
import type { OfferInput, OfferRecord } from '../subscriptions/index.js';
import { localFields, localMidnight } from '../time/local-time.js';
import { centsOf, units } from './plan-form.js';

export interface OfferForm {
  code: string;
  kind: string;
  value: string;
  months: string;
  planId: string;
  lastDay: string;
  active: boolean;
}

export const EMPTY_OFFER_FORM: OfferForm = { code: '', kind: 'percent', value: '', months: '3', planId: '', lastDay: '', active: true };

const text = (raw: unknown, name: string, max: number) => {
  const v = raw !== null && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
  return typeof v === 'string' ? v.slice(0, max) : '';
};

export function offerFormFrom(raw: unknown): OfferForm {
  return {
    code: text(raw, 'code', 100),
    kind: text(raw, 'kind', 10),
    value: text(raw, 'value', 20),
    months: text(raw, 'months', 10),
    planId: text(raw, 'planId', 100),
    lastDay: text(raw, 'lastDay', 20),
    active: text(raw, 'active', 10) !== '',
  };
}

/** The day before the offer's end, in the paper's time zone: "2026-12-31". */
export function lastDayOf(expiresAt: Date | null, timeZone: string): string {
  if (expiresAt === null) return '';
  const f = localFields(new Date(expiresAt.getTime() - 1), timeZone);
  return `${f.y}-${String(f.m).padStart(2, '0')}-${String(f.d).padStart(2, '0')}`;
}

export function offerFormOf(o: OfferRecord, timeZone: string): OfferForm {
  return {
    code: o.code,
    kind: o.kind,
    value: o.kind === 'percent' ? String(o.value) : units(o.value),
    months: String(o.months),
    planId: o.planId ?? '',
    lastDay: lastDayOf(o.expiresAt, timeZone),
    active: o.active,
  };
}

/** The end of a typed last day (next local midnight); null for none; undefined when it is not a date. */
export function endOfDay(typed: string, timeZone: string): Date | null | undefined {
  const s = typed.trim();
  if (s === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return localMidnight(y, mo, d + 1, timeZone);
}

const LAST_DAY_PROBLEM = 'Enter a date as YYYY-MM-DD, or leave it empty for no end.';

export function parseOfferForm(f: OfferForm, timeZone: string): { ok: true; input: OfferInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const code = f.code.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(code))
    problems.push({ field: 'code', message: 'Use letters, digits, - and _ (up to 40), such as SPRING25.' });
  const kind = f.kind === 'amount' ? 'amount' : f.kind === 'percent' ? 'percent' : undefined;
  if (!kind) problems.push({ field: 'kind', message: 'Choose a percentage or an amount off.' });
  const value = kind === 'amount' ? centsOf(f.value) : /^\d{1,3}$/.test(f.value.trim()) ? Number(f.value.trim()) : Number.NaN;
  if (kind === 'percent' && !(value >= 1 && value <= 100)) problems.push({ field: 'value', message: 'Enter a percentage from 1 to 100.' });
  if (kind === 'amount' && !(value >= 1)) problems.push({ field: 'value', message: 'Enter an amount off each month, such as 5.00.' });
  const months = /^\d{1,2}$/.test(f.months.trim()) ? Number(f.months.trim()) : Number.NaN;
  if (!(months >= 1 && months <= 36)) problems.push({ field: 'months', message: 'Enter a number of months from 1 to 36.' });
  const expiresAt = endOfDay(f.lastDay, timeZone);
  if (expiresAt === undefined) problems.push({ field: 'lastDay', message: LAST_DAY_PROBLEM });
  if (problems.length > 0 || !kind || expiresAt === undefined) return { ok: false, problems };
  return {
    ok: true,
    input: { code, kind, value, months, planId: f.planId === '' ? null : f.planId, active: f.active, expiresAt },
  };
}

export function parseAvailability(
  f: OfferForm,
  timeZone: string,
): { ok: true; active: boolean; expiresAt: Date | null } | { ok: false; problems: FieldProblem[] } {
  const expiresAt = endOfDay(f.lastDay, timeZone);
  if (expiresAt === undefined) return { ok: false, problems: [{ field: 'lastDay', message: LAST_DAY_PROBLEM }] };
  return { ok: true, active: f.active, expiresAt };
}

/** The offer service's field names as the form's. */
export function offerFormField(field: string): string {
  return field === 'expiresAt' ? 'lastDay' : field;
}
