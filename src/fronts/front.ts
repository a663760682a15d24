/**
 * Fronts: the front page and each section front as editors lay them out. Domain types and pure
 * functions only (no database, no HTTP; the clock is an argument).
 *
 * A layout is an ordered list of placed stories, each with a tier (lead, secondary, list) and
 * an optional pin. What readers see is decided by `composeFront` from the layout, the stories
 * it may show and the time:
 * - a placed story that is no longer live, or no longer in the front's section, is dropped (a
 *   story moved to another section leaves this section's front and follows its new section);
 * - a story placed twice keeps its first place;
 * - a pinned story keeps its slot (its position on the front) until its pin expires; then it
 *   falls back, out of the layout, and follows by recency like any story nobody placed;
 * - with the rule `top`, a story published after the layout was last saved goes on top (the
 *   newest of them as the lead, unless a pinned lead holds the front); with `none` it is not
 *   laid out and follows by recency below the placed stories;
 * - the stories nobody placed follow by recency below the placed ones, so a front is never
 *   empty and nothing breaks when nobody lays it out (then the newest story leads, the next
 *   four are secondary, the rest a list).
 * There is one lead at most: the first story tiered `lead`; any later one is shown as secondary.
 */

export const TIERS = ['lead', 'secondary', 'list'] as const;
export type Tier = (typeof TIERS)[number];

/** Where a newly published story lands: on top of the laid-out front, or not laid out at all. */
export const NEW_STORY_RULES = ['top', 'none'] as const;
export type NewStoryRule = (typeof NEW_STORY_RULES)[number];

/** The front page's key; a section front's key is its section's id. */
export const HOME = 'home';

/** The most stories one layout places (a front is read top-down; beyond this is the archive). */
export const MAX_PLACED = 40;

/** Secondaries on a front nobody laid out. */
export const DEFAULT_SECONDARIES = 4;

export interface FrontEntry {
  articleId: string;
  tier: Tier;
  /** Keeps the story's slot until then; null: not pinned. */
  pinnedUntil: Date | null;
}

export interface FrontLayout {
  /** `home`, or a section's id. */
  key: string;
  newStories: NewStoryRule;
  /** When an editor last saved the layout; null: never laid out. Newer stories are "new". */
  laidOutAt: Date | null;
  entries: FrontEntry[];
}

/** What the decision needs to know of a story. */
export interface StoryFacts {
  id: string;
  status: string;
  section: { id: string };
  publishedAt: Date | null;
}

export interface FrontItem<T> {
  story: T;
  tier: Tier;
  /** Placed by an editor (or by the `top` rule), as opposed to following by recency. */
  placed: boolean;
  pinnedUntil: Date | null;
}

export interface ComposedFront<T> {
  items: FrontItem<T>[];
  /** The earliest pin expiry still ahead: the front changes then (a cached copy must not outlive it). */
  changesAt: Date | null;
}

/** The layout nobody has saved yet: nothing placed, new stories on top. */
export function emptyLayout(key: string): FrontLayout {
  return { key, newStories: 'top', laidOutAt: null, entries: [] };
}

/** Whether a story may be on this front: live, and for a section front, in that section. */
export function belongsOn(story: StoryFacts, sectionId: string | null): boolean {
  return story.status === 'published' && (sectionId === null || story.section.id === sectionId);
}

function isPinned(e: FrontEntry, now: Date): boolean {
  return e.pinnedUntil !== null && e.pinnedUntil.getTime() > now.getTime();
}

/**
 * The placed stories as they stand at `now`: the layout's entries without the dead, the
 * duplicates and the expired pins, with the new stories on top when the rule says so, and every
 * live pin back in its slot. This is what the front editor shows and edits.
 */
