/**
 * The fronts' use-cases: the front readers see (composed from the layout, the live stories and
 * the time), the front editor's view of a layout, and the editor's changes. Every change
 * replaces the layout in one transaction and then fires the content-change event, which empties
 * the page cache (here, and through PostgreSQL NOTIFY in every other process).
 */
import type { AlsoInTransaction, ArticleSummary } from '../articles/index.js';
import type { Db } from '../db/database.js';
import { AppError, invalid } from '../http/app-error.js';
import type { Clock, ContentEvents } from '../platform.js';
import {
  addEntry,
  belongsOn,
  type ComposedFront,
  composeFront,
  type FrontEntry,
  type FrontLayout,
  HOME,
  MAX_PLACED,
  moveEntry,
  type NewStoryRule,
  placedEntries,
  removeEntry,
  sameStories,
  type Tier,
} from './front.js';
import { findLayout, listLayoutSummaries, replaceLayout } from './front-repository.js';

/** One front as the newsroom names it. */
export interface FrontRef {
  /** `home`, or the section's id. */
  key: string;
  sectionId: string | null;
  /** In admin URLs: `home`, or the section's slug. */
  slug: string;
  name: string;
  /** The reader's URL. */
  path: string;
}

/** Which front: its key and, for a section front, its section. */
export type FrontPlace = Pick<FrontRef, 'key' | 'sectionId'>;

/** The place of the front page (`null`) or of a section's front. */
export const frontOf = (sectionId: string | null): FrontPlace => ({ key: sectionId ?? HOME, sectionId });

/** What the fronts read of the stories and sections (the composition root wires the repositories). */
export interface FrontStories {
  /** Summaries of these stories, any status (the decision drops what may not be shown). */
  byIds(ids: readonly string[]): Promise<ArticleSummary[]>;
  /** The newest live stories of a section (or of the paper), newest first, and how many there are. */
  recent(sectionId: string | null, limit: number): Promise<{ items: ArticleSummary[]; total: number }>;
  /** Live stories whose text matches, best first. */
  search(query: string, limit: number): Promise<ArticleSummary[]>;
}

export interface FrontSections {
  list(): Promise<{ id: string; slug: string; name: string }[]>;
}

export interface FrontServiceDeps {
  db: Db;
  clock: Clock;
  events: Pick<ContentEvents, 'changed'>;
  stories: FrontStories;
  sections: FrontSections;
}

/** A row of the front editor as the form posts it. */
export interface PostedRow {
  articleId: string;
  tier: Tier;
  pinnedUntil: Date | null;
}

export type FrontAction = { kind: 'save' } | { kind: 'up' | 'down' | 'remove'; articleId: string };

export interface EditorView {
  front: FrontRef;
  newStories: NewStoryRule;
  laidOutAt: Date | null;
  rows: { entry: FrontEntry; story: ArticleSummary }[];
}

