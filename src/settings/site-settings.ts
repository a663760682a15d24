/**
 * The paper's identity (name, tagline, description), kept in the settings table so the newsroom
 * can change it without a deploy.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';

export const SiteSettingsSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  tagline: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 500 }),
  language: Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' }),
});
export type SiteSettings = Static<typeof SiteSettingsSchema>;

export const DEFAULT_SITE: SiteSettings = {
  name: 'Masthead',
  tagline: 'An independent daily paper',
  description: 'News, analysis and opinion, every day.',
  language: 'en',
};

export async function readSiteSettings(db: Db): Promise<SiteSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'site').executeTakeFirst();
  if (!row) return DEFAULT_SITE;
  const stored = parseJsonColumn(row.value);
  // Fields added since the row was written take their defaults; anything else wrong, all do.
  const value = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? { ...DEFAULT_SITE, ...stored } : undefined;
  return Value.Check(SiteSettingsSchema, value) ? value : DEFAULT_SITE;
}

export async function writeSiteSettings(db: Db, settings: SiteSettings, at: Date): Promise<void> {
  const value = JSON.stringify(Value.Parse(SiteSettingsSchema, settings));
  await db
    .insertInto('settings')
    .values({ key: 'site', value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}
