/**
 * The two list formats `masthead readers import` reads, and every rule about one row: pure, no
 * database, no file. The format is told by the header: Ghost's members export has columns no
 * plain list has (`subscribed_to_emails`, `complimentary_plan`); anything else is the plain
 * format, whose columns are named exactly (an unknown column is a typo, and refusing the file
 * beats dropping a column silently). Ghost's export may grow columns: unknown ones are listed and
 * left out. Ghost's columns as its members export writes them (TryGhost/Ghost,
 * ghost/members-csv, `unparse`): id, email, name, note, subscribed_to_emails,
 * complimentary_plan, stripe_customer_id, created_at, deleted_at, labels, tiers (`products` in
 * exports before tiers); booleans as `true`/`false`, tiers as comma-separated names.
 */
import { isEmail, normalizeEmail, type PostalAddress } from '../accounts/index.js';
import { countryCode } from './country-codes.js';

export type ImportFormat = 'plain' | 'ghost';

/** What a column means here, whichever format named it. */
type Field =
  | 'email'
  | 'name'
  | 'newsletter'
  | 'plan'
  | 'complimentary'
  | 'tiers'
  | 'deleted'
  | 'company'
  | 'line1'
  | 'line2'
  | 'city'
  | 'region'
  | 'postcode'
  | 'country';

const PLAIN_COLUMNS: Record<string, Field> = {
  email: 'email',
  name: 'name',
  newsletter: 'newsletter',
  plan: 'plan',
  company: 'company',
  address_line1: 'line1',
  address_line2: 'line2',
  city: 'city',
  region: 'region',
  postcode: 'postcode',
  country: 'country',
};

const GHOST_COLUMNS: Record<string, Field | null> = {
  email: 'email',
  name: 'name',
  subscribed_to_emails: 'newsletter',
  complimentary_plan: 'complimentary',
  tiers: 'tiers',
  products: 'tiers',
  deleted_at: 'deleted',
  // Known, and not kept here: Ghost's own id, its staff note, its Stripe customer (a paid
  // member's subscription is moved with Stripe, not with a list), its dates and labels.
  id: null,
  note: null,
  stripe_customer_id: null,
  created_at: null,
  labels: null,
};

const GHOST_MARKERS = ['subscribed_to_emails', 'complimentary_plan'];

export interface CsvLayout {
  format: ImportFormat;
  /** The column index of each field the header has. */
  columns: Partial<Record<Field, number>>;
  /** Columns read past: Ghost's known ones kept nowhere, and any it added since. */
  ignored: string[];
  width: number;
}