export function placedEntries<T extends StoryFacts>(
  layout: FrontLayout,
  stories: ReadonlyMap<string, T>,
  recent: readonly T[],
  sectionId: string | null,
  now: Date,
): FrontEntry[] {
  const seen = new Set<string>();
  const pinned: { slot: number; entry: FrontEntry }[] = [];
  const flowing: FrontEntry[] = [];
  layout.entries.forEach((entry, slot) => {
    const story = stories.get(entry.articleId);
    if (!story || !belongsOn(story, sectionId) || seen.has(entry.articleId)) return;
    seen.add(entry.articleId);
    if (isPinned(entry, now)) pinned.push({ slot, entry });
    // An expired pin falls back: out of the layout, to follow by recency.
    else if (entry.pinnedUntil === null) flowing.push(entry);
  });

  if (layout.newStories === 'top' && layout.laidOutAt !== null) {
    const since = layout.laidOutAt.getTime();
    const fresh = recent
      .filter((s) => !seen.has(s.id) && belongsOn(s, sectionId) && s.publishedAt !== null && s.publishedAt.getTime() > since)
      .sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
    const pinnedLead = pinned.some((p) => p.entry.tier === 'lead');
    const arrivals = fresh.map(
      (s, i): FrontEntry => ({ articleId: s.id, tier: i === 0 && !pinnedLead ? 'lead' : 'secondary', pinnedUntil: null }),
    );
    for (const s of fresh) seen.add(s.id);
    flowing.unshift(...arrivals);
  }

  const out = [...flowing];
  for (const { slot, entry } of pinned.sort((a, b) => a.slot - b.slot)) out.splice(Math.min(slot, out.length), 0, entry);
  return out.slice(0, MAX_PLACED);
}

/**
 * The front readers see: the placed stories in their order and tiers, then the stories nobody
 * placed, newest first. `stories` holds at least the placed stories (any status: the decision
 * drops what may not be shown); `recent` is the newest live stories of this front.
 */
export function composeFront<T extends StoryFacts>(
  layout: FrontLayout,
  stories: ReadonlyMap<string, T>,
  recent: readonly T[],
  sectionId: string | null,
  now: Date,
): ComposedFront<T> {
  const placed = placedEntries(layout, stories, recent, sectionId, now);
  const byId = new Map<string, T>(stories);
  for (const s of recent) if (!byId.has(s.id)) byId.set(s.id, s);

  const items: FrontItem<T>[] = [];
  const shown = new Set<string>();
  for (const e of placed) {
    const story = byId.get(e.articleId);
    if (!story) continue;
    shown.add(story.id);
    items.push({ story, tier: e.tier, placed: true, pinnedUntil: e.pinnedUntil });
  }
  const laidOut = items.length > 0;
  for (const story of recent) {
    if (shown.has(story.id) || !belongsOn(story, sectionId)) continue;
    shown.add(story.id);
    items.push({ story, tier: 'list', placed: false, pinnedUntil: null });
  }

  if (!laidOut) {
    // Nobody laid this front out: the newest leads, the next few are secondary.
    items.forEach((item, i) => {
      item.tier = i === 0 ? 'lead' : i <= DEFAULT_SECONDARIES ? 'secondary' : 'list';
    });
  } else {
    // One lead at most; a laid-out front without one is led by its first story.
    const lead = items.findIndex((i) => i.tier === 'lead');
    items.forEach((item, i) => {
      if (item.tier === 'lead' && i !== lead) item.tier = 'secondary';
    });
    const first = items[0];
    if (lead === -1 && first) first.tier = 'lead';
  }

  let changesAt: Date | null = null;
  for (const e of placed)
    if (e.pinnedUntil !== null && (changesAt === null || e.pinnedUntil.getTime() < changesAt.getTime())) changesAt = e.pinnedUntil;
  return { items, changesAt };
}

// The editor's operations on the placed entries: pure, each returns a new list.

/** Moves a story one place up (-1) or down (+1); at an end it stays. */
export function moveEntry(entries: readonly FrontEntry[], articleId: string, delta: -1 | 1): FrontEntry[] {
  const out = [...entries];
  const i = out.findIndex((e) => e.articleId === articleId);
  const j = i + delta;
  const a = out[i];
  const b = out[j];
  if (i < 0 || !a || !b) return out;
  out[i] = b;
  out[j] = a;
  return out;
}

export function removeEntry(entries: readonly FrontEntry[], articleId: string): FrontEntry[] {
  return entries.filter((e) => e.articleId !== articleId);
}

/** Places a story on top of the front as a secondary story; a story already placed stays where it is. */
export function addEntry(entries: readonly FrontEntry[], articleId: string): FrontEntry[] {
  if (entries.some((e) => e.articleId === articleId)) return [...entries];
  const added: FrontEntry = { articleId, tier: 'secondary', pinnedUntil: null };
  return [added, ...entries].slice(0, MAX_PLACED);
}

/**
 * The same stories in a new order (what the editor's form and the drag-to-order island post):
 * true only if `order` holds exactly the placed stories, each once.
 */
export function sameStories(entries: readonly FrontEntry[], order: readonly string[]): boolean {
  if (order.length !== entries.length || new Set(order).size !== order.length) return false;
  const ids = new Set(entries.map((e) => e.articleId));
  return order.every((id) => ids.has(id));
}
