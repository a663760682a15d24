/** All of the fronts' SQL: a layout and its placed stories, read and replaced whole. */
import type { Db } from '../db/database.js';
import { emptyLayout, type FrontEntry, type FrontLayout, NEW_STORY_RULES, type NewStoryRule, TIERS, type Tier } from './front.js';

const asTier = (t: string): Tier => TIERS.find((x) => x === t) ?? 'list';
const asRule = (r: string): NewStoryRule => NEW_STORY_RULES.find((x) => x === r) ?? 'top';

/** The layout of one front, or the empty one when nobody has laid it out. */
export async function findLayout(db: Db, key: string): Promise<FrontLayout> {
  const row = await db.selectFrom('front_layouts').selectAll().where('front_key', '=', key).executeTakeFirst();
  if (!row) return emptyLayout(key);
  const entries = await db
    .selectFrom('front_entries')
    .select(['article_id', 'tier', 'pin_ends_at'])
    .where('front_key', '=', key)
    .orderBy('position')
    .execute();
  return {
    key,
    newStories: asRule(row.new_stories),
    laidOutAt: row.laid_out_at,
    entries: entries.map((e): FrontEntry => ({ articleId: e.article_id, tier: asTier(e.tier), pinnedUntil: e.pin_ends_at })),
  };
}

/** The fronts someone has laid out, with how many stories each places. */
export async function listLayoutSummaries(
  db: Db,
): Promise<{ key: string; newStories: NewStoryRule; laidOutAt: Date | null; placed: number }[]> {
  const rows = await db
    .selectFrom('front_layouts')
    .leftJoin('front_entries', 'front_entries.front_key', 'front_layouts.front_key')
    .select((eb) => [
      'front_layouts.front_key',
      'front_layouts.new_stories',
      'front_layouts.laid_out_at',
      eb.fn.count<number>('front_entries.article_id').as('placed'),
    ])
    .groupBy(['front_layouts.front_key', 'front_layouts.new_stories', 'front_layouts.laid_out_at'])
    .execute();
  return rows.map((r) => ({ key: r.front_key, newStories: asRule(r.new_stories), laidOutAt: r.laid_out_at, placed: Number(r.placed) }));
}

/** Replaces a front's layout whole (the caller's transaction makes it all or nothing). */
export async function replaceLayout(db: Db, layout: FrontLayout): Promise<void> {
  await db
    .insertInto('front_layouts')
    .values({ front_key: layout.key, new_stories: layout.newStories, laid_out_at: layout.laidOutAt })
    .onConflict((oc) => oc.column('front_key').doUpdateSet({ new_stories: layout.newStories, laid_out_at: layout.laidOutAt }))
    .execute();
  await db.deleteFrom('front_entries').where('front_key', '=', layout.key).execute();
  if (layout.entries.length === 0) return;
  await db
    .insertInto('front_entries')
    .values(
      layout.entries.map((e, position) => ({
        front_key: layout.key,
        article_id: e.articleId,
        position,
        tier: e.tier,
        pin_ends_at: e.pinnedUntil,
      })),
    )
    .execute();
}
