/**
 * The daily email's edition: domain types and pure decisions (no database, no HTTP; the clock is
 * an argument).
 *
 * An edition belongs to one local date of the paper (`MASTHEAD_TIMEZONE`). It is assembled from
 * the home front in front order: the stories published in the 24 hours before the assembly, and
 * when they are fewer than the minimum, the front's other current stories after them, so the
 * email never goes out empty or thin. Its status moves draft → scheduled → sending → sent; an
 * editor may hold a draft or a scheduled edition (held → scheduled again by scheduling it). An
 * edition can be changed while it is a draft, held, or scheduled for a time still ahead; once its
 * send time has come it belongs to the sender.
 */
import { localFields } from '../time/local-time.js';

export const EDITION_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'held'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

export const isEditionStatus = (s: string): s is EditionStatus => (EDITION_STATUSES as readonly string[]).includes(s);

/** The most stories an editor may put in one edition (an email is read top-down on a phone). */
export const MAX_EDITION_STORIES = 30;
export const MAX_SUBJECT_LENGTH = 150;
export const MAX_INTRO_LENGTH = 600;
const DAY_MS = 86_400_000;

export interface Edition {
  id: string;
  /** YYYY-MM-DD in the paper's time zone. */
  date: string;
  subject: string;
  intro: string;
  status: EditionStatus;
  /** When it is to go out (scheduled), or went out (sending, sent); null for a draft nobody scheduled. */
  sendAt: Date | null;
  sentAt: Date | null;
  /** Story ids in the email's order (stories of any status: rendering shows the live ones). */
  storyIds: string[];
  /** Goes up by one with every change. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** `staff:<id>`, `api-key:<id>`, or `system` (the morning's assembly). */
  updatedBy: string;
}

/** A wall-clock time of day in the paper's time zone. */
export interface LocalTime {
  h: number;
  min: number;
}

export interface NewsletterSettings {
  /** When the day's edition is assembled (default 06:00). */
  assembleAt: LocalTime;
  /** When an assembled edition is scheduled to go out; null: it waits as a draft for an editor. */
  sendAt: LocalTime | null;
  /** The fewest stories an edition may have (default 5). */
  minStories: number;
  /** The most stories the assembly takes from the last 24 hours (default 12). */
  maxStories: number;
}

export const DEFAULT_NEWSLETTER_SETTINGS: NewsletterSettings = {
  assembleAt: { h: 6, min: 0 },
  sendAt: { h: 7, min: 0 },
  minStories: 5,
  maxStories: 12,
};

/** "06:00" → { h: 6, min: 0 }; undefined when it is not a time of day. */
export function parseLocalTime(text: string): LocalTime | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? { h: Number(m[1]), min: Number(m[2]) } : undefined;
}

export const formatLocalTime = (t: LocalTime): string => `${String(t.h).padStart(2, '0')}:${String(t.min).padStart(2, '0')}`;

/** A calendar date as `YYYY-MM-DD`, or undefined when it is not one (2026-02-30, 2026-13-01, "today"). */
export function parseEditionDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  if (y < 2000 || at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return undefined;
  return text;
}

/** The paper's date of an instant. */
export function editionDateOf(at: Date, timeZone: string): string {
  const f = localFields(at, timeZone);
  return `${f.y}-${String(f.m).padStart(2, '0')}-${String(f.d).padStart(2, '0')}`;
}

/** The date after `date`. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The instant a wall-clock time falls on a local date (a time skipped by a DST change moves forward with it). */
export function localInstant(date: string, time: LocalTime, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, time.h, time.min);
  let guess = wanted;
  // Two corrections settle any offset (as src/time's localMidnight does).
  for (let i = 0; i < 2; i++) {
    const f = localFields(new Date(guess), timeZone);
    guess += wanted - Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s);
  }
  return new Date(guess);
}

/** What the assembly needs to know of a story on the front. */
export interface StoryFacts {
  id: string;
  status: string;
  publishedAt: Date | null;
}

/** A story readers may open now: published, at a time not ahead of `now`. */
export function isLiveAt(story: StoryFacts, now: Date): boolean {
  return story.status === 'published' && story.publishedAt !== null && story.publishedAt.getTime() <= now.getTime();
}

export interface Assembly {
  /** The edition's stories, in order. */
  storyIds: string[];
  /** How many came from the last 24 hours (they lead, in front order). */
  recent: number;
  /** How many were filled in from the front's other stories. */
  filled: number;
  /** Fewer than the minimum even after filling: the paper has too few live stories. */
  thin: boolean;
}

/**
 * The edition's stories from the home front, as composed (src/fronts: placed stories, pins, then
 * the newest others): first the stories published in the 24 hours before `now`, in front order,
 * up to `maxStories`; when they are fewer than `minStories`, the front's other live stories
 * follow in front order until the minimum is reached. Only live stories, each once. Walled and
 * subscriber-only stories are in: the email carries headline and dek, and the link keeps the
 * story's own wall.
 */
