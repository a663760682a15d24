/**
 * The desk's decisions, pure: who may see, save, publish and remove which story; the bulk
 * actions a selection allows; the paper's wall-clock time on forms. A writer's rules are the
 * Admin API's writer key rules (src/api/admin-article-access.ts `decideArticleSave`): drafts they
 * created, existing tags only, never a status but draft. Editors and owners do everything;
 * business has no stories access (the routes' `adminRoles` leave it out).
 */
import { type StaffMember, type StaffRole, staffActor } from '../accounts/index.js';
import { type ArticleSaveDecision, decideArticleSave } from '../api/index.js';
import { localFields } from '../time/local-time.js';

/** The roles that may open the stories screens at all. */
export const STORY_ROLES: readonly StaffRole[] = ['owner', 'editor', 'writer'];
/** The roles that may publish, schedule, unpublish and delete. */
export const PUBLISH_ROLES: readonly StaffRole[] = ['owner', 'editor'];

/** How a staff member is recorded as the saver of a revision and the creator of a story. */
export function savedByOfStaff(staff: Pick<StaffMember, 'id'>): string {
  return staffActor(staff.id);
}

export function mayPublish(staff: Pick<StaffMember, 'role'>): boolean {
  return PUBLISH_ROLES.includes(staff.role);
}

/** Writers see the stories they created; editors and owners see every story. */
export function maySee(staff: Pick<StaffMember, 'id' | 'role'>, createdBy: string | null): boolean {
  return staff.role !== 'writer' || createdBy === savedByOfStaff(staff);
}

/** Whether this staff member may change a story as it is now (a writer: their own draft). */
export function mayEdit(staff: Pick<StaffMember, 'id' | 'role'>, story: { status: string; createdBy: string | null }): boolean {
  return decideStorySave(staff, { requestedStatus: undefined, newTags: [], current: story }).allow;
}

/** A save of the story form, decided as the Admin API decides a writer key's save. */
export function decideStorySave(
  staff: Pick<StaffMember, 'id' | 'role'>,
  save: {
    requestedStatus: string | undefined;
    newTags: readonly string[];
    current?: { status: string; createdBy: string | null } | undefined;
  },
): ArticleSaveDecision {
  return decideArticleSave({
    key: { kind: 'admin', role: staff.role },
    savedBy: savedByOfStaff(staff),
    requestedStatus: save.requestedStatus,
    newTags: save.newTags,
    current: save.current,
  });
}

/** Why a save was refused, in the desk's words. */
export function refusalMessage(decision: Exclude<ArticleSaveDecision, { allow: true }>): { field?: string; message: string } {
  switch (decision.reason) {
    case 'status-not-draft':
      return { message: 'A writer saves drafts: an editor publishes or schedules.' };
    case 'not-creator':
      return { message: 'A writer may change only the drafts they wrote.' };
    case 'not-a-draft':
      return { message: 'This story is no longer a draft: only an editor or an owner may change it.' };
    case 'new-tags':
      return { field: 'tags', message: `No such tag: ${decision.tags.join(', ')}. An editor creates tags.` };
  }
}

export const BULK_ACTIONS = ['publish', 'unpublish', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface BulkPlan {
  /** Stories the action applies to. */
  apply: string[];
  /** Stories left as they are, with why. */
  skip: { id: string; headline: string; reason: string }[];
}

/**
 * Which of the selected stories a bulk action changes. Only editors and owners have bulk
 * actions (the route refuses others); publishing skips stories already live, unpublishing skips
 * those that are not live.
 */
export function planBulk(action: BulkAction, stories: readonly { id: string; headline: string; status: string }[]): BulkPlan {
  const plan: BulkPlan = { apply: [], skip: [] };
  for (const s of stories) {
    if (action === 'publish' && s.status === 'published') plan.skip.push({ id: s.id, headline: s.headline, reason: 'already published' });
    else if (action === 'unpublish' && s.status !== 'published')
      plan.skip.push({ id: s.id, headline: s.headline, reason: 'not published' });
    else plan.apply.push(s.id);
  }
  return plan;
}

/** Minutes of reading at 230 words a minute, at least one for any text. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / 230));
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * The instant a wall-clock date and time (`yyyy-mm-ddThh:mm`, as `<input type=datetime-local>`
 * sends it, or `yyyy-mm-dd` for midnight) names in the paper's time zone; undefined when it is
 * not one. In a DST gap the time moves forward by the gap; in an overlap the earlier is taken.
 */
export function parseLocalDateTime(value: string, timeZone: string): Date | undefined {
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h = 0, min = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x)));
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || min > 59) return undefined;
  const wanted = Date.UTC(y, mo - 1, d, h, min);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return undefined;
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const f = localFields(new Date(guess), timeZone);
    guess += wanted - Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s);
  }
  return new Date(guess);
}

/** The instant the day after a `yyyy-mm-dd` date begins in the paper's time zone (an inclusive "to" date's end). */
export function endOfLocalDate(value: string, timeZone: string): Date | undefined {
  const start = parseLocalDateTime(value, timeZone);
  if (!start || value.trim().length !== 10) return undefined;
  const next = new Date(Date.parse(`${value.trim()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return parseLocalDateTime(next, timeZone);
}

/** `yyyy-mm-ddThh:mm` of an instant in the paper's time zone (a datetime-local input's value). */
export function localDateTimeValue(at: Date, timeZone: string): string {
  const f = localFields(at, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${f.y}-${p(f.m)}-${p(f.d)}T${p(f.h)}:${p(f.min)}`;
}

/** `yyyy-mm-dd` of an instant in the paper's time zone. */
export function localDateValue(at: Date, timeZone: string): string {
  return localDateTimeValue(at, timeZone).slice(0, 10);
}

/** The words a search box holds (at most eight, each at most 50 characters). */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.slice(0, 50));
}

/** Comma- or newline-separated slugs, as the tag and related-story fields take them. */
export function slugList(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(/[,\n]/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** Who saved a revision, by name: `staff:<id>` → the person, `api-key:<id>` → the key's maker. */
export function saverName(savedBy: string, staffNames: ReadonlyMap<string, string>, keyOwners: ReadonlyMap<string, string>): string {
  const [kind, id = ''] = savedBy.split(/:(.*)/s);
  if (kind === 'staff') return staffNames.get(id) ?? 'a former staff member';
  if (kind === 'api-key') return keyOwners.get(id) ?? 'an API key';
  if (savedBy === 'scheduler') return 'the scheduler (at its publish time)';
  return savedBy;
}