export function createFrontService(deps: FrontServiceDeps) {
  const { db, clock, events, stories } = deps;

  async function fronts(): Promise<FrontRef[]> {
    const sections = await deps.sections.list();
    return [
      { key: HOME, sectionId: null, slug: HOME, name: 'Front page', path: '/' },
      ...sections.map((s) => ({ key: s.id, sectionId: s.id, slug: s.slug, name: s.name, path: `/${s.slug}` })),
    ];
  }

  /** The layout, its placed and recent stories: what every decision below starts from. */
  async function load(front: FrontPlace, recentLimit: number) {
    const layout = await findLayout(db, front.key);
    const [placed, recent] = await Promise.all([
      stories.byIds(layout.entries.map((e) => e.articleId)),
      stories.recent(front.sectionId, recentLimit),
    ]);
    return { layout, byId: new Map(placed.map((s) => [s.id, s])), recent };
  }

  /** `also` (the audit trail's entry) is written in the layout's own transaction. */
  async function save(front: FrontRef, layout: Omit<FrontLayout, 'key' | 'laidOutAt'>, also?: AlsoInTransaction): Promise<void> {
    await db.transaction().execute(async (tx) => {
      await replaceLayout(tx, { ...layout, key: front.key, laidOutAt: clock() });
      if (also) await also(tx, { id: front.slug, name: front.name });
    });
    events.changed();
  }

  /** The placed stories as they stand now, what every edit starts from. */
  async function current(front: FrontRef) {
    const { layout, byId, recent } = await load(front, MAX_PLACED);
    return { layout, entries: placedEntries(layout, byId, recent.items, front.sectionId, clock()) };
  }

  const stale = () =>
    new AppError(
      'CONFLICT',
      409,
      'The front changed since this page was opened (a story was published, placed or taken off). Here it is as it stands now.',
    );

  return {
    fronts,

    /** The fronts someone has laid out: rule, last save, how many stories placed. */
    summaries: () => listLayoutSummaries(db),

    async find(slug: string): Promise<FrontRef | undefined> {
      return (await fronts()).find((f) => f.slug === slug);
    },

    /** The front readers see: the layout's stories, then `recentLimit` newest others; `total` counts the live stories. */
    async compose(front: FrontPlace, recentLimit: number): Promise<ComposedFront<ArticleSummary> & { total: number }> {
      const { layout, byId, recent } = await load(front, recentLimit);
      const composed = composeFront(layout, byId, recent.items, front.sectionId, clock());
      return { ...composed, total: recent.total };
    },

    async editorView(front: FrontRef): Promise<EditorView> {
      const { layout, byId, recent } = await load(front, MAX_PLACED);
      const all = new Map(byId);
      for (const s of recent.items) all.set(s.id, s);
      const entries = placedEntries(layout, all, recent.items, front.sectionId, clock());
      return {
        front,
        newStories: layout.newStories,
        laidOutAt: layout.laidOutAt,
        rows: entries.flatMap((entry) => {
          const story = all.get(entry.articleId);
          return story ? [{ entry, story }] : [];
        }),
      };
    },

    /**
     * The editor's form: the rows in their posted order with their tiers and pins, then the
     * button pressed. The rows must be exactly the stories placed now (else 409: someone else
     * changed the front), so an edit never drops or revives a story unseen.
     */
    async edit(front: FrontRef, rows: PostedRow[], action: FrontAction, also?: AlsoInTransaction): Promise<void> {
      const { layout, entries } = await current(front);
      if (
        !sameStories(
          entries,
          rows.map((r) => r.articleId),
        )
      )
        throw stale();
      let next: FrontEntry[] = rows.map((r) => ({ articleId: r.articleId, tier: r.tier, pinnedUntil: r.pinnedUntil }));
      if (action.kind !== 'save') {
        if (!next.some((e) => e.articleId === action.articleId))
          throw invalid([{ field: 'action', message: 'names a story that is not on this front' }]);
        next =
          action.kind === 'remove' ? removeEntry(next, action.articleId) : moveEntry(next, action.articleId, action.kind === 'up' ? -1 : 1);
      }
      await save(front, { newStories: layout.newStories, entries: next }, also);
    },

    /** Places a live story of this front on top of it. */
    async add(front: FrontRef, articleId: string, also?: AlsoInTransaction): Promise<void> {
      const [story] = await stories.byIds([articleId]);
      if (!story || !belongsOn(story, front.sectionId))
        throw invalid([
          { field: 'articleId', message: front.sectionId ? `is not a published story of ${front.name}` : 'is not a published story' },
        ]);
      const { layout, entries } = await current(front);
      if (entries.length >= MAX_PLACED) throw invalid([{ field: 'articleId', message: `a front places at most ${MAX_PLACED} stories` }]);
      await save(front, { newStories: layout.newStories, entries: addEntry(entries, articleId) }, also);
    },

    /** Where new stories land; what is placed now stays as it is. */
    async setRule(front: FrontRef, newStories: NewStoryRule, also?: AlsoInTransaction): Promise<void> {
      const { entries } = await current(front);
      await save(front, { newStories, entries }, also);
    },

    /** Live stories of this front matching a headline search, for the editor's "Add a story". */
    async searchStories(front: FrontRef, query: string): Promise<ArticleSummary[]> {
      const q = query.trim();
      if (q === '') return [];
      return (await stories.search(q, 40)).filter((s) => belongsOn(s, front.sectionId)).slice(0, 10);
    },
  };
}

export type FrontService = ReturnType<typeof createFrontService>;