export function assembleStories(
  front: readonly StoryFacts[],
  now: Date,
  settings: Pick<NewsletterSettings, 'minStories' | 'maxStories'>,
): Assembly {
  const seen = new Set<string>();
  const live: StoryFacts[] = [];
  for (const s of front) {
    if (seen.has(s.id) || !isLiveAt(s, now)) continue;
    seen.add(s.id);
    live.push(s);
  }
  const since = now.getTime() - DAY_MS;
  const recent = live.filter((s) => (s.publishedAt?.getTime() ?? 0) > since).slice(0, settings.maxStories);
  const picked = new Set(recent.map((s) => s.id));
  const fill: string[] = [];
  for (const s of live) {
    if (recent.length + fill.length >= settings.minStories) break;
    if (!picked.has(s.id)) fill.push(s.id);
  }
  const storyIds = [...recent.map((s) => s.id), ...fill];
  return { storyIds, recent: recent.length, filled: fill.length, thin: storyIds.length < settings.minStories };
}

/** The subject an assembled edition starts with: the lead story's headline, or the date's. */
export function defaultSubject(dateLabel: string, leadHeadline: string | undefined): string {
  const subject = leadHeadline ? `${leadHeadline}` : `The news for ${dateLabel}`;
  return subject.length > MAX_SUBJECT_LENGTH ? `${subject.slice(0, MAX_SUBJECT_LENGTH - 1)}…` : subject;
}

export type EditDecision = { allow: true } | { allow: false; reason: 'sending' | 'sent' | 'due' };

/** Whether an edition may still change: a draft, a held one, or one scheduled for a time still ahead. */
export function decideEdit(edition: Pick<Edition, 'status' | 'sendAt'>, now: Date): EditDecision {
  if (edition.status === 'sending' || edition.status === 'sent') return { allow: false, reason: edition.status };
  if (edition.status === 'scheduled' && (edition.sendAt === null || edition.sendAt.getTime() <= now.getTime()))
    return { allow: false, reason: 'due' };
  return { allow: true };
}

export type ScheduleDecision =
  | { allow: true; sendAt: Date }
  | { allow: false; reason: 'sending' | 'sent' | 'due' | 'too-few-stories' | 'in-the-past' };

/**
 * Scheduling: an edition that may still change, with at least the minimum of live stories, for
 * `requested` (not in the past), or without one, for the default send time of its date when it
 * is still ahead, else at once.
 */
export function decideSchedule(
  edition: Pick<Edition, 'status' | 'sendAt'>,
  liveStories: number,
  requested: Date | undefined,
  defaultAt: Date | null,
  now: Date,
  minStories: number,
): ScheduleDecision {
  const edit = decideEdit(edition, now);
  if (!edit.allow) return edit;
  if (liveStories < minStories) return { allow: false, reason: 'too-few-stories' };
  if (requested) {
    // A minute's grace for the clocks of the editor's machine and ours.
    if (requested.getTime() < now.getTime() - 60_000) return { allow: false, reason: 'in-the-past' };
    return { allow: true, sendAt: requested.getTime() < now.getTime() ? now : requested };
  }
  return { allow: true, sendAt: defaultAt && defaultAt.getTime() > now.getTime() ? defaultAt : now };
}

/** Whether the public "view in browser" page shows the edition: once it is sent, or due to be. */
export function isPublic(edition: Pick<Edition, 'status' | 'sendAt'>, now: Date): boolean {
  if (edition.status === 'sent' || edition.status === 'sending') return true;
  return edition.status === 'scheduled' && edition.sendAt !== null && edition.sendAt.getTime() <= now.getTime();
}

/** Where tomorrow's assembly runs: the next date's assembly time. */
export function nextAssemblyAfter(date: string, settings: Pick<NewsletterSettings, 'assembleAt'>, timeZone: string) {
  const next = nextDate(date);
  return { date: next, runAt: localInstant(next, settings.assembleAt, timeZone) };
}

/**
 * When a starting worker puts the assembly on the queue: today's, at its time, or at once when
 * that time has passed (assembling is idempotent, so a day already assembled only reschedules).
 */
export function firstAssembly(now: Date, settings: Pick<NewsletterSettings, 'assembleAt'>, timeZone: string) {
  const date = editionDateOf(now, timeZone);
  const at = localInstant(date, settings.assembleAt, timeZone);
  return { date, runAt: at.getTime() > now.getTime() ? at : now };
}

// The editor's operations on the story list: pure, each returns a new list.

/** Adds a story at `position` (0-based; absent or past the end: last); a story already in stays where it is. */
export function addStory(ids: readonly string[], id: string, position?: number): string[] {
  if (ids.includes(id)) return [...ids];
  const out = [...ids];
  out.splice(Math.min(position ?? out.length, out.length), 0, id);
  return out;
}

export function dropStory(ids: readonly string[], id: string): string[] {
  return ids.filter((x) => x !== id);
}
