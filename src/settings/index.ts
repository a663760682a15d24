/**
 * Settings: the paper's identity (name, tagline, description, language), kept in the settings
 * table so the newsroom can change it without a deploy. Read with `readSiteSettings` (a stored
 * value that does not match the schema reads as the defaults), written with `writeSiteSettings`.
 */
export { DEFAULT_SITE, readSiteSettings, type SiteSettings, SiteSettingsSchema, writeSiteSettings } from './site-settings.js';
