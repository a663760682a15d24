/**
 * Loaded crawler ranges live in the `settings` table, one row per crawler
 * (`crawler_ranges:googlebot`), in the published JSON format, so every app process reads the list
 * an operator loaded once. Read back through the same parse as a file.
 */
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import type { CrawlerName } from './crawler.js';
import { type CrawlerRanges, parseRangeFile, toRangeFile } from './crawler-ranges.js';

export interface StoredRanges {
  ranges: CrawlerRanges;
  loadedAt: Date;
}

const keyOf = (crawler: CrawlerName) => `crawler_ranges:${crawler}`;

/**
 * The loaded list of each crawler that has one. A stored value that no longer parses (edited by
 * hand) is reported through `invalid` and treated as absent, so the shipped list applies.
 */
export async function readStoredRanges(
  db: Db,
  crawlers: readonly CrawlerName[],
  invalid: (crawler: CrawlerName, problems: string[]) => void = () => {},
): Promise<Map<CrawlerName, StoredRanges>> {
  const rows = await db.selectFrom('settings').select(['key', 'value', 'updated_at']).where('key', 'in', crawlers.map(keyOf)).execute();
  const found = new Map<CrawlerName, StoredRanges>();
  for (const crawler of crawlers) {
    const row = rows.find((r) => r.key === keyOf(crawler));
    if (!row) continue;
    let value: unknown;
    try {
      value = parseJsonColumn(row.value);
    } catch {
      invalid(crawler, ['the stored value is not JSON']);
      continue;
    }
    const parsed = parseRangeFile(value);
    if (parsed.ok) found.set(crawler, { ranges: parsed.ranges, loadedAt: row.updated_at });
    else invalid(crawler, parsed.problems);
  }
  return found;
}

/** Stores a crawler's list, replacing the one loaded before (and, for every process, the shipped one). */
export async function writeStoredRanges(db: Db, crawler: CrawlerName, ranges: CrawlerRanges, at: Date): Promise<void> {
  const value = JSON.stringify(toRangeFile(ranges));
  await db
    .insertInto('settings')
    .values({ key: keyOf(crawler), value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}