/** The layout a header describes, or what is wrong with it (a whole-file problem: nothing is imported). */
export function layoutFromHeader(header: readonly string[]): CsvLayout | { problem: string } {
  const names = header.map((h) => h.trim().toLowerCase());
  const format: ImportFormat = names.some((n) => GHOST_MARKERS.includes(n)) ? 'ghost' : 'plain';
  const columns: Partial<Record<Field, number>> = {};
  const ignored: string[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === '') return { problem: `column ${i + 1} of the header has no name` };
    if (seen.has(name)) return { problem: `the header names the column "${name}" twice` };
    seen.add(name);
    const field = format === 'ghost' ? GHOST_COLUMNS[name] : PLAIN_COLUMNS[name];
    if (field === undefined) {
      if (format === 'ghost') ignored.push(name);
      else unknown.push(name);
    } else if (field === null) ignored.push(name);
    else if (columns[field] !== undefined) return { problem: `the header has two columns for ${field} ("tiers" and "products")` };
    else columns[field] = i;
  }
  if (columns.email === undefined) {
    return { problem: `the header has no "email" column (it reads: ${names.slice(0, 12).join(',') || 'nothing'})` };
  }
  if (unknown.length > 0) {
    return {
      problem: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}: a plain list may have ${Object.keys(PLAIN_COLUMNS).join(', ')}`,
    };
  }
  return { format, columns, ignored, width: names.length };
}

/** The plans a row may name: a plain list by slug, Ghost's tiers by name or slug. */
export interface PlanRef {
  id: string;
  slug: string;
  name: string;
}

export interface PlanIndex {
  bySlug: ReadonlyMap<string, PlanRef>;
  byName: ReadonlyMap<string, PlanRef>;
}

export function planIndex(plans: readonly PlanRef[]): PlanIndex {
  return {
    bySlug: new Map(plans.map((p) => [p.slug.toLowerCase(), p])),
    byName: new Map(plans.map((p) => [p.name.trim().toLowerCase(), p])),
  };
}

export interface RowOptions {
  plans: PlanIndex;
  /** Ghost's `complimentary_plan=true` with no tier that names a plan here: this plan (`--comp-plan`). */
  compPlan?: PlanRef | undefined;
}

/** One row, read and checked. Null fields were not given (an empty cell changes nothing). */
export interface ReaderImportRow {
  line: number;
  /** Normalised as accounts compare addresses. */
  email: string;
  name: string | null;
  newsletter: boolean | null;
  company: string | null;
  /** Null when every address cell is empty; otherwise the whole address the row gives. */
  address: PostalAddress | null;
  /** A complimentary subscription to this plan. */
  comp: PlanRef | null;
}

export type RowResult = { ok: true; row: ReaderImportRow } | { ok: false; line: number; reason: string };

const LIMITS = { name: 200, company: 200, line1: 200, line2: 200, city: 100, region: 100, postcode: 20 } as const;

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

// biome-ignore lint/suspicious/noControlCharactersInRegex: a control character in a name or an address is never meant.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Reads one record (its cells, as the CSV parser gave them) under the layout. */
export function readRow(layout: CsvLayout, cells: readonly string[], line: number, opts: RowOptions): RowResult {
  const refuse = (reason: string): RowResult => ({ ok: false, line, reason });
  if (cells.length !== layout.width) {
    return refuse(`has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${layout.width}`);
  }
  const cell = (f: Field): string => {
    const i = layout.columns[f];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const rawEmail = cell('email');
  if (rawEmail === '') return refuse('no email address');
  const email = normalizeEmail(rawEmail);
  if (!isEmail(email)) return refuse(`"${clip(rawEmail)}" is not an email address`);

  const text = (f: keyof typeof LIMITS, label: string): string | { problem: string } => {
    const v = cell(f);
    if (v.length > LIMITS[f]) return { problem: `${label} is longer than ${LIMITS[f]} characters` };
    if (CONTROL.test(v)) return { problem: `${label} has a control character` };
    return v;
  };
  const fields = {
    name: text('name', 'name'),
    company: text('company', 'company'),
    line1: text('line1', 'address_line1'),
    line2: text('line2', 'address_line2'),
    city: text('city', 'city'),
    region: text('region', 'region'),
    postcode: text('postcode', 'postcode'),
  };
  for (const v of Object.values(fields)) if (typeof v !== 'string') return refuse(v.problem);
  const s = fields as Record<keyof typeof fields, string>;

  const rawCountry = cell('country');
  const country = rawCountry === '' ? '' : countryCode(rawCountry);
  if (country === null) return refuse(`country "${clip(rawCountry)}" is not an ISO 3166-1 alpha-2 code (GB, IE, US, …)`);

  const newsletterColumn = layout.format === 'ghost' ? 'subscribed_to_emails' : 'newsletter';
  const newsletter = yesNo(cell('newsletter'));
  if (newsletter === undefined) return refuse(`${newsletterColumn} must be yes or no (got "${clip(cell('newsletter'))}")`);

  if (layout.format === 'ghost' && cell('deleted') !== '') return refuse('deleted_at is set: the member was deleted in Ghost');

  let comp: PlanRef | null = null;
  if (layout.format === 'plain') {
    const slug = cell('plan');
    if (slug !== '') {
      comp = opts.plans.bySlug.get(slug.toLowerCase()) ?? null;
      if (!comp) return refuse(`unknown plan "${clip(slug)}"`);
    }
  } else {
    const complimentary = yesNo(cell('complimentary'));
    if (complimentary === undefined) return refuse(`complimentary_plan must be true or false (got "${clip(cell('complimentary'))}")`);
    if (complimentary === true) {
      const tiers = cell('tiers')
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== '');
      comp = tiers.map((t) => opts.plans.byName.get(t) ?? opts.plans.bySlug.get(t)).find((p) => p !== undefined) ?? opts.compPlan ?? null;
      if (!comp) {
        const named = tiers.length > 0 ? `its tiers ("${clip(cell('tiers'))}") name no plan here` : 'it names no tier';
        return refuse(`complimentary_plan is true but ${named}: give --comp-plan SLUG`);
      }
    }
  }

  const address = { line1: s.line1, line2: s.line2, city: s.city, region: s.region, postcode: s.postcode, country };
  return {
    ok: true,
    row: {
      line,
      email,
      name: s.name === '' ? null : s.name,
      newsletter,
      company: s.company === '' ? null : s.company,
      address: Object.values(address).every((v) => v === '') ? null : address,
      comp,
    },
  };
}

/** true, false, null (empty: not given) or undefined (neither). */
function yesNo(value: string): boolean | null | undefined {
  if (value === '') return null;
  const v = value.toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

/** A value quoted back in a reason: short, and on one line. */
function clip(value: string): string {
  const one = value.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
